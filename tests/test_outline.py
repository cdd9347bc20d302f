"""Outlines are data: the shipped 湖南 outline numbers its sections as the report template prints them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.outline.blocks import BLOCKS
from reportgen.outline.model import Outline, headings, shipped, where

TEMPLATE = Path(__file__).parent.parent / "templates" / "部门整体支出绩效自评报告.txt"
LEVELS = {"一级": 0, "二级": 1, "三级": 2}


def _template_headings() -> list[tuple[int, str]]:
    found = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        style, _, text = line.partition("|")
        if style in LEVELS:
            found.append((LEVELS[style], re.sub(r"^\{\{ 4 if 支出功能分类 else 3 \}\}\.", "4.", text)))
    return found


def test_the_hunan_outline_is_the_templates_headings_in_order():
    numbered = [(h.depth, h.number + h.text) for h in headings(shipped("湖南"))]
    assert numbered == _template_headings()


def test_an_optional_section_left_out_renumbers_the_ones_after_it():
    outline = shipped("湖南")
    assert where(outline, "机关运行经费") == "二（二）4"
    assert where(outline, "机关运行经费", lambda block: block != "支出功能分类") == "二（二）3"
    assert [h.cited for h in headings(outline) if h.block == "基本支出"] == ["二（二）1.基本支出情况"]


def test_every_block_prints_from_a_schema_field():
    from reportgen.model.schema import Report

    assert {b.field for b in BLOCKS.values()} <= set(Report.model_fields)


def test_an_unknown_block_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的内容块“无此块”"):
        Outline.model_validate({"名称": "试", "章节": [{"标题": "甲", "内容": "无此块"}]})


def test_the_outlines_command_lists_each_shipped_outline(cli):
    run = cli("提纲")
    assert run.exit_code == 0, run.output
    assert "湖南" in run.output
    assert "  （二）部门预算执行情况" in run.output and "    1.基本支出情况〔基本支出〕" in run.output
