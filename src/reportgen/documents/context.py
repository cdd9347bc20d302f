"""The names a template and a narrative can use: input and derived figures, in Chinese.

Every budget line becomes the same small dictionary (``figure_context``), so a
template writer learns one vocabulary: ``预算.执行率``, ``三公经费.合计.较上年``,
``项目支出.项目[0].执行数`` …  Values stay ``Decimal``; the filters format them.
"""

from __future__ import annotations

from typing import Any

from reportgen.documents.filters import change_phrase
from reportgen.documents.tables import attachments_context
from reportgen.figures.derive import PUBLIC_ITEMS, STAFF_GROUPS
from reportgen.figures.model import Figure, Figures
from reportgen.model.schema import OtherBudget, Point, Report, StaffGroup
from reportgen.money import ratio


def figure_context(figure: Figure, verbs: str) -> dict[str, Any]:
    """One budget line as the template sees it."""
    phrase = None
    if figure.previous is not None and figure.spent is not None:
        phrase = change_phrase(figure.spent, figure.previous, verbs=verbs)
    return {
        "名称": figure.name,
        "年初预算数": figure.initial,
        "全年预算数": figure.adjusted,
        "预算数": figure.budget,
        "执行数": figure.spent,
        "决算数": figure.spent,
        "上年执行数": figure.previous,
        "上年决算数": figure.previous,
        "执行率": figure.rate,
        "年中追加": figure.adjustment,
        "增减额": figure.change,
        "增减率": figure.change_rate,
        "较上年": phrase,
        "占比": figure.share,
        "节约额": figure.saving,
        "节约率": figure.saving_rate,
        "偏差说明": figure.deviation,
    }


def build_context(report: Report, figures: Figures) -> dict[str, Any]:
    """The whole template context of one report."""
    verbs = report.settings.change_verbs

    def fig(figure: Figure | None) -> dict[str, Any] | None:
        return None if figure is None else figure_context(figure, verbs)

    budget = report.budget
    context: dict[str, Any] = {
        "单位名称": report.unit,
        "年度": report.year,
        "标题": report.title or f"{report.unit}{report.year}年度部门整体支出绩效自评报告",
        "前言": report.preface,
        "机构设置": _organisation(report, figures),
        "人员编制": _staff(report, figures),
        "职能职责": report.duties,
        "绩效目标": report.goals,
        "预算": {
            **figure_context(figures.budget, verbs),
            "资金来源": [
                {"名称": name, "金额": value, "占比": ratio(value, figures.budget.adjusted)}
                for name, value in report.budget.sources.items()
            ],
            "收入": fig(figures.income) if budget.income is not None else None,
            "结转结余": budget.carried_forward,
            "结转结余率": figures.carried_rate,
            "主要用途": budget.uses,
            "管理情况": budget.management,
        },
        "基本支出": _basic(report, figures, fig),
        "项目支出": _projects(report, figures, fig),
        "支出功能分类": [
            {**figure_context(f.figure, verbs), "明细": [fig(item) for item in f.items]} for f in figures.functions
        ],
        "机关运行经费": fig(figures.running_costs),
        "三公经费": _three_public(report, figures, fig),
        "绩效自评": {
            "自评得分": figures.score,
            "等级": figures.grade,
            "概述": report.evaluation.overview,
            "成绩": _points(report.evaluation.achievements),
        },
        "存在的问题": _points(report.problems),
        "改进措施": _points(report.measures),
        "其他需要说明的情况": report.other_matters,
        **attachments_context(report, figures),
        "落款": {"单位": report.signature.unit or report.unit, "日期": report.signature.date},
        "数据": dict(report.data),
    }
    for label, attr in (
        ("政府性基金", "government_funds"),
        ("国有资本经营", "state_capital"),
        ("社会保险基金", "social_insurance"),
    ):
        block: OtherBudget | None = getattr(report, attr)
        figure = figures.other_budgets[label] or Figure(label, (label,))
        context[label] = {**figure_context(figure, verbs), "说明": block.remarks if block else []}
    return context


def _points(points: list[Point]) -> list[dict[str, Any]]:
    return [{"标题": p.title, "内容": p.body} for p in points]


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


def _staff_group(group: StaffGroup | None, label: str, figures: Figures) -> dict[str, Any] | None:
    if group is None:
        return None
    derived = figures.staff[label]
    return {
        "名称": label,
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
    groups = {label: _staff_group(getattr(staff, attr), label, figures) for attr, label in STAFF_GROUPS.items()}
    return {"截至日期": figures.as_of, **groups, "类别": [g for g in groups.values() if g]}


def _basic(report: Report, figures: Figures, fig: Any) -> dict[str, Any] | None:
    if report.basic is None:
        return None
    return {
        **(fig(figures.basic) or {}),
        "用途": report.basic.uses,
        "经济分类": [fig(f) for f in figures.basic_classes],
        "人员经费": fig(figures.personnel),
        "公用经费": fig(figures.public),
    }


def _projects(report: Report, figures: Figures, fig: Any) -> dict[str, Any] | None:
    if report.projects is None:
        return None
    return {
        **(fig(figures.projects) or {}),
        "用途": report.projects.purpose,
        "项目个数": figures.project_count,
        "仅列重点项目": report.projects.key_projects_only,
        "项目": [
            {
                **fig(p.figure),
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
    if report.three_public is None:
        return None
    result: dict[str, Any] = {"合计": fig(figures.three_public["合计"]), "说明": report.three_public.remarks}
    for key in PUBLIC_ITEMS.values():
        item = fig(figures.three_public.get(key))
        if item is not None:
            is_car = key == "公务用车费"
            item["购置费"] = fig(figures.car_parts.get("购置费")) if is_car else None
            item["运行维护费"] = fig(figures.car_parts.get("运行维护费")) if is_car else None
        result[key] = item
    result["各项"] = [result[key] for key in PUBLIC_ITEMS.values() if result[key] is not None]
    return result
