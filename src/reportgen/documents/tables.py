"""What the project tables show: one dictionary per project that has table data.

Indicator rows carry their own merge marks (``一级合并``/``二级合并`` =
restart or continue) so the Word template can merge the 一级 and 二级 cells
over the rows they cover, as the official form does, and where the table's
pages are estimated to break (``pages.paginate``), so that those cells show
their text again on each page.  A category name too long for its column is
broken between its words (服务对象 / 满意度指标).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportgen.documents.filters import score as score_text
from reportgen.documents.layouts import CONTINUE, PROJECT_LAYOUTS, RESTART, Layout, merged
from reportgen.documents.pages import ABOVE_PROJECT_TABLE, paginate, wrap
from reportgen.documents.resources import TABLE_TEMPLATES
from reportgen.documents.trace import computed, given
from reportgen.figures.formulas import RATE
from reportgen.figures.model import Figure, ProjectFigure
from reportgen.figures.scoring import IndicatorScore, ProjectScore
from reportgen.model.budget import Project
from reportgen.model.indicators import FundLine, FundSources, Indicator
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import Report
from reportgen.money import ZERO, total
from reportgen.read.document import PathKey

CATEGORY_WORDS = (
    *("服务对象", "满意度", "可持续", "影响", "生态环境", "生态", "经济", "社会"),
    *("效益", "成本", "产出", "数量", "质量", "时效", "指标"),
)
"""The words the indicator categories are made of (model.indicators.CATEGORIES): a line ends only between them."""


def has_table(project: Project) -> bool:
    """A project gets a table when its file gives goals or indicators."""
    return project.goals is not None or bool(project.indicators)


COLUMNS = tuple((key_of(FundLine, name), name) for name in FundLine.model_fields)
"""The columns of a source of funds: its YAML term and its attribute (年初预算数, 全年预算数, 执行数)."""
SOURCES = tuple((key_of(FundSources, name), name) for name in FundSources.model_fields)
"""The sources of a project's funds: its YAML term and its attribute (财政拨款, 上年结转, 其他资金)."""


def fund_lines(project: Project, figure: Figure) -> dict[str, dict[str, Decimal | None]]:
    """The three sources of funds, column by column.

    Within a line, 年初 and 全年 stand in for each other as they do for the
    project.  A source the file leaves out is what the others leave of the
    project's figure when exactly one is missing, nothing when the others
    already make the whole, and unknown (printed 【待补充】) otherwise.
    """
    given = {label: getattr(project.funds, attr) if project.funds else None for label, attr in SOURCES}
    lines: dict[str, dict[str, Decimal | None]] = {label: {} for label, _ in SOURCES}
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
    value: Decimal | None = getattr(line, attr)
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


def indicator_rows(
    indicators: list[Indicator], score: ProjectScore | None, merge: bool, path: PathKey = (), item: str = ""
) -> list[dict[str, Any]]:
    """The indicator rows of a project table, in order, with their merge marks (``path``: the indicators'
    field path, ``item``: the project's name, for the checking sheet)."""
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
                "分值": given(indicator.weight, (*path, index, "分值"), f"{item}·{indicator.name}", "分值"),
                "得分": _score(indicator, score.indicators[index] if score else None, (*path, index), item),
                "偏差原因": indicator.reason,
            }
        )
    return rows


def _score(indicator: Indicator, result: IndicatorScore | None, path: PathKey, item: str) -> Any:
    label = f"{item}·{indicator.name}"
    if result is None or result.stated is not None:
        return given(indicator.score, (*path, "得分"), label, "得分")
    basis = "按实际完成值与预期指标值评分"
    if result.deducted is not None:
        basis += f"，偏离扣{score_text(result.deducted)}分（设置.评分规则.偏离扣分）"
    return computed(result.computed, label, "得分", basis)


def _traced_funds(project: Project, lines: dict[str, dict[str, Decimal | None]], path: PathKey) -> dict[str, Any]:
    """The sources of funds, each amount traced to its input or to the subtraction that gave it."""
    result: dict[str, Any] = {}
    for label, attr in SOURCES:
        line = getattr(project.funds, attr) if project.funds else None
        result[label] = {}
        for column, column_attr in COLUMNS:
            value = lines[label][column]
            if _fund_value(line, column_attr) is not None:
                result[label][column] = given(value, (*path, label, column), f"{project.name}·{label}", column)
            else:
                basis = f"项目{column}减去其他来源之和"
                result[label][column] = computed(value, f"{project.name}·{label}", column, basis)
    return result


def project_layout(report: Report) -> Layout:
    """The layout of the report's project tables (项目表格式: 四川 or 财政部)."""
    return {layout["file"]: layout for layout in PROJECT_LAYOUTS}[TABLE_TEMPLATES[report.settings.table_layout]]


def project_table(report: Report, project: Project, item: ProjectFigure, index: int = 0) -> dict[str, Any]:
    figure, score = item.figure, item.score
    base = path_of("projects", "projects", index)
    funds = _traced_funds(project, fund_lines(project, figure), (*base, key_of(Project, "funds")))
    goals = project.goals
    table: dict[str, Any] = {
        "名称": project.name,
        "预算单位": project.budget_unit or report.unit,
        **{label: getattr(figure, attribute) for label, attribute in COLUMNS},
        RATE.name: RATE.value(figure),
        **funds,
        "其它资金": {
            column: computed(
                total(funds[label][column] for label, _ in SOURCES[1:]),
                f"{project.name}·其它资金",
                column,
                "、".join(label for label, _ in SOURCES[1:]) + "之和",
            )
            for column, _ in COLUMNS
        },
        "预期目标": goals.expected if goals else None,
        "实际完成": goals.achieved if goals else None,
        "指标行": indicator_rows(
            project.indicators, score, project.merge_cells, (*base, key_of(Project, "indicators")), project.name
        ),
        "执行率分值": given(score.rate_weight, path_of("settings", "rate_weight"), project.name, "执行率分值")
        if score
        else None,
        "执行率得分": score.rate_score if score else None,
        "分值合计": computed(score.weights, project.name, "分值合计", "执行率分值与各指标分值之和") if score else None,
        "总分": item.overall,
        "等级": item.grade,
    }
    layout = project_layout(report)
    rows = [
        {**row, **{name: wrap(row[name], width, CATEGORY_WORDS) for name, _, width in merged(layout)}}
        for row in table["指标行"]
    ]
    shown = {"项目": table, "单位名称": report.unit, "年度": report.year}
    table["指标行"] = paginate(layout, shown, rows, ABOVE_PROJECT_TABLE)
    return table


def tables_context(report: Report, items: list[ProjectFigure]) -> dict[str, Any]:
    """The context of the project tables document."""
    projects = report.projects.projects if report.projects else []
    return {
        "单位名称": report.unit,
        "年度": report.year,
        "项目表": [
            project_table(report, project, item, index)
            for index, (project, item) in enumerate(zip(projects, items, strict=True))
            if has_table(project)
        ],
    }
