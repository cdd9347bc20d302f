"""Outlines are data: sections numbered by the outline's styles, the Word template generated from them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import MINIMAL, REPO
from docx import Document
from docx.oxml.ns import qn

from reportgen.errors import ReportgenError
from reportgen.model.schema import Report
from reportgen.outline.blocks import BLOCKS
from reportgen.outline.generate import block_texts, report_template, template_lines
from reportgen.outline.model import SHIPPED, Outline, headings, read_outline, shipped

LEVELS = {"报告一级": 0, "报告二级": 1, "报告三级": 2}


def test_every_shipped_outline_is_valid_and_its_template_has_its_headings_in_order():
    for name in SHIPPED:
        outline = shipped(name)
        document = Document(io.BytesIO(report_template(outline)))
        printed = [
            (LEVELS[p.style.name], p.text)
            for p in document.paragraphs
            if p.style.name in LEVELS and "{{" not in p.text  # a number after an optional section is computed
        ]
        expected = [(h.depth, h.number + h.text) for h in headings(outline)]
        assert printed == [e for e in expected if e in printed], name
        assert len(printed) >= len(expected) - 2, name


def test_an_optional_section_left_out_renumbers_the_ones_after_it():
    outline = shipped("湖南")

    def label(present):
        return next(h.label for h in headings(outline, present) if "机关运行经费" in h.section.blocks)

    assert label(lambda section: True) == "二（二）4"
    assert label(lambda section: "支出功能分类" not in section.blocks) == "二（二）3"
    assert [h.cited for h in headings(outline) if "基本支出" in h.section.blocks] == ["二（二）1.基本支出情况"]
    line = next(line for line in template_lines(outline) if line.endswith("机关运行经费"))
    assert line == '三级|{{ (3 + (1 if (支出功能分类) else 0)) | 编号("1.") }}机关运行经费'


def test_every_block_has_its_text_and_prints_from_a_schema_field():
    assert {b.field for b in BLOCKS.values()} - {None} <= set(Report.model_fields)
    assert set(BLOCKS) <= set(block_texts())


def test_an_unknown_block_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的内容块“无此块”"):
        Outline.model_validate({"名称": "试", "章节": [{"标题": "甲", "内容": "无此块"}]})


def test_a_heading_cannot_carry_a_placeholder_into_the_template():
    with pytest.raises(ValueError, match="标题中不能有"):
        Outline.model_validate({"名称": "试", "章节": [{"标题": "甲{{ 7*7 }}", "内容": "机构设置"}]})


def test_numbering_follows_the_outlines_styles():
    outline = Outline.model_validate(
        {
            "名称": "试",
            "编号": ["一、", "1、", "⑴"],
            "章节": [{"标题": "甲", "下级": [{"标题": "乙", "下级": [{"标题": "丙"}]}]}, {"标题": "丁"}],
        }
    )
    assert [h.number + h.text for h in headings(outline)] == ["一、甲", "1、乙", "⑴丙", "二、丁"]


def test_the_outlines_command_lists_each_shipped_outline(cli):
    run = cli("提纲")
    assert run.exit_code == 0, run.output
    for name in SHIPPED:
        assert f"{name}：" in run.output
    assert "  （二）部门预算执行情况" in run.output and "    1.基本支出情况〔基本支出〕" in run.output


CLERK_OUTLINE = """\
名称: 我的提纲
说明: 广东式，带封面，职能职责成表
报告名称: 部门整体支出绩效评价报告
封面: 是
附表: 否
章节:
  - 标题: 单位基本情况
    下级:
      - {标题: 单位情况, 内容: 机构设置}
      - {标题: 人员情况, 内容: 人员编制}
      - {标题: 工作职能, 内容: 职能职责表}
  - {标题: 自评工作情况, 文字: 评价工作开展情况}
  - 标题: 预算执行情况
    下级:
      - {标题: 收支情况, 内容: [预算安排, 支出构成]}
      - {标题: 分项绩效目标, 内容: 分项绩效目标}
  - {标题: 问题和建议, 内容: [存在的问题, 改进措施], 要点编号: 一是}
  - {标题: 结果应用, 文字: 自评结果应用, 可省略: 是}
"""


def test_a_clerks_outline_builds_with_a_cover_and_a_duties_table(cli, tmp_path):
    (tmp_path / "我的提纲.yaml").write_text(CLERK_OUTLINE, encoding="utf-8")
    data = tmp_path / "2024.yaml"
    data.write_text(
        "单位名称: 某县公安局\n年度: 2024\n设置: {提纲: 我的提纲.yaml}\n"
        "职能职责: [维护社会治安, 打击违法犯罪]\n"
        "预算: {年初预算数: 100, 执行数: 90}\n基本支出: {执行数: 60}\n项目支出: {执行数: 30}\n"
        "叙述:\n  评价工作开展情况:\n    - 成立评价小组。\n    - {标题: 自评方式, 内容: 对照指标逐项打分}\n"
        "落款: {负责人: 张三, 日期: 2025-03-01}\n",
        encoding="utf-8",
    )
    run = cli("build", data, "-o", tmp_path / "out", "--核对表")
    assert run.exit_code == 0, run.output
    # warned where this outline prints each missing part, by its own numbers
    assert "报告“一（一）单位情况”处将显示【待补充】" in run.output
    assert "未填写“分项绩效目标”，报告“三（二）分项绩效目标”处" in run.output
    assert "三公经费" not in run.output  # this outline has no such section: nothing is demanded
    [report] = (tmp_path / "out" / "某县公安局").glob("2024年度部门整体支出绩效评价报告.docx")
    document = Document(str(report))
    texts = [p.text for p in document.paragraphs]
    cover_title = "某县公安局2024年度部门整体支出\n绩效评价报告"
    assert texts[1] == cover_title  # in two lines
    assert "主要负责人（签字）：张三" in texts and "报告日期：2025年3月1日" in texts
    assert "（三）工作职能" in texts and "某县公安局的主要职能职责见表1-1。" in texts
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells == ["序号", "主要职责", "1", "维护社会治安", "2", "打击违法犯罪"]
    assert "成立评价小组。" in texts and "（一）**自评方式。**" not in texts
    assert any(t.startswith("（一）自评方式。对照指标") for t in texts)
    assert "五、结果应用" not in texts  # optional and empty: left out
    assert "附件：" not in "".join(texts)
    cover, body = document.sections
    assert cover.footer.is_linked_to_previous and cover.even_page_footer.is_linked_to_previous  # no page number
    assert not body.footer.is_linked_to_previous
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # the report's first page is 1
    assert "【待补充：单位情况】" in texts and texts.index("【待补充：单位情况】") > texts.index(cover_title)


def test_a_broken_clerk_outline_is_refused_with_its_lines(cli, tmp_path):
    (tmp_path / "我的提纲.yaml").write_text(
        "名称: 坏\n章节:\n  - {标题: 甲, 内容: 无此块}\n  - 标题: '乙{{ 1 }}'\n", encoding="utf-8"
    )
    data = tmp_path / "2024.yaml"
    data.write_text("单位名称: 某单位\n年度: 2024\n设置: {提纲: 我的提纲.yaml}\n", encoding="utf-8")
    run = cli("check", data)
    assert run.exit_code == 2
    assert "我的提纲.yaml:3：章节[1].内容：错误：未知的内容块“无此块”" in run.output
    assert "我的提纲.yaml:4：章节[2].标题：错误：标题中不能有" in run.output
    assert "Traceback" not in run.output
    listed = cli("提纲", tmp_path / "我的提纲.yaml")
    assert listed.exit_code == 2 and "未知的内容块“无此块”" in listed.output


def test_an_unknown_outline_name_is_refused_at_its_line(cli, write_yaml):
    path = write_yaml("单位名称: 某单位\n年度: 2024\n设置:\n  提纲: 广东\n")
    run = cli("check", path)
    assert run.exit_code == 2
    assert f"{path}:4：设置.提纲：错误：没有名为“广东”的提纲" in run.output


def test_the_2024_hunan_outline_has_ten_parts_and_prints_the_results_use(cli, tmp_path):
    data = tmp_path / "2024.yaml"
    source = (Path(__file__).parent.parent / "data" / "通道" / "2024.yaml").as_posix()
    data.write_text(
        f'继承: "{source}"\n设置: {{提纲: 湖南2024}}\n叙述:\n  自评结果应用: 自评结果在部门网站公开。\n',
        encoding="utf-8",
    )
    run = cli("build", data, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [report] = (tmp_path / "out").glob("*/2024年度部门整体支出绩效自评报告.docx")
    texts = [p.text for p in Document(str(report)).paragraphs]
    nine = texts.index("九、部门整体支出绩效自评结果拟应用和公开情况")
    assert texts[nine + 1] == "自评结果在部门网站公开。"
    assert "十、其他需要说明的情况" in texts


def test_template_export_writes_the_outlines_template(cli, tmp_path):
    run = cli("template", "export", tmp_path / "模板", "--提纲", "四川")
    assert run.exit_code == 0, run.output
    document = Document(str(tmp_path / "模板" / "部门整体支出绩效自评报告.docx"))
    assert "三、评价工作开展情况" in [p.text for p in document.paragraphs]


def test_a_placeholder_in_a_narrative_is_filled(cli, tmp_path):
    data = tmp_path / "2024.yaml"
    data.write_text(
        "单位名称: 某单位\n年度: 2024\n设置: {提纲: 湖南2024}\n预算: {年初预算数: 100, 执行数: 90}\n"
        "叙述:\n  自评结果应用:\n    - 标题: 公开\n      内容: '执行率{{ 预算.执行率 | 百分比 }}，在网站公开。'\n",
        encoding="utf-8",
    )
    run = cli("build", data, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [report] = (tmp_path / "out").glob("*/*.docx")
    assert "（一）公开。执行率90%，在网站公开。" in [p.text for p in Document(str(report)).paragraphs]


@pytest.mark.parametrize("name", ["../../报告", "报告/附件", "报告:草稿", "报告.", "报告" * 21])
def test_a_report_name_that_cannot_be_a_file_name_is_refused(name):
    with pytest.raises(ValueError, match="报告名称也是输出文件名|最多40个字|at most 40"):
        Outline.model_validate({"名称": "试", "报告名称": name, "章节": [{"标题": "甲"}]})


def test_every_number_style_of_an_outline_is_one_the_filter_knows():
    from typing import get_args

    from reportgen.documents.filters import ENUMERATION_STYLES
    from reportgen.outline.model import NumberStyle

    assert set(get_args(NumberStyle)) == set(ENUMERATION_STYLES)


def test_a_place_is_cited_as_a_reviewer_would_in_each_numbering():
    from reportgen.outline.model import cite

    assert cite(["二、", "（二）", "1.基本支出情况"]) == "二（二）1.基本支出情况"
    assert cite(["一、", "3、人员编制情况"]) == "一、3、人员编制情况"  # 一3、 would misread
    old = [h for h in headings(shipped("湖南旧版")) if "人员编制" in h.section.blocks]
    assert [(h.label, h.cited) for h in old] == [("一、3", "一、3、人员编制情况")]


def test_a_total_is_demanded_only_where_the_outline_prints_it(cli, tmp_path):
    """A 四川 report stating spending by class and projects only: the budget is asked for where 四川 prints it;
    an outline printing no total builds without it."""
    body = "基本支出:\n  经济分类: {工资福利支出: 3200.5}\n项目支出:\n  项目: [{名称: 维护, 全年预算数: 300, 执行数: 288.4}]\n"
    sichuan = tmp_path / "四川.yaml"
    sichuan.write_text("单位名称: 某支队\n年度: 2023\n设置: {提纲: 四川}\n" + body, encoding="utf-8")
    run = cli("check", sichuan)
    assert run.exit_code == 2
    assert "缺少预算数（报告“二（一）部门财政资金收入情况”要印它）" in run.output
    assert "缺少执行数" not in run.output  # added up from the class and the project
    (tmp_path / "简.yaml").write_text("名称: 简\n附表: 否\n章节:\n  - {标题: 支出, 内容: 经济分类}\n", encoding="utf-8")
    plain = tmp_path / "简版.yaml"
    plain.write_text("单位名称: 某支队\n年度: 2023\n设置: {提纲: 简.yaml}\n" + body, encoding="utf-8")
    built = cli("build", plain, "-o", tmp_path / "out")
    assert built.exit_code == 0, built.output
    assert "缺少" not in built.output


def test_data_only_the_attached_tables_print_is_not_called_unprinted(cli, tmp_path):
    data = tmp_path / "2021.yaml"
    source = (Path(__file__).parent.parent / "data" / "衡南" / "2021.yaml").as_posix()
    data.write_text(f'继承: "{source}"\n机关运行经费: {{决算数: 900}}\n', encoding="utf-8")
    run = cli("check", data)
    assert run.exit_code == 0, run.output
    assert "机关运行经费" not in run.output  # 湖南旧版 has no such section, but its 基础数据表 prints it
    data.write_text(f'继承: "{source}"\n设置: {{生成附表: 否}}\n机关运行经费: {{决算数: 900}}\n', encoding="utf-8")
    assert "填写了“机关运行经费”，但提纲“湖南旧版”中没有印它的章节" in cli("check", data).output


def test_every_block_in_a_section_of_its_own_builds_from_a_minimal_file(cli, tmp_path):
    """A block the file gives nothing for prints 【待补充】 (required) or what it has; none may fail the build.

    机关运行经费 in a section that is not 可省略 stopped the build with “不存在的名称‘执行数’” and no line.
    """
    sections = "".join(f"  - {{标题: 节{index}, 内容: {name}}}\n" for index, name in enumerate(BLOCKS))
    (tmp_path / "全部.yaml").write_text(f"名称: 全部\n附表: 否\n章节:\n{sections}", encoding="utf-8")
    data = tmp_path / "2024.yaml"
    data.write_text(MINIMAL + "设置: {提纲: 全部.yaml}\n", encoding="utf-8")
    run = cli("build", data, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [report] = (tmp_path / "out").rglob("*.docx")
    texts = [p.text for p in Document(str(report)).paragraphs]
    for index, name in enumerate(BLOCKS):
        if BLOCKS[name].required and BLOCKS[name].field is not None:
            heading = next(i for i, text in enumerate(texts) if text.endswith(f"节{index}"))
            assert f"【待补充：节{index}】" in texts[heading + 1 : heading + 4], (name, texts[heading : heading + 4])


def test_a_file_with_an_error_is_checked_against_its_own_outline(cli, tmp_path):
    """The checks of the rest of a file in error used the 湖南 outline: a 四川 file was told of 湖南's sections."""
    text = (REPO / "data/乐至/2020.yaml").read_text(encoding="utf-8").replace("    实有人数: 399", "    实有人数: 三百")
    data = tmp_path / "2020.yaml"
    data.write_text(text, encoding="utf-8")
    run = cli("check", data)
    assert run.exit_code == 2 and "请用阿拉伯数字书写" in run.output
    assert "湖南" not in run.output and "绩效目标设定情况" not in run.output, run.output


def test_income_in_the_sichuan_outline_is_the_budget_the_file_gives(cli, tmp_path):
    """With only 年初预算数, 四川's 预算收入总额 printed 【待补充】 and the check said nothing: the block printed
    全年预算数 while the check asks for 预算数 (全年, else 年初)."""
    data = tmp_path / "2024.yaml"
    data.write_text(MINIMAL + "设置: {提纲: 四川}\n", encoding="utf-8")  # 年初预算数 only
    run = cli("build", data, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [report] = (tmp_path / "out").rglob("*报告.docx")
    text = "".join(p.text for p in Document(str(report)).paragraphs)
    assert "预算收入总额100.00万元" in text


def test_an_unquoted_1_dot_is_the_style_it_looks_like(tmp_path):
    """YAML reads ``1.`` as the number 1; the README writes 编号: [一、, （一）, 1., （1）] without quotes."""
    path = tmp_path / "提纲.yaml"
    path.write_text("名称: x\n编号: [一、, （一）, 1., （1）]\n章节:\n  - {标题: 甲, 内容: 存在的问题, 要点编号: 1.}\n", "utf-8")
    outline = read_outline(path)
    assert outline.numbering == ["一、", "（一）", "1.", "（1）"] and outline.sections[0].points == "1."


def test_a_heading_may_not_carry_the_templates_bold_mark(tmp_path):
    path = tmp_path / "提纲.yaml"
    path.write_text("名称: x\n章节:\n  - {标题: '**重点**工作', 内容: 存在的问题}\n", "utf-8")
    with pytest.raises(ReportgenError) as raised:
        read_outline(path)
    assert "标题中不能有“**”" in str(raised.value)


def test_the_outline_command_takes_a_shipped_name_too(cli):
    """`reportgen 提纲 四川` said the file 四川 did not exist."""
    run = cli("提纲", "四川")
    assert run.exit_code == 0, run.output
    assert run.output.startswith("四川：") and "湖南：" not in run.output
    assert "没有名为“广东”的提纲" in cli("提纲", "广东").output
