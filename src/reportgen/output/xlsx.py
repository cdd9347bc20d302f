"""A one-sheet Excel workbook from untrusted text: text stays inert text, numbers stay numbers.

Written with XlsxWriter, whose files Excel opens as they are, with nothing
to repair or rewrite (shared strings, styles in the schema's order).  Every
cell of 汇总表 and 数据核对表 goes through ``Sheet.append``, which writes a
str as a string, never a formula or a link (XlsxWriter's ``write`` makes
either of text that looks like one), without characters XML cannot carry,
no longer than Excel accepts, and showing as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from xlsxwriter import Workbook

CellValue = str | int | Decimal | None

MAX_CELL_UNITS = 32_767
"""The most characters Excel keeps in one cell, counted in UTF-16 code units."""

_UNSHOWABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u202a-\u202e\u2066-\u2069]")
"""Characters an XML file cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF), and the
bidi embeddings, overrides and isolates that make one name show as another."""

_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""What makes Excel read typed-in text as a formula when the cell is edited."""

_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
"""The ``_`` that begins an ``_xHHHH_``, the one it shares with the ``_xHHHH_`` before it too."""

_SHARED_UNDERSCORE = re.compile("_x[0-9A-Fa-f]{4}(?=_x[0-9A-Fa-f]{4}_)")
"""An ``_xHHHH_`` whose last ``_`` begins another (``_x0041_x0042_``)."""


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it and shows it: characters XML cannot carry and bidi controls become
    U+FFFD, the end cut at Excel's limit."""
    text = _UNSHOWABLE.sub("\ufffd", text)
    encoded = text.encode("utf-16-le")
    if len(encoded) <= 2 * MAX_CELL_UNITS:
        return text
    return encoded[: 2 * (MAX_CELL_UNITS - 1)].decode("utf-16-le", "ignore") + "…"


def text_runs(text: str) -> list[str]:
    """``text`` as XlsxWriter writes it as typed: whole, or in runs of a rich text.

    Excel reads ``_xHHHH_`` in cell text as the character U+HHHH (``_x202E_`` a right-to-left override).
    XlsxWriter keeps one literal by writing its ``_`` as ``_x005F_``, but not the second of two that share
    an ``_``, and it copies a str that begins ``<r>`` and ends ``</r>`` into the file unescaped, taking it
    for rich-text XML of its own.  Such a text is cut after its ``<`` and inside every ``_xHHHH_``: Excel
    reads each run on its own, so no run holds one to read, and XlsxWriter escapes each run's XML.
    """
    looks_like_xml = text.startswith("<r>") and text.endswith("</r>")
    if not looks_like_xml and not _SHARED_UNDERSCORE.search(text):
        return [text]
    cuts = sorted({0, *(m.end() for m in _ESCAPE.finditer(text)), *([1] if looks_like_xml else [])})
    return [text[start:end] for start, end in zip(cuts, [*cuts[1:], len(text)], strict=True)]


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    centered: bool = False
    number_format: str | None = None
    quoted: bool = False
    """Excel's quote prefix: the text stays text when the clerk edits the cell."""


class Sheet:
    """A workbook of one sheet, filled a row at a time: the first row stays in view, columns are ``widths``
    characters wide (as Excel shows them)."""

    def __init__(self, title: str, widths: Sequence[float]) -> None:
        self._buffer = io.BytesIO()
        self._book = Workbook(self._buffer, {"in_memory": True})
        self._sheet = self._book.add_worksheet(title)
        self._formats: dict[_Style, Any] = {}
        self._rows = 0
        for column, width in enumerate(widths):
            self._sheet.set_column(column, column, width)
        self._sheet.freeze_panes(1, 0)

    def append(
        self,
        values: Sequence[CellValue],
        *,
        bold: bool = False,
        centered: bool = False,
        number_formats: Mapping[int, str] | None = None,
    ) -> None:
        """Append ``values`` as a row; every str is a string cell, never a formula, numbers stay numbers,
        shown in the format ``number_formats`` gives for their column (numbered from 0)."""
        row, self._rows = self._rows, self._rows + 1
        formats = number_formats or {}
        for column, value in enumerate(values):
            style = _Style(bold, centered, formats.get(column))
            if isinstance(value, str):
                text = cell_text(value)
                self._write_text(row, column, text, replace(style, quoted=text.startswith(_FORMULA_LEADS)))
            elif value is None:
                self._sheet.write_blank(row, column, None, self._format(style))
            else:
                self._sheet.write_number(row, column, float(value), self._format(style))

    def content(self) -> bytes:
        """The workbook's .xlsx bytes; nothing can be appended after."""
        self._book.close()
        return self._buffer.getvalue()

    def _write_text(self, row: int, column: int, text: str, style: _Style) -> None:
        cell_format = self._format(style)
        first, *rest = text_runs(text)
        if not rest:
            self._sheet.write_string(row, column, text, cell_format)
            return
        font = self._book.add_format({"bold": style.bold})  # each run's own, as the cell's
        fragments = [first] + [token for run in rest for token in (font, run)]
        self._sheet.write_rich_string(row, column, *fragments, *([cell_format] if cell_format else []))

    def _format(self, style: _Style) -> Any:
        """XlsxWriter's format object for ``style``, made once; None for the default style."""
        if style == _Style():
            return None
        if style not in self._formats:
            properties: dict[str, object] = {"bold": style.bold, "quote_prefix": style.quoted}
            if style.centered:
                properties["align"] = "center"
            if style.number_format:
                properties["num_format"] = style.number_format
            self._formats[style] = self._book.add_format(properties)
        return self._formats[style]
