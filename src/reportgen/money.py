"""Exact decimal arithmetic for money and rates.

Every amount in reportgen is a ``Decimal`` in 万元.  Rounding happens only
where a figure is shown (``shown``), always 四舍五入 (ROUND_HALF_UP), never
``round()`` and never float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
YUAN_PER_WAN = Decimal(10000)


def shown(value: Decimal, places: Decimal = CENT) -> Decimal:
    """The value as printed: rounded half-up to ``places`` (two decimals).

    A tiny negative value rounds to zero, and zero has no sign: never “-0.00”.
    """
    rounded = value.quantize(places, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part / whole`` computed from the figures as the reader sees them.

    A reader redoes a rate from the printed 2-decimal amounts, so both sides
    are rounded to the cent first.  ``None`` when either side is missing or
    the whole is zero (no defined rate).
    """
    if part is None or whole is None:
        return None
    whole_shown = shown(whole)
    if whole_shown == ZERO:
        return None
    return shown(part) / whole_shown


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the given values, ``None`` if none is given."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, ZERO)


def from_yuan(value: Decimal) -> Decimal:
    """元 to 万元, exactly."""
    return value / YUAN_PER_WAN
