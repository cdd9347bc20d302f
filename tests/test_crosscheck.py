"""Figures typed into the narrative: found with their labels, checked against the data and their own sentence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import docx_text

from reportgen.figures.typednumbers import sentences

REPORTS = Path(__file__).resolve().parent / "reports"

BASE = """\
单位名称: 测试县公安局
年度: 2024
预算:
  年初预算数: 90
  全年预算数: 100
  执行数: 11.2
项目支出:
  年初预算数: 40
  执行数: 38
三公经费:
  公务接待费: {预算数: 4, 决算数: 0.53, 上年决算数: 0.63}
人员编制:
  在职人员: {编制数: 152, 实有人数: 148}
绩效自评:
  自评得分: 91
"""


def typed_lines(output: str) -> list[str]:
    """The cross-check's findings: each quotes the text (文中“…”)."""
    return [line for line in output.splitlines() if "文中“" in line]


def test_a_number_is_found_with_its_unit_and_the_words_before_it_in_its_clause() -> None:
    (sentence,) = sentences("全年预算6304.30万元，执行率93.8%，较上年减少0.1万元、下降12.5%，在职人员416人")
    found = [(f.label, f.number, f.unit) for f in sentence.figures]
    assert found == [
        ("全年预算", Decimal("6304.30"), "万元"),
        ("执行率", Decimal("93.8"), "%"),
        ("较上年减少", Decimal("0.1"), "万元"),
        ("下降", Decimal("12.5"), "%"),
        ("在职人员", Decimal(416), "人"),
    ]


def test_what_a_placeholder_prints_is_not_typed() -> None:
    (sentence,) = sentences("执行率{{ 预算.执行率 | 百分比 }}，解决{{ 56 }}个，走访58个")
    assert [(f.label, f.written) for f in sentence.figures] == [("走访", "58个")]


@pytest.mark.parametrize(
    ("text", "severity", "says"),
    [
        ("全年预算执行率11.2%。", "提示", "可写作 {{ 预算.执行率 | 百分比 }}"),
        ("全年预算执行率11.20%。", "提示", "随数据自动更新"),
        ("全年预算执行率11.3%。", "警告", "预算.执行率按数据为11.20%，相差0.10个百分点"),
        ("全年预算100.0万元。", "提示", "{{ 预算.全年预算数 | 万元 }}"),
        ("全年预算1000000元。", "提示", "{{ 预算.全年预算数 | 万元 }}"),
        ("全年预算执行数11.3万元。", "警告", "预算.执行数按数据为11.20万元，相差0.10万元"),
        ("项目支出全年执行数38.5万元。", "警告", "项目支出.执行数按数据为38.00万元"),
        ("公务接待费较上年减少0.1万元。", "提示", "{{ 三公经费.公务接待费.较上年 }}"),
        ("公务接待费较上年增加0.1万元。", "警告", "三公经费.公务接待费.较上年按数据为减少0.10万元，相差0.20万元"),
        ("在职人员实有人数148人。", "提示", "{{ 人员编制.在职人员.实有人数 | 整数 }}人"),
        ("年底在职人员实有150人。", "警告", "实有人数按数据为148人，相差2人"),
        ("经自评，综合得分92分。", "警告", "绩效自评.自评得分按数据为91分，相差1分"),
    ],
)
def test_a_figure_named_by_its_label_is_compared_with_the_data_at_the_precision_typed(
    write_yaml, cli, text: str, severity: str, says: str
) -> None:
    path = write_yaml(BASE + f"其他需要说明的情况: {text}\n")
    (line,) = typed_lines(cli("check", path).output)
    assert f"其他需要说明的情况[1]：{severity}：" in line
    assert says in line


@pytest.mark.parametrize(
    "text",
    [
        "执行率{{ 预算.执行率 | 百分比 }}。",  # a placeholder
        "项目支出情况：上缴上级支出0万元；经营支出0万元。",  # a label naming something else
        "预算执行率很高，其中专项资金执行率50%。",  # the sentence is about a fund
        "新招录民警15名、辅警64人。",  # not the head count of a group
        "经自评，产出指标得分48分。",  # an indicator's score, not the unit's
        "公共安全支出—行政运行: 支出决算为7058.64万元，完成预算100%。",  # a function class, not the total
        "政府采购支出总额360.50万元。",  # a part of spending, not the total
    ],
)
def test_an_ambiguous_label_is_left_alone(write_yaml, cli, text: str) -> None:
    path = write_yaml(BASE + f"其他需要说明的情况: {text}\n")
    assert typed_lines(cli("check", path).output) == []


def test_budget_alone_is_ambiguous_when_the_initial_and_the_adjusted_budget_differ(write_yaml, cli) -> None:
    path = write_yaml(BASE + "其他需要说明的情况: 部门整体支出预算95万元。\n")
    assert typed_lines(cli("check", path).output) == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("共走访收集问题58个，解决56个，办结率96.5%。", "按同句的58个和56个计算为96.55%"),
        ("某项目预算49.9万元，决算7.69万元，完成预算15.5%。", "计算为15.41%"),
        ("某经费支出1364.84万元，比上年减少13.21万元，下降0.95%。", "增减率为0.96%"),
        ("某收入与上年8980.73万元相比增加1519.97万元，增长16.8%。", "增减率为16.92%"),
        ("某收入10500.70万元，上年8980.73万元，增加1519.9万元，增长16.92%。", "计算为1519.97万元"),
        ("共有人员416人，其中：在职381人，户政员39人。", "其中各项（381人、39人）合计420人，比总数多4人"),
        ("收入总额10500.70万元，其中：拨款10500.70万元，结转44.97万元。", "比总数多44.97万元"),
    ],
)
def test_figures_of_one_sentence_that_do_not_add_up_are_warned_about(write_yaml, cli, text: str, says: str) -> None:
    path = write_yaml(BASE + f"其他需要说明的情况: {text}\n")
    (line,) = typed_lines(cli("check", path).output)
    assert "警告" in line and says in line


@pytest.mark.parametrize(
    "text",
    [
        "某项目预算49.9万元，决算7.69万元，完成预算15.41%。",
        "共走访收集问题58个，解决56个，办结率96.55%。",
        "某收入10500.70万元，上年8980.73万元，增加1519.97万元，增长16.92%。",
        "车辆费142.22万元（其中购置74.8万元，维护67.42万元）。",
        "机构46个，其中派出所28个，看守所、拘留所各1个，队室16个。",  # 各: one number for two parts
        "案件18起，其中立案查处17起，移送起诉案件20起。",  # stages of the 18, not parts of it
        "辅警编制302人，其中实有305人。",  # 超编 (reported by the staff check), not a breakdown
        "现有在编人员359人，其中民警338人，公务员1人，事业干部7人，工人13人，辅警人员399人。",  # 辅警: besides
    ],
)
def test_figures_that_add_up_are_not_warned_about(write_yaml, cli, text: str) -> None:
    path = write_yaml(BASE + f"其他需要说明的情况: {text}\n")
    assert typed_lines(cli("check", path).output) == []


def test_parts_one_number_stands_for_are_counted_for_each(write_yaml, cli) -> None:
    """衡南's 所、队、室43个 whose parts make 46: 看守所、拘留所各1个 is two parts."""
    path = write_yaml(BASE + "其他需要说明的情况: 机构43个，其中派出所28个，看守所、拘留所各1个，队室16个。\n")
    [line] = typed_lines(cli("check", path).output)
    assert "：警告：" in line and "（28个、1个×2、16个）合计46个，比总数多3个" in line


def test_strict_fails_on_a_typed_figure_that_differs_from_the_data(write_yaml, cli) -> None:
    path = write_yaml(BASE + "其他需要说明的情况: 全年预算执行率11.3%。\n")
    assert cli("check", path).exit_code == 0
    assert cli("check", path, "--strict").exit_code != 0


def test_a_points_title_is_read_and_the_reports_title_is_not(write_yaml, cli) -> None:
    text = "标题: 全年预算执行率11.3%的报告\n存在的问题:\n  - 标题: 全年预算执行率11.3%\n    内容: 原因。\n"
    path = write_yaml(BASE + text)
    (line,) = typed_lines(cli("check", path).output)
    assert "存在的问题[1].标题：警告" in line


def test_the_finding_names_the_line_of_the_text(write_yaml, cli) -> None:
    path = write_yaml(BASE + "存在的问题:\n  - 标题: 执行\n    内容: 全年预算执行率11.3%。\n")
    (line,) = typed_lines(cli("check", path).output)
    assert line.startswith(f"{path}:18：存在的问题[1].内容[1]：警告")


# Real published reports (shared/seeds), their typed paragraphs kept verbatim: every slip the cross-check
# finds is a real one, and nothing else is warned about.
SLIPS = {
    "衡南2021.yaml": [
        "“2021年底我局共有在职人员416人”与数据不符：人员编制.在职人员.实有人数按数据为420人",
        "“2021年底我局共有在职人员416人”其中各项（381人、39人）合计420人，比总数多4人",
    ],
    "通道2024.yaml": ["“办结率96.5%”：按同句的58个和56个计算为96.55%"],
    "乐至2020.yaml": [
        "“下降0.95%”：按同句的数字，上年为1378.05万元，增减13.21万元，增减率为0.96%",
        "“2020年乐至县公安局预算收入总额为10500.70万元”其中各项（10500.70万元、44.97万元）合计10545.67万元",
    ],
}
MATCHED = {"衡南2021.yaml": 6, "通道2024.yaml": 10, "乐至2020.yaml": 9}
"""Typed figures of the test report's own text that equal the data's (a 提示 each)."""


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_real_reports_slips_are_flagged_and_correct_figures_are_not(cli, name: str) -> None:
    path = REPORTS / name
    lines = [line for line in typed_lines(cli("check", path).output) if line.startswith(str(path))]
    warnings = [line for line in lines if "：警告：" in line]
    assert len(warnings) == len(SLIPS[name])
    for slip, line in zip(SLIPS[name], warnings, strict=True):
        assert slip in line
    assert sum("：提示：" in line for line in lines) == MATCHED[name]


def test_a_figure_meant_to_differ_is_written_as_a_quoted_placeholder(write_yaml, cli, tmp_path: Path) -> None:
    path = write_yaml(BASE + '其他需要说明的情况: 全年预算执行率{{ "11.3%" }}。\n')
    assert typed_lines(cli("check", path).output) == []
    assert cli("build", path, "-o", tmp_path / "out").exit_code == 0
    assert "全年预算执行率11.3%" in docx_text(next((tmp_path / "out").rglob("*自评报告.docx")))


@pytest.mark.parametrize(
    "text",
    [
        "全年预算执行率99.99841364465123456789012345678901%。",
        "全年预算执行数999999999999999999999999999999999999999元。",
        "自评得分999999999999999999999999999999999999999999999999999999999999分。",
        "机构43个，" + "其中1人，" * 5000,  # one sentence of 25 000 characters
    ],
)
def test_numbers_or_sentences_no_report_could_show_are_passed_over(write_yaml, cli, text: str) -> None:
    """They stopped check with “程序内部错误” (a decimal too long to round), or ran past its time limit."""
    run = cli("check", write_yaml(BASE + f"其他需要说明的情况: '{text}'\n"))
    assert run.exit_code == 0, run.output
    assert typed_lines(run.output) == []


def test_a_rate_is_compared_as_the_report_prints_it(write_yaml, cli) -> None:
    """4301.77 ÷ 4588.56 is 93.7499…%, printed 93.75%: a clerk who writes 93.8% has it right."""
    base = BASE.replace("  年初预算数: 90\n  全年预算数: 100\n  执行数: 11.2\n", "  年初预算数: 4588.56\n  执行数: 4301.77\n")
    assert base != BASE
    [line] = typed_lines(cli("check", write_yaml(base + "其他需要说明的情况: 全年预算执行率93.8%。\n")).output)
    assert "：提示：" in line
