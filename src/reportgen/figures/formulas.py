"""The derived figures of a budget line, listed once: name, formula, how it is computed.

The template context (``预算.执行率`` …), the checking sheet's formulas and
the README's 计算规则 are all made from this table, so the three cannot
drift apart.  The computation itself is the ``Figure`` property named here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reportgen.figures.model import Figure


@dataclass(frozen=True)
class Operand:
    name: str
    """How the formula names it."""
    attribute: str
    """The ``Figure`` attribute that holds it."""


@dataclass(frozen=True)
class Derived:
    name: str
    """Its name in the report, the template context and the checking sheet."""
    attribute: str
    """The ``Figure`` property that computes it."""
    left: Operand
    operator: str
    right: Operand
    is_rate: bool

    @property
    def formula(self) -> str:
        return f"{self.left.name} {self.operator} {self.right.name}"

    def value(self, figure: Figure) -> Decimal | None:
        result: Decimal | None = getattr(figure, self.attribute)
        return result

    def operands(self, figure: Figure) -> tuple[Decimal | None, Decimal | None]:
        return getattr(figure, self.left.attribute), getattr(figure, self.right.attribute)


SPENT = Operand("执行数", "spent")
BUDGET = Operand("预算数", "budget")
PREVIOUS = Operand("上年执行数", "previous")

DERIVED = (
    Derived("执行率", "rate", SPENT, "÷", BUDGET, is_rate=True),
    Derived("年中追加", "adjustment", Operand("全年预算数", "adjusted"), "−", Operand("年初预算数", "initial"), False),
    Derived("增减额", "change", SPENT, "−", PREVIOUS, is_rate=False),
    Derived("增减率", "change_rate", Operand("增减额", "change"), "÷", PREVIOUS, is_rate=True),
    Derived("占比", "share", SPENT, "÷", Operand("所属合计", "whole"), is_rate=True),
    Derived("节约额", "saving", BUDGET, "−", SPENT, is_rate=False),
    Derived("节约率", "saving_rate", Operand("节约额", "saving"), "÷", BUDGET, is_rate=True),
)
"""Every figure derived from one budget line, in the order the checking sheet lists them."""
RATE = DERIVED[0]
