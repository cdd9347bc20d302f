"""The checking sheet: every figure with where it appears, its shown value and its source."""

from __future__ import annotations

from conftest import DATA, column_widths
from openpyxl import load_workbook

from reportgen.documents.checklist import HEADERS, WIDTHS
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options


def rows(tmp_path, example: str) -> list[tuple]:
    outputs = build(DATA / example, Options(tmp_path, checklist=True)).outputs
    [sheet_path] = [p for p in outputs if p.suffix == ".xlsx"]
    assert sheet_path.name.endswith("年度数据核对表.xlsx")
    sheet = load_workbook(sheet_path).active
    assert sheet.freeze_panes == "A2"
    return list(sheet.iter_rows(min_row=2, values_only=True))


def find(table: list[tuple], item: str, figure: str) -> tuple:
    [row] = [r for r in table if r[2] == item and r[3] == figure]
    return row


def test_inputs_point_at_their_line_and_field(tmp_path):
    table = rows(tmp_path, "通道/2024.yaml")
    row = find(table, "预算", "年初预算数")
    assert (row[4], row[6]) == ("5521.28", "输入") and row[7].endswith("2024.yaml:58 预算.年初预算数")


def test_derived_figures_give_formula_and_inputs(tmp_path):
    table = rows(tmp_path, "通道/2024.yaml")
    rate = find(table, "城市电子监控维护运行费", "执行率")
    assert (rate[4], rate[6], rate[7]) == ("89.73%", "计算", "执行数 ÷ 预算数 = 233.29 ÷ 260.00")
    assert find(table, "预算", "年中追加")[7] == "全年预算数 − 年初预算数 = 6304.13 − 5521.28"
    total = find(table, "“三公”经费", "决算数")
    assert total[6] == "计算" and total[7].endswith("= 0.00 + 5.33 + 142.22 = 147.55")
    change = find(table, "“三公”经费", "增减率")
    assert (change[4], change[7]) == ("74.93%", "增减额 ÷ 上年执行数 = 63.20 ÷ 84.35")
    assert find(table, "在职人员", "控制率")[7] == "实有人数 ÷ 编制数 = 148 ÷ 152"
    assert find(table, "禁毒办运转工作经费", "总分")[4] == "98.56"
    assert find(table, "部门整体", "自评得分")[4] == "96.9"


def test_the_sheet_lists_what_the_chosen_outline_prints(tmp_path):
    """乐至 in the 四川 outline prints no “三公” section: its figures are checked, not listed."""
    table = rows(tmp_path, "乐至/2020.yaml")
    derived = {(r[2], r[3]) for r in table if r[6] == "计算"}
    for expected in [
        ("预算", "预算数"),  # 10500.70 + 44.97, the seed's slip corrected (预算收入总额)
        ("预算", "执行率"),
        ("收入", "增减率"),
        ("在职人员", "实有人数"),
    ]:
        assert expected in derived, expected
    assert find(table, "预算", "预算数")[7].endswith("= 10500.70 + 44.97 = 10545.67")
    assert find(table, "预算", "预算数")[1] == "报告 二（一）部门财政资金收入情况"
    assert not [r for r in table if r[2] in ("“三公”经费", "公共安全支出", "机关运行经费")]


def test_sources_follow_what_the_file_actually_gives(tmp_path, write_yaml):
    path = write_yaml(
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 100\n  执行数: 95\n  本年收入数: 99\n"
        "基本支出:\n  经济分类:\n    工资福利支出: 60\n    商品和服务支出: 35\n"
        "绩效自评:\n  自评得分:\n  指标:\n    - {一级指标: 投入, 二级指标: 预算, 三级指标: 合理性, 分值: 100, 得分: 92}\n"
    )
    outputs = build(path, Options(tmp_path / "out", checklist=True)).outputs
    sheet = load_workbook(next(p for p in outputs if p.suffix == ".xlsx")).active
    table = list(sheet.iter_rows(min_row=2, values_only=True))
    assert find(table, "工资福利支出", "执行数")[6] == "输入"
    assert find(table, "收入", "执行数")[6] == "输入"
    assert find(table, "基本支出", "执行数")[6] == "计算"  # added up from its classes
    assert find(table, "部门整体", "自评得分")[6:] == ("计算", "自评表各指标得分之和 = 92")


def test_the_sheet_has_a_bold_centred_header_set_widths_and_number_formats(tmp_path):
    outputs = build(DATA / "通道/2024.yaml", Options(tmp_path, checklist=True)).outputs
    sheet = load_workbook(next(p for p in outputs if p.suffix == ".xlsx")).active
    assert sheet.title == "数据核对表" and sheet.freeze_panes == "A2"
    header = sheet[1]
    assert tuple(cell.value for cell in header) == HEADERS
    assert all(cell.font.b and cell.alignment.horizontal == "center" for cell in header)
    assert not sheet["B2"].font.b and sheet["B2"].alignment.horizontal is None
    assert column_widths(sheet) == list(WIDTHS)
    formats = {row[3].value: row[5].number_format for row in sheet.iter_rows(min_row=2) if row[2].value == "预算"}
    assert formats["执行率"] == "0.00%" and formats["年初预算数"] == "0.00"


def test_a_data_entry_with_its_unit_is_listed_with_its_years(tmp_path, write_yaml):
    path = write_yaml(
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 100\n  执行数: 95\n绩效自评:\n  自评得分: 91\n"
        "数据:\n  交通事故: {本年: 1250, 上年: 1400, 单位: 起}\n  走访: 58\n"
        "绩效目标: '事故{{ 数据.交通事故 }}，{{ 数据.交通事故.较上年 }}，上年{{ 数据.交通事故.上年 | 整数 }}起；"
        "占{{ 数据.交通事故 | 百分比(11200, 小数=1) }}；走访{{ 数据.走访 | 整数 }}个'\n"
    )
    outputs = build(path, Options(tmp_path / "out", checklist=True)).outputs
    sheet = load_workbook(next(p for p in outputs if p.suffix == ".xlsx")).active
    table = list(sheet.iter_rows(min_row=2, values_only=True))
    this_year = find(table, "交通事故", "本年")
    assert (this_year[4], this_year[6]) == ("1250起", "输入")
    assert this_year[7].endswith("2024.yaml:9 数据.交通事故.本年")
    last_year = find(table, "交通事故", "上年")
    assert (last_year[4], last_year[6]) == ("1400", "输入") and last_year[7].endswith("2024.yaml:9 数据.交通事故.上年")
    assert find(table, "交通事故", "增减")[4:] == ("150", -150, "计算", "本年 − 上年 = 1250 − 1400")
    rate = find(table, "交通事故", "增减率")
    assert (rate[4], rate[7]) == ("10.71%", "|本年 − 上年| ÷ 上年 = 150 ÷ 1400")
    share = find(table, "交通事故", "百分比")
    assert (share[4], share[6], share[7]) == ("11.2%", "计算", "占位符 百分比：1250 与 11200")
    assert find(table, "走访", "数据")[4] == "58"
