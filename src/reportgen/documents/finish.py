"""Touches on the filled document that depend on what was filled in: the signature's indents, the gaps' shading.

A template cannot know how long the unit's name or the date will be, nor
where a 【待补充】 will stand; these are set on the document docxtpl made.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.documents.measure import em_width
from reportgen.documents.styles import insert_in_order

SIGNATURE_STYLE = "报告落款"
RIGHT_MARGIN_EM = 2
"""The signature stands two characters in from the right margin (右空二字)."""
DATE_SHIFT_EM = 2
"""The date starts two characters right of where the signature starts (GB/T 9704 7.3.5.2)."""
EM_TWIPS = 315
"""One 三号 character as the body sets it (16 pt less 5 twips), for LibreOffice, which reads w:right."""

GAP = re.compile(r"【待补充[^】]*】")
GAP_FILL = "FFFF00"
"""Yellow behind 【待补充】: it stands out on screen, in colour print, and as a grey band in black and white."""

_AFTER_IND = ("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
              "w:sectPr", "w:pPrChange")  # fmt: skip
_AFTER_KEEP_NEXT = tuple(
    f"w:{tag}"
    for tag in [
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
"""The CT_PPr children that come after w:keepNext."""
_AFTER_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
              "w:oMath")  # fmt: skip


def _text(paragraph: Any) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _right_indent(paragraph: Any, em: float) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:rightChars"), str(round(em * 100)))
    ind.set(qn("w:right"), str(round(em * EM_TWIPS)))
    insert_in_order(ppr, ind, _AFTER_IND)


def sign(body: Any) -> None:
    """The unit right-aligned two characters in, the date below it starting two characters further right;
    a date longer than that allows stands two characters in, and the unit moves right with it."""
    lines = [
        paragraph
        for paragraph in body.iter(qn("w:p"))
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}[@{qn('w:val')}='{SIGNATURE_STYLE}']") is not None
        and _text(paragraph).strip()
    ]
    if len(lines) < 2:
        return
    unit, date = lines[-2:]
    unit_em, date_em = em_width(_text(unit).strip()), em_width(_text(date).strip())
    date_indent = RIGHT_MARGIN_EM + unit_em - DATE_SHIFT_EM - date_em
    unit_indent = float(RIGHT_MARGIN_EM)
    if date_indent < RIGHT_MARGIN_EM:
        unit_indent += RIGHT_MARGIN_EM - date_indent
        date_indent = RIGHT_MARGIN_EM
    _right_indent(unit, unit_indent)
    _right_indent(date, date_indent)
    _keep_with_signature(unit)


def _keep_with_signature(unit: Any) -> None:
    """The last paragraph of text before the signature, and the blank lines between, keep with it (w:keepNext),
    so the signature never stands on a page of its own (GB/T 9704 7.3.5); a template's own styles need not say so."""
    paragraph = unit.getprevious()
    while paragraph is not None and paragraph.tag == qn("w:p"):
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            paragraph.insert(0, ppr)
        if ppr.find(qn("w:keepNext")) is None:
            insert_in_order(ppr, OxmlElement("w:keepNext"), _AFTER_KEEP_NEXT)
        if _text(paragraph).strip():
            return
        paragraph = paragraph.getprevious()


def _shaded(run: Any, text: str | None) -> Any:
    """A copy of ``run``'s properties holding ``text`` (``None``: no text), shaded when it is a gap."""
    piece = OxmlElement("w:r")
    properties = run.find(qn("w:rPr"))
    if properties is not None:
        piece.append(copy.deepcopy(properties))
    if text is not None and GAP.fullmatch(text):
        rpr = piece.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            piece.append(rpr)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), GAP_FILL)
        insert_in_order(rpr, shading, _AFTER_SHD)
    return piece


def shade_gaps(body: Any) -> None:
    """Every 【待补充…】 in its own run, shaded, so the clerk sees at a glance what is still to be written."""
    for run in list(body.iter(qn("w:r"))):
        if not any(GAP.search(node.text or "") for node in run.iter(qn("w:t"))):
            continue
        pieces = []
        for child in run:
            if child.tag == qn("w:rPr"):
                continue
            if child.tag != qn("w:t"):
                piece = _shaded(run, None)
                piece.append(copy.deepcopy(child))
                pieces.append(piece)
                continue
            for part in re.split(f"({GAP.pattern})", child.text or ""):
                if part:
                    piece = _shaded(run, part)
                    node = OxmlElement("w:t")
                    node.set(qn("xml:space"), "preserve")
                    node.text = part
                    piece.append(node)
                    pieces.append(piece)
        for piece in pieces:
            run.addprevious(piece)
        run.getparent().remove(run)
