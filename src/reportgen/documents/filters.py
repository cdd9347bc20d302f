"""Display formatting shared by the Word templates and the YAML narratives.

The filter names are the Chinese words a clerk writes in a placeholder, e.g.
``{{ 预算.执行数 | 万元 }}`` or ``{{ 数据.解决 | 百分比(数据.走访) }}``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Self

from babel.dates import format_date
from jinja2 import TemplateRuntimeError

from reportgen.model.fields import DECIMAL_TEXT, visible
from reportgen.money import HUNDRED, ONE, ZERO, ratio, shown

MISSING = "—"
"""A rate or change that has no defined value (a zero or missing base)."""
TO_FILL = "【待补充】"
"""An amount the file does not give: shown so that nobody overlooks it."""

DIGITS = "零一二三四五六七八九"
CIRCLED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"

DEFAULT_VERBS = "增长/下降"


MAX_SHOWN = Decimal("1e18")
"""Beyond any figure a report holds; also keeps every rounding within exact decimal precision."""


class PlaceholderError(TemplateRuntimeError, ValueError):
    """A value a filter or a placeholder cannot show; the message is for the clerk.

    A jinja error, so a Word template reports it like its other template errors.
    """


class NotShowable(PlaceholderError):
    """A placeholder's value that is not text, a whole number or a date, so it cannot be printed as it is."""

    def __init__(self, value: Any) -> None:
        self.value = value
        super().__init__(f"占位符的值{self.problem()}")

    def problem(self, expression: str = "") -> str:
        """What is wrong and what to write instead; ``expression`` is the placeholder's content, if known."""
        value, name = self.value, expression or "名称"
        if value is None:
            return "为空（未填写或无法计算）"
        if isinstance(value, int | float | Decimal):
            return f"是数字，数字要用过滤器显示，如 {{{{ {name} | 万元 }}}}、{{{{ {name} | 百分比 }}}}、{{{{ {name} | 整数 }}}}"
        if isinstance(value, Mapping | list | tuple):
            kind = "一组数据" if isinstance(value, Mapping) else "一个列表"
            example = f"，如 {_example(expression, value)}" if _NAME.fullmatch(expression) and value else ""
            return f"是{kind}，不能直接显示；请写出其中一项{example}"
        if isinstance(value, str):
            return (
                f"是程序内部的写法（{describe(value)}），不能直接显示；请写出其中的一项，数字用过滤器显示（如 | 万元）"
            )
        return "是程序内部的对象，不能显示；请检查占位符中的名称"

    def in_text(self, text: str) -> str:
        """The message for a placeholder in ``text``: the one that failed, where the text tells which."""
        outputs = _OUTPUT.findall(text)
        bare = [o for o in outputs if "|" not in o]
        culprit = outputs[0] if len(outputs) == 1 else bare[0] if len(bare) == 1 else None
        if culprit is None:
            return str(self)
        return f"占位符“{{{{{culprit}}}}}”的值{self.problem(culprit.strip())}"


_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*|\[\d+\])*")
"""A plain name in a placeholder: 预算, 项目支出.项目[0]."""


def _example(expression: str, value: Any) -> str:
    """A placeholder showing one item of ``value``: ``{{ 预算.执行数 | 万元 }}``."""
    for _ in range(3):
        if isinstance(value, Mapping) and value:
            key = "执行数" if "执行数" in value else next(iter(value))
            step = f".{key}" if str(key).isidentifier() else f"[{json.dumps(str(key), ensure_ascii=False)}]"
            expression, value = expression + step, value[key]
        elif isinstance(value, list | tuple) and value:
            expression, value = f"{expression}[0]", value[0]
        else:
            break
    if isinstance(value, Decimal) and not isinstance(value, Quantity):  # a Quantity prints with its unit
        rate = expression.endswith(("率", "占比"))
        return f"{{{{ {expression} | {'百分比' if rate else '万元'} }}}}"
    return f"{{{{ {expression} }}}}"


def describe(value: Any) -> str:
    """What a value is, in the clerk's words (never its Python repr)."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, str):
        return f"“{visible(value)}”"
    number = _parsed(value) if isinstance(value, int | float | Decimal) else None
    if number is not None:
        return _number_shown(number)
    if isinstance(value, dt.date):
        return "日期"
    if isinstance(value, Mapping):
        return "一组数据"
    if isinstance(value, list | tuple):
        return "列表"
    return "程序内部的对象"


def _parsed(value: Any) -> Decimal | None:
    """The number ``value`` stands for, or None when it is not one.

    A number written in a placeholder (``{{ 0.0267 | 百分比 }}``) is a float in
    jinja; it is read from its shortest text, exactly as written, never
    through float arithmetic.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and DECIMAL_TEXT.fullmatch(value.strip()):
        return Decimal(value.strip())
    return None


def _as_decimal(value: Any) -> Decimal | None:
    """A filter's number: finite and within what a report can show; ``None`` stays missing."""
    if value is None:
        return None
    number = _parsed(value)
    if number is None:
        raise PlaceholderError(f"应为数字，实际为{describe(value)}")
    if not number.is_finite() or abs(number) >= MAX_SHOWN:
        raise PlaceholderError(f"数字超出可显示的范围（绝对值应小于{MAX_SHOWN:f}），实际为{_number_shown(number)}")
    return number


def _number_shown(number: Decimal) -> str:
    if number.is_nan():
        return "NaN（不是数字）"
    if number.is_infinite():
        return "无穷大"
    if abs(number) >= MAX_SHOWN:
        return f"一个{number.adjusted() + 1}位的数"
    return f"“{number}”"


PLACES = "小数"
"""The named argument that chooses how many decimals a figure is shown with: ``百分比(小数=1)``."""
MAX_PLACES = 6
"""The most decimals a figure may be shown with (a 万元 amount to the yuan cent needs six)."""


def _places(digits: Any) -> Decimal:
    """The unit ``小数=n`` rounds to (0.01 for 2), refusing anything but a whole number from 0 to MAX_PLACES."""
    number = _parsed(digits)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise PlaceholderError(f"“{PLACES}”应为0到{MAX_PLACES}之间的整数，实际为{describe(digits)}")
    if not 0 <= number <= MAX_PLACES:
        raise PlaceholderError(f"“{PLACES}”应为0到{MAX_PLACES}之间的整数，实际为{describe(digits)}")
    return ONE.scaleb(-int(number))


def amount(value: Any, *, 小数: Any = 2) -> str:
    """金额: two decimals (or ``小数=n``), no thousands separator (22799.58)."""
    places = _places(小数)
    number = _as_decimal(value)
    if number is None:
        return TO_FILL
    return f"{shown(number, places):f}"


def wan_yuan(value: Any, *, 小数: Any = 2) -> str:
    """万元: the amount followed by its unit (22799.58万元)."""
    text = amount(value, 小数=小数)
    return text if text == TO_FILL else f"{text}万元"


def percent(value: Any, denominator: Any = None, *, 小数: Any = 2) -> str:
    """百分比: a ratio shown as a percentage with two decimals (93.85%), or ``小数=n`` (93.9%).

    With a denominator, the ratio value/denominator is taken first.  An exact
    whole number prints without decimals (100%, 0%); 99.998% prints as
    100.00%, so the text never claims a rate it does not have.
    """
    places = _places(小数)
    number = _as_decimal(value)
    if denominator is not None:
        number = ratio(number, _as_decimal(denominator))
    if number is None:
        return MISSING
    exact = number * HUNDRED
    if exact == exact.to_integral_value():
        return f"{shown(exact, ONE):f}%"
    return f"{shown(exact, places):f}%"


def integer(value: Any) -> str:
    """整数: a count (人, 个) as a whole number."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    return f"{shown(number, ONE):f}"


def change_phrase(
    current: Any,
    previous: Any,
    unit: str | None = None,
    verbs: str = DEFAULT_VERBS,
    against: str = "较上年",
) -> str:
    """增减: the year-on-year phrase of domain.md §2.2.

    ``较上年增加1519.97万元，增长16.92%`` / ``较上年减少0.10万元，下降15.87%`` /
    ``与上年持平`` / ``上年无此项支出，本年新增X万元`` / ``本年与上年均未发生``.
    The change is 本年 − 上年 exactly, shown to the cent, and its rate is
    computed like every rate, from the amounts as shown (the same figures as
    ``增减额`` and ``增减率``).  In any unit but money (a 数据 entry's own,
    or one given: ``增减(上年, "起")``) the numbers are shown as given
    (``较上年减少150起，下降10.71%``) and a zero year is said plainly
    (``上年为0，本年为3起`` / ``本年与上年均为0``).
    """
    unit = unit if unit is not None else current.单位 if isinstance(current, Quantity) else "万元"
    _text_argument("单位", unit)
    _text_argument("比较对象", against)
    now = _as_decimal(current)
    before = _as_decimal(previous)
    if now is None or before is None:
        return MISSING
    up, down = _verb_pair(verbs)
    money = unit in MONEY_UNITS
    fmt = amount if money else quantity
    if seen(now, money) == ZERO and seen(before, money) == ZERO:
        return "本年与上年均未发生" if money else "本年与上年均为0"
    if seen(before, money) == ZERO:
        return f"上年无此项支出，本年新增{fmt(now)}{unit}" if money else f"上年为0，本年为{fmt(now)}{unit}"
    diff = now - before
    if seen(diff, money) == ZERO:
        return "与上年持平"
    rate = percent(change_rate(diff, before, money))
    if diff > ZERO:
        return f"{against}增加{fmt(diff)}{unit}，{up}{rate}"
    return f"{against}减少{fmt(-diff)}{unit}，{down}{rate}"


MONEY_UNITS = ("万元", "元")
"""The units in which 增减 speaks of money: two decimals, 上年无此项支出."""


def seen(value: Decimal, money: bool) -> Decimal:
    """A value as the reader sees it: money to the cent, a count or a measure as it was given."""
    return shown(value) if money else value


def change_rate(change: Decimal, before: Decimal, money: bool) -> Decimal | None:
    """|增减| ÷ 上年, from the numbers as the reader sees them (None when 上年 is 0)."""
    if money:
        return ratio(abs(change), before)
    return None if before == ZERO else abs(change) / before


def quantity(value: Any) -> str:
    """A number of things as given: whole when it is whole (1250, not 1250.00), else with the decimals written."""
    number = _as_decimal(value)
    if number is None:
        return MISSING
    whole = number.to_integral_value()
    return f"{abs(whole) if whole.is_zero() else whole:f}" if number == whole else f"{number:f}"


class Quantity(Decimal):
    """A 数据 entry given with its unit (交通事故: {本年: 1250, 上年: 1400, 单位: 起}): this year's number.

    ``{{ 数据.交通事故 }}`` prints it with its unit (1250起); a filter takes it as
    the number it is (``| 整数``, ``| 百分比(…)``).  ``本年`` and ``上年`` are
    Quantities too, ``单位`` is the unit, ``较上年`` the change phrase.
    """

    单位: str
    上年: Quantity | None
    较上年: str | None
    origin: Any
    """The figure's origin on the checking sheet (a ``trace.Origin``), None when not tracing."""

    def __new__(cls, value: Decimal, unit: str, origin: Any = None) -> Self:
        made = super().__new__(cls, value)
        made.单位, made.origin, made.上年, made.较上年 = unit, origin, None, None
        return made

    @property
    def 本年(self) -> Self:
        return self

    def text(self) -> str:
        """The number with its unit, as ``{{ 数据.交通事故 }}`` prints it."""
        return f"{quantity(self)}{self.单位}"


def _verb_pair(verbs: Any) -> tuple[str, str]:
    up, sep, down = verbs.partition("/") if isinstance(verbs, str) else ("", "", "")
    if not sep or not up or not down:
        raise PlaceholderError(f"增减动词应写成“增长/下降”的形式，实际为{describe(verbs)}")
    return up, down


def _text_argument(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise PlaceholderError(f"增减的{name}应为文字，实际为{describe(value)}")


def chinese_date(value: Any) -> str:
    """中文日期: 2024年5月29日 (Arabic numerals, no leading zeros)."""
    if value is None:
        return MISSING
    if not isinstance(value, dt.date):
        raise PlaceholderError(f"应为日期，实际为{describe(value)}")
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


MAX_ENUMERATION = 999
"""The highest label: 九百九十九 is as far as the Chinese numbering here reaches."""


def enumerate_as(n: Any, style: Any = "1.") -> str:
    """编号: the n-th label of a Chinese enumeration style (一、 （一） 1. （1） 一是 ⑴)."""
    if not isinstance(style, str) or style not in ENUMERATION_STYLES:
        known = " ".join(ENUMERATION_STYLES)
        raise PlaceholderError(f"未知的编号样式{describe(style)}，可用：{known}")
    number = _parsed(n)
    if number is None or not number.is_finite() or number != number.to_integral_value():
        raise PlaceholderError(f"编号应为1到{MAX_ENUMERATION}之间的整数，实际为{describe(n)}")
    if not 1 <= number <= MAX_ENUMERATION:
        raise PlaceholderError(f"编号应为1到{MAX_ENUMERATION}之间的整数，实际为{describe(n)}")
    return ENUMERATION_STYLES[style](int(number))


SENTENCE_ENDS = "。！？…”）」』"


def sentence(text: Any) -> str:
    """成句: a clause closed with “。” (a trailing “，” or “；” becomes “。”); empty stays empty."""
    if text is None:
        return ""
    if not isinstance(text, str | int) or isinstance(text, bool):
        raise PlaceholderError(f"“成句”用于文字，实际为{describe(text)}")
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

FILTER_NAMES = {function: name for name, function in FILTERS.items()}
"""The Chinese name of each filter, for messages."""
