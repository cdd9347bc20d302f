"""Roll-up: a parent unit's totals from its sub-units, as a typed input to its build.

Each sub-unit's build yields its ``contribution`` (from its derived figures,
in 万元); the batch adds them up; the parent's validated model then takes
every total it left out from the sums, and every total it gave is compared
with them.  Nothing is written back into the parent's YAML data, so the
amounts need no second conversion from 元.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypeVar

from pydantic import BaseModel

from reportgen.documents.filters import amount
from reportgen.errors import Diagnostic, Severity
from reportgen.figures.model import Figures
from reportgen.model.fields import unwrap
from reportgen.model.paths import path_of
from reportgen.model.schema import Report
from reportgen.read.document import Document, PathKey, format_path

Field = tuple[str, ...]
"""A field of the schema by attribute names, e.g. ``("budget", "spent")``."""

Sums = dict[Field, Decimal]

ROLLED_UP: tuple[Field, ...] = (
    ("budget", "initial"),
    ("budget", "adjusted"),
    ("budget", "spent"),
    ("basic", "spent"),
    ("projects", "spent"),
    ("three_public", "abroad", "actual"),
    ("three_public", "reception", "actual"),
    ("three_public", "cars", "actual"),
)
"""The figures a parent unit takes from, or checks against, its sub-units."""


def contribution(figures: Figures) -> Sums:
    """What one sub-unit adds to its parent's totals."""
    budget, public = figures.budget, figures.three_public
    abroad, reception, cars = (public.abroad, public.reception, public.cars) if public else (None, None, None)
    values: dict[Field, Decimal | None] = {
        # a unit without a 全年预算数 adds its 年初 (the rule of 执行率), and the reverse
        ("budget", "initial"): budget.initial if budget.initial is not None else budget.adjusted,
        ("budget", "adjusted"): budget.budget,
        ("budget", "spent"): budget.spent,
        ("basic", "spent"): figures.basic.spent if figures.basic else None,
        ("projects", "spent"): figures.projects.spent if figures.projects else None,
        ("three_public", "abroad", "actual"): abroad.spent if abroad else None,
        ("three_public", "reception", "actual"): reception.spent if reception else None,
        ("three_public", "cars", "actual"): cars.spent if cars else None,
    }
    return {field: value for field, value in values.items() if value is not None}


def add_up(contributions: Iterable[Sums]) -> Sums:
    """The sum of each rolled-up figure over the sub-units that have it."""
    sums: Sums = {}
    for sums_of_one in contributions:
        for field, value in sums_of_one.items():
            sums[field] = sums.get(field, Decimal(0)) + value
    return sums


def roll_up(report: Report, doc: Document, sums: Sums) -> tuple[Report, list[Diagnostic], frozenset[PathKey]]:
    """The parent's input with the totals it left out taken from ``sums``; a warning per given total that differs.

    Also the paths of the totals taken from the sums (they were not typed, and the checking sheet says so).
    """
    findings: list[Diagnostic] = []
    taken: set[PathKey] = set()
    for field in ROLLED_UP:
        if field not in sums:
            continue
        total, given = sums[field], _value(report, field)
        if given is None:
            report = _with(report, field, total)
            taken.add(path_of(*field))
        elif given != total:
            path = path_of(*field)
            message = (
                f"汇总核对：填写为{amount(given)}万元，各下级单位之和为{amount(total)}万元，"
                f"相差{amount(abs(given - total))}万元"
            )
            findings.append(Diagnostic(Severity.WARNING, message, *doc.locate(path), format_path(path)))
    return report, findings, frozenset(taken)


def _value(model: BaseModel | None, field: Field) -> Decimal | None:
    for name in field:
        if model is None:
            return None
        model = getattr(model, name)
    return model if isinstance(model, Decimal) else None


M = TypeVar("M", bound=BaseModel)


def _with(model: M, field: Field, value: Decimal) -> M:
    """``model`` with ``value`` at ``field``, creating the blocks on the way that the file left out."""
    name, rest = field[0], field[1:]
    if not rest:
        copy = model.model_copy(update={name: value})
        copy.model_fields_set.discard(name)  # taken from the sub-units, not typed
        return copy
    child = getattr(model, name)
    if child is None:
        child = _block_type(type(model), name)()
    return model.model_copy(update={name: _with(child, rest, value)})


def _block_type(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The model class of an optional block, e.g. ``BasicSpending`` for ``Report.basic``."""
    annotation = unwrap(model.model_fields[name].annotation)
    assert isinstance(annotation, type) and issubclass(annotation, BaseModel), annotation
    return annotation
