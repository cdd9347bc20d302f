"""The building blocks of the input schema: amounts, counts, texts, yes/no.

Amounts are 万元 unless ``设置.金额单位`` says 元; they are converted here,
once, so later stages only see 万元.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from .money import from_yuan


def _to_wan(value: Decimal, info: ValidationInfo) -> Decimal:
    if info.context and info.context.get("金额单位") == "元":
        return from_yuan(value)
    return value


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CHINESE_DIGITS = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]")
_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")


def _number_text(value: Any, info: ValidationInfo) -> Any:
    """A number typed as text, read the way a clerk means it.

    Accepted: full-width digits (１２３４．５６), thousands separators
    (1,234.56) and the file's own unit after an amount (1234.56万元).
    Refused with a reason: Chinese numerals (一千) and the other unit.
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    unit = (info.context or {}).get("金额单位") or "万元"
    for suffix in ("万元", "元"):
        if text.endswith(suffix):
            if suffix != unit:
                raise ValueError(f"金额写成了“{suffix}”，而本文件的金额单位是{unit}（见 设置.金额单位）：请只写数字")
            text = text[: -len(suffix)]
            break
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    return _arabic(text, value)


def _count_text(value: Any) -> Any:
    """A count typed as text: full-width digits and a trailing 人/个/名 are fine."""
    if not isinstance(value, str):
        return value
    return _arabic(unicodedata.normalize("NFKC", value).strip().rstrip("人个名"), value)


def _arabic(text: str, typed: str) -> str:
    """``text`` for pydantic to read as a number, unless the clerk wrote Chinese numerals."""
    if _CHINESE_DIGITS.search(text):
        raise ValueError(f"请用阿拉伯数字书写，实际为“{typed}”")
    return text


def _date_text(value: Any) -> Any:
    """Dates as clerks write them: 2024-05-29, 2024.5.29, 2024/05/29, 2024年5月29日."""
    if not isinstance(value, str):
        return value
    match = _DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
    if not match:
        return value
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"不是有效的日期：“{value}”") from None


Date = Annotated[dt.date, BeforeValidator(_date_text, json_schema_input_type=str | dt.date)]
"""A date; 2024-05-29, 2024.5.29, 2024/05/29 and 2024年5月29日 are all accepted."""

MAX_AMOUNT = Decimal("1e13")
"""Larger than any budget in 万元 or 元; beyond it a figure is a typing slip (and exact
arithmetic would need more digits than a report can show)."""

Money = Annotated[
    Decimal,
    BeforeValidator(_number_text, json_schema_input_type=Decimal | str),
    Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False),
    AfterValidator(_to_wan),
]
"""An amount: 万元 (or 元 per 设置.金额单位), not negative."""

Number = Annotated[Decimal, BeforeValidator(_number_text), Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
"""Any other figure a narrative may quote (数据)."""

Count = Annotated[int, BeforeValidator(_count_text, json_schema_input_type=int | str), Field(ge=0)]
"""A number of people or bodies."""

Text = Annotated[str, Field(min_length=1)]


def _yes_no(value: Any) -> Any:
    return {"是": True, "否": False}.get(value, value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(_yes_no, json_schema_input_type=bool | Literal["是", "否"])]
"""是/否 (true/false also accepted)."""


def _paragraphs(value: Any) -> Any:
    """A text becomes its non-empty lines: one line, one paragraph of the report."""
    if value is None:
        return []
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
    return _ENUM_PREFIX.sub("", text, count=1)


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
    "Point": "要点",
    "Evaluation": "绩效自评",
    "Signature": "落款",
    "Indicator": "绩效指标",
    "FundLine": "资金",
    "FundSources": "资金来源",
    "Goals": "年度目标",
    "DepartmentIndicator": "自评表指标",
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
