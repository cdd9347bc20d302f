"""Outlines are data: sections numbered by the outline's styles, the Word template generated from them."""

from __future__ import annotations

import io

import pytest
from docx import Document

from reportgen.model.schema import Report
from reportgen.outline.blocks import BLOCKS
from reportgen.outline.generate import block_texts, report_template, template_lines
from reportgen.outline.model import SHIPPED, Outline, headings, shipped

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
