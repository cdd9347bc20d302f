"""Scoring of project tables (domain.md §2.3) and the checks on stated scores."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from conftest import DATA, docx_tables

from reportgen.errors import Severity
from reportgen.figures.check import check
from reportgen.figures.derive import derive
from reportgen.figures.scoring import first_number, indicator_share, nature_of, score_project
from reportgen.model.indicators import Indicator
from reportgen.model.schema import Settings
from reportgen.outline.model import shipped
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options
from reportgen.read.load import parse
from reportgen.read.validate import validate

SETTINGS = Settings.model_validate({})


def indicator(target: str, actual: str | None, **more: object) -> Indicator:
    data = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "x", "预期指标值": target, "实际完成值": actual}
    data.update(more)
    return Indicator.model_validate(data)


@pytest.mark.parametrize(
    ("target", "actual", "share"),
    [
        ("≥300个", "312个", "1"),  # over-achievement is capped at the full 分值
        ("≥500人次", "468人次", "0.936"),
        (">=90%", "45%", "0.5"),
        ("≤24小时", "20小时", "1"),
        ("≤24小时", "48小时", "0.5"),  # a ≤ indicator: 目标/实际
        ("不超过5%", "10%", "0.5"),
        ("100%", "80%", "0.8"),  # = with numbers: the smaller over the larger
        ("≥0起", "3起", "1"),  # 目标 0
        ("≥90%", "0%", "0"),  # 实际 0
        ("≤0起", "0起", "1"),
        ("明显减少", "明显减少", "1"),  # qualitative, met word for word
        ("明显减少", "有所减少", None),  # qualitative, needs a band or a score
        ("2798万元，分6年支付", "340万元", "0.1215153681200857755539671194"),
        ("12处", "15处", "1"),  # a bare value is a target to reach: exceeding it is not penalised
        ("5%以内", "3%", "1"),
        ("5%以内", "10%", "0.5"),
        ("控制在90%以上", "95%", "1"),  # the suffix decides, not 控制在
        ("90%以上", "81%", "0.9"),
        (">90%", "95%", "1"),
        ("90%-95%", "92%", "1"),  # inside a range
        ("90%-95%", "81%", "0.9"),
        ("12月底前", "11月", "1"),
        ("-5%", "-8%", "0"),  # a bare negative is a target to reach (≥): -8 < -5, nothing earned
    ],
)
def test_indicator_share(target: str, actual: str, share: str | None) -> None:
    result = indicator_share(indicator(target, actual), 2024)
    assert result == (None if share is None else D(share))


@pytest.mark.parametrize(("band", "share"), [("达成", "1"), ("部分达成", "0.6"), ("未达成", "0")])
def test_bands(band: str, share: str) -> None:
    assert indicator_share(indicator("明显减少", "有所减少", 完成情况=band), 2024) == D(share)


def test_nature_and_numbers() -> None:
    assert nature_of(indicator("≤5%", "3%")) == "≤"
    assert nature_of(indicator("≥5%", "3%")) == "≥"
    assert nature_of(indicator("5%", "3%", 指标性质="<=")) == "≤"
    assert first_number("1,234.5元") == D("1234.5")
    assert first_number("明显") is None


def test_project_total_and_rate_score() -> None:
    indicators = [indicator("≥10个", "10个", 分值=45), indicator("≥10个", "5个", 分值=45)]
    score = score_project(indicators, D("0.95"), SETTINGS, 2024)
    assert score is not None
    assert score.rate_score == D("9.5")
    assert score.total == D("9.5") + D(45) + D("22.5")
    assert score.weights == D(100)
    assert score_project([indicator("1", "1")], D(1), SETTINGS, 2024) is None  # no 分值: no scoring


def test_rate_above_100_percent_scores_the_full_weight() -> None:
    score = score_project([indicator("1", "1", 分值=90)], D("1.2"), SETTINGS, 2024)
    assert score is not None and score.rate_score == D(10)


def test_unknown_category_is_an_error_with_a_suggestion(write_yaml, cli, tmp_path) -> None:
    text = (
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n项目支出:\n  项目:\n"
        "    - 名称: 甲\n      年初预算数: 10\n      执行数: 10\n      绩效指标:\n"
        "        - {一级指标: 效益指标, 二级指标: 经济指标, 三级指标: x, 预期指标值: 1}\n"
        "        - {一级指标: 产出指票, 二级指标: 数量指标, 三级指标: y, 预期指标值: 1}\n"
    )
    run = cli("build", write_yaml(text), "-o", tmp_path / "out")
    assert run.exit_code == 2
    assert ":12：项目支出.项目[1].绩效指标[1]" in run.output
    assert "“效益指标”下没有二级指标“经济指标”，是否应为“经济效益指标”？" in run.output
    assert "未知的一级指标“产出指票”，是否应为“产出指标”？" in run.output


def findings(text: str) -> list[str]:
    doc = parse("单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n" + text, "t.yaml")
    report = validate(doc)
    return [d.message for d in check(doc, report, derive(report), shipped()) if d.severity is Severity.WARNING]


PROJECT = "项目支出:\n  项目:\n    - 名称: 甲\n      全年预算数: 10\n      执行数: 10\n"


def test_stated_scores_are_kept_and_compared() -> None:
    messages = findings(
        PROJECT + "      自评得分: 95\n      年度目标: {预期: 完成}\n      绩效指标:\n"
        "        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 点位, 预期指标值: ≥10个, 实际完成值: 8个, 分值: 50, 得分: 45}\n"
        "        - {一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 作用, 预期指标值: 明显, 实际完成值: 一般,"
        " 分值: 30, 完成情况: 部分达成, 得分: 29}\n"
    )
    assert any("指标“点位”填写得分45分，按实际完成值计算为40分" in m for m in messages)
    assert any("完成情况为“部分达成”，得分应在18至24分之间" in m for m in messages)
    assert any("分值合计90分（含执行率10分），应为100分" in m for m in messages)
    assert any("填写自评得分95分，按各项得分合计为84分" in m for m in messages)


def test_table_parts_and_unscorable_indicators_are_warned() -> None:
    messages = findings(
        PROJECT + "      绩效指标:\n"
        "        - {一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 作用, 预期指标值: 明显, 实际完成值: 一般, 分值: 90}\n"
    )
    assert any("完成情况表缺少“年度目标”" in m for m in messages)
    assert any("指标“作用”无法自动评分" in m for m in messages)


def test_sources_of_funds_must_add_up() -> None:
    doc = parse(
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n"
        + PROJECT
        + "      资金来源:\n        财政拨款: {全年预算数: 8, 执行数: 10}\n",
        "t.yaml",
    )
    report = validate(doc)
    errors = [d for d in check(doc, report, derive(report), shipped()) if d.severity is Severity.ERROR]
    assert [e.path for e in errors] == ["项目支出.项目[1].全年预算数"]
    assert "之和为8.00万元" in errors[0].message


def test_mof_layout_scores_in_the_table(tmp_path) -> None:
    tables = build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs[1]
    assert tables.name == "2024年度项目支出绩效自评表.docx"
    [monitoring, drugs] = docx_tables(tables)
    rows = [[text for _, _, _, text in row] for row in drugs]
    assert rows[3] == ["", "年度资金总额", "100.00", "100.00", "95.24", "10", "95.24%", "9.52"]
    assert rows[5] == ["", "上年结转资金", "0.00", "0.00", "0.00", "—", "—", "—"]
    assert [
        "",
        "",
        "吸毒人员尿检人次",
        "≥500人次",
        "468人次",
        "15",
        "14.04",
        "部分管控对象外出务工未能按期检测；下一年度加强与务工地公安机关协作",
    ] in rows
    assert rows[-1] == ["总分", "100", "98.56", "等级：优"]
    assert [[text for _, _, _, text in row] for row in monitoring][-1] == ["总分", "100", "98.97", "等级：优"]


def test_projects_without_table_data_are_noted_when_others_have_tables() -> None:
    doc = parse(
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 20\n  执行数: 20\n"
        + PROJECT
        + "      年度目标: {预期: 完成}\n"
        + "    - {名称: 乙, 全年预算数: 10, 执行数: 10}\n",
        "t.yaml",
    )
    report = validate(doc)
    notes = [d for d in check(doc, report, derive(report), shipped()) if d.severity is Severity.NOTE]
    assert any("项目“乙”没有填写年度目标和绩效指标" in d.message and d.path == "项目支出.项目[2]" for d in notes)


def test_negative_targets_with_a_stated_direction() -> None:
    assert indicator_share(indicator("-5%", "-8%", 指标性质="≤"), 2024) == D(1)
    assert indicator_share(indicator("5%", "6%", 指标性质="="), 2024) == D(5) / D(6)


def test_scores_are_kept_to_two_decimals_and_graded_as_printed() -> None:
    # 8.995 + 81 = 89.995 unrounded would be 良 while printing 90
    score = score_project([indicator("≥100个", "99.95个", 分值=9), indicator("1", "1", 分值=81)], D(1), SETTINGS, 2024)
    assert score is not None
    assert score.indicators[0].computed == D("9.00")
    assert score.total == D("100.00")


def test_grade_on_a_table_of_other_than_100_points(tmp_path, write_yaml) -> None:
    text = (
        "单位名称: 测试\n年度: 2024\n设置: {执行率分值: 5, 总分值: 50}\n预算:\n  年初预算数: 10\n  执行数: 10\n"
        + PROJECT
        + "      年度目标: {预期: 完成}\n      绩效指标:\n"
        "        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 点位, 预期指标值: 10个, 实际完成值: 10个, 分值: 45}\n"
    )
    outputs = build(write_yaml(text), Options(tmp_path / "out")).outputs
    from conftest import docx_text

    assert "项目自评得分50分，等级为“优”" in docx_text(outputs[0])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("{一级指标: 产出指标, 二级指标: 数量指标, 三级指标: x, 预期指标值: 1, 得分: 5}", "填写了得分，也应填写分值"),
        ("{一级指标: 产出指标, 二级指标: 数量指标, 三级指标: x, 预期指标值: ''}", "不能为空"),
    ],
)
def test_indicator_rows_refused(refused_row, row, message) -> None:
    assert message in refused_row(row)


@pytest.fixture
def refused_row(cli, write_yaml, tmp_path):
    def run(row: str) -> str:
        text = (
            "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n"
            + PROJECT
            + "      绩效指标:\n        - "
            + row
            + "\n"
        )
        result = cli("build", write_yaml(text), "-o", tmp_path / "out")
        assert result.exit_code == 2
        return result.output

    return run


def test_equals_sign_as_nature_is_read_as_text() -> None:
    doc = parse(
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n" + PROJECT + "      绩效指标:\n"
        "        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: x, 指标性质: =, 预期指标值: 5, 实际完成值: 5}\n",
        "t.yaml",
    )
    assert validate(doc).projects.projects[0].indicators[0].nature == "="


def test_band_with_a_score_inside_it_is_not_second_guessed() -> None:
    messages = findings(
        PROJECT + "      年度目标: {预期: 完成}\n      绩效指标:\n"
        "        - {一级指标: 效益指标, 二级指标: 社会效益指标, 三级指标: 作用, 预期指标值: 明显, 实际完成值: 一般,"
        " 分值: 90, 完成情况: 部分达成, 得分: 63}\n"
    )
    assert not any("作用" in m for m in messages)
