"""Shared helpers: write an input file, run the CLI in-process, read a document's text."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from docx import Document
from typer.testing import CliRunner

from reportgen.commands.cli import app

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

MINIMAL = """\
单位名称: 测试县公安局
年度: 2024
预算:
  年初预算数: 100
  执行数: 95.5
绩效自评:
  自评得分: 91
"""


@pytest.fixture
def write_yaml(tmp_path: Path):
    def write(text: str, name: str = "2024.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


class Run:
    def __init__(self, exit_code: int, output: str) -> None:
        self.exit_code = exit_code
        self.output = output


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.output)

    return run


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph's text, body tables included, in document order."""
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def docx_text(path: Path) -> str:
    return "\n".join(docx_paragraphs(path))


def docx_tables(path: Path) -> list[list[list[tuple[int, int, str | None, str]]]]:
    """Every table as rows of raw cells ``(grid column, span, vMerge, text)``.

    Read from the XML rather than python-docx's cell grid, which repeats a
    merged cell's text in every row it covers.
    """
    from docx.oxml.ns import qn

    tables = []
    for table in Document(str(path)).tables:
        rows = []
        for tr in table._tbl.tr_lst:
            cells, column = [], 0
            for tc in tr.tc_lst:
                pr = tc.tcPr
                span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
                merge_el = pr.find(qn("w:vMerge")) if pr is not None else None
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                merge = (merge_el.get(qn("w:val")) or "continue") if merge_el is not None else None
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                cells.append((column, span, merge, text))
                column += span
            rows.append(cells)
        tables.append(rows)
    return tables


def merged_runs(rows: list[list[tuple[int, int, str | None, str]]], column: int) -> list[tuple[int, int]]:
    """(first row, row count) of every vertical merge of at least two rows in a grid column."""
    runs, start = [], None
    for index, row in enumerate(rows + [[]]):
        merge = next((m for c, _, m, _ in row if c == column), None)
        if merge == "continue":
            continue
        if start is not None and index - start > 1:
            runs.append((start, index - start))
        start = index if merge == "restart" else None
    return runs


def column_widths(sheet) -> list[int]:
    """An openpyxl sheet's column widths in whole characters, as Excel shows them (a stored 30.71 as 30)."""
    widths = {
        column: int(dimension.width)
        for dimension in sheet.column_dimensions.values()
        for column in range(dimension.min, dimension.max + 1)  # one <col> may set a run of columns
    }
    return [widths[column] for column in sorted(widths)]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", help="rewrite tests/snapshots from the documents built now"
    )


FAKE_OFFICE = '''#!{python}
"""Stands in for LibreOffice: each .docx becomes a small PDF, unless its text says 崩溃 (crash) or 卡住 (hang)."""
import os, sys, time, zipfile

with open({log!r}, "a", encoding="utf-8") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
args = sys.argv[1:]
outdir = args[args.index("--outdir") + 1]
for source in [a for a in args if a.endswith(".docx")]:
    try:
        text = zipfile.ZipFile(source).read("word/document.xml").decode("utf-8")
    except Exception:
        continue  # as LibreOffice does: “source file could not be loaded”, and on to the next
    target = os.path.join(outdir, os.path.basename(source)[: -len(".docx")] + ".pdf")
    if "崩溃" in text:
        os._exit(134)
    if "卡住" in text:
        with open(target, "wb") as half:
            half.write(b"%PDF-1.4 half")
        time.sleep(60)
    with open(target, "wb") as pdf:
        pdf.write(b"%PDF-1.4 fake\\n%%EOF\\n")
'''


class FakeOffice:
    def __init__(self, folder: Path) -> None:
        self.log = folder / "runs.log"
        self.command = folder / "soffice"
        self.command.write_text(FAKE_OFFICE.format(python=sys.executable, log=str(self.log)), encoding="utf-8")
        self.command.chmod(0o755)

    def runs(self) -> list[str]:
        """Each run's command line (after the program's name)."""
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


@pytest.fixture
def fake_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeOffice:
    """A stand-in for LibreOffice (a Python script), used by ``reportgen.output.pdf`` in this process; temporary
    folders go to ``tmp_path / 'tmp'``, so a test can see that none is left."""
    from reportgen.output import pdf

    if sys.platform == "win32":
        pytest.skip("a script stands in for LibreOffice")
    folder = tmp_path / "office"
    folder.mkdir()
    office = FakeOffice(folder)
    monkeypatch.setattr(pdf, "office", lambda: str(office.command))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    return office


HUNG_OFFICE = """#!/bin/sh
sleep 300 &
echo $! >> "{pids}"
echo $$ >> "{pids}"
wait
"""
"""A LibreOffice that never finishes, and starts a child: it writes both process ids."""


def interrupted_conversion(tmp_path: Path, args: list[str], offices: int) -> str:
    """``reportgen *args`` with ``offices`` hung LibreOffices running, stopped by SIGTERM: its output.

    It must end with exit code 130, leaving no LibreOffice (nor what it started) and no temporary
    folder; while they ran there was one temporary folder for each.
    """
    fake_bin, temporary, pids = tmp_path / "bin", tmp_path / "tmp", tmp_path / "pids"
    fake_bin.mkdir()
    temporary.mkdir()
    office = fake_bin / "soffice"
    office.write_text(HUNG_OFFICE.format(pids=pids), encoding="utf-8")
    office.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(temporary)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    while not (pids.exists() and len(pids.read_text().split()) == 2 * offices):
        assert time.monotonic() < deadline and process.poll() is None, process.communicate()[0].decode()
        time.sleep(0.1)
    assert len(list(temporary.glob("reportgen-pdf-*"))) == offices
    process.send_signal(signal.SIGTERM)
    output = process.communicate(timeout=30)[0].decode()
    assert process.returncode == 130, output
    for pid in map(int, pids.read_text().split()):
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not list(temporary.glob("reportgen-pdf-*"))
    return output
