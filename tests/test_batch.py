"""reportgen batch: inheritance, roll-up to the parent, failures listed, the summary workbook."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import column_widths, docx_text, interrupted_conversion
from openpyxl import load_workbook

from reportgen.documents.summary import COLUMNS
from reportgen.pipeline import batch
from reportgen.pipeline.guard import Limits
from reportgen.pipeline.options import Options

COMMON = "年度: 2024\n落款:\n  日期: 2025-03-01\n职能职责:\n  - 维护辖区治安\n"


def unit(name: str, initial: str, spent: str, reception: str, extra: str = "") -> str:
    return (
        f"继承: 共同.yaml\n单位名称: {name}\n预算:\n  年初预算数: {initial}\n  执行数: {spent}\n"
        f"三公经费:\n  公务接待费:\n    决算数: {reception}\n    上年决算数: 1\n" + extra
    )


@pytest.fixture
def bureau(tmp_path) -> Path:
    folder = tmp_path / "县局"
    folder.mkdir()
    (folder / "共同.yaml").write_text(COMMON, encoding="utf-8")
    (folder / "甲派出所.yaml").write_text(unit("甲派出所", "100", "95", "2"), encoding="utf-8")
    (folder / "乙派出所.yaml").write_text(unit("乙派出所", "200", "180", "3"), encoding="utf-8")
    (folder / "丙大队.yaml").write_text(unit("丙大队", "50", "五十", "1"), encoding="utf-8")  # broken
    (folder / "重名.yaml").write_text(unit("甲派出所", "10", "10", "0.5"), encoding="utf-8")
    (folder / "县局.yaml").write_text(
        "继承: 共同.yaml\n单位名称: 某县公安局\n汇总下级: 是\n预算:\n  年初预算数: 999\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_builds_every_unit_and_lists_the_failure(cli, bureau, tmp_path, jobs):
    out = tmp_path / f"out{jobs}"
    run = cli("batch", bureau, "-o", out, "--jobs", jobs)
    assert run.exit_code == 2
    assert "共5个单位：成功3个，失败2个" in run.output
    assert "丙大队.yaml" in run.output and "请用阿拉伯数字书写" in run.output
    assert "汇总数不完整，未生成本单位" in run.output  # the parent waits for its sub-units
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == sorted(["甲派出所", "甲派出所（2）", "乙派出所"])  # no silent overwrite
    assert "与另一文件的单位名称相同" in run.output
    report = docx_text(next((out / "乙派出所").glob("*.docx")))
    assert "1.维护辖区治安" in report  # inherited from 共同.yaml


def test_parent_takes_missing_totals_and_checks_given_ones(cli, bureau, tmp_path):
    (bureau / "丙大队.yaml").unlink()
    out = tmp_path / "out"
    run = cli("batch", bureau, "-o", out, "--jobs", "1")
    assert run.exit_code == 0, run.output
    # 执行数 left out: 95 + 180 + 10 from the sub-units that built; 年初 999 given: compared with 310
    text = docx_text(next((out / "某县公安局").glob("*自评报告.docx")))
    assert "全年预算执行数285.00万元" in text
    assert "公务接待费决算5.50万元" in text
    assert "预算.年初预算数：警告：汇总核对：填写为999.00万元，各下级单位之和为310.00万元，相差689.00万元" in run.output


def test_parent_in_yuan_gets_sums_in_its_own_unit(cli, bureau, tmp_path):
    (bureau / "丙大队.yaml").unlink()
    (bureau / "县局.yaml").write_text(
        "单位名称: 某县公安局\n年度: 2024\n汇总下级: 是\n设置:\n  金额单位: 元\n预算:\n  年初预算数: 3100000\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = cli("batch", bureau, "-o", out, "--jobs", "1")
    assert run.exit_code == 0 and "汇总核对" not in run.output
    text = docx_text(next((out / "某县公安局").glob("*自评报告.docx")))
    assert "年初预算310.00万元" in text and "全年预算执行数285.00万元" in text


def test_two_parents_are_refused(cli, bureau, tmp_path):
    (bureau / "另一个.yaml").write_text("单位名称: 另一个\n年度: 2024\n汇总下级: 是\n", encoding="utf-8")
    run = cli("batch", bureau, "-o", tmp_path / "out")
    assert run.exit_code == 2 and "一个文件夹只能有一个上级单位" in run.output


def test_summary_workbook(cli, bureau, tmp_path):
    out = tmp_path / "out"
    cli("batch", bureau, "-o", out, "--jobs", "2")
    sheet = load_workbook(out / "汇总表.xlsx").active
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("单位", "年初预算（万元）", "全年预算（万元）", "执行数（万元）", "执行率")
    by_unit = {row[0]: row for row in rows[1:]}
    assert by_unit["乙派出所"][1] == 200 and by_unit["乙派出所"][3] == 180 and by_unit["乙派出所"][4] == 0.9
    assert isinstance(by_unit["乙派出所"][3], int | float)  # numbers, not text
    assert sheet["E2"].number_format == "0.00%" and sheet["B2"].number_format == "0.00"
    assert by_unit["丙大队"][-1].startswith("失败：")
    total = rows[-1]
    assert total[0] == "合计"
    assert Decimal(str(total[3])) == Decimal(95 + 180 + 10)  # the failed unit and the parent are not added
    assert all(cell.font.b for cell in sheet[1]) and all(cell.font.b for cell in sheet[len(rows)])
    assert not sheet["A2"].font.b
    assert sheet.cell(len(rows), 5).number_format == "0.00%" and sheet.cell(len(rows), 4).number_format == "0.00"
    assert column_widths(sheet) == [width for _, _, width in COLUMNS]


def test_batch_output_matches_a_single_build(cli, bureau, tmp_path):
    cli("batch", bureau, "-o", tmp_path / "batch", "--jobs", "2")
    cli("build", bureau / "乙派出所.yaml", "-o", tmp_path / "single")
    [batch_doc] = (tmp_path / "batch" / "乙派出所").glob("*.docx")
    [single_doc] = (tmp_path / "single" / "乙派出所").glob("*.docx")
    assert docx_text(batch_doc) == docx_text(single_doc)


def test_unit_names_cannot_escape_the_output_folder(cli, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "单位名称: ../../逃逸/单位\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8"
    )
    (folder / "b.yaml").write_text(
        "单位名称: 'C:\\\\Windows\\\\公安局<>|'\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert cli("batch", folder, "-o", out, "--jobs", "1").exit_code == 0
    written = list(out.rglob("*.docx"))
    assert len(written) == 2 and all(out.resolve() in p.resolve().parents for p in written)
    assert not (tmp_path / "逃逸").exists()


ENDLESS = "绩效目标: '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}'\n"


def test_a_unit_past_its_time_budget_fails_alone(bureau, tmp_path):
    (bureau / "死循环.yaml").write_text(unit("死循环单位", "1", "1", "0", ENDLESS), encoding="utf-8")
    (bureau / "丙大队.yaml").unlink()
    out = tmp_path / "out"
    results, _ = batch.run_batch(bureau, Options(out, jobs=2, limits=Limits(seconds=4)))
    [stopped, parent] = [r for r in results if r.failed]
    assert stopped.file.name == "死循环.yaml" and parent.parent, "a parent is not built from incomplete sums"
    [message] = [str(d) for d in stopped.diagnostics]
    assert "处理超过4秒仍未完成" in message and "死循环.yaml:10：绩效目标[1]" in message
    assert "当时正在处理：填写“绩效目标[1]”中的占位符" in message
    assert sorted(r.unit for r in results if not r.failed) == ["乙派出所", "甲派出所", "甲派出所"]
    assert (out / "乙派出所").is_dir() and (out / "甲派出所（2）").is_dir()
    assert not (out / "死循环单位").exists()


def test_two_parents_fail_themselves_not_the_batch(cli, bureau, tmp_path):
    (bureau / "另一个上级.yaml").write_text(
        "继承: 共同.yaml\n单位名称: 另一局\n汇总下级: 是\n预算:\n  年初预算数: 1\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    run = cli("batch", bureau, "-o", out, "--jobs", "2")
    assert run.exit_code == 2
    assert "有2个文件写了“汇总下级: 是”（县局.yaml、另一个上级.yaml）" in run.output
    assert (out / "乙派出所").is_dir() and (out / "汇总表.xlsx").is_file()
    assert not (out / "某县公安局").exists() and not (out / "另一局").exists()


def test_a_unit_named_like_the_summary_gets_another_folder(cli, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "单位名称: 汇总表.xlsx\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8"
    )
    (folder / "b.yaml").write_text("单位名称: ABC\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8")
    (folder / "c.yaml").write_text("单位名称: abc\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    run = cli("batch", folder, "-o", out, "--jobs", "1")
    assert run.exit_code == 0, run.output
    assert (out / "汇总表.xlsx").is_file() and (out / "汇总表.xlsx（2）").is_dir()
    assert (out / "ABC").is_dir() and (out / "abc（2）").is_dir(), "Windows sees ABC and abc as one folder"


def test_an_unreadable_file_is_a_failed_unit_not_a_failed_batch(cli, bureau, tmp_path):
    (bureau / "坏.yaml").write_bytes(b"\xff\xfe\x00")  # UTF-16 of odd length
    (bureau / "制表符.yaml").write_text("单位名称: 甲\n预算:\n\t年初预算数: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    run = cli("batch", bureau, "-o", out, "--jobs", "2")
    assert run.exit_code == 2
    assert "程序内部错误" not in run.output
    assert "制表符.yaml:3" in run.output and "坏.yaml" in run.output
    assert (out / "汇总表.xlsx").is_file() and (out / "乙派出所").is_dir()


def test_a_folder_of_only_unreadable_files_lists_them(cli, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "坏.yaml").write_text("单位名称: 甲\n预算:\n\t年初预算数: 1\n", encoding="utf-8")
    run = cli("batch", folder, "-o", tmp_path / "out")
    assert run.exit_code == 2
    assert "坏.yaml:3" in run.output and "没有单位的 YAML 文件" not in run.output


def test_names_one_folder_on_windows_get_two_folders(cli, tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    for file, name in (("a.yaml", "Caf\u00e9"), ("b.yaml", "CAFE\u0301")):
        (folder / file).write_text(
            f"单位名称: {name}\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    assert cli("batch", folder, "-o", out, "--jobs", "1").exit_code == 0
    assert len([p for p in out.iterdir() if p.is_dir()]) == 2


def test_batch_pdf_a_unit_whose_conversion_fails_does_not_fail_the_others(cli, bureau, tmp_path, fake_office):
    (bureau / "丙大队.yaml").write_text(unit("崩溃所", "50", "50", "1"), encoding="utf-8")  # LibreOffice crashes on it
    out = tmp_path / "out"
    run = cli("batch", bureau, "-o", out, "--jobs", "1", "--pdf")
    assert run.exit_code == 3, run.output
    assert "共5个单位：成功5个，失败0个" in run.output
    [warning] = [line for line in run.output.splitlines() if "PDF 未生成" in line]
    assert "崩溃所" in warning and "LibreOffice 未能把文档转换为 PDF" in warning
    assert list((out / "崩溃所").glob("*.docx")) and not list((out / "崩溃所").glob("*.pdf"))
    for name in ("甲派出所", "甲派出所（2）", "乙派出所", "某县公安局"):
        assert sorted(p.suffix for p in (out / name).iterdir()) == [".docx", ".pdf"], name
    assert not list((tmp_path / "tmp").iterdir()), "no temporary folder is left"


def test_batch_pdf_converts_many_units_in_one_run(cli, bureau, tmp_path, fake_office, monkeypatch):
    (bureau / "丙大队.yaml").unlink()
    assert cli("batch", bureau, "-o", tmp_path / "out", "--jobs", "1", "--pdf").exit_code == 0
    assert len(fake_office.runs()) == 2, "the three units in one run, then their parent"
    monkeypatch.setattr(batch, "PDF_UNITS", 2)
    assert cli("batch", bureau, "-o", tmp_path / "again", "--jobs", "1", "--pdf").exit_code == 0
    assert len(fake_office.runs()) == 2 + 3
    assert len(list((tmp_path / "again").rglob("*.pdf"))) == 4


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for LibreOffice")
def test_sigterm_during_batch_pdf_leaves_no_libreoffice_and_no_temporary_folder(bureau, tmp_path):
    (bureau / "丙大队.yaml").unlink()
    interrupted_conversion(tmp_path, ["batch", str(bureau), "-o", str(tmp_path / "out"), "--pdf", "-j", "2"], 2)
