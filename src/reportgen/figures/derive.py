"""Stage 3: every computed figure, in exact decimal arithmetic.

A total that the clerk omitted is computed from its parts; one that was
given is kept, and the relation is recorded as a ``Sum`` so the check stage
can compare it with its parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from reportgen.figures.model import Figure, Figures, FunctionFigure, ProjectFigure, StaffFigure, Sum, grade_of
from reportgen.figures.scoring import score_project
from reportgen.model.indicators import FUND_LINES
from reportgen.model.schema import BudgetBlock, EconomicClasses, Project, Report, StaffGroup, ThreePublic
from reportgen.money import ZERO, ratio, total
from reportgen.read.load import PathKey

ECONOMIC_NAMES = {
    "salaries": "工资福利支出",
    "goods_services": "商品和服务支出",
    "households": "对个人和家庭的补助",
    "capital": "资本性支出",
    "other": "其他支出",
}

PUBLIC_ITEMS = {"abroad": "因公出国费", "reception": "公务接待费", "cars": "公务用车费"}
PUBLIC_NAMES = {"因公出国费": "因公出国（境）费", "公务接待费": "公务接待费", "公务用车费": "公务用车购置及运行维护费"}
CAR_PARTS = {"purchase": "购置费", "upkeep": "运行维护费"}
STAFF_GROUPS = {"serving": "在职人员", "auxiliary": "辅警", "retired": "退休人员"}
OTHER_BUDGETS = {"government_funds": "政府性基金", "state_capital": "国有资本经营", "social_insurance": "社会保险基金"}


def derive(report: Report) -> Figures:
    """Compute every derived figure of ``report``."""
    sums: list[Sum] = []
    basic, basic_classes, personnel, public = _basic(report, sums)
    projects, project_classes, project_items = _projects(report, sums)
    budget = _budget(report, basic, projects, sums)
    total_spent = budget.spent
    basic = _with_whole(basic, total_spent)
    projects = _with_whole(projects, total_spent)
    carried = report.budget.carried_forward
    figures = Figures(
        budget=budget,
        income=Figure(
            "收入", ("预算", "本年收入数"), spent=report.budget.income, previous=report.budget.previous_income
        ),
        carried_rate=ratio(carried, budget.budget),
        basic=basic,
        basic_classes=basic_classes,
        personnel=personnel,
        public=public,
        projects=projects,
        project_classes=project_classes,
        project_items=project_items,
        project_count=sum(1 for p in project_items if not p.added_midyear),
        functions=_functions(report, total_spent, sums),
        running_costs=_running_costs(report),
        sums=sums,
    )
    figures.three_public, figures.car_parts = _three_public(report.three_public, sums)
    figures.other_budgets = {label: _other_budget(report, attr, label) for attr, label in OTHER_BUDGETS.items()}
    figures.staff = _staff(report, sums)
    figures.org_counts, figures.org_total = _organisation(report)
    figures.as_of = (report.staff.as_of if report.staff else None) or dt.date(report.year, 12, 31)
    evaluation = report.evaluation
    figures.score = evaluation.score
    if figures.score is None and evaluation.indicators:
        figures.score = sum((row.score for row in evaluation.indicators), ZERO)
    if figures.score is not None:
        figures.grade = grade_of(figures.score)
    return figures


def _with_whole(figure: Figure | None, whole: Decimal | None) -> Figure | None:
    return None if figure is None else replace(figure, whole=whole)


def _resolve(
    sums: list[Sum],
    path: PathKey,
    given: Decimal | None,
    parts: Iterable[tuple[PathKey, Decimal | None]],
    complete: bool = False,
    stated: bool = True,
) -> Decimal | None:
    """Record ``given`` = Σ parts (when there are parts) and return the resolved total.

    A missing part counts as nothing (an economic class not spent on), unless
    ``complete`` is asked: then a missing part means the total is unknown.
    ``stated`` is false when ``given`` was itself added up from another breakdown.
    """
    parts = tuple(parts)
    present = tuple((p, v) for p, v in parts if v is not None)
    if not present or (complete and len(present) < len(parts)):
        return given
    relation = Sum(path, given, present, stated=stated)
    sums.append(relation)
    return relation.value


def _block(
    name: str, path: PathKey, block: BudgetBlock, spent: Decimal | None, initial: Decimal | None = None
) -> Figure:
    return Figure(
        name,
        path,
        initial if initial is not None else block.initial,
        block.adjusted,
        spent,
        block.previous,
        deviation=block.deviation,
    )


def _classes(path: PathKey, classes: EconomicClasses | None, whole: Decimal | None) -> list[Figure]:
    if classes is None:
        return []
    return [
        Figure(name, path + ("经济分类", name), spent=getattr(classes, attr), whole=whole)
        for attr, name in ECONOMIC_NAMES.items()
        if getattr(classes, attr) is not None
    ]


def _class_parts(path: PathKey, classes: EconomicClasses | None) -> list[tuple[PathKey, Decimal | None]]:
    if classes is None:
        return []
    return [(path + ("经济分类", name), getattr(classes, attr)) for attr, name in ECONOMIC_NAMES.items()]


def _basic(report: Report, sums: list[Sum]) -> tuple[Figure | None, list[Figure], Figure | None, Figure | None]:
    block = report.basic
    if block is None:
        return None, [], None, None
    path: PathKey = ("基本支出",)
    spent = _resolve(sums, path + ("执行数",), block.spent, _class_parts(path, block.classes))
    spent = _resolve(
        sums,
        path + ("执行数",),
        spent,
        [(path + ("人员经费",), block.personnel), (path + ("公用经费",), block.public)],
        stated=block.spent is not None,
    )
    figure = _block("基本支出", path, block, spent)
    personnel, public = (
        Figure(name, path + (name,), spent=value, whole=spent) if value is not None else None
        for name, value in (("人员经费", block.personnel), ("公用经费", block.public))
    )
    return figure, _classes(path, block.classes, spent), personnel, public


def _projects(report: Report, sums: list[Sum]) -> tuple[Figure | None, list[Figure], list[ProjectFigure]]:
    block = report.projects
    if block is None:
        return None, [], []
    path: PathKey = ("项目支出",)
    items: list[ProjectFigure] = []
    for index, project in enumerate(block.projects):
        initial = project.initial
        if initial is None:
            initial = ZERO if project.added_midyear else project.adjusted
        adjusted = project.adjusted if project.adjusted is not None else initial
        figure = Figure(
            project.name, path + ("项目", index), initial, adjusted, project.spent, deviation=project.deviation
        )
        _fund_sums(sums, figure, project)
        settings = report.settings
        score = score_project(project.indicators, figure.rate, settings.rate_weight, settings.total_weight)
        items.append(ProjectFigure(figure, project.added_midyear, score, project.score))
    spent = _resolve(sums, path + ("执行数",), block.spent, _class_parts(path, block.classes))
    listed = [] if block.key_projects_only else items
    spent = _resolve(
        sums,
        path + ("执行数",),
        spent,
        [(item.figure.path + ("执行数",), item.figure.spent) for item in listed],
        stated=block.spent is not None,
    )
    initial = _resolve(
        sums,
        path + ("年初预算数",),
        block.initial,
        [(item.figure.path + ("年初预算数",), item.figure.initial) for item in listed if not item.added_midyear],
    )
    adjusted = _resolve(
        sums,
        path + ("全年预算数",),
        block.adjusted,
        [(item.figure.path + ("全年预算数",), item.figure.adjusted) for item in listed],
        complete=True,
    )
    figure = replace(_block("项目支出", path, block, spent, initial), adjusted=adjusted)
    items = [replace(item, figure=replace(item.figure, whole=spent)) for item in items]
    return figure, _classes(path, block.classes, spent), items


def _fund_sums(sums: list[Sum], figure: Figure, project: Project) -> None:
    """A project's sources of funds add up to its budget and its spending, column by column."""
    if project.funds is None:
        return
    lines = {label: getattr(project.funds, attr) for label, attr in FUND_LINES}
    for column, attr in (("年初预算数", "initial"), ("全年预算数", "adjusted"), ("执行数", "spent")):
        parts = [
            (figure.path + ("资金来源", label, column), getattr(line, attr))
            for label, line in lines.items()
            if line is not None
        ]
        _resolve(sums, figure.path + (column,), getattr(figure, attr), parts)


def _budget(report: Report, basic: Figure | None, projects: Figure | None, sums: list[Sum]) -> Figure:
    block = report.budget
    path: PathKey = ("预算",)
    adjusted = _resolve(
        sums,
        path + ("全年预算数",),
        block.adjusted,
        [(path + ("资金来源", name), value) for name, value in block.sources.items()],
    )
    blocks = ((("基本支出",), basic), (("项目支出",), projects))

    def both(column: str, attr: str) -> list[tuple[PathKey, Decimal | None]]:
        """The column of 基本支出 and 项目支出; a section left out makes the total unknown."""
        return [(where + (column,), getattr(figure, attr) if figure else None) for where, figure in blocks]

    spent = _resolve(sums, path + ("执行数",), block.spent, both("执行数", "spent"), complete=True)
    initial = _resolve(sums, path + ("年初预算数",), block.initial, both("年初预算数", "initial"), complete=True)
    adjusted = _resolve(
        sums,
        path + ("全年预算数",),
        adjusted,
        both("全年预算数", "adjusted"),
        complete=True,
        stated=block.adjusted is not None,
    )
    return Figure("预算", path, initial, adjusted, spent, block.previous, deviation=block.deviation)


def _functions(report: Report, whole: Decimal | None, sums: list[Sum]) -> list[FunctionFigure]:
    result = []
    for index, cls in enumerate(report.functions):
        path: PathKey = ("支出功能分类", index)
        items = tuple(
            Figure(item.name, path + ("明细", j), adjusted=item.budget, spent=item.spent)
            for j, item in enumerate(cls.items)
        )
        spent = _resolve(sums, path + ("执行数",), cls.spent, [(item.path + ("执行数",), item.spent) for item in items])
        result.append(FunctionFigure(Figure(cls.name, path, spent=spent, whole=whole), items))
    if result:
        _resolve(sums, ("预算", "执行数"), whole, [(f.figure.path + ("执行数",), f.figure.spent) for f in result])
    return result


def _running_costs(report: Report) -> Figure | None:
    costs = report.running_costs
    if costs is None:
        return None
    return Figure(
        "机关运行经费", ("机关运行经费",), spent=costs.actual, previous=costs.previous, deviation=costs.reason
    )


def _three_public(block: ThreePublic | None, sums: list[Sum]) -> tuple[dict[str, Figure], dict[str, Figure]]:
    if block is None:
        return {}, {}
    path: PathKey = ("三公经费",)
    items: dict[str, Figure] = {}
    car_parts: dict[str, Figure] = {}
    cars = block.cars
    for attr, label in CAR_PARTS.items():
        part = getattr(cars, attr) if cars else None
        if part is not None:
            car_parts[label] = Figure(
                label, path + ("公务用车费", label), part.budget, None, part.actual, part.previous
            )
    for attr, key in PUBLIC_ITEMS.items():
        item = getattr(block, attr)
        if item is None:
            continue
        item_path = path + (key,)
        if key == "公务用车费":
            budget, actual, previous = (
                _resolve(
                    sums,
                    item_path + (column,),
                    getattr(item, field_name),
                    [(p.path + (column,), getter(p)) for p in car_parts.values()],
                    complete=True,
                )
                for column, field_name, getter in _PUBLIC_COLUMNS
            )
        else:
            budget, actual, previous = item.budget, item.actual, item.previous
        items[key] = Figure(PUBLIC_NAMES[key], item_path, budget, None, actual, previous)
    given = block.total
    budget, actual, previous = (
        _resolve(
            sums,
            path + ("合计", column),
            getattr(given, field_name) if given else None,
            [(f.path + (column,), getter(f)) for f in items.values()],
            complete=True,
        )
        for column, field_name, getter in _PUBLIC_COLUMNS
    )
    result = {"合计": Figure("“三公”经费", path + ("合计",), budget, None, actual, previous)}
    for key, figure in items.items():
        result[key] = replace(figure, whole=actual)
    car_total = result["公务用车费"].spent if "公务用车费" in result else None
    for label, figure in car_parts.items():
        car_parts[label] = replace(figure, whole=car_total)
    return result, car_parts


_PUBLIC_COLUMNS = (
    ("预算数", "budget", lambda f: f.initial),
    ("决算数", "actual", lambda f: f.spent),
    ("上年决算数", "previous", lambda f: f.previous),
)


def _other_budget(report: Report, attr: str, label: str) -> Figure | None:
    block = getattr(report, attr)
    if block is None or (block.initial is None and block.adjusted is None and block.spent is None):
        return None
    return Figure(label, (label,), block.initial, block.adjusted, block.spent)


def _staff(report: Report, sums: list[Sum]) -> dict[str, StaffFigure]:
    staff = report.staff
    if staff is None:
        return {}
    result = {}
    for attr, label in STAFF_GROUPS.items():
        group: StaffGroup | None = getattr(staff, attr)
        if group is None:
            continue
        path: PathKey = ("人员编制", label)
        parts = [(path + ("构成", name), Decimal(n)) for name, n in group.breakdown.items()]
        given = Decimal(group.actual) if group.actual is not None else None
        present = tuple(parts)
        if present:
            sums.append(Sum(path + ("实有人数",), given, present, whole_numbers=True))
            resolved = given if given is not None else total(v for _, v in present)
        else:
            resolved = given
        actual = int(resolved) if resolved is not None else None
        result[label] = StaffFigure(group.authorised, actual, path)
    return result


def _organisation(report: Report) -> tuple[list[int], int | None]:
    org = report.organisation
    if org is None or not org.groups:
        return [], None
    counts = [len(g.names) if g.names is not None else (g.count or 0) for g in org.groups]
    return counts, sum(counts)
