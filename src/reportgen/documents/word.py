"""Word templates from readable lines: the report's (generated from its outline) and the project tables'.

Each line is one paragraph, ``样式|text``; a line that starts with
``{%`` is a docxtpl control paragraph (``{%p for … %}``) and vanishes when the
template is rendered; ``#`` starts a comment.  ``**text**`` is set in bold.
The page and the tables (here) and the paragraph styles (``styles.py``)
follow GB/T 9704-2012 (domain.md §4), so a change to the wording is a
reviewable diff of the .txt, and a change to the look one of the code.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reportgen.documents.layouts import (
    ATTACHMENT_LAYOUTS,
    CONTINUE,
    DOWN,
    LONG_TEXT,
    LOOP,
    PROJECT_LAYOUTS,
    RESTART,
    down_columns,
)
from reportgen.documents.package import clean_package, drop_unused_styles
from reportgen.documents.styles import LINE, STYLES, define_styles, insert_in_order, set_fonts, style_name

COVER_END = "封面止"
"""Not a style: the line ``封面止|`` ends the cover's page and section, so the cover has no page number and
the report's pages count from 1."""


def page_setup(document: Any) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE.twips))
    document.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def page_number(paragraph: object, align: WD_ALIGN_PARAGRAPH) -> None:
    """“— 1 —” in 四号 宋体: odd pages right, even pages left, one character in."""
    paragraph.alignment = align  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)

    def run(text: str = "", field: str | None = None) -> None:
        r = paragraph.add_run(text)  # type: ignore[attr-defined]
        set_fonts(r._element, "宋体", Pt(14))
        r.font.name = "宋体"
        if field is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            r._element.append(char)

    run("— ")
    run(field="begin")
    instr = paragraph.add_run()  # type: ignore[attr-defined]
    set_fonts(instr._element, "宋体", Pt(14))
    node = OxmlElement("w:instrText")
    node.set(qn("xml:space"), "preserve")
    node.text = " PAGE "
    instr._element.append(node)
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


BOLD = re.compile(r"\*\*(.+?)\*\*")


def add_line(document: Any, line: str) -> None:
    if line.startswith("{%"):
        document.add_paragraph(line, style=style_name("正文"))
        return
    style, sep, text = line.partition("|")
    if style == COVER_END:
        end_cover(document)
        return
    if style == "表格" and text in ATTACHMENT_LAYOUTS:
        add_table(document, ATTACHMENT_LAYOUTS[text])
        return
    if not sep or style not in STYLES:
        raise ValueError(f"unknown template line (expected 样式|文字, 样式 one of {'、'.join(STYLES)}): {line}")
    paragraph = document.add_paragraph(style=style_name(style))
    position = 0
    for match in BOLD.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group(1)).bold = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def end_cover(document: Any) -> None:
    """A section break after the cover: the cover's section has the report's page but no footer, and the
    report's section numbers its pages from 1 (GB/T 9704: a cover is not counted)."""
    body = document.sections[-1]._sectPr
    cover = copy.deepcopy(body)
    for reference in cover.findall(qn("w:footerReference")) + cover.findall(qn("w:headerReference")):
        cover.remove(reference)
    document.add_paragraph(style=style_name("顶格"))._p.get_or_add_pPr().append(cover)  # w:sectPr ends a pPr
    if body.find(qn("w:pgNumType")) is None:
        numbers = OxmlElement("w:pgNumType")
        numbers.set(qn("w:start"), "1")
        body.find(qn("w:cols")).addprevious(numbers)  # CT_SectPr: … pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols


def new_document(title: str, origin: str) -> Any:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "reportgen"
    document.core_properties.comments = f"由 reportgen 从 {origin} 生成"
    clean_package(document)
    define_styles(document)
    page_setup(document)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):  # python-docx's stale copy of its own default styles:
            del document.part.rels[rid]  # Word rebuilds this optional part, and treats a mismatch as damage
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return document


def document_bytes(title: str, origin: str, lines: list[str]) -> bytes:
    """A Word template of ``lines`` (``样式|文字`` or a ``{%p … %}`` control line each)."""
    document = new_document(title, origin)
    for line in lines:
        add_line(document, line)
    drop_unused_styles(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TABLE_CHAR = 210
"""One 五号 character (the tables' size), in twips."""


def _cell(
    text: str,
    width_mm: float,
    span: int = 1,
    vmerge: str | None = None,
    keep: str | None = None,
    indent: int | None = None,
) -> Any:
    """One table cell: width, span, vertical merge, centred vertically, one paragraph of text.

    ``keep`` is the w:val of the paragraph's w:keepNext ("1", or a placeholder that fills it row by row):
    Word and LibreOffice keep a row whose paragraphs keep with the next on the page of the next row.
    A ``\n`` in ``text`` is a line break.  The text is centred; with ``indent`` it is set flush left,
    ``indent`` characters in (w:leftChars for Word and WPS, twips for LibreOffice).
    """
    tc = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(int(Mm(width_mm).twips)))
    width.set(qn("w:type"), "dxa")
    pr.append(width)
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        pr.append(grid_span)
    if vmerge is not None:
        merge = OxmlElement("w:vMerge")
        merge.set(qn("w:val"), vmerge)
        pr.append(merge)
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    pr.append(align)
    tc.append(pr)
    paragraph = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    flush_left = indent is not None or any(marker in text for marker in LONG_TEXT)
    style.set(qn("w:val"), style_name("表格文字" if flush_left else "表格"))
    ppr.append(style)  # CT_PPr order: pStyle, keepNext, …, ind, …
    if keep is not None:
        keep_next = OxmlElement("w:keepNext")
        keep_next.set(qn("w:val"), keep)
        ppr.append(keep_next)
    if indent:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:leftChars"), str(indent * 100))
        ind.set(qn("w:left"), str(indent * TABLE_CHAR))
        ppr.append(ind)
    paragraph.append(ppr)
    if text:
        run = OxmlElement("w:r")
        for number, line in enumerate(text.split("\n")):
            if number:
                run.append(OxmlElement("w:br"))
            node = OxmlElement("w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = line
            run.append(node)
        paragraph.append(run)
    tc.append(paragraph)
    return tc


def _row(table: object, cells: list[Any], header: bool = False) -> None:
    tr = OxmlElement("w:tr")
    trpr = OxmlElement("w:trPr")
    trpr.append(OxmlElement("w:cantSplit"))  # a row is never cut in half by a page break
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    tr.append(trpr)
    for tc in cells:
        tr.append(tc)
    table._tbl.append(tr)  # type: ignore[attr-defined]


def _table_properties(table: object, widths: list[float]) -> None:
    """Fixed width and layout, centred, all borders; tblPr children in schema order."""
    tbl = table._tbl  # type: ignore[attr-defined]
    tblpr = tbl.tblPr
    for child in list(tblpr):
        if child.tag in (qn("w:tblW"), qn("w:jc"), qn("w:tblBorders"), qn("w:tblLayout")):
            tblpr.remove(child)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(Mm(sum(widths)).twips)))
    width.set(qn("w:type"), "dxa")
    centre = OxmlElement("w:jc")
    centre.set(qn("w:val"), "center")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    # CT_TblPr order: tblStyle, …, tblW, jc, …, tblBorders, shd, tblLayout, tblCellMar, tblLook
    for node in (width, centre, borders, layout):
        insert_in_order(tblpr, node, ("w:tblCellMar", "w:tblLook"))
    for col, width_mm in zip(tbl.tblGrid.iterchildren(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Mm(width_mm).twips)))


def add_table(document: Any, layout: dict[str, Any]) -> None:
    """The table of ``layout``: fixed widths, all borders, merges, a repeating first row, rows kept together.

    A row is kept with the next (w:keepNext) where the next continues one of its cells (a merged label's
    rows stay together), where the next is the loop's (the column headings stay with the first item),
    and among the table's last three rows, so that no page holds only the header and the last row.  The
    loop's rows of a ``paged`` layout keep where the context says (``行.连下``), and a ↓ cell of theirs
    starts afresh, with the text above it, on a row that starts a page (``行.新页``).
    """
    widths: list[float] = layout["widths"]
    specs: list[Any] = layout["rows"]
    table = document.add_table(rows=0, cols=len(widths))
    _table_properties(table, widths)
    above: dict[int, Any] = {}  # grid column → the cell that a ↓ below it continues
    labels: dict[int, str] = {}  # grid column → that cell's text
    last = len(specs) - 1
    for index, spec in enumerate(specs):
        below = specs[index + 1] if index < last else None
        if spec == LOOP:
            _row(table, [_cell("{%tr for 行 in " + layout["loop_over"] + " %}", sum(widths), len(widths))])
            _row(table, _loop_cells(layout, above, labels, tail=last - index))
            _row(table, [_cell("{%tr endfor %}", sum(widths), len(widths))])
            continue
        kept = below == LOOP or (below is not None and bool(down_columns(layout, below)))
        if LOOP not in specs[index:] and last - 3 < index < last:
            kept = True
        cells, column = [], 0
        for text, span, *indent in spec:
            width = sum(widths[column : column + span])
            keep = "1" if kept else None
            if text == DOWN:
                _start_merge(above[column])
                cell = _cell("", width, span, CONTINUE, keep)
            else:
                cell = above[column] = _cell(text, width, span, keep=keep, indent=indent[0] if indent else None)
                labels[column] = text
            cells.append(cell)
            column += span
        _row(table, cells, header=index == 0)


def _loop_cells(layout: dict[str, Any], above: dict[int, Any], labels: dict[int, str], tail: int) -> list[Any]:
    """The cells of the loop's row (``tail``: the rows after it).  A paged layout's rows keep with the next as
    ``行.连下`` says; another's when among the table's last three rows but not the last (``loop.revindex`` + ``tail``
    is a row's place counted from the end of the table)."""
    widths: list[float] = layout["widths"]
    if layout.get("paged"):
        keep = "{{ '1' if 行.连下 else '0' }}"
    else:
        keep = "{{ '1' if 1 < loop.revindex + " + str(tail) + " <= 3 else '0' }}"
    cells = []
    mark: str | None
    for column, (text, merge) in enumerate(layout["loop"]):
        if text == DOWN:
            _start_merge(above[column])
            shown = "{{ " + repr(labels[column]) + " if 行.新页 else '' }}"
            mark = "{{ '" + RESTART + "' if 行.新页 else '" + CONTINUE + "' }}"
            cells.append(_cell(shown, widths[column], 1, mark, keep))
        else:
            mark = "{{ 行." + merge + " }}" if isinstance(merge, str) else None
            cells.append(_cell(text, widths[column], 1, mark, keep))
    return cells


def _start_merge(tc: Any) -> None:
    """Mark ``tc`` as the first cell of a vertical merge (w:vMerge goes before w:vAlign)."""
    pr = tc.find(qn("w:tcPr"))
    if pr.find(qn("w:vMerge")) is None:
        merge = OxmlElement("w:vMerge")
        merge.set(qn("w:val"), "restart")
        pr.find(qn("w:vAlign")).addprevious(merge)


def write_table_templates(folder: Path) -> None:
    """The project tables' templates (``<layout file>.docx``), as shipped in ``templates/``."""
    for layout in PROJECT_LAYOUTS:
        document = new_document(layout["title"], "documents/layouts.py")
        add_line(document, "{%p for 项目 in 项目表 %}")
        add_line(document, "表标题|" + layout["title"])
        add_line(document, "副标题|（{{ 年度 }}年度）")
        add_table(document, layout)
        add_line(document, "{%p endfor %}")
        add_line(document, "顶格|")  # a document may not end with a table
        drop_unused_styles(document)
        document.save(str(folder / f"{layout['file']}.docx"))
