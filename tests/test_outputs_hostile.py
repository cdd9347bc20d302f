"""Hostile names and failing disks meet the outputs: sheets, folders, all-or-nothing writes, init, export."""

from __future__ import annotations

import errno
import html
import io
import json
import os
import re
import sys
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from reportgen.documents.summary import SummaryRow, summary_xlsx
from reportgen.errors import ReportgenError
from reportgen.output import write
from reportgen.output.write import MAX_FOLDER_BYTES, MAX_FOLDER_CHARS, TEMP_PREFIX, UNNAMED, folder_note, safe_name
from reportgen.output.xlsx import MAX_CELL_UNITS, cell_text
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options
from reportgen.pipeline.result import UnitResult
from reportgen.read.load import load

FORMULA = '=HYPERLINK("http://x","点击")'


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def string_cells(content: bytes) -> dict[str, list[str]]:
    """Cell reference → the runs of every string cell's text, as the file stores them."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        table = archive.read("xl/sharedStrings.xml").decode("utf-8")
    strings = [
        [html.unescape(run) for run in re.findall(r"<t[^>]*>(.*?)</t>", item, re.DOTALL)]
        for item in re.findall(r"<si>(.*?)</si>", table, re.DOTALL)
    ]
    cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*t="s"[^>]*><v>(\d+)</v>', sheet_xml(content))
    return {ref: strings[int(index)] for ref, index in cells}


def shown(runs: list[str]) -> str:
    """The text Excel shows for stored runs: in each, ``_xHHHH_`` read as U+HHHH from left to right."""
    return "".join(re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), run) for run in runs)


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
    row = SummaryRow(spent=Decimal("95.5"), grade="优")
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit=name, summary=row)])
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml
    cells = string_cells(content)
    assert cells["A2"] == [name]
    assert re.search(r'<c r="D2"(?: s="\d+")?><v>95.5</v>', xml)  # numbers stay numbers (no t: a number)
    assert cells["J2"] == ["优"]
    assert load_workbook(io.BytesIO(content)).active["A2"].value == name


def test_summary_of_an_ordinary_name_has_no_quote_prefix():
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit="城关派出所")])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "城关派出所" and not sheet["A2"].quotePrefix
    assert sheet["A1"].value == "单位"


def test_checklist_stores_a_formula_like_project_name_as_text(tmp_path):
    outputs = build(
        unit_file(tmp_path, "测试局", FORMULA.replace('"', "")), Options(tmp_path / "out", checklist=True)
    ).outputs
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
    """A unit name is at most 60 characters, so a device name is what a build can meet here."""
    run = cli("build", unit_file(tmp_path, "CON"), "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    [folder] = (tmp_path / "out").iterdir()
    assert folder.name == "_CON"
    assert "2024.yaml:1：单位名称：提示：单位名称是 Windows 保留的设备名" in run.output
    assert "报告写在文件夹“_CON”中" in run.output


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


# --- 3. a build writes all its documents or none ----------------------------------------------


@pytest.fixture
def built(tmp_path):
    """A unit built once (report and checking sheet), its file changed since: the old documents' bytes."""
    path = unit_file(tmp_path, "城关派出所")
    outputs = build(path, Options(tmp_path / "out", checklist=True)).outputs
    assert [p.suffix for p in outputs] == [".docx", ".xlsx"]
    path.write_text(path.read_text(encoding="utf-8").replace("95.5", "90"), encoding="utf-8")
    return path, {p: p.read_bytes() for p in outputs}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def failing_replace(monkeypatch, fails: Callable[[str, str, int], bool]) -> None:
    """Make ``os.replace`` in write.py raise ENOSPC when ``fails(source, target, n)`` (n counts staged files put in)."""
    real, count = os.replace, [0]

    def replace(source, target):
        source, target = str(source), str(target)
        if source.endswith(".tmp"):
            count[0] += 1
        if fails(source, target, count[0]):
            raise OSError(errno.ENOSPC, "No space left on device", target)
        real(source, target)

    monkeypatch.setattr(write.os, "replace", replace)


def test_a_folder_at_the_sheet_path_leaves_the_old_report(tmp_path, built):
    path, old = built
    report, sheet = old
    sheet.unlink()
    sheet.mkdir()
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "out", checklist=True))
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.message == "无法写入输出文件：目标位置是一个文件夹，不是文件"
    assert diagnostic.file == str(sheet)
    assert report.read_bytes() == old[report] and sheet.is_dir()
    assert leftovers(report.parent) == []


def test_the_cli_says_so_without_blaming_word(cli, tmp_path, built):
    path, old = built
    report, sheet = old
    sheet.unlink()
    sheet.mkdir()
    run = cli("build", path, "-o", tmp_path / "out", "--核对表")
    assert run.exit_code == 2
    assert f"{sheet}：错误：无法写入输出文件：目标位置是一个文件夹，不是文件" in run.output
    assert "Word" not in run.output and "未生成报告" in run.output
    assert report.read_bytes() == old[report]


def test_no_space_on_the_second_replace_puts_the_first_back(monkeypatch, tmp_path, built):
    path, old = built
    report, sheet = old
    failing_replace(monkeypatch, lambda source, target, n: n == 2 and source.endswith(".tmp"))
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "out", checklist=True))
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.message == "无法写入输出文件：磁盘空间已满；已恢复原状，本次没有写入任何文件"
    assert diagnostic.file == str(sheet)
    assert {p: p.read_bytes() for p in old} == old
    assert leftovers(report.parent) == []


def test_without_hard_links_the_old_files_are_renamed_aside_and_back(monkeypatch, tmp_path, built):
    path, old = built

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(write.os, "link", no_links)
    failing_replace(monkeypatch, lambda source, target, n: n == 2 and source.endswith(".tmp"))
    with pytest.raises(ReportgenError):
        build(path, Options(tmp_path / "out", checklist=True))
    assert {p: p.read_bytes() for p in old} == old
    assert leftovers(next(iter(old)).parent) == []


def test_a_failed_first_build_leaves_no_document(monkeypatch, tmp_path):
    path = unit_file(tmp_path, "城关派出所")
    failing_replace(monkeypatch, lambda source, target, n: n == 2 and source.endswith(".tmp"))
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "out", checklist=True))
    assert "本次没有写入任何文件" in refused.value.diagnostics[0].message
    assert list((tmp_path / "out/城关派出所").iterdir()) == []


def test_when_putting_back_fails_too_each_file_is_named_new_or_old(monkeypatch, tmp_path, built):
    path, old = built
    report, sheet = old
    failing_replace(
        monkeypatch, lambda source, target, n: (n == 2 and source.endswith(".tmp")) or source.endswith(".bak")
    )
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "out", checklist=True))
    head, first, second = refused.value.diagnostics
    assert head.message == (
        "无法写入输出文件：磁盘空间已满；放回原来的文件也失败了，新旧文件混在一起，各文件现在的状态如下"
    )
    assert (first.file, second.file) == (str(report), str(sheet))
    [backup] = [p for p in report.parent.iterdir() if p.suffix == ".bak"]
    assert first.message == f"是本次新生成的文件；原来的文件在“{backup}”"
    assert second.message == "仍是原来的文件"
    assert report.read_bytes() != old[report] and backup.read_bytes() == old[report]
    assert sheet.read_bytes() == old[sheet]
    assert not [p for p in report.parent.iterdir() if p.suffix == ".tmp"]


def test_a_file_open_in_word_is_suspected_only_for_a_permission_error(monkeypatch, tmp_path, built):
    path, _ = built

    def denied(source, target):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    monkeypatch.setattr(write.os, "replace", denied)
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "out", checklist=True))
    message = refused.value.diagnostics[0].message
    assert message.startswith("无法写入输出文件：没有写入权限（如文件正在 Word/WPS/Excel 中打开，请先关闭）")


# --- 4. temporary files of killed builds are cleaned, nobody else's -----------------------------


def test_stale_temporary_files_of_ours_are_removed_and_no_others(tmp_path):
    folder = tmp_path / "out/城关派出所"
    folder.mkdir(parents=True)
    old, now = int(time.time()) - 3600, int(time.time())
    stale = folder / f"{TEMP_PREFIX}{old}-0a1b2c.tmp"
    kept = [
        f"{TEMP_PREFIX}{now}-0a1b2c.tmp",  # another build, writing right now
        f"{TEMP_PREFIX}{old}-0a1b2c.bak",  # an old document set aside: maybe the only copy
        "~$24年度部门整体支出绩效自评报告.docx",  # Word's lock file
        ".~lock.汇总表.xlsx#",  # LibreOffice's
        ".~abc.tmp",
        "别人的.tmp",
    ]
    for name in [stale.name, *kept]:
        (folder / name).write_bytes(b"x")
    os.utime(folder / kept[-1], (old, old))
    build(unit_file(tmp_path, "城关派出所"), Options(tmp_path / "out"))
    names = {p.name for p in folder.iterdir()}
    assert stale.name not in names and set(kept) <= names


def test_our_temporary_files_carry_our_prefix(monkeypatch, tmp_path):
    seen = []
    real = os.replace

    def replace(source, target):
        seen.append(Path(source).name)
        real(source, target)

    monkeypatch.setattr(write.os, "replace", replace)
    build(unit_file(tmp_path, "城关派出所"), Options(tmp_path / "out", checklist=True))
    assert len(seen) == 2 and all(re.fullmatch(r"\.~reportgen-\d+-[0-9a-f]+\.tmp", name) for name in seen)


# --- 5. template export never writes through a link ----------------------------------------------


def test_export_refuses_a_dangling_link_at_a_template_path(cli, tmp_path):
    folder, elsewhere = tmp_path / "模板", tmp_path / "别处.docx"
    folder.mkdir()
    link = folder / "项目支出绩效自评表.docx"
    link.symlink_to(elsewhere)
    run = cli("template", "export", folder)
    assert run.exit_code == 2
    assert f"{link}：错误：文件已存在，不会覆盖；请换一个文件夹" in run.output
    assert not elsewhere.exists() and [p.name for p in folder.iterdir()] == [link.name]


def test_create_all_never_follows_a_link_and_leaves_nothing_half_done(tmp_path):
    elsewhere = tmp_path / "别处.docx"
    (tmp_path / "b.docx").symlink_to(elsewhere)
    documents = {tmp_path / "a.docx": b"a", tmp_path / "b.docx": b"b", tmp_path / "c.docx": b"c"}
    with pytest.raises(ReportgenError) as refused:
        write.create_all(documents)
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.message == "文件已存在（或是指向别处的链接），不会覆盖；请换一个文件夹"
    assert diagnostic.file == str(tmp_path / "b.docx")
    assert not elsewhere.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["b.docx"]


def test_export_into_a_file_says_what_is_in_the_way(cli, tmp_path):
    (tmp_path / "模板").write_text("x", encoding="utf-8")
    run = cli("template", "export", tmp_path / "模板")
    assert run.exit_code == 2 and "路径中有一个同名的文件，而不是文件夹" in run.output and "Traceback" not in run.output


# --- 6. init writes names YAML reads back ----------------------------------------------------------

QUOTED_NAMES = ["甲'乙\"丙", "公安局: 交警大队", "#城关所", "城关 #所", "- 城关所", "-城关所", "? 甲", "@甲", "`甲", "!甲",
                "&甲", "*甲", "%甲", "|甲", ">甲", "{甲}", "[甲]", "123", "true", "null", "~", " 甲 ", "甲\\n乙", "'",
                '"', "...", "---", FORMULA]  # fmt: skip


@pytest.mark.parametrize("name", QUOTED_NAMES)
def test_init_writes_any_one_line_name_so_that_it_reads_back(cli, tmp_path, name):
    target = tmp_path / "2025.yaml"
    run = cli("init", "--年度", "2025", "-o", target, "--", name)  # “--”: a name may start with “-”
    assert run.exit_code == 0, run.output
    text = target.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["单位名称"] == name
    assert load(target).data["单位名称"] == name


@pytest.mark.parametrize(
    ("name", "code"),
    [("甲\n乙", "#x000a"), ("甲\r乙", "#x000d"), ("\x01甲", "#x0001"), ("甲\u2028乙", "#x2028"), ("甲\x85乙", "#x0085"),
     ("\u202e甲", "#x202e"), ("甲\t乙", "#x0009"), ("甲\ufffe", "#xfffe")],
)  # fmt: skip
def test_init_refuses_a_name_with_a_line_break_or_control_character(cli, tmp_path, name, code):
    target = tmp_path / "2025.yaml"
    run = cli("init", name, "--年度", "2025", "-o", target)
    assert run.exit_code == 2 and not target.exists()
    where = name.index(next(c for c in name if f"#x{ord(c):04x}" == code)) + 1
    assert f"单位名称应为一行看得见的文字，实际第{where}个字符是换行、控制字符或看不见的字符（{code}）" in run.output


CARRIED_NAMES = [
    *QUOTED_NAMES,
    "甲\n乙",
    "甲\r\n乙",
    "甲\u2028乙",
    "\ufeff甲",
    "甲\t乙",
]
REFUSED_ON_READING = ["\x01甲", "甲\ufffe", "甲\x85乙"]
"""Control and non-characters in an old file are refused when it is read, so they are never carried."""


@pytest.mark.parametrize("name", REFUSED_ON_READING)
def test_carrying_forward_refuses_an_old_file_with_control_characters(cli, tmp_path, name):
    old = tmp_path / "旧.yaml"
    old.write_text(json.dumps({"单位名称": name, "年度": 2024}), encoding="utf-8")
    run = cli("init", "--从", old, "--年度", "2025", "-o", tmp_path / "2025.yaml")
    assert run.exit_code == 2
    assert f"{old}:1：单位名称：错误：" in run.output and "不可见的控制字符" in run.output
    assert not (tmp_path / "2025.yaml").exists()


@pytest.mark.parametrize("name", CARRIED_NAMES)
def test_carrying_forward_a_hostile_name_writes_a_file_that_reads_back(cli, tmp_path, name):
    """The old file is the clerk's own, already accepted: its names carry over as the report printed them
    (spaces around a name trimmed, as validation trims them), escaped where need be."""
    old = tmp_path / "旧\n文件.yaml"
    data = {
        "单位名称": name,
        "年度": 2024,
        "预算": {"年初预算数": 100, "执行数": 95},
        "项目支出": {"项目": [{"名称": name, "年初预算数": 1, "执行数": 1}]},
        "落款": {"单位": name, "日期": "2025-01-01"},
    }
    old.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML; every odd character escaped
    target = tmp_path / "2025.yaml"
    run = cli("init", "--从", old, "--年度", "2025", "-o", target)
    assert run.exit_code == 0, run.output
    printed = name.strip()
    for new in (yaml.safe_load(target.read_text(encoding="utf-8")), load(target).data):
        assert new["单位名称"] == printed and new["落款"]["单位"] == printed
        assert new["项目支出"]["项目"][0]["名称"] == printed


# --- 7. usage errors say what each command needs, in Chinese -----------------------------------


@pytest.fixture
def usage(monkeypatch, capsys):
    """Run ``reportgen`` as a clerk does (through ``main``); return its exit code and what it printed."""
    from reportgen.commands import cli

    def run(*args: object) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["reportgen", *map(str, args)])
        with pytest.raises(SystemExit) as exited:
            cli.main()
        captured = capsys.readouterr()
        return exited.value.code, captured.out + captured.err

    return run


def test_batch_of_a_missing_folder_says_it_does_not_exist(usage, tmp_path):
    code, output = usage("batch", tmp_path / "不存在")
    assert code == 2
    assert f"命令用法有误：文件夹“{tmp_path / '不存在'}”不存在，请检查路径" in output and "不是文件夹" not in output


def test_batch_of_a_file_says_it_is_not_a_folder(usage, tmp_path):
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    code, output = usage("batch", tmp_path / "a.yaml")
    assert code == 2 and f"文件夹“{tmp_path / 'a.yaml'}”是一个文件，不是文件夹" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch"], "缺少文件夹：请在命令后写上文件夹的路径"),
        (["template", "export"], "缺少文件夹：请在命令后写上文件夹的路径"),
        (["build"], "缺少 YAML 数据文件：请在命令后写上文件的路径"),
        (["check"], "缺少 YAML 数据文件：请在命令后写上文件的路径"),
    ],
)
def test_a_missing_argument_is_named_as_the_command_needs_it(usage, args, message):
    code, output = usage(*args)
    assert code == 2 and f"命令用法有误：{message}" in output
    if args[0] in ("batch", "template"):
        assert "YAML" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", ".", "--jobs", "abc"], "--jobs/-j 应为整数，实际为“abc”"),
        (["batch", ".", "-j", "1.5"], "--jobs/-j 应为整数，实际为“1.5”"),
        (["init", "甲", "--年度", "二〇二五"], "--年度/--year 应为整数，实际为“二〇二五”"),
    ],
)
def test_a_value_of_the_wrong_type_is_explained_in_chinese(usage, args, message):
    code, output = usage(*args)
    assert code == 2 and message in output
    assert "valid" not in output and "Invalid" not in output and "Input should" not in output


def test_a_name_starting_with_a_dash_is_told_how_to_write_it(usage):
    code, output = usage("init", "-城关所", "--年度", "2025")
    assert code == 2 and "以“-”开头的名称或路径，请在它前面写“-- ”" in output
    code, output = usage("build", "--strcit", "a.yaml")
    assert "没有选项 --strcit，是否应为“--strict”？" in output and "以“-”开头" not in output


# --- 8. more of the same ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("_x202E_乙", ["_x005F_x202E_乙"]),
        ("甲_x0041_乙_x4_", ["甲_x005F_x0041_乙_x4_"]),
        ("_x005F_x0041_", ["_", "x005F_", "x0041_"]),  # sharing an _: runs that hold none whole
        ("_x0041_x0042_x0043_", ["_", "x0041_", "x0042_", "x0043_"]),
        ("<r>_x0041_</r>", ["<", "r>_", "x0041_</r>"]),
        ("甲_乙 x0041", ["甲_乙 x0041"]),  # no escape pattern, nothing changed
    ],
)
def test_text_that_excel_would_decode_as_a_character_is_kept_literal(name, stored):
    """Excel shows ``_x202E_`` in cell text as U+202E; the name must show as typed."""
    cells = string_cells(summary_xlsx([UnitResult(Path("a.yaml"), unit=name)]))
    assert cells["A2"] == stored and shown(cells["A2"]) == name


@pytest.mark.parametrize("name", ["<r>甲</r>", "<r><t>甲</t></r><r><t>=1+1</t></r>", "<r> </r>"])
def test_text_that_looks_like_rich_text_xml_is_text(name):
    """XlsxWriter copies a str that begins ``<r>`` and ends ``</r>`` into the file as XML, unescaped."""
    content = summary_xlsx([UnitResult(Path("a.yaml"), unit=name)])
    assert shown(string_cells(content)["A2"]) == name
    assert load_workbook(io.BytesIO(content)).active["A2"].value == name


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EISDIR, "目标位置是一个文件夹，不是文件"),
        (errno.ENOENT, "路径中的文件夹不存在，或路径太长"),
        (errno.EROFS, "文件夹是只读的"),
    ],
)
def test_only_a_permission_error_suspects_word(monkeypatch, tmp_path, error, reason):
    def broken(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(write.os, "fsync", broken)
    with pytest.raises(ReportgenError) as refused:
        write.write_atomic(tmp_path / "a.docx", b"x")
    assert refused.value.diagnostics[0].message == f"无法写入输出文件：{reason}"
    assert list(tmp_path.iterdir()) == []


def test_a_bidi_override_cannot_make_a_name_in_a_sheet_look_like_another():
    assert cell_text("\u202e局安公") == "\ufffd局安公"
    assert cell_text("甲\u2067乙\u2069") == "甲\ufffd乙\ufffd"
    assert cell_text("城关派出所（一）") == "城关派出所（一）"
