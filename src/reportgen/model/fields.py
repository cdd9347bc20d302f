"""The building blocks of the input schema: amounts, counts, texts, dates, yes/no.

Amounts are 万元 unless ``设置.金额单位`` says 元; they are converted here,
once, so later stages only see 万元.  Every value is read the way a clerk
means it or refused with the reason; nothing is guessed (``10²`` is not 102).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from reportgen.errors import spelled
from reportgen.money import from_yuan

MAX_AMOUNT = Decimal("1e13")
"""Larger than any budget in 万元 or 元; beyond it a figure is a typing slip (and exact
arithmetic would need more digits than a report can show)."""

MAX_COUNT = 1_000_000
"""More people or bodies than any budget unit has; beyond it a count is a typing slip."""

MAX_NUMBER_AS_TEXT = 10**30
"""A bare number in a text field (a code, a figure) is taken as written up to this size."""

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")
"""Full-width digits and signs as an input method types them.  Nothing else is translated,
so ``10²`` or ``⑤`` is never silently read as 102 or 5 (as Unicode NFKC would)."""
DECIMAL_TEXT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
"""A number as text: ASCII digits, optional sign, point and exponent."""
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_WHOLE = re.compile(r"[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)", re.ASCII)
_CHINESE_DIGITS = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")
_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", re.ASCII)

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters, lone surrogates and non-characters: a Word document cannot hold them."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Direction embeddings, overrides and isolates: invisible, and they make a text display in another order."""


def visible(text: str, limit: int = 30) -> str:
    """``text`` as a message may quote it: invisible and unprintable characters spelled [U+XXXX]."""
    return spelled(text[:limit]) + ("…" if len(text) > limit else "")


def shown_input(value: Any) -> str:
    """What the clerk wrote, as a message quotes it after “实际为”."""
    if isinstance(value, dict):
        return "“键: 值”的映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, int) and abs(value) > MAX_NUMBER_AS_TEXT:
        return f"一个{_digits(value)}位的整数"
    if isinstance(value, Decimal) and not value.is_finite():
        return "“NaN”（不是数字）" if value.is_nan() else "无穷大"
    if isinstance(value, dt.date):
        return f"“{_as_written(value)}”"
    return f"“{visible(str(value))}”"


def _digits(value: int) -> int:
    """The number of decimal digits, counted without ``str`` (which refuses more than 4300)."""
    estimate = max(1, int(value.bit_length() * 0.30103))
    return estimate + int(abs(value) >= 10**estimate)


def _not_negative_zero(value: Decimal) -> Decimal:
    """``-0`` or ``-0.00`` typed in a file is zero, so it never prints as “-0.00”."""
    return value.copy_abs() if value.is_zero() else value


def _to_wan(value: Decimal, info: ValidationInfo) -> Decimal:
    if info.context and info.context.get("金额单位") == "元":
        return from_yuan(value)
    return value


def _typed(value: str) -> str:
    """A number as typed: full-width forms made ASCII, surrounding spaces dropped."""
    return value.translate(_FULL_WIDTH).strip()


def _amount_text(value: Any, info: ValidationInfo) -> Any:
    """An amount typed as text: a number, or a number followed by the file's own unit (1234.56万元)."""
    if not isinstance(value, str):
        return value
    text = _typed(value)
    unit = (info.context or {}).get("金额单位") or "万元"
    for suffix in ("万元", "元"):
        if text.endswith(suffix):
            if suffix != unit:
                raise ValueError(f"金额写成了“{suffix}”，而本文件的金额单位是{unit}（见 设置.金额单位）：请只写数字")
            return _decimal(text[: -len(suffix)].rstrip(), value)
    return _decimal(text, value)


def _number_text(value: Any) -> Any:
    """A figure that is not an amount (a score, a weight, a 数据 entry) typed as text."""
    return _decimal(_typed(value), value) if isinstance(value, str) else value


def _decimal(text: str, typed: str) -> Decimal:
    """A number typed as text, read the way a clerk means it.

    Accepted: full-width digits (１２３４．５６) and thousands separators
    (1,234.56).  Refused with a reason: Chinese numerals (一千) and anything
    else that is not plainly a number (10², ⑤, 12 34).
    """
    _no_chinese_numerals(text, typed)
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not DECIMAL_TEXT.fullmatch(text):
        raise ValueError(f"应为数字，实际为{shown_input(typed)}")
    return Decimal(text)


def _no_chinese_numerals(text: str, typed: str) -> None:
    if _CHINESE_DIGITS.search(text):
        raise ValueError(f"请用阿拉伯数字书写，实际为{shown_input(typed)}")


def _whole_number(value: Any, low: int, high: int) -> Any:
    """A whole number, typed as a number or as text (full-width digits, 148人), from ``low`` to ``high``."""
    if isinstance(value, bool):
        raise ValueError(f"应为整数，实际为{shown_input(value)}")  # noqa: TRY004 - pydantic reports ValueError only
    if isinstance(value, str):
        text = _typed(value).removesuffix("人").removesuffix("个").removesuffix("名").rstrip()
        _no_chinese_numerals(text, value)
        if not _WHOLE.fullmatch(text):
            raise ValueError(f"应为整数，实际为{shown_input(value)}")
        value = Decimal(text.replace(",", ""))
    if isinstance(value, Decimal) and value.is_finite():
        if value > high:  # refused before it becomes a (possibly enormous) integer
            raise PydanticCustomError("less_than_equal", "Input should be less than or equal to {le}", {"le": high})
        if value < low:
            raise PydanticCustomError(
                "greater_than_equal", "Input should be greater than or equal to {ge}", {"ge": low}
            )
        if value != value.to_integral_value():
            raise ValueError(f"应为整数，实际为{shown_input(value)}")
        return int(value)
    return value


def whole_number(low: int, high: int, as_text: bool = False) -> Any:
    """The type of a whole number from ``low`` to ``high`` (a year; a count, which may be typed as 148人)."""
    read = functools.partial(_whole_number, low=low, high=high)
    schema = _json_schema("integer", as_text, ge=low, le=high)
    return Annotated[int, BeforeValidator(read), Field(ge=low, le=high), WithJsonSchema(schema)]


_JSON_BOUNDS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum"}


def _json(bound: int | Decimal) -> int | float:
    """A bound as JSON writes it; only the editor's schema sees it, never a calculation."""
    return int(bound) if bound == int(bound) else float(bound)


def _json_schema(kind: str, as_text: bool, **bounds: Any) -> dict[str, Any]:
    """What an editor checks while the clerk types: the number and its range, or any text (148人, 1,234.56)."""
    number = {"type": kind} | {
        _JSON_BOUNDS[name]: _json(bound) for name, bound in bounds.items() if name in _JSON_BOUNDS
    }
    return {"anyOf": [number, {"type": "string"}]} if as_text else number


def _date_text(value: Any) -> Any:
    """Dates as clerks write them: 2024-05-29, 2024.5.29, 2024/05/29, 2024年5月29日.

    Anything else is refused here, so a number is never read as seconds since 1970.
    """
    if isinstance(value, dt.date):
        return value
    match = _DATE.fullmatch(_typed(value)) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"应为日期（写作 2024-05-29），实际为{shown_input(value)}")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"不是有效的日期：月份应为1到12，实际为{shown_input(value)}")
    if year == 0:
        raise ValueError(f"不是有效的日期：年份不能为0，实际为{shown_input(value)}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"不是有效的日期：{year}年{month}月只有{days}天，实际为{shown_input(value)}")
    return dt.date(year, month, day)


Date = Annotated[dt.date, BeforeValidator(_date_text, json_schema_input_type=str | dt.date)]
"""A date; 2024-05-29, 2024.5.29, 2024/05/29 and 2024年5月29日 are all accepted."""

Money = Annotated[
    Decimal,
    BeforeValidator(_amount_text),
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False),
    WithJsonSchema(_json_schema("number", True, ge=0, le=MAX_AMOUNT)),
    AfterValidator(_to_wan),
    AfterValidator(_not_negative_zero),
]
"""An amount: 万元 (or 元 per 设置.金额单位), not negative."""


def numeral(**bounds: Any) -> Any:
    """The type of a figure that is not an amount (a score, a weight, a 数据 entry) within ``bounds``.

    The bounds sit with the number itself, so pydantic checks them on the exact
    decimal (checked around an optional, a huge value came out as “not finite”).
    """
    return Annotated[
        Decimal,
        BeforeValidator(_number_text),
        Field(allow_inf_nan=False, **bounds),
        WithJsonSchema(_json_schema("number", True, **bounds)),
        AfterValidator(_not_negative_zero),
    ]


Number = numeral(ge=-MAX_AMOUNT, le=MAX_AMOUNT)
"""Any other figure a narrative may quote (数据)."""

Score = numeral(ge=0, le=100, decimal_places=2)
"""A score or a weight out of 100, to at most two decimals."""


def _percent_text(value: Any) -> Any:
    """A percentage typed as 80%, 80％ or 80 (a number of percent)."""
    if isinstance(value, str):
        return _decimal(_typed(value).removesuffix("%").removesuffix("％").rstrip(), value)
    return value


def percentage(**bounds: Any) -> Any:
    """The type of a percentage (in percent: 80% is 80) within ``bounds``."""
    return Annotated[
        Decimal,
        BeforeValidator(_percent_text),
        Field(allow_inf_nan=False, **bounds),
        WithJsonSchema(_json_schema("number", True, **bounds)),
        AfterValidator(_not_negative_zero),
    ]

Count = whole_number(0, MAX_COUNT, as_text=True)
"""A number of people or bodies."""


YES_NO_AS_TEXT = "应为文字，实际为是/否：不加引号的 yes、no、on、off、true、false 会被读作是/否，要写这些词请加引号"


def _as_written(value: Any) -> Any:
    """A date or a number where text is wanted is the text the clerk typed (实际完成值: 2024-12-31).

    YAML reads an unquoted 2024-12-31 as a date and 100 as a number; here they
    become text again.  A yes/no cannot: YAML does not keep whether it was
    ``yes``, ``on`` or ``true``, so the clerk is asked to quote it.
    """
    if isinstance(value, bool):
        raise ValueError(YES_NO_AS_TEXT)  # noqa: TRY004 - pydantic reports ValueError only
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and abs(value) <= MAX_NUMBER_AS_TEXT:
        return str(value)
    if isinstance(value, Decimal) and value.is_finite() and _positional(value):
        return str(value)
    if isinstance(value, int | Decimal):
        raise ValueError(f"应为文字，实际为数字{shown_input(value)}：要原样写出，请加引号")  # noqa: TRY004
    return value


def _positional(value: Decimal) -> bool:
    """Whether ``str(value)`` is the number as typed (1.50), not in exponent form (1.5E+3)."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent <= 0 and value.adjusted() >= -6 and abs(value) <= MAX_NUMBER_AS_TEXT


def _printable(text: str) -> str:
    """Text a document can hold and show in the order it was written."""
    for pattern, problem in ((_UNPRINTABLE, "不可见的控制字符"), (_BIDI, "改变文字方向的不可见字符")):
        found = pattern.search(text)
        if found:
            where = f"第{found.start() + 1}个字处" if len(text) > 1 else ""
            raise ValueError(
                f"{where}含有{problem}（U+{ord(found.group()):04X}），多是从 Word 或网页粘贴带来的，请删除"
            )
    return text


Text = Annotated[str, BeforeValidator(_as_written), Field(min_length=1), AfterValidator(_printable)]
"""A name or a line of text: not empty."""

Note = Annotated[str, BeforeValidator(_as_written), AfterValidator(_printable)]
"""An optional remark or reason."""


def yes_no(value: Any) -> Any:
    return {"是": True, "否": False}.get(value, value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(yes_no, json_schema_input_type=bool | Literal["是", "否"])]
"""是/否 (true/false also accepted)."""


def _paragraphs(value: Any) -> Any:
    """A text becomes its non-empty lines: one line, one paragraph of the report."""
    if value is None:
        return []
    value = _as_written(value)
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


Paragraphs = Annotated[list[Text], BeforeValidator(_paragraphs, json_schema_input_type=str | list[str] | None)]
"""Free text; each line is a paragraph.  ``{{ … }}`` placeholders are allowed."""


_ENUM_PREFIX = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+(?:、|[.．](?!\d))|[⑴-⒇])\s*"
)


def strip_enumeration(text: str) -> str:
    """Drop a leading “1、”, “（一）” or “⑴” a clerk pasted: the report numbers items itself."""
    return _ENUM_PREFIX.sub("", text, count=1) or text


Duty = Annotated[Text, AfterValidator(strip_enumeration)]
"""One duty; a pasted leading number is dropped because the report numbers duties itself."""


MODEL_TITLES = {
    "Report": "部门整体支出绩效自评报告数据",
    "Settings": "设置",
    "OrgGroup": "机构类别",
    "Organisation": "机构设置",
    "StaffGroup": "人员类别",
    "Staff": "人员编制",
    "BudgetBlock": "预算执行",
    "EconomicClasses": "经济分类",
    "BasicSpending": "基本支出",
    "Project": "项目",
    "ProjectSpending": "项目支出",
    "FunctionItem": "功能分类科目",
    "FunctionClass": "支出功能分类",
    "PublicItem": "“三公”经费项目",
    "CarItem": "公务用车购置及运行维护费",
    "ThreePublic": "“三公”经费",
    "OtherBudget": "其他预算",
    "Budget": "预算",
    "YearOnYear": "本年与上年",
    "Measure": "带单位的数据",
    "Point": "要点",
    "Evaluation": "绩效自评",
    "Signature": "落款",
    "Indicator": "绩效指标",
    "FundLine": "资金",
    "FundSources": "资金来源",
    "Goals": "年度目标",
    "DepartmentIndicator": "自评表指标",
    "ScoringRules": "评分规则",
    "RateCap": "执行率封顶",
    "Overshoot": "偏离扣分",
}
"""Chinese titles of the schema's sections, for the JSON schema an editor shows."""


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        populate_by_name=False,
        model_title_generator=lambda cls: MODEL_TITLES.get(cls.__name__, cls.__name__),
        field_title_generator=lambda name, info: info.alias or name,
    )


def unwrap(annotation: Any) -> Any:
    """``Optional[X]`` and ``Annotated[X, …]`` → ``X``: the model or container a field holds."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
