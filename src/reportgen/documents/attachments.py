"""The report's generated attachments: 附件1 基础数据表 and 附件2 自评表, numbered in the order they appear."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.documents.layouts import SELF_EVALUATION
from reportgen.documents.pages import ABOVE_ATTACHMENT, paginate
from reportgen.documents.tables import merge_marks
from reportgen.documents.trace import computed, given
from reportgen.figures.formulas import BUDGET, PREVIOUS, SPENT
from reportgen.figures.model import Figure, Figures, StaffFigure
from reportgen.model.budget import CarItem, ThreePublic
from reportgen.model.indicators import DepartmentIndicator
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import Report, StaffGroup
from reportgen.money import ZERO


def self_evaluation(report: Report, figures: Figures) -> dict[str, Any] | None:
    """附件2 部门整体支出绩效自评表, when the file gives its indicators; its rows marked with where its pages
    are estimated to break (``pages.paginate``)."""
    rows = report.evaluation.indicators
    if not rows:
        return None
    marks = merge_marks([(r.level1, r.level2) for r in rows], merge=True)
    where = path_of("evaluation", "indicators")
    table: dict[str, Any] = {
        "指标行": [
            {
                "一级": r.level1,
                "一级合并": m1,
                "二级": r.level2,
                "二级合并": m2,
                "三级": r.name,
                "分值": given(r.weight, (*where, n, key_of(DepartmentIndicator, "weight")), r.name, "分值"),
                "得分": given(r.score, (*where, n, key_of(DepartmentIndicator, "score")), r.name, "得分"),
                "偏差原因": r.reason,
            }
            for n, (r, (m1, m2)) in enumerate(zip(rows, marks, strict=True))
        ],
        "分值合计": computed(sum((r.weight for r in rows), ZERO), "自评表", "分值合计", "各指标分值之和"),
        "得分合计": computed(sum((r.score for r in rows), ZERO), "自评表", "得分合计", "各指标得分之和"),
        "等级": figures.grade,
    }
    table["指标行"] = paginate(SELF_EVALUATION, {"自评表": table}, table["指标行"], ABOVE_ATTACHMENT)
    return table


def basic_data(report: Report, figures: Figures) -> dict[str, Any] | None:
    """附件1 部门整体支出绩效评价基础数据表 (domain.md §1.3), from whatever the file gives."""
    if report.staff is None and report.three_public is None and report.projects is None:
        return None

    def staff(found: StaffFigure | None) -> dict[str, Any]:
        counts = (found.authorised, found.actual, found.control_rate) if found else (None, None, None)
        return dict(
            zip((key_of(StaffGroup, "authorised"), key_of(StaffGroup, "actual"), "控制率"), counts, strict=True)
        )

    def line(figure: Figure | None) -> dict[str, Decimal | None]:
        operands = (PREVIOUS, BUDGET, SPENT)
        return {o.name: getattr(figure, o.attribute) if figure else None for o in operands}

    public = figures.three_public

    def item(name: str) -> Figure | None:
        found: Figure | None = getattr(public, name) if public else None
        return found

    return {
        "在职": staff(figures.staff.serving),
        "辅警": staff(figures.staff.auxiliary),
        "三公合计": line(item("total")),
        key_of(ThreePublic, "cars"): line(item("cars")),
        key_of(CarItem, "purchase"): line(item("purchase")),
        key_of(CarItem, "upkeep"): line(item("upkeep")),
        key_of(ThreePublic, "abroad"): line(item("abroad")),
        key_of(ThreePublic, "reception"): line(item("reception")),
        "项目支出": line(figures.projects),
        "公用经费": line(figures.public),
        "机关运行经费": line(figures.running_costs),
        "预算调整": figures.budget.adjustment,
    }


ATTACHMENT_TITLES = {"基础数据表": "部门整体支出绩效评价基础数据表", "自评表": "部门整体支出绩效自评表"}


def attachments_context(report: Report, figures: Figures, attached: bool) -> dict[str, Any]:
    """The report's generated attachments, numbered in order, and the list the body names
    (``attached``: whether the outline attaches the tables at all)."""
    tables = {"基础数据表": basic_data(report, figures), "自评表": self_evaluation(report, figures)}
    if not (report.settings.attachments and attached):
        tables = {key: None for key in tables}
    present = [key for key, value in tables.items() if value is not None]
    return {
        "基础数据": tables["基础数据表"],
        "自评表": tables["自评表"],
        "附件编号": {key: index for index, key in enumerate(present, start=1)},
        "附件": report.attachments or [ATTACHMENT_TITLES[key] for key in present],
    }
