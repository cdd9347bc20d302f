"""What the project tables show: one dictionary per project that has table data.

Indicator rows carry their own merge marks (``一级合并``/``二级合并`` =
restart or continue) so the Word template can merge the 一级 and 二级 cells
over the rows they cover, as the official form does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .figures import Figure, ProjectFigure, grade_of
from .indicators import Indicator
from .money import ZERO, total
from .schema import Project, Report
from .scoring import ProjectScore

RESTART, CONTINUE = "restart", "continue"


def has_table(project: Project) -> bool:
    """A project gets a table when its file gives goals or indicators."""
    return project.goals is not None or bool(project.indicators)


COLUMNS = (("年初预算数", "initial"), ("全年预算数", "adjusted"), ("执行数", "spent"))
FUND_LINES = (("财政拨款", "appropriation"), ("上年结转", "carried_over"), ("其他资金", "other"))


def fund_lines(project: Project, figure: Figure) -> dict[str, dict[str, Decimal | None]]:
    """The three sources of funds, column by column.

    A source the file leaves out is what the others leave of the project's
    figure when exactly one is missing, nothing when the others already make
    the whole, and unknown (printed 【待补充】) otherwise.
    """
    given = {label: getattr(project.funds, attr) if project.funds else None for label, attr in FUND_LINES}
    lines: dict[str, dict[str, Decimal | None]] = {label: {} for label, _ in FUND_LINES}
    for column, attr in COLUMNS:
        values = {label: getattr(line, attr) if line else None for label, line in given.items()}
        known = [v for v in values.values() if v is not None]
        missing = [label for label, v in values.items() if v is None]
        whole = getattr(figure, attr)
        rest = None if whole is None or not known else whole - sum(known, ZERO)
        for label, value in values.items():
            if value is None and rest is not None and (len(missing) == 1 or rest == ZERO):
                value = rest
            lines[label][column] = value
    return lines


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
    funds = fund_lines(project, figure)
    goals = project.goals
    return {
        "名称": project.name,
        "预算单位": project.budget_unit or report.unit,
        "年初预算数": figure.initial,
        "全年预算数": figure.adjusted,
        "执行数": figure.spent,
        "执行率": figure.rate,
        **funds,
        "其它资金": {column: total((funds["上年结转"][column], funds["其他资金"][column])) for column, _ in COLUMNS},
        "预期目标": goals.expected if goals else None,
        "实际完成": goals.achieved if goals else None,
        "指标行": indicator_rows(project.indicators, score, project.merge_cells),
        "执行率分值": score.rate_weight if score else None,
        "执行率得分": score.rate_score if score else None,
        "总分值": score.total_weight if score else None,
        **project_score(project, item),
    }


def project_score(project: Project, item: ProjectFigure) -> dict[str, Any]:
    """总分 and 等级 of a project: the clerk's score where given, else the computed one."""
    score = item.score
    overall = project.score if project.score is not None else (score.total if score else None)
    return {"总分": overall, "自评得分": overall, "等级": None if overall is None else grade_of(overall)}


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
