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
from reportgen.write import MAX_FOLDER_BYTES, MAX_FOLDER_CHARS, UNNAMED, folder_note, safe_name
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


# --- 2. a folder name from a unit name --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "folder", "problem"),
    [
        ("-rf", "_rf", "以“-”开头"),
        ("--help 城关所", "_-help 城关所", "以“-”开头"),
        (" ", UNNAMED, "是空的"),
        ("...", UNNAMED, "是空的"),
        ("\u200b\u2060", UNNAMED, "是空的"),
        ("\u3164", UNNAMED, "是空的"),
        ("CON", "_CON", "Windows 保留的设备名"),
        ("nul", "_nul", "Windows 保留的设备名"),
        ("Com1", "_Com1", "Windows 保留的设备名"),
        ("lpt9.docx", "_lpt9.docx", "Windows 保留的设备名"),
        ("AUX .txt", "_AUX .txt", "Windows 保留的设备名"),
        ("甲\u202e乙", "甲乙", "看不见的字符"),
        ("城关所\u200b", "城关所", "看不见的字符"),
        ("\ufeff城关所", "城关所", "看不见的字符"),
        ("甲\n乙", "甲_乙", "不能用的字符"),
        ("甲\u2028乙", "甲_乙", "不能用的字符"),
        ("../../etc", "_.._etc", "不能用的字符"),
        ("甲. .", "甲", "首尾有空格"),
    ],
)
def test_a_hostile_unit_name_gets_a_harmless_folder_name(name, folder, problem):
    assert safe_name(name) == folder
    assert problem in folder_note(name, folder)


@pytest.mark.parametrize(
    "name", ["城关派出所", "COM10", "CONSOLE", "公安局-交警大队", "甲.乙", "长" * MAX_FOLDER_CHARS]
)
def test_an_ordinary_unit_name_is_its_folder_name(name):
    assert safe_name(name) == name and folder_note(name, name) is None


def test_a_long_name_is_cut_keeping_two_long_names_apart():
    first, second = "很长的单位名称" * 40 + "甲", "很长的单位名称" * 40 + "乙"
    assert safe_name(first) != safe_name(second)
    for name in (first, second, "𠀀" * 100):
        folder = safe_name(name)
        assert len(folder) <= MAX_FOLDER_CHARS and len(folder.encode("utf-8")) <= MAX_FOLDER_BYTES
        assert folder_note(name, folder) == f"单位名称太长，不宜直接用作文件夹名；报告写在文件夹“{folder}”中"
    assert safe_name(first).startswith("很长的单位名称很长")


def test_build_notes_the_folder_when_it_differs_from_the_unit_name(cli, tmp_path):
    run = cli("build", unit_file(tmp_path, "长" * 300), "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [folder] = (tmp_path / "out").iterdir()
    assert len(folder.name) == MAX_FOLDER_CHARS
    assert (
        f"2024.yaml:1：单位名称：提示：单位名称太长，不宜直接用作文件夹名；报告写在文件夹“{folder.name}”中"
        in run.output
    )


def test_build_of_an_ordinary_name_says_nothing_about_its_folder(cli, tmp_path):
    run = cli("build", unit_file(tmp_path, "城关派出所"), "-o", tmp_path / "out")
    assert run.exit_code == 0 and "文件夹名" not in run.output
    assert (tmp_path / "out/城关派出所").is_dir()


def test_batch_summary_names_a_folder_that_differs(cli, tmp_path):
    folder = tmp_path / "县局"
    folder.mkdir()
    unit_file(folder, "CON").rename(folder / "甲.yaml")
    unit_file(folder, "城关派出所").rename(folder / "乙.yaml")
    run = cli("batch", folder, "-o", tmp_path / "out", "--jobs", "1")
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_dir()) == ["_CON", "城关派出所"]
    rows = {r[0]: r[-1] for r in load_workbook(tmp_path / "out/汇总表.xlsx").active.iter_rows(values_only=True)}
    assert rows["CON"] == "已生成，输出文件夹为“_CON”" and rows["城关派出所"] == "已生成"
