"""Set on the filled document: the signature per GB/T 9704 7.3.5.2, and 【待补充】 shaded."""

from __future__ import annotations

from conftest import DATA, MINIMAL
from docx import Document
from docx.oxml.ns import qn

from reportgen.documents.measure import em_width
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options


def _report(outputs: list) -> Document:
    return Document(str(next(path for path in outputs if path.name.endswith("报告.docx"))))


def _signature(document: Document) -> list[tuple[str, float]]:
    """(text, right indent in characters) of the unit and the date."""
    lines = [p for p in document.paragraphs if p.style.name == "报告落款" and p.text.strip()]
    return [(p.text, int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars"))) / 100) for p in lines[-2:]]


def test_the_date_starts_two_characters_right_of_the_signature(tmp_path):
    (unit, unit_indent), (date, date_indent) = _signature(_report(build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs))
    assert (unit, date) == ("通道侗族自治县公安局", "2024年5月29日")
    assert unit_indent == 2  # 右空二字
    unit_start, date_start = unit_indent + em_width(unit), date_indent + em_width(date)  # counted from the right margin
    assert unit_start - date_start == 2


def test_a_date_longer_than_the_signature_allows_stands_two_characters_in_and_moves_the_signature(
    write_yaml, tmp_path
):
    data = write_yaml(MINIMAL.replace("测试县公安局", "县局") + "落款: {日期: 2024-12-31}\n")
    (unit, unit_indent), (date, date_indent) = _signature(_report(build(data, Options(tmp_path)).outputs))
    assert (unit, date) == ("县局", "2024年12月31日")
    assert date_indent == 2
    assert unit_indent + em_width(unit) - (date_indent + em_width(date)) == 2


def test_gaps_are_shaded_and_keep_their_text(write_yaml, tmp_path):
    document = _report(build(write_yaml(MINIMAL), Options(tmp_path)).outputs)
    gaps = [run for p in document.paragraphs for run in p.runs if "【待补充" in run.text]
    assert gaps, "the minimal file leaves sections to be written"
    for run in gaps:
        assert run.text.startswith("【待补充") and run.text.endswith("】"), "the gap is a run of its own"
        assert run._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == "FFFF00"
    assert "【待补充：机构设置情况】" in [p.text for p in document.paragraphs]
    plain = [run for p in document.paragraphs for run in p.runs if run.text and "【待补充" not in run.text]
    assert all(run._r.rPr is None or run._r.rPr.find(qn("w:shd")) is None for run in plain)


def test_the_signature_never_stands_on_a_page_of_its_own(tmp_path):
    """乐至's report (四川) ends with a 正文 paragraph, whose style does not keep with the next: the PDF put the
    signature alone on page 13.  The last paragraph of text before the signature now keeps with it."""
    document = _report(build(DATA / "乐至/2020.yaml", Options(tmp_path)).outputs)
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    unit = next(i for i, p in enumerate(paragraphs) if p.style.name == "报告落款")
    before = paragraphs[unit - 1]
    assert before.style.name != "报告落款" and before.paragraph_format.keep_with_next


def test_blank_lines_before_the_signature_keep_with_it_too(tmp_path):
    document = _report(build(DATA / "乐至/2020.yaml", Options(tmp_path)).outputs)
    paragraphs = document.paragraphs
    unit = next(i for i, p in enumerate(paragraphs) if p.style.name == "报告落款" and p.text.strip())
    last_text = max(i for i in range(unit) if paragraphs[i].text.strip())
    assert all(paragraphs[i].paragraph_format.keep_with_next for i in range(last_text, unit))
