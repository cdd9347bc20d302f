"""汇总表.xlsx: one row per unit of a batch, with real numbers, a totals row and a frozen header."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from reportgen.errors import Severity
from reportgen.money import ratio
from reportgen.output.xlsx import append_row, workbook_bytes
from reportgen.pipeline.batch import UnitResult

COLUMNS = (
    ("单位", None, 30),
    ("年初预算（万元）", "年初预算数", 16),
    ("全年预算（万元）", "全年预算数", 16),
    ("执行数（万元）", "执行数", 16),
    ("执行率", "执行率", 10),
    ("“三公”经费（万元）", "三公经费", 16),
    ("较上年增减额（万元）", "三公经费增减额", 18),
    ("较上年增减率", "三公经费增减率", 12),
    ("自评得分", "自评得分", 10),
    ("等级", "等级", 8),
    ("警告", None, 8),
    ("状态", None, 40),
)
RATES = {"执行率", "三公经费增减率"}
SUMMED = ("年初预算数", "全年预算数", "执行数", "三公经费", "三公经费增减额")


def _status(result: UnitResult) -> str:
    """已生成 (naming the folder when it is not the unit's name), or why the unit failed."""
    if result.failed:
        return "失败：" + next((d.message for d in result.diagnostics if d.severity is Severity.ERROR), "")
    folder = result.outputs[0].parent.name if result.outputs else result.unit
    return "已生成" if folder == result.unit else f"已生成，输出文件夹为“{folder}”"


def summary_xlsx(results: list[UnitResult]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    append_row(sheet, [title for title, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for result in results:
        warnings = sum(1 for d in result.diagnostics if d.severity is Severity.WARNING)
        figures = [result.figures.get(key) if key else None for _, key, _ in COLUMNS[1:-2]]
        row: list[object] = [result.unit or result.file.name, *figures, warnings, _status(result)[:200]]
        append_row(sheet, row)
    counted = [r for r in results if not r.failed and not r.parent]  # the parent is already their sum
    totals: dict[str, Decimal | None] = {}
    for key in SUMMED:
        values = [r.figures.get(key) for r in counted]
        present = [v for v in values if isinstance(v, Decimal)]
        totals[key] = sum(present, Decimal(0)) if present else None
    budgets = [r.figures.get("预算数") for r in counted]
    budget_total = sum((v for v in budgets if isinstance(v, Decimal)), Decimal(0))
    totals["执行率"] = ratio(totals["执行数"], budget_total)
    previous = [r.figures.get("三公经费上年") for r in counted]
    previous_total = sum((v for v in previous if isinstance(v, Decimal)), Decimal(0))
    totals["三公经费增减率"] = ratio(totals["三公经费增减额"], previous_total) if previous_total else None
    append_row(sheet, ["合计"] + [totals.get(key) if key else None for _, key, _ in COLUMNS[1:-2]] + [None, None])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, (_, column_key, width) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = width
        if column_key:
            for cell in sheet[letter][1:]:
                cell.number_format = "0.00%" if column_key in RATES else "0.00"
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
