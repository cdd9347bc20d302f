"""Scores of a project table (domain.md §2.3).

- 预算执行率: ``min(执行率, 100%) × 执行率分值`` (10 by default).
- A quantitative indicator (numbers on both sides): reaching the target earns
  the full 分值; short of it, ``实际/目标 × 分值`` for a ≥ indicator and
  ``目标/实际 × 分值`` for a ≤ one; inside a range (90%-95%) is reached;
  never above the 分值, never below 0.  The direction is the stated
  指标性质, else read from the target (≥90%, 90%以上, 5%以内, 12月底前,
  不超过5%); a bare value (12处) is a target to reach (≥).
- A time indicator (a deadline such as 12月底前, 2024-12-31前, 第四季度, 按期,
  read by ``deadlines``): on time earns the full 分值, late (次年3月底
  against 12月底前, 2025-06-30 against 2024-12-31前, 延期) earns 0 —
  domain.md §2.3 gives no partial rule for a late completion.  A value not
  understood as a time is scored by the rules above.
- A qualitative indicator: the clerk's 得分, else its 完成情况 (达成 the full
  分值, 部分达成 60%, 未达成 0 — the floors of the two lower bands, so an
  unstated score never flatters), else full marks when the actual text
  equals the target.
- Each score is a figure on the form: it is kept to two decimals (四舍五入,
  or 设置.评分规则.得分小数位) and the total is the sum of the scores as
  printed, so the grade always matches what the reader adds up.  A score the
  clerk states is kept; the computed one is kept beside it for the check stage.
- Province rules (设置.评分规则, off unless written): a quantitative indicator
  that passes its target by the 偏离 threshold loses the set points (or share
  of its 分值), never below 0; the total is capped by the last (lowest) row
  of 执行率封顶 whose 低于 is above the 执行率 as shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from reportgen.figures.deadlines import on_time
from reportgen.model.indicators import Indicator
from reportgen.model.rules import Overshoot, RateCap
from reportgen.model.schema import Settings
from reportgen.money import HUNDRED, ZERO, shown

BAND_SHARE = {"达成": Decimal(1), "部分达成": Decimal("0.6"), "未达成": ZERO}
BAND_RANGE = {
    "达成": (Decimal("0.8"), Decimal(1)),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (ZERO, Decimal("0.6")),
}

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_RANGE = re.compile(r"(-?\d+(?:\.\d+)?)\s*%?\s*[-~～—至到]\s*(-?\d+(?:\.\d+)?)")
_AT_LEAST_PREFIX = ("≥", ">=", "＞＝", ">", "＞", "不低于", "不少于", "大于", "高于", "达到", "超过")
_AT_MOST_PREFIX = ("≤", "<=", "＜＝", "<", "＜", "不高于", "不超过", "不多于", "低于", "小于")
_AT_LEAST_SUFFIX = ("以上", "及以上", "或以上")
_AT_MOST_SUFFIX = ("以内", "以下", "之内", "及以下", "前", "之前")


@dataclass(frozen=True)
class IndicatorScore:
    weight: Decimal | None
    computed: Decimal | None
    stated: Decimal | None
    deducted: Decimal | None = None
    """The 偏离 deduction already taken from ``computed``, when the rule applied."""

    @property
    def used(self) -> Decimal | None:
        """The score that counts: the clerk's where given, else the computed one."""
        return self.stated if self.stated is not None else self.computed


@dataclass(frozen=True)
class ProjectScore:
    rate_weight: Decimal
    rate_score: Decimal | None
    indicators: tuple[IndicatorScore, ...]
    total_weight: Decimal
    cap: RateCap | None = None
    """The row of 执行率封顶 the 执行率 falls under, if any."""

    @property
    def weights(self) -> Decimal:
        return self.rate_weight + sum((s.weight or ZERO for s in self.indicators), ZERO)

    @property
    def summed(self) -> Decimal | None:
        """The sum of the scores as printed, or None while any part cannot be scored."""
        parts = [self.rate_score, *(s.used for s in self.indicators)]
        if any(p is None for p in parts):
            return None
        return sum((p for p in parts if p is not None), ZERO)

    @property
    def limit(self) -> Decimal | None:
        """The cap's 最高 on this table's 总分值 (it is written out of 100)."""
        return None if self.cap is None else shown(self.cap.most * self.total_weight / HUNDRED)

    @property
    def total(self) -> Decimal | None:
        """总分: the sum of the scores, at most the cap's limit."""
        summed, limit = self.summed, self.limit
        return summed if summed is None or limit is None else min(summed, limit)


def first_number(text: str | None) -> Decimal | None:
    """The first number written in an indicator value: 12处 → 12, ≥90% → 90, -5% → -5."""
    if text is None:
        return None
    match = _NUMBER.search(text.replace(",", "").replace("，", ""))
    return Decimal(match.group()) if match else None


def nature_of(indicator: Indicator) -> str:
    """≥ or ≤ (or = when stated): as stated, else read from the target's words and signs."""
    if indicator.nature is not None:
        return indicator.nature
    target = indicator.target.strip()
    if target.endswith(_AT_MOST_SUFFIX):
        return "≤"
    if target.endswith(_AT_LEAST_SUFFIX):
        return "≥"
    if target.startswith(_AT_MOST_PREFIX):
        return "≤"
    return "≥"


def _quantitative(nature: str, target: Decimal, actual: Decimal) -> Decimal:
    """The share of the 分值 earned by a numeric indicator, before clamping to 0–1."""
    if nature == "≤":
        if actual <= target:
            return Decimal(1)
        return target / actual if actual > ZERO else ZERO
    if nature == "=":
        low, high = sorted((abs(actual), abs(target)))
        return Decimal(1) if actual == target else (low / high if high else ZERO)
    if actual >= target:
        return Decimal(1)
    return actual / target if target > ZERO else ZERO


def _in_range(target: str, actual: Decimal) -> Decimal | None:
    """For a target written as a range (90%-95%): met inside, proportional outside."""
    match = _RANGE.search(target)
    if not match:
        return None
    low, high = sorted((Decimal(match.group(1)), Decimal(match.group(2))))
    if low <= actual <= high:
        return Decimal(1)
    if actual < low:
        return actual / low if low > ZERO else ZERO
    return high / actual if actual > ZERO else ZERO


def overshoots(indicator: Indicator, threshold: Decimal, year: int) -> bool:
    """偏离: a quantitative ≥ (≤) indicator whose actual is above (below) its target by ``threshold`` percent or more."""
    target, actual = first_number(indicator.target), first_number(indicator.actual)
    if indicator.band is not None or target is None or actual is None or target <= ZERO:
        return False
    if "时效" in indicator.level2:  # a deadline met early is not 偏离 (README: 时效指标 never count)
        return False
    if on_time(indicator.target, indicator.actual, year) is not None:
        return False
    if indicator.nature is None and _RANGE.search(indicator.target):
        return False
    nature = nature_of(indicator)
    if nature == "≥":
        return actual >= target * (1 + threshold / HUNDRED)
    if nature == "≤":
        return actual <= target * (1 - threshold / HUNDRED)
    return False


def _deduction(indicator: Indicator, rule: Overshoot | None, year: int) -> Decimal | None:
    """The points a 偏离 indicator loses under ``rule``, or None when the rule does not apply."""
    if rule is None or indicator.weight is None or not overshoots(indicator, rule.threshold, year):
        return None
    points: Decimal = rule.points if rule.points is not None else indicator.weight * (rule.share or ZERO) / HUNDRED
    return points


def indicator_share(indicator: Indicator, year: int) -> Decimal | None:
    """The computed share of the 分值 (0–1) in the 年度 ``year``, or None when it cannot be computed."""
    if indicator.band is not None:
        return BAND_SHARE[indicator.band]
    timely = on_time(indicator.target, indicator.actual, year)
    if timely is not None:
        return Decimal(1) if timely else ZERO
    target, actual = first_number(indicator.target), first_number(indicator.actual)
    if target is not None and actual is not None:
        ranged = _in_range(indicator.target, actual) if indicator.nature is None else None
        share = ranged if ranged is not None else _quantitative(nature_of(indicator), target, actual)
        return min(max(share, ZERO), Decimal(1))
    if indicator.actual is not None and indicator.actual.strip() == indicator.target.strip():
        return Decimal(1)
    return None


def score_indicator(indicator: Indicator, settings: Settings, year: int) -> IndicatorScore:
    places = Decimal(1).scaleb(-settings.rules.places)
    share = indicator_share(indicator, year) if indicator.weight is not None else None
    if share is None or indicator.weight is None:
        return IndicatorScore(indicator.weight, None, indicator.score)
    earned = min(shown(share * indicator.weight, places), indicator.weight)  # 2.5 to 0 places is 3: above the 分值
    deducted = _deduction(indicator, settings.rules.overshoot, year)
    if deducted is not None:
        deducted = min(shown(deducted, places), earned)  # never below 0
        earned -= deducted
    return IndicatorScore(indicator.weight, earned, indicator.score, deducted)


def rate_cap(rate: Decimal | None, settings: Settings) -> RateCap | None:
    """The lowest row of 执行率封顶 whose 低于 the 执行率 (as shown, in percent) is under."""
    if rate is None:
        return None
    percent = shown(rate * HUNDRED)
    under = [cap for cap in settings.rules.caps if percent < cap.below]
    return under[-1] if under else None


def score_project(
    indicators: list[Indicator], rate: Decimal | None, settings: Settings, year: int
) -> ProjectScore | None:
    """The project's scores, or None when its table carries no 分值 at all (a table without scoring)."""
    if not any(i.weight is not None for i in indicators):
        return None
    places = Decimal(1).scaleb(-settings.rules.places)
    rate_score = None if rate is None else shown(min(rate, Decimal(1)) * settings.rate_weight, places)
    return ProjectScore(
        settings.rate_weight,
        rate_score,
        tuple(score_indicator(i, settings, year) for i in indicators),
        settings.total_weight,
        rate_cap(rate, settings),
    )
