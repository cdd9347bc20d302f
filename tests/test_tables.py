"""Project tables: seed 003's three tables cell for cell, their merges, and both layouts.

Cell texts follow the seed; amounts print to the cent (466万元 → 466.00万元),
and the seed's irregular category names are the standard ones (经济指标 →
经济效益指标, 社会效益 → 社会效益指标, 效可持续影响指标 → 可持续影响指标,
项目完成指标 → 产出指标, 满意度指标 as 二级 → 服务对象满意度指标).
"""

from __future__ import annotations

import pytest
from conftest import DATA, docx_paragraphs, docx_tables, merged_runs

from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

HEAD = [
    "绩效指标完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "预期指标值（包含数字及文字描述）",
    "实际完成指标值（包含数字及文字描述）",
]
TIANWANG_GOAL = (
    "在点位的规模和信息来源上，从目前单一的公共区域视频监控点转变为城市监控点、专业卡口、电子警察、社会资源等多种信息统一接入，"
    "形成立体布控；在管理和应用模式上，从人工监看图像为主转变为系统更加自动、更加智能的收集、分析、研判有效信息，"
    "从单一警种、单一部门转变为面向指挥调度、刑侦、治安、巡警、交警等多种警种，面向城管、消防、卫生、环保、水务等"
    "城市职能管理部门业务工作提供有效支撑，使“城市报警与高清监控系统”成为城市管理和警务工作的真正利器。"
)


def top(name: str, budget: str, spent: str, other: str, goal: str, achieved: str) -> list[list[str]]:
    return [
        ["项目名称", name],
        ["预算单位", "乐至县公安局"],
        ["预算执行情况（万元）", "预算数：", budget, "执行数：", spent],
        ["", "其中-财政拨款：", budget, "其中-财政拨款：", spent],
        ["", "其它资金：", other, "其它资金：", other],
        ["年度目标完成情况", "预期目标", "实际完成目标"],
        ["", goal, achieved],
        HEAD,
    ]


TIANWANG = top("天网二期", "466.00万元", "465.85万元", "0.00万元", TIANWANG_GOAL, TIANWANG_GOAL) + [
    ["", "产出指标", "数量指标", "高清治安卡口", "12处", "12处"],
    ["", "产出指标", "数量指标", "高清主城区监控点位", "101个", "101个"],
    ["", "产出指标", "数量指标", "改造标清监控点位", "83个", "83个"],
    ["", "产出指标", "质量指标", "高清、标清", "高清点位", "高清点位"],
    ["", "产出指标", "时效指标", "建成以及使用期间系统运行维护", "6年", "6年"],
    # the page is estimated to break here (tests/test_pages.py checks such breaks in LibreOffice's pages):
    # 绩效指标完成情况 shows again beside the rows of the new page
    ["绩效指标完成情况", "产出指标", "成本指标", "签订合同", "2798万元，分6年支付", "340万元"],
    ["", "效益指标", "经济效益指标", "犯案率", "明显减少", "明显减少"],
    ["", "效益指标", "社会效益指标", "乐至预防和处置突发公共事件的能力", "明显增强", "明显增强"],
    ["", "效益指标", "可持续影响指标", "及时有序高效地开展处置突发事件", "明显提高", "明显提高"],
    ["", "满意度指标", "服务对象满意度指标", "服务报案群众满意度", ">=90", ">=90"],
]
JINDU_GOAL = (
    "通过各种形式的禁毒宣传教育，提高全民的识毒、防毒、拒毒能力，让人民群众积极举报涉毒违法犯罪活动。"
    "增加专业设备，加大涉毒违法犯罪活动的打击力度，形成高压态势，有效遏制乐至毒品违法犯罪的发展蔓延趋势。"
    "做好禁种铲毒工作，力争乐至非法种植罂粟零种植，实现零产量。"
)
JINDU = top("禁毒经费", "237.00万元", "133.85万元", "0.00万元", JINDU_GOAL, "基本达到") + [
    [
        "",
        "产出指标",
        "数量指标",
        "禁毒宣传费",
        "50万（印制禁毒宣传资料、劳动禁毒基地建设、各种集中宣传活动及开展“626”主题活动经费）",
        "基本达到",
    ],
    ["", "", "", "污水检测费", "18万（每2月检测一次，全年共计6次）", "基本达到"],
    ["", "", "", "购各种设备", "30万（购电脑、打印机、数字对讲机、台式图形工作站）", "未达到"],
    ["", "", "", "差旅费", "20万", "基本达到"],
    ["", "", "", "办公耗材", "20万（办公用品、毛发检测尿液检测试剂盒）", "基本达到"],
    # the page is estimated to break here: the labels show again, and 数量指标's six rows are split 5 + 1
    [
        "绩效指标完成情况",
        "产出指标",
        "数量指标",
        "禁毒社工劳务费等",
        "40万（禁毒专职社工、公益性社工劳务费等）",
        "基本达到",
    ],
    ["", "效益指标", "社会效益指标", "指标1:禁毒宣传", "通过禁毒宣传，提高了群众的识毒、防毒、拒毒意识。", "基本达到"],
    [
        "",
        "",
        "",
        "指标2:维护社会稳定",
        "通过毛发检测、污水检测等加大了人员管控及毒情监测，有效预防了肇事肇祸事件的发生。",
        "基本达到",
    ],
    ["", "", "可持续影响指标", "指标1:禁毒宣传", "长期影响", "基本达到"],
    ["", "", "", "指标2:维护社会稳定", "长期影响", "基本达到"],
    ["", "满意度指标", "服务对象满意度指标", "指标1:群众满意度", "95%", "基本达到"],
]
ZHUJING = top("驻京干部补贴", "7.35万元", "7.35万元", "0.00万元", "控制我县到京非访人数", "控制我县到京非访人数") + [
    ["", "产出指标", "数量指标", "每名驻京干部生活补助", "7.35万元", "7.35万元"],
    ["", "产出指标", "质量指标", "上访人员", "明显减少", "明显减少"],
    ["", "产出指标", "时效指标", "驻京干部工作激情", "明显提高", "明显提高"],
    ["", "产出指标", "成本指标", "无", "无", "无"],
    ["", "效益指标", "经济效益指标", "无", "无", "无"],
    ["", "效益指标", "社会效益指标", "上访人群", "持续减少", "持续减少"],
    ["", "效益指标", "可持续影响指标", "解决驻京干部现实困难效果", "持续提升", "持续提升"],
    ["", "满意度指标", "服务对象满意度指标", "驻京干部满意度", ">=98%", ">=98%"],
]


@pytest.fixture(scope="module")
def lezhi_tables(tmp_path_factory):
    outputs = build(DATA / "乐至/2020.yaml", Options(tmp_path_factory.mktemp("tables"))).outputs
    assert [p.name for p in outputs] == [
        "2020年度部门整体支出绩效自评报告.docx",
        "2020年度项目支出绩效目标完成情况表.docx",
    ]
    return docx_tables(outputs[1])


def texts(table) -> list[list[str]]:
    return [[text for _, _, _, text in row] for row in table]


@pytest.mark.parametrize(("index", "expected"), [(0, TIANWANG), (1, JINDU), (2, ZHUJING)])
def test_seed_tables_cell_for_cell(lezhi_tables, index, expected):
    assert texts(lezhi_tables[index]) == expected


def test_jindu_merges_its_level_one_and_two_cells(lezhi_tables):
    table = lezhi_tables[1]
    first = len(top("", "", "", "", "", ""))  # the first indicator row
    # the page breaks before the sixth row (see JINDU): the merges start afresh there
    assert merged_runs(table, 1) == [(first, 5), (first + 6, 4)]
    assert merged_runs(table, 2) == [(first, 5), (first + 6, 2), (first + 8, 2)]
    assert merged_runs(table, 0) == [(2, 3), (5, 2), (7, 6), (13, 6)]  # the row labels of the form


@pytest.mark.parametrize("index", [0, 2])
def test_tables_typed_row_by_row_stay_unmerged(lezhi_tables, index):
    assert merged_runs(lezhi_tables[index], 1) == []
    assert merged_runs(lezhi_tables[index], 2) == []


def test_every_row_fills_the_grid(lezhi_tables):
    for table in lezhi_tables:
        assert all(sum(span for _, span, _, _ in row) == 6 for row in table)


def test_header_repeats_and_widths_are_explicit(tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    [_, tables] = build(DATA / "乐至/2020.yaml", Options(tmp_path)).outputs
    for table in Document(str(tables)).tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert all(tc.tcPr.find(qn("w:tcW")) is not None for tr in rows for tc in tr.tc_lst)


def test_report_attachments_from_the_same_file(tmp_path):
    report = build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs[0]
    basic, evaluation = ([[text for _, _, _, text in row] for row in table] for table in docx_tables(report))
    assert ["在职人员", "152", "148", "97.37%"] in basic
    assert ["“三公”经费", "84.35", "—", "147.55"] in basic
    assert ["项目支出", "—", "2139.88", "2002.26"] in basic
    assert ["部门整体支出预算调整", "—", "782.85", "—"] in basic
    assert evaluation[0] == ["一级指标", "二级指标", "三级指标", "分值", "得分", "扣分原因"]
    assert ["", "", "预算调整率", "3", "2", "年中追加预算782.85万元，调整幅度较大"] in evaluation
    assert evaluation[-1] == ["合计", "100", "96.9", "等级：优"]
    text = "\n".join(p for p in docx_paragraphs(report))
    assert "附件1\n部门整体支出绩效评价基础数据表" in text and "附件2\n部门整体支出绩效自评表" in text


def test_attachments_can_be_turned_off(write_yaml, tmp_path):
    from conftest import MINIMAL

    text = MINIMAL + "人员编制:\n  在职人员: {编制数: 10, 实有人数: 9}\n"
    assert len(docx_tables(build(write_yaml(text), Options(tmp_path / "on")).outputs[0])) == 1
    off = write_yaml(text + "设置:\n  生成附表: 否\n", "off.yaml")
    assert docx_tables(build(off, Options(tmp_path / "off")).outputs[0]) == []


def test_basic_data_labels_line_up_by_indent_not_by_spaces(tmp_path):
    """附件1's row labels are flush left, sub-items indented in characters (w:leftChars, twips for LibreOffice)."""
    from docx import Document
    from docx.oxml.ns import qn

    report = build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs[0]
    basic = Document(str(report)).tables[0]
    indents = {}
    for tr in basic._tbl.tr_lst[4:]:  # the rows under 经费控制情况
        paragraph = tr.tc_lst[0].find(qn("w:p"))
        ppr = paragraph.find(qn("w:pPr"))
        ind = ppr.find(qn("w:ind"))
        text = "".join(t.text for t in paragraph.iter(qn("w:t")))
        assert not text.startswith("　")
        assert ppr.find(qn("w:pStyle")).get(qn("w:val")) == "报告表格文字"  # flush left, not centred
        indents[text] = None if ind is None else (ind.get(qn("w:leftChars")), ind.get(qn("w:left")))
    assert indents["“三公”经费"] is None and indents["项目支出"] is None
    assert indents["1.公务用车购置和维护经费"] == ("100", "210") == indents["3.公务接待"]
    assert indents["其中：公车购置"] == ("200", "420")
    assert indents["公车运行维护"] == ("500", "1050")  # under 公车购置, past “其中：”
