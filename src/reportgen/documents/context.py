"""The names a template and a narrative can use: input and derived figures, in Chinese.

Every budget line becomes the same small dictionary (``figure_context``), so a
template writer learns one vocabulary: ``预算.执行率``, ``三公经费.合计.较上年``,
``项目支出.项目[0].执行数`` …  Values stay ``Decimal``; the filters format them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from reportgen.documents.attachments import attachments_context
from reportgen.documents.filters import (
    MONEY_UNITS,
    Quantity,
    amount,
    change_phrase,
    change_rate,
    percent,
    quantity,
    seen,
)
from reportgen.documents.titles import COVER_TITLE_PT, title_lines
from reportgen.documents.trace import Origin, TracedDecimal, given, noted, origin_of
from reportgen.figures.formulas import BUDGET, DERIVED
from reportgen.figures.model import Figure, Figures, StaffFigure
from reportgen.model.budget import BudgetBlock, CarItem, OtherBudget, PublicItem, ThreePublic
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import Measure, Point, Report, StaffGroup
from reportgen.money import ratio, shown
from reportgen.outline.model import Outline, headings
from reportgen.read.document import PathKey

AMOUNTS = {
    key_of(BudgetBlock, "initial"): "initial",
    key_of(BudgetBlock, "adjusted"): "adjusted",
    BUDGET.name: "budget",
    key_of(BudgetBlock, "spent"): "spent",
    key_of(PublicItem, "actual"): "spent",
    key_of(BudgetBlock, "previous"): "previous",
    key_of(PublicItem, "previous"): "previous",
}
"""The amounts of a budget line as a template names them: the input's own terms (执行数, or 决算数 for “三公”)."""


def figure_context(figure: Figure, verbs: str, deviation: str | None = None) -> dict[str, Any]:
    """One budget line as the template sees it (``deviation``: its block's 偏差说明)."""
    phrase = None
    if figure.previous is not None and figure.spent is not None:
        phrase = change_phrase(figure.spent, figure.previous, verbs=verbs)
        change, rate = figure.change, figure.change_rate
        if change is not None and shown(change) != 0:  # the phrase shows both, for the checking sheet
            marks = noted(change, amount(abs(change)))
            phrase = marks + (noted(rate, percent(abs(rate))) if rate is not None else "") + phrase
    return {
        "名称": figure.name,
        **{key: getattr(figure, attribute) for key, attribute in AMOUNTS.items()},
        **{derived.name: derived.value(figure) for derived in DERIVED},
        "较上年": phrase,
        key_of(BudgetBlock, "deviation"): deviation,
    }


def build_context(report: Report, figures: Figures, outline: Outline) -> dict[str, Any]:
    """The whole template context of one report."""
    verbs = report.settings.change_verbs

    def fig(figure: Figure | None, deviation: str | None = None) -> dict[str, Any] | None:
        return None if figure is None else figure_context(figure, verbs, deviation)

    budget = report.budget
    title = report.title or f"{report.unit}{report.year}年度{outline.report_name}"
    context: dict[str, Any] = {
        "单位名称": report.unit,
        "年度": report.year,
        "标题": "\n".join(title_lines(title, report.unit)),
        "封面标题": "\n".join(title_lines(title, report.unit, COVER_TITLE_PT)),
        "前言": report.preface,
        "机构设置": _organisation(report, figures),
        "人员编制": _staff(report, figures),
        "职能职责": report.duties,
        "绩效目标": report.goals,
        "预算": {
            **figure_context(figures.budget, verbs, budget.deviation),
            "资金来源": [
                {
                    "名称": name,
                    "金额": given(value, (*path_of("budget", "sources"), name), name, "金额"),
                    "占比": ratio(value, figures.budget.adjusted),
                }
                for name, value in report.budget.sources.items()
            ],
            "收入": fig(figures.income) if budget.income is not None else None,
            "结转结余": given(budget.carried_forward, path_of("budget", "carried_forward"), "预算", "结转结余"),
            "结转结余率": figures.carried_rate,
            "主要用途": budget.uses,
            "管理情况": budget.management,
        },
        "基本支出": _basic(report, figures, fig),
        "项目支出": _projects(report, figures, fig),
        "支出功能分类": [
            {**figure_context(f.figure, verbs), "明细": [fig(item) for item in f.items]} for f in figures.functions
        ],
        "机关运行经费": fig(figures.running_costs, report.running_costs.reason if report.running_costs else None),
        "三公经费": _three_public(report, figures, fig),
        "绩效自评": {
            "自评得分": figures.score,
            "等级": figures.grade,
            "概述": report.evaluation.overview,
            "成绩": points(report.evaluation.achievements),
        },
        "存在的问题": points(report.problems),
        "改进措施": points(report.measures),
        "分项绩效目标": [
            {"名称": item.name, "绩效目标": item.goals, "绩效指标": item.indicators} for item in report.goal_items
        ],
        key_of(Report, "narrative"): {  # every narrative the outline prints, empty where the file has none
            key: points(report.narrative.get(key, []))
            for key in dict.fromkeys(
                [*(p.section.text for p in headings(outline) if p.section.text), *report.narrative]
            )
        },
        "其他需要说明的情况": report.other_matters,
        **attachments_context(report, figures, outline.tables),
        "落款": {
            "单位": report.signature.unit or report.unit,
            "日期": report.signature.date,
            "负责人": report.signature.head,
        },
        "数据": {name: _data(value, (*path_of("data"), name), name, verbs) for name, value in report.data.items()},
    }
    for name, figure in vars(figures.other_budgets).items():
        block: OtherBudget | None = getattr(report, name)
        path = path_of(name)
        remarks = block.remarks if block else []
        context[str(path[0])] = {**figure_context(figure or Figure(str(path[0]), path), verbs), "说明": remarks}
    return context


def _data(value: Decimal | Measure, path: PathKey, name: str, verbs: str) -> Any:
    """A 数据 entry: its number, or (given with its unit) a ``Quantity`` with 上年 and the phrase 较上年."""
    if not isinstance(value, Measure):
        return given(value, path, name, "数据")

    def year(number: Decimal, field: str) -> Quantity:
        key = key_of(Measure, field)
        return Quantity(number, value.unit, origin_of(given(number, (*path, key), name, key)))

    now = year(value.current, "current")
    before = None if value.previous is None else year(value.previous, "previous")
    now.上年 = before
    if before is not None:
        now.较上年 = change_phrase(now, before, verbs=verbs)
        change = now - before
        money = value.unit in MONEY_UNITS
        if seen(change, money) != 0:  # the phrase shows both, for the checking sheet
            basis = f"本年 − 上年 = {quantity(now)} − {quantity(before)}"
            rate = change_rate(change, before, money)
            marks = noted(TracedDecimal(change, Origin(name, "增减", "计算", basis)), quantity(abs(change)))
            if rate is not None:
                rate_basis = f"|本年 − 上年| ÷ 上年 = {quantity(abs(change))} ÷ {quantity(before)}"
                rate_origin = Origin(name, "增减率", "计算", rate_basis, is_rate=True)
                marks += noted(TracedDecimal(rate, rate_origin), percent(rate))
            now.较上年 = marks + now.较上年
    return now


def points(items: Sequence[str | Point]) -> list[dict[str, Any]]:
    """A list of points as the template numbers them: a point gets the next 序号, plain text none (a paragraph)."""
    result: list[dict[str, Any]] = []
    count = 0
    for item in items:
        if isinstance(item, str):
            result.append({"序号": None, "标题": None, "内容": [item], "下级": []})
            continue
        count += 1
        below = [{"序号": n, "标题": sub.title, "内容": sub.body} for n, sub in enumerate(item.children, start=1)]
        result.append({"序号": count, "标题": item.title, "内容": item.body, "下级": below})
    return result


def _organisation(report: Report, figures: Figures) -> dict[str, Any] | None:
    org = report.organisation
    if org is None:
        return None
    groups = [
        {"类别": g.kind, "名称": g.names or [], "数量": count}
        for g, count in zip(org.groups, figures.org_counts, strict=True)
    ]
    return {"概述": org.overview, "内设机构": groups, "合计": figures.org_total, "说明": org.remarks}


def _headcount_text(counts: dict[str, int]) -> str:
    return "，".join(f"{name}{n}人" for name, n in counts.items())


def _staff_group(group: StaffGroup | None, derived: StaffFigure | None) -> dict[str, Any] | None:
    if group is None or derived is None:
        return None
    return {
        "名称": derived.name,
        "构成文字": _headcount_text(group.breakdown),
        "其中文字": _headcount_text(group.of_which),
        "编制数": group.authorised,
        "实有人数": derived.actual,
        "控制率": derived.control_rate,
        "构成": [{"名称": k, "人数": v} for k, v in group.breakdown.items()],
        "其中": [{"名称": k, "人数": v} for k, v in group.of_which.items()],
        "说明": group.remark,
    }


def _staff(report: Report, figures: Figures) -> dict[str, Any] | None:
    staff = report.staff
    if staff is None:
        return None
    groups = {
        str(path_of("staff", name)[-1]): _staff_group(getattr(staff, name), derived)
        for name, derived in vars(figures.staff).items()
    }
    return {"截至日期": figures.as_of, **groups, "类别": [g for g in groups.values() if g]}


def _basic(report: Report, figures: Figures, fig: Any) -> dict[str, Any] | None:
    if report.basic is None:
        return None
    return {
        **(fig(figures.basic, report.basic.deviation) or {}),
        "用途": report.basic.uses,
        "经济分类": [fig(f) for f in figures.basic_classes],
        "人员经费": fig(figures.personnel),
        "公用经费": fig(figures.public),
    }


def _projects(report: Report, figures: Figures, fig: Any) -> dict[str, Any] | None:
    if report.projects is None:
        return None
    return {
        **(fig(figures.projects, report.projects.deviation) or {}),
        "用途": report.projects.purpose,
        "项目个数": figures.project_count,
        "仅列重点项目": report.projects.key_projects_only,
        "项目": [
            {
                **fig(p.figure, project.deviation),
                "名称": project.name,  # as filled in (the figure keeps the name as typed)
                "追加项目": p.added_midyear,
                "说明": project.remarks,
                "自评得分": p.overall,
                "等级": p.grade,
            }
            for p, project in zip(figures.project_items, report.projects.projects, strict=True)
        ],
        "经济分类": [fig(f) for f in figures.project_classes],
    }


def _three_public(report: Report, figures: Figures, fig: Any) -> dict[str, Any] | None:
    public = figures.three_public
    if report.three_public is None or public is None:
        return None
    result: dict[str, Any] = {key_of(ThreePublic, "total"): fig(public.total), "说明": report.three_public.remarks}
    items = []
    for name in ("abroad", "reception", "cars"):
        item = fig(getattr(public, name))
        if item is not None:
            for part in ("purchase", "upkeep"):
                item[key_of(CarItem, part)] = fig(getattr(public, part)) if name == "cars" else None
            items.append(item)
        result[key_of(ThreePublic, name)] = item
    result["各项"] = items
    return result
