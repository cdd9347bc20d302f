"""Word, WPS and Excel open every document reportgen writes as it is, with nothing to repair.

openxml-audit checks each part of a package against the Office schemas and
rules: no error in any .docx or .xlsx of any example in any shipped outline,
nor of a batch with its 汇总表, and no warning in a sheet (its one warning
was Excel rewriting the file on the first save).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from openxml_audit import OpenXmlValidator, ValidationSeverity
from typer.testing import CliRunner

from reportgen.commands.cli import app
from reportgen.outline.model import DEFAULT, SHIPPED

EXAMPLES = sorted(DATA.glob("*/*.yaml"))


def _own_outline(example: Path) -> str:
    return (yaml.safe_load(example.read_text(encoding="utf-8")).get("设置") or {}).get("提纲", DEFAULT)


CASES = [
    example.relative_to(DATA).as_posix() + ("" if outline == _own_outline(example) else f"@{outline}")
    for example in EXAMPLES
    for outline in SHIPPED
]
"""Each example as it is, and in each other shipped outline."""


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(max_errors=0)  # 0: every finding, not the first thousand


def run(*args: object) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def findings(validator: OpenXmlValidator, documents: list[Path], root: Path) -> list[str]:
    """One line per error in a document, and per warning in a sheet: file, part, path, what is wrong."""
    lines = []
    for document in documents:
        counted = {ValidationSeverity.ERROR} | ({ValidationSeverity.WARNING} if document.suffix == ".xlsx" else set())
        lines += [
            f"{document.relative_to(root)}: {e.part_uri} {e.path or e.node}: {e.severity.value}: {e.description}"
            for e in validator.validate(document).errors
            if e.severity in counted
        ]
    return lines


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".xlsx"))


@pytest.mark.parametrize("case", CASES)
def test_every_document_of_an_example_passes_the_audit(case, validator, tmp_path):
    example, _, outline = case.partition("@")
    data = DATA / example
    if outline:  # the same data in another outline: a file that inherits it and names the outline
        data = tmp_path / f"{outline}.yaml"
        data.write_text(f'继承: "{(DATA / example).as_posix()}"\n设置:\n  提纲: {outline}\n', encoding="utf-8")
    run("build", data, "-o", tmp_path / "out", "--核对表")
    written = documents(tmp_path / "out")
    assert {p.suffix for p in written} == {".docx", ".xlsx"}, written
    problems = findings(validator, written, tmp_path / "out")
    assert not problems, "openxml-audit:\n" + "\n".join(problems)


def test_every_document_of_a_batch_passes_the_audit(validator, tmp_path):
    folder = tmp_path / "单位"
    folder.mkdir()
    for example in EXAMPLES:
        shutil.copy(example, folder / f"{example.parent.name}.yaml")
    run("batch", folder, "-o", tmp_path / "out", "--jobs", "1", "--核对表")
    written = documents(tmp_path / "out")
    assert tmp_path / "out" / "汇总表.xlsx" in written
    problems = findings(validator, written, tmp_path / "out")
    assert not problems, "openxml-audit:\n" + "\n".join(problems)
