"""--pdf: PDF copies through LibreOffice, a plain message without it, a hung conversion stopped."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, interrupted_conversion
from docx import Document

from reportgen.errors import ReportgenError
from reportgen.output import pdf
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options


@pytest.mark.skipif(pdf.office() is None, reason="LibreOffice 未安装，跳过 PDF 导出")
def test_build_with_pdf_writes_a_pdf_beside_each_document(cli, tmp_path):
    run = cli("build", DATA / "乐至/2020.yaml", "-o", tmp_path, "--pdf")
    assert run.exit_code == 0, run.output
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert [p.stem for p in pdfs] == [p.stem for p in sorted(tmp_path.rglob("*.docx"))]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)


def test_without_libreoffice_the_message_says_how_to_install(cli, write_yaml, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "office", lambda: None)
    run = cli("build", write_yaml(MINIMAL), "-o", tmp_path / "out", "--pdf")
    assert run.exit_code == 3
    assert "未找到 LibreOffice" in run.output and "libreoffice-writer-nogui" in run.output
    assert list((tmp_path / "out").rglob("*.docx")), "the Word document is still written"


def test_a_hung_conversion_is_stopped(write_yaml, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "office", lambda: str(fake))
    [document] = build(write_yaml(MINIMAL), Options(tmp_path / "out")).outputs
    with pytest.raises(ReportgenError) as raised:
        pdf.to_pdf([document], seconds=1)
    assert "超过1秒仍未完成" in str(raised.value)
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_office_is_found_where_its_windows_installer_puts_it(monkeypatch, tmp_path):
    """LibreOffice's Windows installer does not add soffice to PATH: --pdf said it was not installed."""
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    assert pdf.office() == str(program / "soffice.exe")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "elsewhere"))
    assert pdf.office() is None


def test_office_lookup_uses_the_path(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/lo/soffice" if name == "soffice" else None)
    assert pdf.office() == "/opt/lo/soffice"


OUR_OPTIONS = ("--headless", "--convert-to", "pdf", "--outdir", "-env:UserInstallation=")


def test_no_argument_from_the_data_reads_as_an_option(cli, write_yaml, tmp_path, monkeypatch):
    """A unit name such as ``--accept=…`` never reaches LibreOffice: it gets absolute paths of numbered copies."""
    calls: list[list[str]] = []

    class Recorder:
        returncode = 0

        def __init__(self, args: list[str], **kwargs: object) -> None:
            calls.append(args)
            self.pid = 0

        def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
            return b"", b""

    name = "--accept=socket,host=127.0.0.1,port=23456;urp;"
    monkeypatch.setattr(pdf, "office", lambda: "soffice")
    monkeypatch.setattr(pdf.subprocess, "Popen", Recorder)
    monkeypatch.chdir(tmp_path)
    run = cli("build", write_yaml(MINIMAL.replace("测试县公安局", f"'{name}'")), "-o", ".", "--pdf")
    assert run.exit_code == 3, run.output  # the recorder converts nothing
    [args] = calls
    theirs = [a for a in args[1:] if not a.startswith(OUR_OPTIONS)]
    assert len(theirs) == 2 and all(Path(a).is_absolute() for a in theirs)
    assert not [a for a in theirs if a.startswith("-")]
    assert not [a for a in args if "accept=socket" in a], "LibreOffice converts a numbered copy of the document"


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for LibreOffice")
def test_sigterm_during_pdf_leaves_no_libreoffice_and_no_temporary_folder(write_yaml, tmp_path):
    output = interrupted_conversion(tmp_path, ["build", str(write_yaml(MINIMAL)), "-o", str(tmp_path / "out"), "--pdf"], 1)
    assert "已中断" in output


def documents(folder: Path, *texts: str, name: str = "报告.docx") -> list[Path]:
    """A .docx saying each text, each in a folder of its own (so that all may have one name)."""
    made = []
    for index, text in enumerate(texts):
        (folder / str(index)).mkdir(parents=True)
        document = Document()
        document.add_paragraph(text)
        made.append(folder / str(index) / name)
        document.save(str(made[-1]))
    return made


def test_documents_of_one_name_convert_in_one_run(fake_office, tmp_path):
    """A batch's reports all have one name: each still gets its own PDF, from a single LibreOffice."""
    first, second = documents(tmp_path / "docs", "甲所", "乙所")
    assert pdf.to_pdf([first, second]) == [first.with_suffix(".pdf"), second.with_suffix(".pdf")]
    assert len(fake_office.runs()) == 1
    assert first.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert not list((tmp_path / "tmp").iterdir()), "no temporary folder is left"


def test_a_document_that_crashes_libreoffice_fails_alone(fake_office, tmp_path):
    docs = documents(tmp_path / "docs", "甲所", "崩溃所", "乙所", "崩溃所", "丙所")
    conversion = pdf.convert(docs)
    assert list(conversion.failed) == [docs[1], docs[3]]
    assert "LibreOffice 未能把文档转换为 PDF" in conversion.failed[docs[1]].message
    assert sorted(conversion.written) == sorted([docs[0], docs[2], docs[4]])
    assert all(p.with_suffix(".pdf").is_file() for p in conversion.written) and not docs[1].with_suffix(".pdf").exists()
    assert len(fake_office.runs()) == 3, "the documents after each crash are converted by a new run"
    assert not list((tmp_path / "tmp").iterdir())


def test_a_document_libreoffice_cannot_read_fails_alone(fake_office, tmp_path):
    docs = documents(tmp_path / "docs", "甲所", "乙所", "丙所")
    docs[1].write_bytes(b"PK\x03\x04 not a whole document")
    conversion = pdf.convert(docs)
    assert list(conversion.failed) == [docs[1]] and sorted(conversion.written) == sorted([docs[0], docs[2]])
    assert len(fake_office.runs()) == 1, "LibreOffice went on to the next document itself"


def test_a_hung_document_is_stopped_and_the_rest_are_converted(fake_office, tmp_path):
    docs = documents(tmp_path / "docs", "甲所", "卡住所", "乙所")
    conversion = pdf.convert(docs, seconds=1)
    assert list(conversion.failed) == [docs[1]]
    assert "超过1秒仍未完成" in conversion.failed[docs[1]].message
    assert not docs[1].with_suffix(".pdf").exists(), "the half-written PDF is not put in place"
    assert sorted(conversion.written) == sorted([docs[0], docs[2]])
    assert not list((tmp_path / "tmp").iterdir())


def test_libreoffice_that_converts_nothing_is_not_started_for_every_document(fake_office, tmp_path):
    docs = documents(tmp_path / "docs", *(["崩溃所"] * 5))
    conversion = pdf.convert(docs)
    assert list(conversion.failed) == docs and not conversion.written
    assert len(fake_office.runs()) == 2


@pytest.mark.skipif(pdf.office() is None, reason="LibreOffice 未安装，跳过 PDF 导出")
def test_libreoffice_converts_the_others_when_one_document_is_broken(tmp_path):
    docs = documents(tmp_path / "docs", "甲所", "乙所", "丙所")
    docs[1].write_bytes(docs[1].read_bytes()[:3000])  # cut short
    conversion = pdf.convert(docs)
    assert list(conversion.failed) == [docs[1]]
    assert sorted(conversion.written) == sorted([docs[0], docs[2]])
    assert all(p.with_suffix(".pdf").read_bytes().startswith(b"%PDF") for p in conversion.written)
