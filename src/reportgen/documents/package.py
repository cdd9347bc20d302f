"""The parts of a Word package around the body: font table, defaults, settings and properties.

python-docx starts from a template made on a Japanese Mac in 2013: its font
table lists ＭＳ 明朝, its East Asian theme language is ja-JP, its text
defaults to the theme's fonts, and its properties say "Microsoft Macintosh
Word".  Word and WPS take their substitution hints from the font table and
LibreOffice picks Japanese glyph variants from the language, so all of it is
replaced by what a Chinese official document declares.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import qn

LATIN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
BODY_HALF_POINTS = 32  # 三号: the size the character grid counts in (w:docGrid's charSpace is relative to it)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Font:
    """One w:font of the font table: how Word and WPS find a stand-in when the font is missing."""

    name: str
    alt: str | None
    """The font to use instead (w:altName): 仿宋_GB2312 is 仿宋 on a machine with Office but not the GB2312 fonts."""
    panose: str
    charset: str
    """86 is GB2312: Chinese glyphs, never a Japanese or Korean face."""
    family: str
    pitch: str
    sig: tuple[str, str, str, str, str, str]


_CJK_SIG = ("00000001", "080E0000", "00000010", "00000000", "00040000", "00000000")
"""Unicode and code page ranges of a GB2312 font: Basic Latin, CJK, Simplified Chinese code page."""

FONTS = (
    Font(LATIN, None, "02020603050405020304", "00", "roman", "variable",
         ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000")),
    Font("宋体", "SimSun", "02010600030101010101", "86", "auto", "variable",
         ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
    Font("仿宋_GB2312", "仿宋", "02010609030101010101", "86", "modern", "fixed", _CJK_SIG),
    Font("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    Font("黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed",
         ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")),
    Font("楷体_GB2312", "楷体", "02010609030101010101", "86", "modern", "fixed", _CJK_SIG),
    Font("楷体", "KaiTi", "02010609060101010101", "86", "modern", "fixed", _CJK_SIG),
    Font("方正小标宋简体", "宋体", "02000000000000000000", "86", "auto", "variable",
         ("00000001", "08000000", "00000000", "00000000", "00040000", "00000000")),
)  # fmt: skip
"""Every font the styles name, and the fonts they fall back to (panose and signatures as Windows reports them)."""


def font_table() -> bytes:
    """word/fontTable.xml declaring ``FONTS``, children in CT_Font's order."""
    entries = []
    for font in FONTS:
        alt = f"<w:altName w:val={quoteattr(font.alt)}/>" if font.alt else ""
        usb0, usb1, usb2, usb3, csb0, csb1 = font.sig
        entries.append(
            f'<w:font w:name={quoteattr(font.name)}>{alt}<w:panose1 w:val="{font.panose}"/>'
            f'<w:charset w:val="{font.charset}"/><w:family w:val="{font.family}"/><w:pitch w:val="{font.pitch}"/>'
            f'<w:sig w:usb0="{usb0}" w:usb1="{usb1}" w:usb2="{usb2}" w:usb3="{usb3}" w:csb0="{csb0}" w:csb1="{csb1}"/>'
            "</w:font>"
        )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return f'{head}<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>'.encode()


APP_PROPERTIES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>"
)
"""docProps/app.xml: reportgen made the file (Word recounts pages and words itself)."""

_DEFAULTS = (
    f'<w:docDefaults xmlns:w="{W}"><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{LATIN}" w:eastAsia="{BODY_FONT}" w:hAnsi="{LATIN}" w:cs="{LATIN}"/>'
    f'<w:kern w:val="2"/><w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/>'
    '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    "</w:pPr></w:pPrDefault></w:docDefaults>"
)
"""Text defaults to the body font, in Chinese (the styles say the rest)."""


def clean_package(document: Any) -> None:
    """Declare the official fonts and Chinese defaults; drop the parts python-docx's template brings along."""
    styles = document.styles.element
    old = styles.find(qn("w:docDefaults"))
    new = parse_xml(_DEFAULTS)
    if old is None:
        styles.insert(0, new)
    else:
        old.addprevious(new)
        styles.remove(old)
    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
    for element in settings.findall(qn("w:rsids")) + settings.findall(qn("w:attachedTemplate")):
        settings.remove(element)
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's empty template, not of this document
            del package.rels[rid]
    for part in package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            part._blob = font_table()
        elif part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES


_STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
_STYLE_LINKS = ("w:basedOn", "w:link", "w:next")


def drop_unused_styles(document: Any) -> None:
    """Keep the styles the document uses (and those they are based on or linked to), and the defaults.

    python-docx's template defines 182 styles (358 KB); a report uses 16.  LibreOffice reads them all
    for every document it converts: without them a batch's PDFs took 30% less time.  Word and WPS
    still offer their built-in styles to a clerk who edits the template.
    """
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    parts = [document.part.element] + [rel.target_part.element for rel in document.part.rels.values()
                                       if rel.reltype.endswith(("/header", "/footer", "/numbering"))]  # fmt: skip
    wanted = {style_id for style_id, style in by_id.items() if style.get(qn("w:default")) in ("1", "true")}
    for part in parts:
        for tag in _STYLE_REFERENCES:
            wanted.update(node.get(qn("w:val")) for node in part.iter(qn(tag)))
    pending = list(wanted)
    while pending:
        style = by_id.get(pending.pop())
        for tag in _STYLE_LINKS:
            link = None if style is None else style.find(qn(tag))
            if link is not None and link.get(qn("w:val")) not in wanted:
                wanted.add(link.get(qn("w:val")))
                pending.append(link.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)


@dataclass(frozen=True)
class Properties:
    """What Word's 文件 › 信息 shows for a generated document."""

    title: str
    author: str


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so a build can be repeated byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


MAX_PROPERTY = 255
"""python-docx refuses a longer title or author."""


def set_properties(document: Any, properties: Properties) -> None:
    """Title, author and dates of the filled document (python-docx writes them as UTC W3CDTF)."""
    core = document.core_properties
    when = build_time()
    core.title = properties.title[:MAX_PROPERTY]
    core.author = properties.author[:MAX_PROPERTY]
    core.last_modified_by = "reportgen"
    core.comments = ""
    core.language = "zh-CN"
    core.created = core.modified = when
    core.revision = 1
