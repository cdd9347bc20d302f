"""汇总表.xlsx: one row per unit of a batch, with real numbers, a totals row and a frozen header."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reportgen.errors import Severity
from reportgen.money import ratio
from reportgen.output.xlsx import CellValue, Sheet

if TYPE_CHECKING:
    from reportgen.figures.model import Figures
    from reportgen.pipeline.result import UnitResult


@dataclass(frozen=True)
class SummaryRow:
    """One unit's figures in 汇总表 (万元, rates as fractions)."""

    initial: Decimal | None = None
    adjusted: Decimal | None = None
    budget: Decimal | None = None
    """The denominator of 执行率 (全年预算数, else 年初预算数): what the totals row's rate divides by."""
    spent: Decimal | None = None
    rate: Decimal | None = None
    public: Decimal | None = None
    public_previous: Decimal | None = None
    public_change: Decimal | None = None
    public_change_rate: Decimal | None = None
    score: Decimal | None = None
    grade: str | None = None

    @classmethod
    def of(cls, figures: Figures) -> SummaryRow:
        budget, public = figures.budget, figures.three_public.total if figures.three_public else None
        return cls(
            budget.initial,
            budget.adjusted,
            budget.budget,
            budget.spent,
            budget.rate,
            public.spent if public else None,
            public.previous if public else None,
            public.change if public else None,
            public.change_rate if public else None,
            figures.score,
            figures.grade,
        )


COLUMNS: tuple[tuple[str, str | None, int], ...] = (
    ("单位", None, 30),
    ("年初预算（万元）", "initial", 16),
    ("全年预算（万元）", "adjusted", 16),
    ("执行数（万元）", "spent", 16),
    ("执行率", "rate", 10),
    ("“三公”经费（万元）", "public", 16),
    ("较上年增减额（万元）", "public_change", 18),
    ("较上年增减率", "public_change_rate", 12),
    ("自评得分", "score", 10),
    ("等级", "grade", 8),
    ("警告", None, 8),
    ("状态", None, 40),
)
"""Title, ``SummaryRow`` attribute and width of each column."""
RATES = {"rate", "public_change_rate"}
SUMMED = ("initial", "adjusted", "spent", "public", "public_change")


def _status(result: UnitResult) -> str:
    """已生成 (naming the folder when it is not the unit's name), or why the unit failed."""
    if result.failed:
        return "失败：" + next((d.message for d in result.diagnostics if d.severity is Severity.ERROR), "")
    folder = result.outputs[0].parent.name if result.outputs else result.unit
    return "已生成" if folder == result.unit else f"已生成，输出文件夹为“{folder}”"


def summary_xlsx(results: list[UnitResult]) -> bytes:
    sheet = Sheet("汇总表", [width for _, _, width in COLUMNS])
    formats = {index: "0.00%" if key in RATES else "0.00" for index, (_, key, _) in enumerate(COLUMNS) if key}
    sheet.append([title for title, _, _ in COLUMNS], bold=True)
    for result in results:
        warnings = sum(1 for d in result.diagnostics if d.severity is Severity.WARNING)
        figures = [getattr(result.summary, key) if key else None for _, key, _ in COLUMNS[1:-2]]
        row: list[CellValue] = [result.unit or result.file.name, *figures, warnings, _status(result)[:200]]
        sheet.append(row, number_formats=formats)
    counted = [r for r in results if not r.failed and not r.parent]  # the parent is already their sum
    totals: dict[str, Decimal | None] = {key: _total(counted, key) for key in SUMMED}
    totals["rate"] = ratio(totals["spent"], _total(counted, "budget") or Decimal(0))
    previous_total = _total(counted, "public_previous")
    totals["public_change_rate"] = ratio(totals["public_change"], previous_total) if previous_total else None
    total_row = ["合计"] + [totals.get(key) if key else None for _, key, _ in COLUMNS[1:-2]] + [None, None]
    sheet.append(total_row, bold=True, number_formats=formats)
    return sheet.content()


def _total(results: list[UnitResult], key: str) -> Decimal | None:
    """The sum of one column over the units that have it; None when none has."""
    present = [value for r in results if isinstance(value := getattr(r.summary, key), Decimal)]
    return sum(present, Decimal(0)) if present else None
