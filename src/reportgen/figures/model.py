"""What derivation produces: budget lines, totals with their parts, and the figures of one report.

Every derived number is a property computed exactly from the inputs; only
``money.ratio`` rounds (rates are computed from the amounts as printed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from reportgen.errors import Severity
from reportgen.money import HUNDRED, ZERO, ratio, total
from reportgen.read.document import PathKey

if TYPE_CHECKING:
    from reportgen.figures.scoring import ProjectScore


class Finding(NamedTuple):
    """One result of a check, located by the field path it is about."""

    severity: Severity
    path: PathKey
    message: str


GRADE_BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (ZERO, "差"))


def grade_of(score: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60 (90 含 in 优)."""
    return next(grade for floor, grade in GRADE_BANDS if score >= floor)


@dataclass(frozen=True)
class Figure:
    """One budget line: its budget, its spending, last year, and what follows from them."""

    name: str
    path: PathKey
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    spent: Decimal | None = None
    previous: Decimal | None = None
    whole: Decimal | None = None
    """The total this line is a share of (for 占比)."""

    @property
    def budget(self) -> Decimal | None:
        """预算数: 全年预算数 where given, else 年初预算数 (the rule for 执行率)."""
        return self.adjusted if self.adjusted is not None else self.initial

    @property
    def rate(self) -> Decimal | None:
        """执行率 (also 完成预算, 控制率): 执行数 / 预算数."""
        return ratio(self.spent, self.budget)

    @property
    def adjustment(self) -> Decimal | None:
        """年中追加 (预算调整): 全年预算数 − 年初预算数."""
        if self.adjusted is None or self.initial is None:
            return None
        return self.adjusted - self.initial

    @property
    def change(self) -> Decimal | None:
        """增减额: 本年 − 上年."""
        if self.spent is None or self.previous is None:
            return None
        return self.spent - self.previous

    @property
    def change_rate(self) -> Decimal | None:
        """增减率: (本年 − 上年) / 上年."""
        change = self.change
        return None if change is None else ratio(change, self.previous)

    @property
    def share(self) -> Decimal | None:
        """占比: 本项 / 合计."""
        return ratio(self.spent, self.whole)

    @property
    def saving(self) -> Decimal | None:
        """节约额: 预算 − 决算."""
        if self.budget is None or self.spent is None:
            return None
        return self.budget - self.spent

    @property
    def saving_rate(self) -> Decimal | None:
        """节约率: 节约额 / 预算."""
        saving = self.saving
        return None if saving is None else ratio(saving, self.budget)


@dataclass(frozen=True)
class Sum:
    """A total and its parts: the given total (if any) must equal the parts."""

    path: PathKey
    given: Decimal | None
    parts: tuple[tuple[PathKey, Decimal], ...]
    whole_numbers: bool = False
    stated: bool = True
    """The given total was typed by the clerk (not itself added up from another breakdown)."""

    @property
    def computed(self) -> Decimal | None:
        return total(value for _, value in self.parts)

    @property
    def value(self) -> Decimal | None:
        return self.given if self.given is not None else self.computed


@dataclass(frozen=True)
class ProjectFigure:
    figure: Figure
    added_midyear: bool
    score: ProjectScore | None = None
    stated_score: Decimal | None = None

    @property
    def overall(self) -> Decimal | None:
        """The project's 自评得分: the clerk's where given, else its table's total."""
        if self.stated_score is not None:
            return self.stated_score
        return self.score.total if self.score else None

    @property
    def grade(self) -> str | None:
        """The grade of ``overall``, on 100 points whatever the table's 总分值."""
        overall = self.overall
        if overall is None:
            return None
        total_weight = self.score.total_weight if self.score else HUNDRED
        return grade_of(overall * HUNDRED / total_weight)


@dataclass(frozen=True)
class StaffFigure:
    authorised: int | None
    actual: int | None
    path: PathKey

    @property
    def name(self) -> str:
        """The group's name as the file writes it, e.g. 在职人员."""
        return str(self.path[-1])

    @property
    def control_rate(self) -> Decimal | None:
        """在职人员控制率: 实有人数 / 编制数."""
        if self.actual is None or self.authorised is None:
            return None
        return ratio(Decimal(self.actual), Decimal(self.authorised))


@dataclass(frozen=True)
class StaffFigures:
    """The staff groups the file gives, by the schema's attribute names (``Staff``)."""

    serving: StaffFigure | None = None
    auxiliary: StaffFigure | None = None
    retired: StaffFigure | None = None

    def groups(self) -> list[StaffFigure]:
        return [group for group in (self.serving, self.auxiliary, self.retired) if group is not None]


@dataclass(frozen=True)
class PublicFigures:
    """“三公”经费: the total, its three items, and the two parts of the car item (attributes as in ``ThreePublic``)."""

    total: Figure
    abroad: Figure | None = None
    reception: Figure | None = None
    cars: Figure | None = None
    purchase: Figure | None = None
    """公务用车购置费 (``CarItem.purchase``)."""
    upkeep: Figure | None = None
    """公务用车运行维护费 (``CarItem.upkeep``)."""

    def items(self) -> list[Figure]:
        return [item for item in (self.abroad, self.reception, self.cars) if item is not None]

    def car_parts(self) -> list[Figure]:
        return [part for part in (self.purchase, self.upkeep) if part is not None]


@dataclass(frozen=True)
class OtherBudgetFigures:
    """The three other budgets (attributes as in ``Report``); None where the file gives no amount."""

    government_funds: Figure | None = None
    state_capital: Figure | None = None
    social_insurance: Figure | None = None


@dataclass(frozen=True)
class FunctionFigure:
    figure: Figure
    items: tuple[Figure, ...]


@dataclass
class Figures:
    """Everything derived from one report's input."""

    budget: Figure
    income: Figure
    carried_rate: Decimal | None = None
    basic: Figure | None = None
    basic_classes: list[Figure] = field(default_factory=list)
    personnel: Figure | None = None
    public: Figure | None = None
    projects: Figure | None = None
    project_classes: list[Figure] = field(default_factory=list)
    project_items: list[ProjectFigure] = field(default_factory=list)
    project_count: int = 0
    functions: list[FunctionFigure] = field(default_factory=list)
    running_costs: Figure | None = None
    three_public: PublicFigures | None = None
    other_budgets: OtherBudgetFigures = field(default_factory=OtherBudgetFigures)
    staff: StaffFigures = field(default_factory=StaffFigures)
    org_counts: list[int] = field(default_factory=list)
    org_total: int | None = None
    as_of: dt.date | None = None
    score: Decimal | None = None
    """部门整体自评得分: as stated, else the sum of the 自评表's 得分."""
    grade: str | None = None
    sums: list[Sum] = field(default_factory=list)
    typed: frozenset[PathKey] = frozenset()
    """The paths of the amounts the clerk typed (the rest were computed or taken by a rule)."""
