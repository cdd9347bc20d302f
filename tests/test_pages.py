"""Tables across pages: labels that fit their columns, rows kept together, and labels repeated after a break.

The estimates (``documents/pages.py``) are checked on their own, on the layouts (every fixed label
fits its column, or breaks where the layout says), and on a project of 36 indicators rendered by
LibreOffice: on every page, every indicator's 一级 and 二级 labels stand beside it.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MINIMAL, docx_tables
from docx import Document
from docx.oxml.ns import qn

from reportgen.documents.layouts import ATTACHMENT_LAYOUTS, DOWN, LOOP, PROJECT_LAYOUTS, RESTART, down_columns, merged
from reportgen.documents.pages import (
    PAGE,
    SLACK,
    Heights,
    fits,
    height,
    line_count,
    page_starts,
    text_width,
    wrap,
)
from reportgen.documents.tables import CATEGORY_WORDS
from reportgen.model.indicators import CATEGORIES
from reportgen.output import pdf
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

LAYOUTS = [*PROJECT_LAYOUTS, *ATTACHMENT_LAYOUTS.values()]


def fixed_labels(layout):
    """Every fixed label of ``layout``: (text, cell width in mm, indent in characters, rows it covers)."""
    rows = layout["rows"]
    for index, spec in enumerate(rows):
        if spec == LOOP:
            continue
        column = 0
        for text, span, *indent in spec:
            width = sum(layout["widths"][column : column + span])
            if text not in ("", DOWN) and "{{" not in text:
                covered = next(
                    (n for n, below in enumerate(rows[index + 1 :], 1) if column not in down_columns(layout, below)),
                    len(rows) - index,
                )
                yield text, width, indent[0] if indent else 0, covered
            column += span


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout["title"] for layout in LAYOUTS])
def test_every_fixed_label_fits_its_column_or_breaks_where_the_layout_says(layout):
    assert sum(layout["widths"]) == 156  # the 版心
    for text, width, indent, covered in fixed_labels(layout):
        assert fits(text, width, indent), f"“{text}” does not fit {width} mm: break it with \\n or widen the column"
        assert not text.startswith("　"), "indent a label with (text, span, indent), not full-width spaces"
        if covered > 1:  # a label merged down takes no more lines than the rows it covers (pages.py counts on it)
            assert line_count(text, width) <= covered, text


def test_the_old_widths_broke_labels_inside_words():
    """The measure catches what the tables printed before: 其它资/金：, 执行率/（/B/A）, 实际在职人/数."""
    assert line_count("其它资金：", 20) == 2 and not fits("其它资金：", 20)
    assert line_count("执行率（B/A）", 16) == 3
    assert not fits("实际在职人数", 26) and fits("实际在职人数", 27)
    assert fits("执行率\n（B/A）", 18.5) and not fits("执行率\n（B/A）", 18)


def test_text_width_counts_chinese_as_one_em_and_latin_narrower():
    assert text_width("一级指标") == 4 * 10.5
    assert text_width("2139.88") < text_width("二一三九点八")
    assert text_width("（B/A）") > text_width("B/A") + 2 * 10.5 - 0.01
    assert (
        text_width("位312个") == text_width("位") + text_width("312") + text_width("个") + 2 * 0.25 * 10.5
    )  # autospace


def test_lines_break_as_word_and_libreoffice_break_chinese():
    assert line_count("", 20) == 1
    assert line_count("维护监控点位数量", 22) == 2  # five characters to a line in 22 mm
    assert line_count("维护监控点位数量\n成本", 22) == 3
    assert line_count("233.29万元", 20) == 2  # the number is not cut, 万元 goes to the next line
    # 通道's goal, as LibreOffice sets it in 53.5 mm: the spaces around 312, 96.5% and 20 take a fifth line
    achieved = "全年维护监控点位312个，设备完好率96.5%，故障平均修复时间20小时，视频监控在侦查破案中的作用进一步发挥。"
    assert line_count(achieved, 53.5) == 5
    link = "https://example.com/" + "a" * 60  # a word longer than a line is cut where each line ends
    assert line_count(link, 20) == -(-text_width(link) // (20 * 72 / 25.4 - 10.8)) == 11
    three = (3 * 10.5 + 10.8 + 0.5) / (72 / 25.4)  # three characters to a line
    assert line_count("一二三，四五", three) == 3  # no mark hangs in the margin (LibreOffice): 三， go on together
    assert line_count("一二三）四五", three) == 3  # the bracket may not start a line: 三） go on together


@pytest.mark.parametrize("layout", PROJECT_LAYOUTS, ids=[layout["title"] for layout in PROJECT_LAYOUTS])
def test_every_category_name_breaks_between_its_words(layout):
    columns = {name: width for name, _, width in merged(layout)}
    names = {"一级": list(CATEGORIES), "二级": [name for names in CATEGORIES.values() for name in names]}
    word = "(?:" + "|".join(CATEGORY_WORDS) + ")+"
    for level, width in columns.items():
        for name in names[level]:
            wrapped = wrap(name, width, CATEGORY_WORDS)
            assert wrapped.replace("\n", "") == name
            assert fits(wrapped, width), f"{name} in {width} mm: {wrapped!r}"
            assert all(re.fullmatch(word, line) for line in wrapped.split("\n")), wrapped


def test_wrap_fills_lines_with_whole_words():
    assert wrap("服务对象满意度指标", 23, CATEGORY_WORDS) == "服务对象\n满意度指标"
    assert wrap("服务对象满意度指标", 19, CATEGORY_WORDS) == "服务对象\n满意度\n指标"
    assert wrap("可持续影响指标", 23, CATEGORY_WORDS) == "可持续影响\n指标"
    assert wrap("数量指标", 23, CATEGORY_WORDS) == "数量指标"


ROW = height(1)


def breaks(rows, level_one=None, groups=None, above=100.0, after=(ROW,)):
    groups = list(range(len(rows))) if groups is None else groups
    return page_starts(Heights(above, [ROW, ROW], rows, list(after)), level_one or groups[:1], groups)


def test_a_table_that_fits_has_no_break():
    assert breaks([ROW] * 10) == []


def test_the_last_page_never_holds_only_the_header_and_the_total():
    """Rows that leave one row and 总分 for the next page leave two rows and 总分 there instead."""
    fit = int((PAGE - SLACK - 100 - 2 * ROW) // ROW)
    assert breaks([ROW] * fit, after=()) == []
    assert breaks([ROW] * fit) == [fit - 2]
    assert breaks([ROW] * (fit + 1), after=()) == [fit + 1 - 3]


def test_a_group_moves_on_whole_unless_that_leaves_a_large_hole():
    small, tall = [ROW] * 30, [ROW] * 6
    rows = small + tall + [ROW] * 40
    groups = [*range(30), 30, *range(36, 76)]
    first = breaks(rows, groups=groups, above=PAGE - SLACK - 2 * ROW - 33 * ROW)
    assert first[0] == 30  # 3 rows of room, 6 rows in the group: the group goes on whole
    split = breaks([ROW] * 60, groups=[0, 59], above=100)
    assert split and split[0] not in (0, 59)  # a 59-row group is split where the page ends


def test_where_the_table_may_just_end_on_its_page_it_breaks_before_a_level_one_group():
    rows = [ROW] * (int((PAGE - 100 - 2 * ROW) // ROW) - 1)  # with 总分: within SLACK of the page's foot
    assert PAGE - SLACK < 100 + (len(rows) + 3) * ROW <= PAGE + SLACK
    assert breaks(rows, level_one=[0, 25]) == [25]
    assert breaks(rows) == [len(rows) - 2]  # no 一级 group to break before: two rows and 总分 go on
    assert breaks(rows, level_one=[0, 10]) == [len(rows) - 2]  # nor one that would leave half a page blank
    many = [ROW] * (len(rows) + 5)  # well over the page: the break is certain, no 一级 group is waited for
    assert breaks(many, level_one=[0, 25])[0] > 25


# A project of 36 indicators in every category: three pages and more of indicators.
GROUPS = [
    ("产出指标", "数量指标", 10),
    ("产出指标", "质量指标", 6),
    ("产出指标", "时效指标", 4),
    ("产出指标", "成本指标", 4),
    ("效益指标", "经济效益指标", 2),
    ("效益指标", "社会效益指标", 4),
    ("效益指标", "生态效益指标", 1),
    ("效益指标", "可持续影响指标", 3),
    ("满意度指标", "服务对象满意度指标", 2),
]
INDICATORS = [
    (level1, level2, f"第{n:02d}项考核指标")
    for n, (level1, level2) in enumerate(((one, two) for one, two, count in GROUPS for _ in range(count)), start=1)
]


def many_indicators(layout: str) -> str:
    lines = [f"设置:\n  项目表格式: {layout}", "项目支出:\n  执行数: 50\n  项目:", "    - 名称: 多指标项目"]
    lines += ["      全年预算数: 50\n      执行数: 50", "      年度目标: {预期: 完成全部建设任务。, 实际: 已完成。}"]
    lines.append("      绩效指标:")
    for n, (level1, level2, name) in enumerate(INDICATORS, start=1):
        target = f"≥{n}个" if n % 3 else "按期完成全部建设任务并通过验收" * (1 + n % 2)  # some rows tall
        lines.append(f"        - {{一级指标: {level1}, 二级指标: {level2}, 三级指标: {name}, 预期指标值: '{target}', ")
        lines[-1] += "实际完成值: 达到, 分值: 2, 得分: 2}"
    return MINIMAL + "\n".join(lines) + "\n"


LAYOUT_OF = {"四川": PROJECT_LAYOUTS[0], "财政部": PROJECT_LAYOUTS[1]}


@pytest.fixture(scope="module", params=list(LAYOUT_OF))
def many(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    source = folder / "2024.yaml"
    source.write_text(many_indicators(request.param), encoding="utf-8")
    [_, tables] = build(source, Options(folder / "out")).outputs
    return request.param, tables


def _loop_rows(layout, table):
    """The indicator rows of a rendered table: (grid column → (text, vMerge)) each."""
    first = layout["rows"].index(LOOP)
    return [{column: (text, merge) for column, _, merge, text in row} for row in table[first:]][: len(INDICATORS)]


def test_a_break_restarts_the_level_one_cell_with_its_text(many):
    name, path = many
    layout = LAYOUT_OF[name]
    column1, column2 = [column for column, (_, mark) in enumerate(layout["loop"]) if isinstance(mark, str)]
    rows = _loop_rows(layout, docx_tables(path)[0])
    restarts = [
        index
        for index, row in enumerate(rows)
        if index and row[column1][1] == RESTART and INDICATORS[index][0] == INDICATORS[index - 1][0]
    ]
    assert restarts, "36 indicators run over a page: somewhere 一级 starts afresh within its group"
    for index in restarts:
        assert rows[index][column1][0] == INDICATORS[index][0]
        assert rows[index][column2][1] == RESTART and rows[index][column2][0].replace("\n", "")
    if layout["loop"][0][0] == DOWN:  # 绩效指标完成情况 shows again beside the new page's rows
        assert all(rows[index][0] == ("绩效指标完成情况", RESTART) for index in restarts)


def test_rows_never_split_keep_together_and_the_first_repeats(many):
    _, path = many
    [table] = Document(str(path)).tables
    trs = table._tbl.tr_lst
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
    assert [index for index, tr in enumerate(trs) if tr.trPr.find(qn("w:tblHeader")) is not None] == [0]
    keeps = [
        {p.find(qn("w:pPr")).find(qn("w:keepNext")).get(qn("w:val")) for p in tr.iter(qn("w:p"))}
        if tr.find(qn("w:tc")).find(qn("w:p")).find(qn("w:pPr")).find(qn("w:keepNext")) is not None
        else {None}
        for tr in trs
    ]
    assert all(len(values) == 1 for values in keeps), "every paragraph of a row keeps alike"
    flags = [values.pop() for values in keeps]
    assert flags[-1] in (None, "0") and flags[-2] == "1" and flags[-3] == "1"  # the last three rows together
    assert "0" in flags  # and somewhere a page may break


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
POINT = 72 / 25.4


def pdf_columns(path: Path, widths: list[float]) -> list[list[str]]:
    """Each page's text column by column (the table starts at the 28 mm left margin), top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    edges = [28 + sum(widths[:n]) for n in range(len(widths) + 1)]
    pages = []
    for page in out.split("<page ")[1:]:
        columns: list[list[tuple[float, float, str]]] = [[] for _ in widths]
        for x0, y0, x1, _, word in WORD.findall(page):
            middle = (float(x0) + float(x1)) / 2 / POINT
            for n in range(len(widths)):
                if edges[n] <= middle < edges[n + 1]:
                    columns[n].append((float(y0), float(x0), html.unescape(word)))
        pages.append(["".join(word for *_, word in sorted(column)) for column in columns])
    return pages


@pytest.mark.skipif(pdf.office() is None or shutil.which("pdftotext") is None, reason="需要 LibreOffice 与 pdftotext")
def test_on_every_page_every_indicator_has_its_labels_beside_it(many, tmp_path):
    name, path = many
    layout = LAYOUT_OF[name]
    [copy] = pdf.to_pdf([Path(shutil.copy(path, tmp_path / path.name))])
    column1, column2 = [column for column, (_, mark) in enumerate(layout["loop"]) if isinstance(mark, str)]
    pages = pdf_columns(copy, layout["widths"])
    on_page = [[row for row in INDICATORS if row[2] in page[column2 + 1]] for page in pages]
    assert sum(map(len, on_page)) == len(INDICATORS)
    assert len([rows for rows in on_page if rows]) >= 3
    for page, rows in zip(pages, on_page, strict=True):
        for level1, level2, indicator in rows:
            assert level1 in page[column1], f"{indicator}: 一级 {level1} not on its page"
            assert level2 in page[column2], f"{indicator}: 二级 {level2} not on its page"
    assert len([rows for rows in on_page if rows][-1]) >= 2  # the last page holds more than the 总分 row


def test_a_duties_table_keeps_its_last_three_rows_together(tmp_path):
    (tmp_path / "提纲.yaml").write_text(
        "名称: 表格提纲\n报告名称: 部门整体支出绩效自评报告\n附表: 否\n章节:\n  - {标题: 工作职能, 内容: 职能职责表}\n",
        encoding="utf-8",
    )
    source = tmp_path / "2024.yaml"
    source.write_text(MINIMAL + "设置: {提纲: 提纲.yaml}\n职能职责: [一, 二, 三, 四, 五]\n", encoding="utf-8")
    [report] = build(source, Options(tmp_path / "out")).outputs
    [table] = Document(str(report)).tables
    keeps = []
    for tr in table._tbl.tr_lst:
        keep = tr.find(qn("w:tc")).find(qn("w:p")).find(qn("w:pPr")).find(qn("w:keepNext"))
        keeps.append(None if keep is None else keep.get(qn("w:val")))
    assert keeps == ["1", "0", "0", "1", "1", "0"]  # the heading with the first duty; the last three together
