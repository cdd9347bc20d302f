"""The paragraph styles of every generated template: fonts, sizes, indents and line grid of GB/T 9704-2012.

Each style is a row of ``STYLES``; the helpers write the XML python-docx has
no API for (w:szCs, w:spacing, w:snapToGrid, w:overflowPunct, character
indents) in the schema's order, since Word repairs a file whose elements are
out of order.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from reportgen.documents.titles import COVER_TITLE_PT, TITLE_PT

LATIN = "Times New Roman"
LINE = Twips(579)  # 28.95 pt: 22 lines in the 225 mm 版心
TITLE_LINE = Pt(36)
"""The line of a title (标题, 表标题, 附件表题), off the body's grid."""
BODY_SIZE = Pt(16)  # 三号
CHAR = 320  # one 三号 character, in twips
TIGHTEN = -5
"""28 characters a line (GB/T 9704 5.2.2): the 156 mm line is 442.25 pt, 15.79 pt a character, a little less
than 三号's 16 pt; 三号 text is set 5 twips (0.25 pt) tighter, so 28 fit, in Word, WPS and LibreOffice alike.

Word would do it with a character grid (w:docGrid linesAndChars, w:charSpace -842), but LibreOffice gives
each 16 pt character two of that grid's 15.79 pt cells, and its PDF showed 14 characters a line.
"""

# name: (east-asian font, size, bold, alignment, first-line chars, right-indent chars)
STYLES = {
    "标题": ("方正小标宋简体", Pt(TITLE_PT), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "一级": ("黑体", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "二级": ("楷体_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "三级": ("仿宋_GB2312", BODY_SIZE, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "正文": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "末段": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "表标题": ("方正小标宋简体", Pt(18), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "附件": ("黑体", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "附件表题": ("方正小标宋简体", Pt(18), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "副标题": ("楷体_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "表格": ("仿宋_GB2312", Pt(10.5), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "表格文字": ("仿宋_GB2312", Pt(10.5), False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 0),
    "顶格": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "落款": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 2),
    "表题": ("黑体", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "封面标题": ("方正小标宋简体", Pt(COVER_TITLE_PT), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "封面空行": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "封面": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, 4, 0),
}
def style_name(name: str) -> str:
    """The Word style name a template paragraph gets, e.g. 报告正文."""
    return f"报告{name}"


def set_fonts(element: object, east_asia: str, size: Pt, bold: bool = False) -> None:
    """Fonts through w:rFonts: the Chinese font as eastAsia, Times New Roman for digits.

    Children are placed through python-docx's ``get_or_add_*``, which keep the schema's order (Word
    repairs a document whose rPr has w:b after w:sz).
    """
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", east_asia), ("w:cs", LATIN)):
        fonts.set(qn(attr), value)
    if bold:
        rpr.get_or_add_b()
    half_points = str(int(size.pt * 2))
    sz = rpr.get_or_add_sz()
    sz.set(qn("w:val"), half_points)
    sz_cs = rpr.find(qn("w:szCs"))
    if sz_cs is None:  # python-docx does not know w:szCs: it follows w:sz
        sz_cs = OxmlElement("w:szCs")
        sz.addnext(sz_cs)
    sz_cs.set(qn("w:val"), half_points)
    spacing = OxmlElement("w:spacing")  # CT_RPr: w:spacing comes before w:sz
    spacing.set(qn("w:val"), str(TIGHTEN if size == BODY_SIZE else 0))  # titles and tables keep their width
    sz.addprevious(spacing)
    lang = OxmlElement("w:lang")  # near the end of CT_RPr, after everything set here
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def indent_chars(paragraph_format: object, first_line: int, right: int) -> None:
    """Indents in characters (w:firstLineChars) for Word/WPS, in twips for LibreOffice."""
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
        ind.set(qn("w:firstLine"), str(first_line * CHAR))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(right * CHAR))


AFTER_SNAP_TO_GRID = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc")
"""The CT_PPr children set here that come after w:snapToGrid in the schema."""


def insert_in_order(parent: Any, child: Any, later_tags: tuple[str, ...]) -> None:
    """``child`` in ``parent`` before the first of ``later_tags``: the schema's order, which Word enforces."""
    later = {qn(tag) for tag in later_tags}
    anchor = next((node for node in parent if node.tag in later), None)
    if anchor is None:
        parent.append(child)
    else:
        anchor.addprevious(child)


def _switch(ppr: Any, tag: str, value: str, later_tags: tuple[str, ...]) -> None:
    """``<tag w:val=value/>`` in ``ppr`` (python-docx does not know these)."""
    switch = OxmlElement(tag)
    switch.set(qn("w:val"), value)
    insert_in_order(ppr, switch, later_tags)


def off_grid(ppr: Any) -> None:
    """w:snapToGrid off."""
    _switch(ppr, "w:snapToGrid", "0", AFTER_SNAP_TO_GRID)


def hanging_punctuation(ppr: Any) -> None:
    """w:overflowPunct on, said explicitly although it is Word's default.

    Word and WPS let a line-end ，or 。 hang into the margin rather than move a character down, as
    they do when the element is absent.  LibreOffice 7.4 reads an explicit value the other way
    round: with ``1`` it keeps every mark inside the line, and it must, since its own hanging drops
    some of the marks it hangs (the PDF showed “商品和服务支出其他资本性支出”, the 、 gone, about
    one line in twenty).  So the PDF breaks such a line a character earlier than Word does, and
    loses nothing.
    """
    _switch(
        ppr,
        "w:overflowPunct",
        "1",
        (
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            *AFTER_SNAP_TO_GRID,
        ),
    )


def define_styles(document: Any) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, "仿宋_GB2312", BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    hanging_punctuation(normal.element.get_or_add_pPr())
    for name, (font, size, bold, align, first, right) in STYLES.items():
        style = document.styles.add_style(style_name(name), WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        set_fonts(style.element, font, size, bold)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.widow_control = True
        if name in ("一级", "二级", "三级", "末段", "落款"):
            # a heading never ends a page; the signature never stands on a page without text (GB/T 9704 7.3.5)
            fmt.keep_with_next = True
        if name in ("表格", "表格文字"):
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if name in ("表标题", "附件"):
            fmt.page_break_before = True  # each project's table, each attachment starts a page
        if name in ("标题", "表标题", "附件表题"):
            fmt.line_spacing = TITLE_LINE
        if name == "封面标题":
            fmt.line_spacing = Pt(48)
        if name == "封面空行":
            fmt.line_spacing = Twips(LINE.twips * 4)
        if name in ("标题", "表标题", "附件表题", "表格", "表格文字", "封面标题", "封面空行"):
            # off the 28.95 pt line grid: a title's or a table cell's lines would snap to it
            off_grid(style.element.get_or_add_pPr())
        indent_chars(fmt, first, right)
