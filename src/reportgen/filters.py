"""Display formatting shared by the Word templates and the YAML narratives.

The filter names are the Chinese words a clerk writes in a placeholder, e.g.
``{{ 预算.执行数 | 万元 }}`` or ``{{ 数据.解决 | 百分比(数据.走访) }}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from .money import HUNDRED, ZERO, ratio, shown

MISSING = "—"
"""A rate or change that has no defined value (a zero or missing base)."""
TO_FILL = "【待补充】"
"""An amount the file does not give: shown so that nobody overlooks it."""

DIGITS = "零一二三四五六七八九"
CIRCLED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

DEFAULT_VERBS = "增长/下降"


def _as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("应为数字，实际为是/否")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value.strip())
    raise TypeError(f"应为数字，实际为 {value!r}")


def amount(value: Any) -> str:
    """金额: two decimals, no thousands separator (22799.58)."""
    number = _as_decimal(value)
    if number is None:
        return TO_FILL
    return f"{shown(number):f}"


def wan_yuan(value: Any) -> str:
    """万元: the amount followed by its unit (22799.58万元)."""
    text = amount(value)
    return text if text == TO_FILL else f"{text}万元"


def percent(value: Any, denominator: Any = None) -> str:
    """百分比: a ratio shown as a percentage with two decimals (93.85%).

    With a denominator, the ratio value/denominator is taken first.  An exact
    whole number prints without decimals (100%, 0%); 99.998% prints as
    100.00%, so the text never claims a rate it does not have.
    """
    number = _as_decimal(value)
    if denominator is not None:
        number = ratio(number, _as_decimal(denominator))
    if number is None:
        return MISSING
    exact = number * HUNDRED
    if exact == exact.to_integral_value():
        return f"{exact.to_integral_value():f}%"
    return f"{shown(exact):f}%"


def integer(value: Any) -> str:
    """整数: a count (人, 个) as a whole number."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    return f"{shown(number, Decimal(1)):f}"


def change_phrase(
    current: Any,
    previous: Any,
    unit: str = "万元",
    verbs: str = DEFAULT_VERBS,
    against: str = "较上年",
) -> str:
    """增减: the year-on-year phrase of domain.md §2.2.

    ``较上年增加1519.97万元，增长16.92%`` / ``较上年减少0.10万元，下降15.87%`` /
    ``与上年持平`` / ``上年无此项支出，本年新增X万元`` / ``本年与上年均未发生``.
    The change is 本年 − 上年 exactly, shown to the cent, and its rate is
    computed like every rate, from the amounts as shown (the same figures as
    ``增减额`` and ``增减率``).
    """
    now = _as_decimal(current)
    before = _as_decimal(previous)
    if now is None or before is None:
        return MISSING
    up, down = _verb_pair(verbs)
    fmt = integer if unit in COUNT_UNITS else amount
    if shown(now) == ZERO and shown(before) == ZERO:
        return "本年与上年均未发生"
    if shown(before) == ZERO:
        return f"上年无此项支出，本年新增{fmt(now)}{unit}"
    diff = now - before
    if shown(diff) == ZERO:
        return "与上年持平"
    rate = percent(ratio(abs(diff), before))
    if diff > ZERO:
        return f"{against}增加{fmt(diff)}{unit}，{up}{rate}"
    return f"{against}减少{fmt(-diff)}{unit}，{down}{rate}"


COUNT_UNITS = {"人", "个", "名", "起", "件", "辆", "次", "项"}


def _verb_pair(verbs: str) -> tuple[str, str]:
    up, sep, down = verbs.partition("/")
    if not sep or not up or not down:
        raise ValueError(f"增减动词应写成“增长/下降”的形式，实际为“{verbs}”")
    return up, down


def chinese_date(value: Any) -> str:
    """中文日期: 2024年5月29日 (Arabic numerals, no leading zeros)."""
    if value is None:
        return MISSING
    if not isinstance(value, dt.date):
        raise TypeError(f"应为日期，实际为 {value!r}")
    return format_date(value, "y年M月d日", locale="zh_CN")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 100 → 一百."""
    if n < 0:
        raise ValueError("编号不能为负数")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return DIGITS[tens] + "十" + (DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return DIGITS[hundreds] + "百"
    link = "零" if rest < 10 else ""
    tail = chinese_number(rest) if rest >= 20 or rest < 10 else "一" + chinese_number(rest)
    return DIGITS[hundreds] + "百" + link + tail


ENUMERATION_STYLES: dict[str, Callable[[int], str]] = {
    "一、": lambda n: f"{chinese_number(n)}、",
    "（一）": lambda n: f"（{chinese_number(n)}）",
    "1.": lambda n: f"{n}.",
    "1、": lambda n: f"{n}、",
    "（1）": lambda n: f"（{n}）",
    "一是": lambda n: f"{chinese_number(n)}是",
    "⑴": lambda n: CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else f"（{n}）",
}


def enumerate_as(n: Any, style: str = "1.") -> str:
    """编号: the n-th label of a Chinese enumeration style (一、 （一） 1. （1） 一是 ⑴)."""
    if style not in ENUMERATION_STYLES:
        known = " ".join(ENUMERATION_STYLES)
        raise ValueError(f"未知的编号样式“{style}”，可用：{known}")
    return ENUMERATION_STYLES[style](int(n))


SENTENCE_ENDS = "。！？…”）」』"


def sentence(text: Any) -> str:
    """成句: a clause closed with “。” (a trailing “，” or “；” becomes “。”); empty stays empty."""
    if text is None:
        return ""
    clause = str(text).strip()
    if not clause:
        return ""
    if clause[-1] in "，,；;":
        clause = clause[:-1]
    return clause if clause[-1] in SENTENCE_ENDS else clause + "。"


def score(value: Any) -> str:
    """得分: a score to at most two decimals, without trailing zeros (96.9, 89)."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    text = f"{shown(number):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


FILTERS: dict[str, Callable[..., str]] = {
    "金额": amount,
    "万元": wan_yuan,
    "百分比": percent,
    "整数": integer,
    "增减": change_phrase,
    "中文日期": chinese_date,
    "编号": enumerate_as,
    "成句": sentence,
    "得分": score,
}
