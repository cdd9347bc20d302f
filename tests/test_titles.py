"""Titles break between words, into a trapezoid (longer line first) or a diamond (GB/T 9704 7.3.1)."""

from __future__ import annotations

import itertools

import pytest
from conftest import DATA
from docx import Document

from reportgen.documents.measure import em_width
from reportgen.documents.titles import COVER_TITLE_PT, SLACK_EM, TITLE_PT, TYPE_AREA_PT, title_lines
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

UNITS = (
    "县局",
    "乐至县公安局",
    "衡南县公安局",
    "湖南省公安厅",
    "北京市公安局",
    "通道侗族自治县公安局",
    "怀化市公安局鹤城分局",
    "新疆维吾尔自治区公安厅",
    "长沙市公安局交通警察支队",
    "成都市公安局高新技术产业开发区分局",
    "湖南省怀化市通道侗族自治县公安局交通警察大队",
)
NAMES = ("部门整体支出绩效自评报告", "整体支出绩效自评报告", "部门（单位）整体支出绩效自评报告", "部门整体支出绩效评价报告")
YEARS = (2020, 2024, 2031)
WORDS = ("公安", "安局", "分局", "年度", "部门", "单位", "整体", "支出", "绩效", "自评", "评价", "报告", "自治", "交通", "警察")
"""Two characters that belong together: a line never ends on the first and starts with the second."""


@pytest.mark.parametrize("size", [TITLE_PT, COVER_TITLE_PT])
@pytest.mark.parametrize(("unit", "name", "year"), list(itertools.product(UNITS, NAMES, YEARS)))
def test_a_title_breaks_between_words_into_a_trapezoid_or_a_diamond(unit: str, name: str, year: int, size: int):
    title = f"{unit}{year}年度{name}"
    lines = title_lines(title, unit, size)
    assert "".join(lines) == title
    widths = [em_width(line) for line in lines]
    assert max(widths) <= TYPE_AREA_PT / size - SLACK_EM, lines
    for before, after in itertools.pairwise(lines):
        assert before[-1] + after[0] not in WORDS, f"a word is split: {lines}"
        assert not (before[-1].isdigit() and after[0].isdigit()), f"the year is split: {lines}"
    assert len(lines) <= 3, lines
    if len(lines) == 3:
        assert widths[1] == max(widths) or widths == sorted(widths, reverse=True), f"neither a diamond nor a trapezoid: {lines}"
    assert min(widths) >= 4, f"a word left on its own line: {lines}"


def test_the_break_falls_where_a_reader_pauses():
    assert title_lines("通道侗族自治县公安局2024年度部门整体支出绩效自评报告", "通道侗族自治县公安局") == [
        "通道侗族自治县公安局2024年度",
        "部门整体支出绩效自评报告",
    ]
    assert title_lines("乐至县公安局2020年度部门整体支出绩效自评报告", "乐至县公安局") == [
        "乐至县公安局2020年度部门整体支出",
        "绩效自评报告",
    ]
    assert title_lines("县局2024年度整体支出绩效自评报告", "县局") == ["县局2024年度整体支出绩效自评报告"]


def test_the_clerk_may_give_the_lines():
    assert title_lines("某某县公安局\n2024年度部门整体支出绩效自评报告\n", "某某县公安局") == [
        "某某县公安局",
        "2024年度部门整体支出绩效自评报告",
    ]


def test_a_title_without_word_breaks_is_filled_line_by_line_and_no_mark_starts_a_line():
    title = "某" * 19 + "。" + "某" * 10
    lines = title_lines(title)
    assert "".join(lines) == title and not any(line.startswith("。") for line in lines)


def test_the_report_prints_the_title_in_its_lines(tmp_path):
    report = next(p for p in build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs if p.name.endswith("报告.docx"))
    title = Document(str(report)).paragraphs[0]
    assert title.style.name == "报告标题"
    assert title.text == "通道侗族自治县公安局2024年度\n部门整体支出绩效自评报告"  # python-docx reads w:br as a line end


def test_a_title_longer_than_three_lines_is_filled_at_once():
    """The search over breaks grows with the cube of the title's length (an 800-character title took 6 s)."""
    title = "某县公安局2024年度" * 100
    lines = title_lines(title, "某县公安局")
    assert "".join(lines) == title and len(lines) > 3
