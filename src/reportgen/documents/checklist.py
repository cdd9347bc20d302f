"""The checking sheet (核对表): every figure the documents print, where, as shown, and from what.

An input figure points at its line and field in the YAML file; a derived one
gives its formula with the inputs filled in, so a reviewer can tick the
report off against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reportgen.documents.filters import amount, integer, percent, score
from reportgen.figures.check import section_given
from reportgen.figures.formulas import DERIVED
from reportgen.figures.model import Figure, Sum
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import BudgetBlock, PublicItem, StaffGroup
from reportgen.outline.model import headings
from reportgen.output.xlsx import append_row, workbook_bytes
from reportgen.read.document import PathKey, format_path

if TYPE_CHECKING:
    from reportgen.pipeline.build import Checked

BUDGET_KEYS = tuple(key_of(BudgetBlock, name) for name in ("initial", "adjusted", "spent", "previous"))
"""The terms of a budget line's initial, adjusted, spent and previous amounts, as its YAML writes them."""
PUBLIC_KEYS = (
    key_of(PublicItem, "budget"),
    BUDGET_KEYS[1],
    key_of(PublicItem, "actual"),
    key_of(PublicItem, "previous"),
)
"""The same terms of a “三公” line."""

HEADERS = ("序号", "出现位置", "项目", "数据", "显示值", "数值", "来源", "依据（输入位置或计算式）")
WIDTHS = (6, 22, 26, 12, 16, 14, 8, 70)


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


class _Sheet:
    """Collects rows, knowing which paths the clerk typed and which totals were added up."""

    def __init__(self, checked: Checked) -> None:
        self.doc = checked.doc
        self.typed = checked.figures.typed
        self.rolled_up = checked.rolled_up
        self.sums: dict[PathKey, Sum] = {}
        for relation in checked.figures.sums:
            if relation.given is None:  # a total the file left out and the tool added up
                self.sums.setdefault(relation.path, relation)
        self.rows: list[Row] = []

    def origin(self, path: PathKey, value: Decimal | None) -> tuple[str, str]:
        if path in self.typed:  # typed, not merely a blank key
            file, line = self.doc.locate(path)
            return "输入", f"{file}:{line} {format_path(path)}"
        if path in self.rolled_up:
            return "汇总", f"{format_path(path)}未填写，取各下级单位之和 = {amount(value)}"
        relation = self.sums.get(path)
        if relation is not None:
            parts = " + ".join(amount(v) for _, v in relation.parts)
            labels = "、".join(format_path(p) for p, _ in relation.parts[:4]) + (
                "等" if len(relation.parts) > 4 else ""
            )
            return "计算", f"{labels}之和 = {parts} = {amount(value)}"
        return "计算", "未单独填写，按规则推得（如全年预算数未填时取年初预算数）"

    def figure(
        self,
        where: str,
        figure: Figure,
        keys: tuple[str, ...] = BUDGET_KEYS,
        paths: dict[str, PathKey] | None = None,
    ) -> None:
        """The amounts and every derived figure of one budget line.

        ``keys`` are its YAML terms; ``paths`` gives the YAML path of an
        amount written elsewhere than ``<figure path>.<term>`` (an economic
        class is written as ``经济分类.工资福利支出: …``).
        """
        amounts = tuple(zip(keys, (figure.initial, figure.adjusted, figure.spent, figure.previous), strict=True))
        for label, value in amounts:
            if value is not None:
                path = (paths or {}).get(label, figure.path + (label,))
                source, basis = self.origin(path, value)
                self.rows.append(Row(where, figure.name, label, amount(value), value, source, basis))
        for derived in DERIVED:
            value = derived.value(figure)
            if value is not None:
                left, right = derived.operands(figure)
                basis = f"{derived.formula} = {amount(left)} {derived.operator} {amount(right)}"
                shown = percent(value) if derived.is_rate else amount(value)
                self.rows.append(Row(where, figure.name, derived.name, shown, value, "计算", basis, derived.is_rate))


def _rows(checked: Checked) -> Iterator[Row]:
    figures, sheet, report = checked.figures, _Sheet(checked), checked.report
    places = list(headings(checked.outline, lambda s: section_given(report, s)))

    def section(block: str) -> str:
        """Where the report prints a block: 报告 and its section's number in the outline."""
        label = next((p.label for p in places if block in p.section.blocks), None)
        return "报告" if label is None else f"报告 {label}"

    sheet.figure(section("预算执行总体情况"), figures.budget)
    if checked.report.budget.income is not None:
        paths = {BUDGET_KEYS[2]: path_of("budget", "income"), BUDGET_KEYS[3]: path_of("budget", "previous_income")}
        sheet.figure(section("预算执行总体情况"), figures.income, paths=paths)
    for place, figure in ((section("基本支出"), figures.basic), (section("项目支出") + "、附件1", figures.projects)):
        if figure is not None:
            sheet.figure(place, figure)
    for figure in figures.basic_classes + [f for f in (figures.personnel, figures.public) if f]:
        sheet.figure(section("基本支出"), figure, paths={BUDGET_KEYS[2]: figure.path})
    for figure in figures.project_classes:
        sheet.figure(section("项目支出"), figure, paths={BUDGET_KEYS[2]: figure.path})
    for item in figures.project_items:
        sheet.figure(section("项目支出") + "、项目表", item.figure)
        if item.score is not None:
            name = item.figure.name
            rate = item.score.rate_score
            basis = f"min(执行率, 100%) × 执行率分值 = min({percent(item.figure.rate)}, 100%) × {score(item.score.rate_weight)}"
            sheet.rows.append(Row("项目表", name, "执行率得分", score(rate), rate, "计算", basis))
            if item.score.total is not None:
                parts = " + ".join(score(s.used) for s in item.score.indicators)
                basis = f"执行率得分 + 各指标得分 = {score(rate)} + {parts}"
                sheet.rows.append(Row("项目表", name, "总分", score(item.score.total), item.score.total, "计算", basis))
    for function in figures.functions:
        for figure in (function.figure, *function.items):
            sheet.figure(section("支出功能分类"), figure)
    if figures.running_costs is not None:
        sheet.figure(section("机关运行经费"), figures.running_costs, PUBLIC_KEYS)
    public = figures.three_public
    for figure in [public.total, *public.items(), *public.car_parts()] if public else []:
        sheet.figure(section("三公经费") + "、附件1", figure, PUBLIC_KEYS)
    for figure in vars(figures.other_budgets).values():
        if figure is not None:
            sheet.figure(section(str(figure.path[0])), figure)
    for staff in figures.staff.groups():
        label = staff.name
        for field, value in (
            (key_of(StaffGroup, "authorised"), staff.authorised),
            (key_of(StaffGroup, "actual"), staff.actual),
        ):
            if value is not None:
                source, basis = sheet.origin(staff.path + (field,), Decimal(value))
                basis = basis.replace("万元", "")
                sheet.rows.append(
                    Row(section("人员编制") + "、附件1", label, field, integer(value), Decimal(value), source, basis)
                )
        if staff.control_rate is not None:
            basis = f"实有人数 ÷ 编制数 = {staff.actual} ÷ {staff.authorised}"
            sheet.rows.append(
                Row("附件1", label, "控制率", percent(staff.control_rate), staff.control_rate, "计算", basis, True)
            )
    if figures.score is not None:
        stated = path_of("evaluation", "score")
        if stated in figures.typed:
            file, line = checked.doc.locate(stated)
            source, basis = "输入", f"{file}:{line} {format_path(stated)}"
        else:
            source, basis = "计算", "自评表各指标得分之和"
        sheet.rows.append(
            Row(
                section("绩效自评") + "、附件2",
                "部门整体",
                "自评得分",
                score(figures.score),
                figures.score,
                source,
                basis,
            )
        )
        basis = f"得分{score(figures.score)}：≥90 优，≥80 良，≥60 中，<60 差"
        sheet.rows.append(
            Row(section("绩效自评") + "、附件2", "部门整体", "等级", figures.grade or "", None, "计算", basis)
        )
    yield from sheet.rows


def checklist_rows(checked: Checked) -> list[Row]:
    """Every figure of the documents, in the order the report presents them."""
    return list(_rows(checked))


def checklist_xlsx(checked: Checked) -> bytes:
    """The checking sheet as an Excel workbook: real numbers, a bold frozen header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "数据核对表"
    append_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, row in enumerate(checklist_rows(checked), start=1):
        append_row(sheet, [number, row.where, row.item, row.figure, row.shown, row.value, row.source, row.basis])
        sheet.cell(row=number + 1, column=6).number_format = "0.00%" if row.is_rate else "0.00"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
