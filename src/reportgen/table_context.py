"""What the project tables show: one dictionary per project that has table data.

Indicator rows carry their own merge marks (``一级合并``/``二级合并`` =
restart or continue) so the Word template can merge the 一级 and 二级 cells
over the rows they cover, as the official form does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .figures import Figure, ProjectFigure, grade_of
from .indicators import FundLine, Indicator
from .money import total
from .schema import Project, Report
from .scoring import ProjectScore

RESTART, CONTINUE = "restart", "continue"


def has_table(project: Project) -> bool:
    """A project gets a table when its file gives goals or indicators."""
    return project.goals is not None or bool(project.indicators)


def _fund(line: FundLine | None) -> dict[str, Decimal | None]:
    if line is None:
        return {"年初预算数": None, "全年预算数": None, "执行数": None}
    return {"年初预算数": line.initial, "全年预算数": line.adjusted, "执行数": line.spent}


def _other_funds(
    figure: Figure, appropriation: dict[str, Decimal | None], *lines: dict[str, Decimal | None]
) -> dict[str, Decimal | None]:
    """Sichuan's form has one 其它资金 line: everything that is not this year's appropriation.

    Given as 上年结转 and 其他资金, it is their sum; where only 财政拨款 is given,
    it is what the appropriation leaves of the project's figure.
    """
    result: dict[str, Decimal | None] = {}
    for column, whole in (("年初预算数", figure.initial), ("全年预算数", figure.adjusted), ("执行数", figure.spent)):
        given = total(line[column] for line in lines)
        part = appropriation[column]
        result[column] = given if given is not None or part is None or whole is None else whole - part
    return result


def indicator_rows(indicators: list[Indicator], score: ProjectScore | None, merge: bool) -> list[dict[str, Any]]:
    """The indicator rows in order, each marked to start or continue a merged 一级/二级 cell."""
    rows = []
    previous: Indicator | None = None
    for index, indicator in enumerate(indicators):
        same1 = merge and previous is not None and previous.level1 == indicator.level1
        same2 = same1 and previous is not None and previous.level2 == indicator.level2
        result = score.indicators[index] if score else None
        rows.append(
            {
                "一级": indicator.level1,
                "一级合并": CONTINUE if same1 else RESTART,
                "二级": indicator.level2,
                "二级合并": CONTINUE if same2 else RESTART,
                "三级": indicator.name,
                "指标性质": indicator.nature,
                "预期指标值": indicator.target,
                "实际完成值": indicator.actual,
                "度量单位": indicator.unit,
                "分值": indicator.weight,
                "得分": result.used if result else indicator.score,
                "偏差原因": indicator.reason,
            }
        )
        previous = indicator
    return rows


def project_table(report: Report, project: Project, item: ProjectFigure) -> dict[str, Any]:
    figure, score = item.figure, item.score
    funds = project.funds
    appropriation = _fund(funds.appropriation if funds else None)
    carried = _fund(funds.carried_over if funds else None)
    other = _fund(funds.other if funds else None)
    goals = project.goals
    overall = project.score if project.score is not None else (score.total if score else None)
    return {
        "名称": project.name,
        "预算单位": project.budget_unit or report.unit,
        "年初预算数": figure.initial,
        "全年预算数": figure.adjusted,
        "执行数": figure.spent,
        "执行率": figure.rate,
        "财政拨款": appropriation,
        "上年结转": carried,
        "其他资金": other,
        "其它资金": _other_funds(figure, appropriation, carried, other),
        "预期目标": goals.expected if goals else None,
        "实际完成": goals.achieved if goals else None,
        "指标行": indicator_rows(project.indicators, score, project.merge_cells),
        "执行率分值": score.rate_weight if score else None,
        "执行率得分": score.rate_score if score else None,
        "总分值": score.total_weight if score else None,
        "总分": overall,
        "等级": None if overall is None else grade_of(overall),
    }


def tables_context(report: Report, items: list[ProjectFigure]) -> dict[str, Any]:
    """The context of the project tables document."""
    projects = report.projects.projects if report.projects else []
    return {
        "单位名称": report.unit,
        "年度": report.year,
        "项目表": [
            project_table(report, project, item)
            for project, item in zip(projects, items, strict=True)
            if has_table(project)
        ],
    }
