"""Tables on the page: labels that fit their columns, and rows kept together.

The estimates (``documents/pages.py``) are checked on their own and on the layouts: every fixed
label fits its column, or breaks where the layout says.  A project of 36 indicators shows that a
long table may break between its rows but never leaves its last rows alone on a page.
"""

from __future__ import annotations

import re

import pytest
from conftest import MINIMAL
from docx import Document
from docx.oxml.ns import qn

from reportgen.documents.layouts import ATTACHMENT_LAYOUTS, DOWN, LOOP, PROJECT_LAYOUTS, merged
from reportgen.documents.pages import fits, text_width, wrap
from reportgen.documents.tables import CATEGORY_WORDS
from reportgen.model.indicators import CATEGORIES
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

LAYOUTS = [*PROJECT_LAYOUTS, *ATTACHMENT_LAYOUTS.values()]


def fixed_labels(layout):
    """Every fixed label of ``layout``: (text, cell width in mm, indent in characters)."""
    for spec in layout["rows"]:
        if spec == LOOP:
            continue
        column = 0
        for text, span, *indent in spec:
            width = sum(layout["widths"][column : column + span])
            if text not in ("", DOWN) and "{{" not in text:
                yield text, width, indent[0] if indent else 0
            column += span


@pytest.mark.parametrize("layout", LAYOUTS, ids=[layout["title"] for layout in LAYOUTS])
def test_every_fixed_label_fits_its_column_or_breaks_where_the_layout_says(layout):
    assert sum(layout["widths"]) == 156  # the 版心
    for text, width, indent in fixed_labels(layout):
        assert fits(text, width, indent), f"“{text}” does not fit {width} mm: break it with \\n or widen the column"
        assert not text.startswith("　"), "indent a label with (text, span, indent), not full-width spaces"


def test_the_old_widths_broke_labels_inside_words():
    """The measure catches what the tables printed before: 其它资/金：, 执行率/（/B/A）, 实际在职人/数."""
    assert not fits("其它资金：", 20) and fits("其它资金：", 23)
    assert not fits("执行率（B/A）", 16)
    assert not fits("实际在职人数", 26) and fits("实际在职人数", 27)
    assert fits("执行率\n（B/A）", 18.5) and not fits("执行率\n（B/A）", 18)


def test_text_width_counts_chinese_as_one_em_and_latin_narrower():
    assert text_width("一级指标") == 4 * 10.5
    assert text_width("2139.88") < text_width("二一三九点八")
    assert text_width("（B/A）") > text_width("B/A") + 2 * 10.5 - 0.01


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
