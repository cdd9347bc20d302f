"""The checking sheet lists exactly what the documents print: every listed value is in the documents, and every
amount and rate the documents print is listed, with the place it stands."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import DATA, MINIMAL, docx_text
from docx import Document

from reportgen.documents.checklist import checklist_rows
from reportgen.pipeline.build import build, prepare, printed_figures
from reportgen.pipeline.options import Options

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


def test_no_mark_is_left_in_a_first_page_footer_or_a_content_control(tmp_path, write_yaml):
    """The checking sheet's marks were removed from the body, headers and footers only: one in a first-page
    footer or a content control (Word's cover pages use them) stayed in the delivered report."""
    from docx.oxml import parse_xml

    template = Document()
    section = template.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = "执行{{ 预算.执行数 | 万元 }}"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    control = parse_xml(
        f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:p><w:r><w:t>预算{{{{ 预算.年初预算数 | 万元 }}}}</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    template.element.body.insert(0, control)
    template.save(str(tmp_path / "模板.docx"))
    data = write_yaml(MINIMAL + "模板: 模板.docx\n")
    outputs = build(data, Options(tmp_path / "out", checklist=True)).outputs
    [report] = [p for p in outputs if p.suffix == ".docx"]
    with zipfile.ZipFile(report) as package:
        texts = {name: package.read(name).decode() for name in package.namelist() if name.endswith(".xml")}
    assert not [name for name, text in texts.items() if "\ue000" in text or "\ue001" in text]
    assert "95.50万元" in "".join(texts.values()) and "100.00万元" in "".join(texts.values())
