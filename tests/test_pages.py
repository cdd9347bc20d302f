"""Tables on the page: labels that fit their columns.

The estimates (``documents/pages.py``) are checked on their own and on the layouts: every fixed
label fits its column, or breaks where the layout says.
"""

from __future__ import annotations

import re

import pytest

from reportgen.documents.layouts import ATTACHMENT_LAYOUTS, DOWN, LOOP, PROJECT_LAYOUTS, merged
from reportgen.documents.pages import fits, text_width, wrap
from reportgen.documents.tables import CATEGORY_WORDS
from reportgen.model.indicators import CATEGORIES

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
