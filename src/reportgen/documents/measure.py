"""How wide a line of text is, in ems, and where a Chinese line may not break (禁则).

One measure for the whole document: a title's lines (titles.py), the signature's indents
(finish.py) and a table cell's lines (pages.py).  A Chinese character or full-width mark is one em;
a Latin letter or digit as wide as the Latin font makes it; and Word and LibreOffice put a quarter
em between a Chinese character and a Latin letter or digit beside it (w:autoSpaceDE, w:autoSpaceDN).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping

TIMES = dict.fromkeys("0123456789", 0.5)
"""Times New Roman (and Liberation Serif, which has its widths): a digit is half an em."""

WIDEST = {
    **dict.fromkeys("0123456789", 0.64),
    **dict.fromkeys(" .,:;'|!", 0.32),
    **dict.fromkeys("/-()[]", 0.4),
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVXYZ", 0.74),
    "W": 1.03,
    "M": 0.9,
    "%": 0.95,
}
"""The wider of Times New Roman and DejaVu Serif (LibreOffice's stand-in where neither Times New Roman nor
Liberation Serif is installed), for an estimate that must not come out short."""

OTHER_LATIN = 0.6
"""The width of an ASCII character a table above does not list."""
AUTO_SPACE = 0.25

NO_LINE_START = set("，。、；：？！）》」』”’%‰．·.,;:?!)")
"""Characters a line may not start with: they stay with the character before."""
NO_LINE_END = set("（《「『“‘(")
"""Characters a line may not end with: they go with the character after."""


def ideograph(char: str) -> bool:
    return not char.isascii() and unicodedata.east_asian_width(char) in "WF"


def char_width(char: str, latin: Mapping[str, float] = TIMES) -> float:
    """The width of ``char`` in ems."""
    if char.isascii():
        return latin.get(char, OTHER_LATIN)
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else OTHER_LATIN


def em_width(text: str, latin: Mapping[str, float] = TIMES) -> float:
    """The width of one line of ``text`` in ems, with the quarter em between Chinese and Latin."""
    gaps = sum(ideograph(a) != ideograph(b) and (a + b).isalnum() for a, b in itertools.pairwise(text))
    return sum(char_width(char, latin) for char in text) + gaps * AUTO_SPACE
