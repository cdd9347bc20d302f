"""How much room a table's text takes: the width of a label, the lines of a cell.

Estimates, in points, for text set in 五号 (10.5 pt) in a cell with Word's
default margins (0.19 cm each side, as LibreOffice reads them too).  A
Chinese character is one em wide in any Chinese font; a Latin letter or
digit is given the width of the wider of Times New Roman and DejaVu Serif
(what LibreOffice puts in its place where Times New Roman is missing).  So
an estimate errs on the long side: a label that fits here fits in Word and
in LibreOffice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

FONT = 10.5
"""五号, the size of every table's text, in points."""
MARGIN = 2 * 108 / 20
"""A cell's left and right margins together (108 twips each), in points."""
POINTS_PER_MM = 72 / 25.4

LATIN = {
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys(" .,:;'|!", 0.32),
    **dict.fromkeys("/-()[]", 0.4),
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVXYZ", 0.74),
    "W": 1.03,
    "M": 0.9,
    "%": 0.95,
}
"""Widths (em) of the ASCII characters that are not 0.6 em (lower-case letters and the rest)."""


def char_width(char: str) -> float:
    """The width of ``char`` in ems: one for a Chinese character or full-width mark."""
    if char.isascii():
        return LATIN.get(char, 0.6)
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.6


def text_width(text: str) -> float:
    """The width of one line of ``text``, in points."""
    return sum(char_width(char) for char in text) * FONT


def room(width_mm: float, indent_chars: float = 0) -> float:
    """The width a cell ``width_mm`` wide leaves for text (after its margins and an indent), in points."""
    return width_mm * POINTS_PER_MM - MARGIN - indent_chars * FONT


def fits(text: str, width_mm: float, indent_chars: float = 0) -> bool:
    """Whether every line of ``text`` (lines end at ``\\n``) fits in a cell ``width_mm`` wide without wrapping."""
    space = room(width_mm, indent_chars)
    return all(text_width(line) <= space for line in text.split("\n"))


def wrap(text: str, width_mm: float, words: Iterable[str]) -> str:
    """``text`` with a ``\\n`` wherever a line must end, so that a line ends only between ``words``.

    ``text`` is read as a run of ``words`` (the longest first, a character where none matches); the
    lines are filled with whole words, as a typesetter would set a label in a narrow column.  Only
    when a word alone is too wide is it left to the renderer to cut.
    """
    pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r"|.", re.DOTALL)
    space = room(width_mm)
    lines: list[str] = []
    current = ""
    for word in pattern.findall(text):
        if current and text_width(current + word) > space:
            lines.append(current)
            current = word
        else:
            current += word
    return "\n".join([*lines, current])
