"""Build the Word templates from their readable sources (``*.txt`` beside this file).

    python templates/build_templates.py

Each source line is one paragraph, ``样式|text``; a line that starts with
``{%`` is a docxtpl control paragraph (``{%p for … %}``) and vanishes when the
template is rendered; ``#`` starts a comment.  ``**text**`` is set in bold.
The page, fonts and paragraph styles follow GB/T 9704-2012 (domain.md §4), so
a change to the wording is a reviewable diff of the .txt, and a change to the
look is a reviewable diff of this script.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

HERE = Path(__file__).resolve().parent

LATIN = "Times New Roman"
LINE = Twips(579)  # 28.95 pt: 22 lines in the 225 mm 版心
BODY_SIZE = Pt(16)  # 三号
CHAR = 320  # one 三号 character, in twips

# name: (east-asian font, size, bold, alignment, first-line chars, right-indent chars)
STYLES = {
    "标题": ("方正小标宋简体", Pt(22), False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
    "一级": ("黑体", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "二级": ("楷体_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "三级": ("仿宋_GB2312", BODY_SIZE, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "正文": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "末段": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2, 0),
    "顶格": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
    "落款": ("仿宋_GB2312", BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 2),
}


def style_name(name: str) -> str:
    """The Word style name a template paragraph gets, e.g. 报告正文."""
    return f"报告{name}"


def set_fonts(element: object, east_asia: str, size: Pt, bold: bool = False) -> None:
    """Fonts through w:rFonts: the Chinese font as eastAsia, Times New Roman for digits."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", east_asia), ("w:cs", LATIN)):
        fonts.set(qn(attr), value)
    for tag in ("w:sz", "w:szCs"):
        node = rpr.find(qn(tag))
        if node is None:
            node = OxmlElement(tag)
            rpr.append(node)
        node.set(qn("w:val"), str(int(size.pt * 2)))
    if bold:
        rpr.append(OxmlElement("w:b"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def indent_chars(paragraph_format: object, first_line: int, right: int) -> None:
    """Indents in characters (w:firstLineChars) for Word/WPS, in twips for LibreOffice."""
    ppr = paragraph_format._element.get_or_add_pPr()  # type: ignore[attr-defined]
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
        ind.set(qn("w:firstLine"), str(first_line * CHAR))
    if right:
        ind.set(qn("w:rightChars"), str(right * 100))
        ind.set(qn("w:right"), str(right * CHAR))


def define_styles(document: Document) -> None:
    normal = document.styles["Normal"]
    set_fonts(normal.element, "仿宋_GB2312", BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
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
        if name == "标题":
            fmt.line_spacing = Pt(36)
            snap = OxmlElement("w:snapToGrid")
            snap.set(qn("w:val"), "0")
            style.element.get_or_add_pPr().append(snap)
        indent_chars(fmt, first, right)


def page_setup(document: Document) -> None:
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


def add_line(document: Document, line: str) -> None:
    if line.startswith("{%"):
        document.add_paragraph(line, style=style_name("正文"))
        return
    style, sep, text = line.partition("|")
    if not sep or style not in STYLES:
        raise SystemExit(f"无法识别的模板行（应为“样式|文字”，样式为 {'、'.join(STYLES)}）：{line}")
    paragraph = document.add_paragraph(style=style_name(style))
    position = 0
    for match in BOLD.finditer(text):
        if match.start() > position:
            paragraph.add_run(text[position : match.start()])
        paragraph.add_run(match.group(1)).bold = True
        position = match.end()
    if position < len(text):
        paragraph.add_run(text[position:])


def build(source: Path, target: Path) -> None:
    document = Document()
    document.core_properties.title = source.stem
    document.core_properties.author = "reportgen"
    document.core_properties.comments = "由 templates/build_templates.py 从同名 .txt 生成，请勿直接编辑"
    define_styles(document)
    page_setup(document)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            add_line(document, line)
    document.save(str(target))


def main(out_dir: Path = HERE) -> None:
    for source in sorted(HERE.glob("*.txt")):
        build(source, out_dir / f"{source.stem}.docx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
