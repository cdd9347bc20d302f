"""Hostile names and failing disks meet the outputs: sheets, folders, all-or-nothing writes, init, export."""

from __future__ import annotations

import html
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reportgen.batch import UnitResult
from reportgen.build import build
from reportgen.summary import summary_xlsx
from reportgen.xlsx import MAX_CELL_UNITS, cell_text

FORMULA = '=HYPERLINK("http://x","点击")'


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def string_cells(xml: str) -> dict[str, str]:
    """Cell reference → the text of every inline string cell."""
    return {
        ref: html.unescape(text)
        for ref, text in re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"><is><t[^>]*>(.*?)</t>', xml)
    }


def unit_file(tmp_path: Path, name: str, project: str = "甲项目") -> Path:
    path = tmp_path / "2024.yaml"
    text = (
        f"单位名称: '{name}'\n年度: 2024\n预算:\n  年初预算数: 100\n  执行数: 95.5\n"
        f"项目支出:\n  项目:\n    - {{名称: '{project}', 年初预算数: 30, 执行数: 30}}\n"
        "绩效自评:\n  自评得分: 91\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


# --- 1. text in the sheets is text, never a formula ---------------------------------------------


@pytest.mark.parametrize("name", [FORMULA, "+1+1", "-1+1", "@SUM(1)", "=1+1"])
def test_summary_stores_a_formula_like_name_as_text(name):
    figures = {"执行数": Decimal("95.5"), "等级": "优"}
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit=name, figures=figures)])
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml
    cells = string_cells(xml)
    assert cells["A2"] == name
    assert re.search(r'<c r="D2"[^>]*t="n"[^>]*><v>95.5</v>', xml)  # numbers stay numbers
    assert cells["J2"] == "优"
    assert load_workbook(io.BytesIO(content)).active["A2"].value == name


def test_summary_of_an_ordinary_name_has_no_quote_prefix():
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit="城关派出所")])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "城关派出所" and not sheet["A2"].quotePrefix
    assert sheet["A1"].value == "单位"


def test_checklist_stores_a_formula_like_project_name_as_text(tmp_path):
    outputs = build(unit_file(tmp_path, "测试局", FORMULA.replace('"', "")), tmp_path / "out", checklist=True).outputs
    [sheet_path] = [p for p in outputs if p.suffix == ".xlsx"]
    xml = sheet_xml(sheet_path.read_bytes())
    assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(sheet_path).active
    names = [row[2].value for row in sheet.iter_rows(min_row=2) if row[2].value.startswith("=")]
    assert names and all(n == "=HYPERLINK(http://x,点击)" for n in names)
    assert all(
        row[2].data_type == "s" and row[2].quotePrefix for row in sheet.iter_rows(min_row=2) if row[2].value[0] == "="
    )
    assert isinstance(sheet.cell(row=2, column=6).value, float | int)  # 数值 stays a number


def test_control_characters_and_a_bad_file_name_do_not_crash_the_summary():
    """A YAML escape ("\\x01") or a Linux file name can carry what XML cannot; openpyxl used to raise."""
    results = [
        UnitResult(Path("a.yaml"), unit="甲\x01乙"),
        UnitResult(Path("b\udcff\x07.yaml"), failed=True),
    ]
    sheet = load_workbook(io.BytesIO(summary_xlsx(results))).active
    assert sheet["A2"].value == "甲\ufffd乙"
    assert sheet["A3"].value == "b\ufffd\ufffd.yaml"


def test_text_longer_than_excel_keeps_is_cut_with_a_mark():
    assert cell_text("短") == "短"
    exact = "字" * MAX_CELL_UNITS
    assert cell_text(exact) == exact
    cut = cell_text("字" * (MAX_CELL_UNITS + 10))
    assert len(cut) == MAX_CELL_UNITS and cut.endswith("…")
    astral = cell_text("𠀀" * MAX_CELL_UNITS)  # two UTF-16 units each, as Excel counts them
    assert len(astral.encode("utf-16-le")) // 2 <= MAX_CELL_UNITS and astral.endswith("…")
    assert "\ud840" not in astral  # never half a pair


def test_a_very_long_name_in_the_summary_opens(tmp_path):
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit="长" * 40_000)])
    value = load_workbook(io.BytesIO(content)).active["A2"].value
    assert len(value) == MAX_CELL_UNITS and value.endswith("…")
