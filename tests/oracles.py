"""Independent oracles: how a figure must print, recomputed with integers and exact fractions, never with reportgen's code.

四舍五入 (ROUND_HALF_UP: a tie goes away from zero) to cents; a rate is
computed from the two amounts as printed (to the cent) and printed to two
decimals, without decimals only when it is a whole percentage exactly.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor


def half_up(value: Fraction) -> int:
    """The nearest integer, a tie away from zero."""
    magnitude = floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


def cents(value: Decimal | int | str) -> int:
    return half_up(Fraction(value) * 100)


def amount(value: Decimal | int | str) -> str:
    """An amount as printed: two decimals, no thousands separator."""
    c = cents(value)
    return f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}"


def rate(exact: Fraction) -> str:
    """A rate (a fraction of 1) as a percentage."""
    hundredfold = exact * 100
    if hundredfold.denominator == 1:
        return f"{hundredfold.numerator}%"
    c = half_up(hundredfold * 100)
    return f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}%"


def percent(part: Decimal | int | str, whole: Decimal | int | str) -> str:
    """``part ÷ whole`` from the amounts as printed."""
    return rate(Fraction(cents(part), cents(whole)))


def change(now: Decimal, before: Decimal, verbs: str = "增长/下降") -> str:
    """The year-on-year phrase for two amounts in 万元 (before printed as more than 0.00)."""
    up, down = verbs.split("/")
    difference = Decimal(now) - Decimal(before)
    if cents(difference) == 0:
        return "与上年持平"
    verb, trend = ("增加", up) if difference > 0 else ("减少", down)
    return f"较上年{verb}{amount(abs(difference))}万元，{trend}{percent(abs(difference), before)}"
