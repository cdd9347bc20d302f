"""Stage 3: every computed figure, in exact decimal arithmetic.

A total that the clerk omitted is computed from its parts; one that was
given is kept, and the relation is recorded as a ``Sum`` so the check stage
can compare it with its parts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from reportgen.figures.model import (
    Figure,
    Figures,
    FunctionFigure,
    OtherBudgetFigures,
    ProjectFigure,
    PublicFigures,
    StaffFigure,
    StaffFigures,
    Sum,
    grade_of,
)
from reportgen.figures.scoring import score_project
from reportgen.figures.typed import typed_paths
from reportgen.model.budget import (
    BasicSpending,
    BudgetBlock,
    CarItem,
    EconomicClasses,
    OtherBudget,
    Project,
    PublicItem,
    ThreePublic,
)
from reportgen.model.indicators import FundLine, FundSources
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import Report, Staff, StaffGroup
from reportgen.money import ZERO, ratio, total
from reportgen.read.document import PathKey


def derive(report: Report) -> Figures:
    """Compute every derived figure of ``report``."""
    sums: list[Sum] = []
    basic, basic_classes, personnel, public = _basic(report, sums)
    projects, project_classes, project_items = _projects(report, sums)
    budget = _budget(report, basic, projects, sums)
    total_spent = budget.spent
    carried = report.budget.carried_forward
    staff = report.staff
    figures = Figures(
        budget=budget,
        income=Figure(
            "收入", path_of("budget", "income"), spent=report.budget.income, previous=report.budget.previous_income
        ),
        carried_rate=ratio(carried, budget.budget),
        basic=_with_whole(basic, total_spent),
        basic_classes=basic_classes,
        personnel=personnel,
        public=public,
        projects=_with_whole(projects, total_spent),
        project_classes=project_classes,
        project_items=project_items,
        project_count=sum(1 for p in project_items if not p.added_midyear),
        functions=_functions(report, total_spent, sums),
        running_costs=_running_costs(report),
        three_public=_three_public(report.three_public, sums),
        other_budgets=OtherBudgetFigures(
            **{name: _other_budget(report, name) for name in fields_of(OtherBudgetFigures)}
        ),
        staff=_staff(staff, sums),
        as_of=(staff.as_of if staff else None) or dt.date(report.year, 12, 31),
        sums=sums,
        typed=frozenset(typed_paths(report)),
    )
    figures.org_counts, figures.org_total = _organisation(report)
    evaluation = report.evaluation
    figures.score = evaluation.score
    if figures.score is None and evaluation.indicators:
        figures.score = sum((row.score for row in evaluation.indicators), ZERO)
    if figures.score is not None:
        figures.grade = grade_of(figures.score)
    return figures


def fields_of(cls: type) -> list[str]:
    """The attribute names of a dataclass of figures, which are those of the schema block it mirrors."""
    return [f.name for f in dataclasses.fields(cls)]


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
    return Figure(name, path, initial if initial is not None else block.initial, block.adjusted, spent, block.previous)


SPENT = key_of(BudgetBlock, "spent")
INITIAL = key_of(BudgetBlock, "initial")
ADJUSTED = key_of(BudgetBlock, "adjusted")


def _classes(path: PathKey, classes: EconomicClasses | None, whole: Decimal | None) -> list[Figure]:
    """The economic classes given, each a share of its block's spending."""
    return [
        Figure(str(where[-1]), where, spent=value, whole=whole)
        for where, value in _class_parts(path, classes)
        if value is not None
    ]


def _class_parts(path: PathKey, classes: EconomicClasses | None) -> list[tuple[PathKey, Decimal | None]]:
    if classes is None:
        return []
    where = path + (key_of(BasicSpending, "classes"),)
    return [(where + (key_of(EconomicClasses, name),), getattr(classes, name)) for name in EconomicClasses.model_fields]


def _basic(report: Report, sums: list[Sum]) -> tuple[Figure | None, list[Figure], Figure | None, Figure | None]:
    block = report.basic
    if block is None:
        return None, [], None, None
    path = path_of("basic")
    spent = _resolve(sums, path + (SPENT,), block.spent, _class_parts(path, block.classes))
    split = [(path_of("basic", name), getattr(block, name)) for name in ("personnel", "public")]
    spent = _resolve(sums, path + (SPENT,), spent, split, stated=block.spent is not None)
    personnel, public = (
        Figure(str(where[-1]), where, spent=value, whole=spent) if value is not None else None for where, value in split
    )
    figure = _block(str(path[-1]), path, block, spent)
    return figure, _classes(path, block.classes, spent), personnel, public


def _projects(report: Report, sums: list[Sum]) -> tuple[Figure | None, list[Figure], list[ProjectFigure]]:
    block = report.projects
    if block is None:
        return None, [], []
    path = path_of("projects")
    settings = report.settings
    items: list[ProjectFigure] = []
    for index, project in enumerate(block.projects):
        initial = project.initial
        if initial is None:
            initial = ZERO if project.added_midyear else project.adjusted
        adjusted = project.adjusted if project.adjusted is not None else initial
        figure = Figure(project.name, path_of("projects", "projects", index), initial, adjusted, project.spent)
        _fund_sums(sums, figure, project)
        score = score_project(project.indicators, figure.rate, settings, report.year)
        items.append(ProjectFigure(figure, project.added_midyear, score, project.score))
    spent = _resolve(sums, path + (SPENT,), block.spent, _class_parts(path, block.classes))
    listed = [] if block.key_projects_only else items
    spent = _resolve(
        sums,
        path + (SPENT,),
        spent,
        [(item.figure.path + (SPENT,), item.figure.spent) for item in listed],
        stated=block.spent is not None,
    )
    initial = _resolve(
        sums,
        path + (INITIAL,),
        block.initial,
        [(item.figure.path + (INITIAL,), item.figure.initial) for item in listed if not item.added_midyear],
    )
    adjusted = _resolve(
        sums,
        path + (ADJUSTED,),
        block.adjusted,
        [(item.figure.path + (ADJUSTED,), item.figure.adjusted) for item in listed],
        complete=True,
    )
    figure = replace(_block(str(path[-1]), path, block, spent, initial), adjusted=adjusted)
    items = [replace(item, figure=replace(item.figure, whole=spent)) for item in items]
    return figure, _classes(path, block.classes, spent), items


def _fund_sums(sums: list[Sum], figure: Figure, project: Project) -> None:
    """A project's sources of funds add up to its budget and its spending, column by column."""
    if project.funds is None:
        return
    funds = figure.path + (key_of(Project, "funds"),)
    for column in FundLine.model_fields:
        parts = [
            (funds + (key_of(FundSources, source), key_of(FundLine, column)), getattr(line, column))
            for source in FundSources.model_fields
            if (line := getattr(project.funds, source)) is not None
        ]
        _resolve(sums, figure.path + (key_of(FundLine, column),), getattr(figure, column), parts)


def _budget(report: Report, basic: Figure | None, projects: Figure | None, sums: list[Sum]) -> Figure:
    block = report.budget
    path = path_of("budget")
    adjusted = _resolve(
        sums,
        path_of("budget", "adjusted"),
        block.adjusted,
        [(path_of("budget", "sources") + (name,), value) for name, value in block.sources.items()],
    )

    def both(column: str) -> list[tuple[PathKey, Decimal | None]]:
        """The column of 基本支出 and 项目支出; a section left out makes the total unknown."""
        return [
            (path_of(name, column), getattr(figure, column) if figure else None)
            for name, figure in (("basic", basic), ("projects", projects))
        ]

    spent = _resolve(sums, path_of("budget", "spent"), block.spent, both("spent"), complete=True)
    initial = _resolve(sums, path_of("budget", "initial"), block.initial, both("initial"), complete=True)
    adjusted = _resolve(
        sums,
        path_of("budget", "adjusted"),
        adjusted,
        both("adjusted"),
        complete=True,
        stated=block.adjusted is not None,
    )
    return Figure(str(path[-1]), path, initial, adjusted, spent, block.previous)


def _functions(report: Report, whole: Decimal | None, sums: list[Sum]) -> list[FunctionFigure]:
    result = []
    for index, cls in enumerate(report.functions):
        path = path_of("functions", index)
        items = tuple(
            Figure(item.name, path_of("functions", index, "items", j), adjusted=item.budget, spent=item.spent)
            for j, item in enumerate(cls.items)
        )
        spent = _resolve(sums, path + (SPENT,), cls.spent, [(item.path + (SPENT,), item.spent) for item in items])
        result.append(FunctionFigure(Figure(cls.name, path, spent=spent, whole=whole), items))
    if result:
        _resolve(sums, path_of("budget", "spent"), whole, [(f.figure.path + (SPENT,), f.figure.spent) for f in result])
    return result


def _running_costs(report: Report) -> Figure | None:
    costs = report.running_costs
    if costs is None:
        return None
    path = path_of("running_costs")
    return Figure(str(path[-1]), path, spent=costs.actual, previous=costs.previous)


PUBLIC_COLUMNS = ("budget", "actual", "previous")
"""The columns of a “三公” line (``PublicItem``), in the order of a Figure's initial, spent and previous."""


def _public_figure(name: str, path: PathKey, values: dict[str, Decimal | None]) -> Figure:
    return Figure(name, path, values["budget"], None, values["actual"], values["previous"])


def _public_values(figure: Figure) -> dict[str, Decimal | None]:
    return {"budget": figure.initial, "actual": figure.spent, "previous": figure.previous}


def _three_public(block: ThreePublic | None, sums: list[Sum]) -> PublicFigures | None:
    if block is None:
        return None
    titles = ThreePublic.TITLES
    parts: dict[str, Figure] = {}
    cars = block.cars
    for name in ("purchase", "upkeep"):
        part: PublicItem | None = getattr(cars, name) if cars else None
        if part is not None:
            path = path_of("three_public", "cars", name)
            parts[name] = _public_figure(str(path[-1]), path, {c: getattr(part, c) for c in PUBLIC_COLUMNS})
    items: dict[str, Figure] = {}
    for name in ("abroad", "reception", "cars"):
        item: PublicItem | None = getattr(block, name)
        if item is None:
            continue
        path = path_of("three_public", name)
        values = {column: getattr(item, column) for column in PUBLIC_COLUMNS}
        if isinstance(item, CarItem):  # the car item is the sum of its two parts, column by column
            values = {
                column: _resolve(
                    sums,
                    path + (key_of(PublicItem, column),),
                    values[column],
                    [(p.path + (key_of(PublicItem, column),), _public_values(p)[column]) for p in parts.values()],
                    complete=True,
                )
                for column in PUBLIC_COLUMNS
            }
        items[name] = _public_figure(titles.get(name, str(path[-1])), path, values)
    given = block.total
    path = path_of("three_public", "total")
    totals = {
        column: _resolve(
            sums,
            path + (key_of(PublicItem, column),),
            getattr(given, column) if given else None,
            [(f.path + (key_of(PublicItem, column),), _public_values(f)[column]) for f in items.values()],
            complete=True,
        )
        for column in PUBLIC_COLUMNS
    }
    spent, car_total = totals["actual"], items["cars"].spent if "cars" in items else None
    return PublicFigures(
        _public_figure(titles["total"], path, totals),
        **{name: replace(figure, whole=spent) for name, figure in items.items()},
        **{name: replace(figure, whole=car_total) for name, figure in parts.items()},
    )


def _other_budget(report: Report, name: str) -> Figure | None:
    block: OtherBudget | None = getattr(report, name)
    if block is None or (block.initial is None and block.adjusted is None and block.spent is None):
        return None
    path = path_of(name)
    return Figure(str(path[-1]), path, block.initial, block.adjusted, block.spent)


def _staff(staff: Staff | None, sums: list[Sum]) -> StaffFigures:
    if staff is None:
        return StaffFigures()
    groups: dict[str, StaffFigure] = {}
    for name in fields_of(StaffFigures):
        group: StaffGroup | None = getattr(staff, name)
        if group is None:
            continue
        path = path_of("staff", name)
        breakdown = path + (key_of(StaffGroup, "breakdown"),)
        parts = tuple((breakdown + (part,), Decimal(n)) for part, n in group.breakdown.items())
        given = Decimal(group.actual) if group.actual is not None else None
        if parts:
            sums.append(Sum(path + (key_of(StaffGroup, "actual"),), given, parts, whole_numbers=True))
            resolved = given if given is not None else total(v for _, v in parts)
        else:
            resolved = given
        groups[name] = StaffFigure(group.authorised, int(resolved) if resolved is not None else None, path)
    return StaffFigures(**groups)


def _organisation(report: Report) -> tuple[list[int], int | None]:
    org = report.organisation
    if org is None or not org.groups:
        return [], None
    counts = [len(g.names) if g.names is not None else (g.count or 0) for g in org.groups]
    return counts, sum(counts)
