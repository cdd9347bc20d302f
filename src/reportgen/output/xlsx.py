"""Rows of an Excel sheet from untrusted text: text stays inert text, numbers stay numbers.

openpyxl stores a str beginning with ``=`` as a live formula, refuses
control characters with an exception, and writes text longer than Excel
accepts; every cell of 汇总表 and 数据核对表 goes through ``append_row``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

MAX_CELL_UNITS = 32_767
"""The most characters Excel keeps in one cell, counted in UTF-16 code units."""

_UNSHOWABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u202a-\u202e\u2066-\u2069]")
"""Characters an XML file cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF), and the
bidi embeddings, overrides and isolates that make one name show as another."""

_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
"""Excel reads ``_xHHHH_`` in cell text as the character U+HHHH (``_x202E_`` a right-to-left override):
its own ``_`` is written ``_x005F_`` so the text shows as typed."""

_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel read typed-in text as a formula when the cell is edited."""


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it and shows it: characters XML cannot carry and bidi controls become
    U+FFFD, ``_xHHHH_`` is kept literal, the end cut at Excel's limit."""
    text = _EXCEL_ESCAPE.sub("_x005F_", _UNSHOWABLE.sub("\ufffd", text))
    encoded = text.encode("utf-16-le")
    if len(encoded) <= 2 * MAX_CELL_UNITS:
        return text
    return encoded[: 2 * (MAX_CELL_UNITS - 1)].decode("utf-16-le", "ignore") + "…"


def append_row(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append ``values`` as a row; every str is a string cell, never a formula, numbers stay numbers."""
    sheet.append([cell_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row][: len(values)]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(_FORMULA_LEADS):
                cell.quotePrefix = True  # stays text even when the clerk edits the cell


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
