"""What the project tables show: one dictionary per project that has table data.

Indicator rows carry their own merge marks (``一级合并``/``二级合并`` =
restart or continue) so the Word template can merge the 一级 and 二级 cells
over the rows they cover, as the official form does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.figures.model import Figure, Figures, ProjectFigure
from reportgen.figures.scoring import ProjectScore
from reportgen.model.indicators import FUND_LINES, FundLine, Indicator
from reportgen.model.schema import Project, Report
from reportgen.money import ZERO, total

RESTART, CONTINUE = "restart", "continue"


def has_table(project: Project) -> bool:
    """A project gets a table when its file gives goals or indicators."""
    return project.goals is not None or bool(project.indicators)


COLUMNS = (("年初预算数", "initial"), ("全年预算数", "adjusted"), ("执行数", "spent"))


def fund_lines(project: Project, figure: Figure) -> dict[str, dict[str, Decimal | None]]:
    """The three sources of funds, column by column.

    Within a line, 年初 and 全年 stand in for each other as they do for the
    project.  A source the file leaves out is what the others leave of the
    project's figure when exactly one is missing, nothing when the others
    already make the whole, and unknown (printed 【待补充】) otherwise.
    """
    given = {label: getattr(project.funds, attr) if project.funds else None for label, attr in FUND_LINES}
    lines: dict[str, dict[str, Decimal | None]] = {label: {} for label, _ in FUND_LINES}
    for column, attr in COLUMNS:
        values = {label: _fund_value(line, attr) for label, line in given.items()}
        known = [v for v in values.values() if v is not None]
        missing = [label for label, v in values.items() if v is None]
        whole = getattr(figure, attr)
        rest = None if whole is None or not known else whole - sum(known, ZERO)
        for label, value in values.items():
            if value is None and rest is not None and rest >= ZERO and (len(missing) == 1 or rest == ZERO):
                value = rest
            lines[label][column] = value
    return lines


def _fund_value(line: FundLine | None, attr: str) -> Decimal | None:
    if line is None:
        return None
    value = getattr(line, attr)
    if value is None and attr in ("initial", "adjusted"):
        value = line.adjusted if attr == "initial" else line.initial
    return value


def merge_marks(levels: list[tuple[str, str]], merge: bool) -> list[tuple[str, str]]:
    """For each row's (一级, 二级): whether its cells start (restart) or continue a merged cell."""
    marks = []
    previous: tuple[str, str] | None = None
    for level1, level2 in levels:
        same1 = merge and previous is not None and previous[0] == level1
        same2 = same1 and previous is not None and previous[1] == level2
        marks.append((CONTINUE if same1 else RESTART, CONTINUE if same2 else RESTART))
        previous = (level1, level2)
    return marks


def indicator_rows(indicators: list[Indicator], score: ProjectScore | None, merge: bool) -> list[dict[str, Any]]:
    """The indicator rows of a project table, in order, with their merge marks."""
    marks = merge_marks([(i.level1, i.level2) for i in indicators], merge)
    rows = []
    for index, (indicator, (mark1, mark2)) in enumerate(zip(indicators, marks, strict=True)):
        rows.append(
            {
                "一级": indicator.level1,
                "一级合并": mark1,
                "二级": indicator.level2,
                "二级合并": mark2,
                "三级": indicator.name,
                "指标性质": indicator.nature,
                "预期指标值": indicator.target,
                "实际完成值": indicator.actual,
                "度量单位": indicator.unit,
                "分值": indicator.weight,
                "得分": score.indicators[index].used if score else indicator.score,
                "偏差原因": indicator.reason,
            }
        )
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
        "分值合计": score.weights if score else None,
        "总分": item.overall,
        "等级": item.grade,
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


def self_evaluation(report: Report, figures: Figures) -> dict[str, Any] | None:
    """附件2 部门整体支出绩效自评表, when the file gives its indicators."""
    rows = report.evaluation.indicators
    if not rows:
        return None
    marks = merge_marks([(r.level1, r.level2) for r in rows], merge=True)
    return {
        "指标行": [
            {
                "一级": r.level1,
                "一级合并": m1,
                "二级": r.level2,
                "二级合并": m2,
                "三级": r.name,
                "分值": r.weight,
                "得分": r.score,
                "偏差原因": r.reason,
            }
            for r, (m1, m2) in zip(rows, marks, strict=True)
        ],
        "分值合计": sum((r.weight for r in rows), ZERO),
        "得分合计": sum((r.score for r in rows), ZERO),
        "等级": figures.grade,
    }


def basic_data(report: Report, figures: Figures) -> dict[str, Any] | None:
    """附件1 部门整体支出绩效评价基础数据表 (domain.md §1.3), from whatever the file gives."""
    if report.staff is None and report.three_public is None and report.projects is None:
        return None
    empty = {"编制数": None, "实有人数": None, "控制率": None}

    def staff(label: str) -> dict[str, Any]:
        found = figures.staff.get(label)
        return {"编制数": found.authorised, "实有人数": found.actual, "控制率": found.control_rate} if found else empty

    def line(figure: Figure | None) -> dict[str, Decimal | None]:
        if figure is None:
            return {"上年执行数": None, "预算数": None, "执行数": None}
        return {"上年执行数": figure.previous, "预算数": figure.budget, "执行数": figure.spent}

    public = figures.three_public
    return {
        "在职": staff("在职人员"),
        "辅警": staff("辅警"),
        "三公合计": line(public.get("合计")),
        "公务用车费": line(public.get("公务用车费")),
        "购置费": line(figures.car_parts.get("购置费")),
        "运行维护费": line(figures.car_parts.get("运行维护费")),
        "因公出国费": line(public.get("因公出国费")),
        "公务接待费": line(public.get("公务接待费")),
        "项目支出": line(figures.projects),
        "公用经费": line(figures.public),
        "机关运行经费": line(figures.running_costs),
        "预算调整": figures.budget.adjustment,
    }


ATTACHMENT_TITLES = {"基础数据表": "部门整体支出绩效评价基础数据表", "自评表": "部门整体支出绩效自评表"}


def attachments_context(report: Report, figures: Figures) -> dict[str, Any]:
    """The report's generated attachments, numbered in order, and the list the body names."""
    tables = {"基础数据表": basic_data(report, figures), "自评表": self_evaluation(report, figures)}
    if not report.settings.attachments:
        tables = {key: None for key in tables}
    present = [key for key, value in tables.items() if value is not None]
    return {
        "基础数据": tables["基础数据表"],
        "自评表": tables["自评表"],
        "附件编号": {key: index for index, key in enumerate(present, start=1)},
        "附件": report.attachments or [ATTACHMENT_TITLES[key] for key in present],
    }
