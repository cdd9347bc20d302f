"""The checking sheet (核对表): every figure the documents print, where, as shown, and from what.

The rows come from the render itself (``trace``): nothing the documents do
not print is listed.  An input figure points at its line and field in the
YAML file; a derived one gives its formula with the inputs filled in, so a
reviewer can tick the report off against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.documents.trace import Printed
from reportgen.output.xlsx import Sheet

HEADERS = ("序号", "出现位置", "项目", "数据", "显示值", "数值", "来源", "依据（输入位置或计算式）")
WIDTHS = (6, 30, 26, 12, 16, 14, 8, 70)


@dataclass(frozen=True)
class Row:
    where: str
    item: str
    figure: str
    shown: str
    value: Decimal | None
    source: str
    basis: str
    is_rate: bool = False


def checklist_rows(printed: list[Printed]) -> list[Row]:
    """One row per figure the documents print, in the order they first print it, with every place."""
    return [
        Row(
            "；".join(item.places),
            item.origin.item,
            item.origin.figure,
            item.shown,
            item.value,
            item.origin.source,
            item.origin.basis,
            item.origin.is_rate,
        )
        for item in printed
    ]


def checklist_xlsx(printed: list[Printed]) -> bytes:
    """The checking sheet as an Excel workbook: real numbers, a bold frozen header."""
    sheet = Sheet("数据核对表", WIDTHS)
    sheet.append(HEADERS, bold=True, centered=True)
    for number, row in enumerate(checklist_rows(printed), start=1):
        sheet.append(
            [number, row.where, row.item, row.figure, row.shown, row.value, row.source, row.basis],
            number_formats={5: "0.00%" if row.is_rate else "0.00"},
        )
    return sheet.content()
