"""The checking sheet lists exactly what the documents print: every listed value is in the documents, and every
amount and rate the documents print is listed, with the place it stands."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, docx_text

from reportgen.documents.checklist import checklist_rows
from reportgen.pipeline.build import prepare, printed_figures

EXAMPLES = sorted(str(p.relative_to(DATA)) for p in DATA.glob("*/*.yaml"))
FIGURE = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?%|(?<![\d.])-?\d+\.\d{2}(?![\d%])")
"""A rate (89.73%, 100%) or an amount to the cent (233.29): the figures reportgen itself formats."""


def _printed(example: str, tmp_path):
    checked = prepare(DATA / example)
    printed, documents = printed_figures(checked, folder=tmp_path)
    texts = {}
    for path, content in documents.items():
        (tmp_path / path.name).write_bytes(content)
        texts[path.name] = docx_text(tmp_path / path.name)
    return checklist_rows(printed), texts


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_listed_figure_is_printed_where_the_sheet_says(example, tmp_path):
    rows, texts = _printed(example, tmp_path)
    whole = "\n".join(texts.values())
    assert rows
    for row in rows:
        assert row.shown.removesuffix("万元") in whole, row
        assert row.where, row
    assert "\ue000" not in whole and "\ue001" not in whole


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_figure_the_documents_print_is_listed(example, tmp_path):
    rows, texts = _printed(example, tmp_path)
    listed = {row.shown.removesuffix("万元") for row in rows}
    typed = (DATA / example).read_text(encoding="utf-8")
    for name, text in texts.items():
        for figure in FIGURE.findall(text):
            # a figure the clerk wrote inside a narrative is the clerk's text, not one reportgen printed
            assert figure in listed or figure in typed, (name, figure)
