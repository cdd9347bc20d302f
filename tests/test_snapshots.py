"""Snapshots: every paragraph and table cell of every example's documents, as text, committed.

A change that should not alter the documents (a refactor, a fix elsewhere)
must leave these unchanged; a change that should alter them updates them
with ``python -m pytest tests/test_snapshots.py --update-snapshots`` and the
diff is reviewed in the commit.  The golden tests say what the figures mean;
these say that nothing else moved.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA
from docx import Document
from docx.oxml.ns import qn

from reportgen.documents.checklist import checklist_rows
from reportgen.pipeline.build import build, prepare, printed_figures
from reportgen.pipeline.options import Options

SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLES = sorted(path.relative_to(DATA) for path in DATA.glob("*/*.yaml"))


def _cell(tc: object) -> str:
    """A cell's text, with its span and vertical merge where it has them."""
    pr = tc.tcPr  # type: ignore[attr-defined]
    marks = []
    if pr is not None:
        span, merge = pr.find(qn("w:gridSpan")), pr.find(qn("w:vMerge"))
        if span is not None:
            marks.append(f"跨{span.get(qn('w:val'))}列")
        if merge is not None:
            marks.append("合并起" if merge.get(qn("w:val")) == "restart" else "合并续")
    text = "/".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        for p in tc.iter(qn("w:p"))  # type: ignore[attr-defined]
    ).strip("/")
    return f"{text}〔{'，'.join(marks)}〕" if marks else text


def snapshot_lines(path: Path) -> list[str]:
    """The document's body in order: one line per non-empty paragraph, one per table row; then headers and footers."""
    document = Document(str(path))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
            if text:
                lines.append(text)
        elif element.tag == qn("w:tbl"):
            lines.append("【表格】")
            for row in element.iter(qn("w:tr")):
                lines.append(" | ".join(_cell(tc) for tc in row.iter(qn("w:tc"))))
            lines.append("【表格完】")
    for section in document.sections:
        for part in (section.header, section.footer, section.even_page_header, section.even_page_footer):
            text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
            if text:
                lines.append(f"【页眉页脚】{text}")
    return lines


@pytest.mark.parametrize("example", EXAMPLES, ids=[str(e) for e in EXAMPLES])
def test_documents_match_their_snapshot(example, tmp_path, request):
    documents = sorted(p for p in build(DATA / example, Options(tmp_path)).outputs if p.suffix == ".docx")
    assert documents
    folder = SNAPSHOTS / example.parent
    expected_files = sorted(folder.glob(f"{example.stem}_*.txt")) if folder.is_dir() else []
    produced = {folder / f"{example.stem}_{d.stem}.txt": "\n".join(snapshot_lines(d)) + "\n" for d in documents}
    if request.config.getoption("--update-snapshots"):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in set(expected_files) - set(produced):
            stale.unlink()
        for target, text in produced.items():
            target.write_text(text, encoding="utf-8")
        return
    assert sorted(produced) == expected_files, "the set of documents changed; run with --update-snapshots"
    for target, text in produced.items():
        assert text == target.read_text(encoding="utf-8"), f"{target.name} changed; run with --update-snapshots"


@pytest.mark.parametrize("example", EXAMPLES, ids=[str(e) for e in EXAMPLES])
def test_checklist_matches_its_snapshot(example, request):
    """The checking sheet's rows (where, item, figure, shown value, source, basis), file paths made relative."""
    rows = checklist_rows(printed_figures(prepare(DATA / example))[0])
    text = "".join(
        " | ".join((r.where, r.item, r.figure, r.shown, r.source, r.basis.replace(str(DATA), "data"))) + "\n"
        for r in rows
    )
    target = SNAPSHOTS / example.parent / f"{example.stem}.数据核对表.txt"
    if request.config.getoption("--update-snapshots"):
        target.write_text(text, encoding="utf-8")
        return
    assert text == target.read_text(encoding="utf-8"), f"{target.name} changed; run with --update-snapshots"
