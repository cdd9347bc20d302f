"""--pdf: PDF copies through LibreOffice, a plain message without it, a hung conversion stopped."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, MINIMAL

from reportgen import pdf
from reportgen.build import build
from reportgen.errors import ReportgenError


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
    [document] = build(write_yaml(MINIMAL), tmp_path / "out").outputs
    with pytest.raises(ReportgenError) as raised:
        pdf.to_pdf([document], seconds=1)
    assert "超过1秒仍未完成" in str(raised.value)
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_office_lookup_uses_the_path(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/lo/soffice" if name == "soffice" else None)
    assert pdf.office() == "/opt/lo/soffice"
