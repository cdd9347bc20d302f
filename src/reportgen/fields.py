"""The building blocks of the input schema: amounts, counts, texts, yes/no.

Amounts are 万元 unless ``设置.金额单位`` says 元; they are converted here,
once, so later stages only see 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

from .money import from_yuan


def _to_wan(value: Decimal, info: ValidationInfo) -> Decimal:
    if info.context and info.context.get("金额单位") == "元":
        return from_yuan(value)
    return value


MAX_AMOUNT = Decimal("1e13")
"""Larger than any budget in 万元 or 元; beyond it a figure is a typing slip (and exact
arithmetic would need more digits than a report can show)."""

Money = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False), AfterValidator(_to_wan)]
"""An amount: 万元 (or 元 per 设置.金额单位), not negative."""

Number = Annotated[Decimal, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
"""Any other figure a narrative may quote (数据)."""

Count = Annotated[int, Field(ge=0)]
"""A number of people or bodies."""

Text = Annotated[str, Field(min_length=1)]


def _yes_no(value: Any) -> Any:
    return {"是": True, "否": False}.get(value, value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]
"""是/否 (true/false also accepted)."""


def _paragraphs(value: Any) -> Any:
    """A text becomes its non-empty lines: one line, one paragraph of the report."""
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


Paragraphs = Annotated[list[Text], BeforeValidator(_paragraphs)]
"""Free text; each line is a paragraph.  ``{{ … }}`` placeholders are allowed."""


_ENUM_PREFIX = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+(?:、|[.．](?!\d))|[⑴-⒇])\s*"
)


def strip_enumeration(text: str) -> str:
    """Drop a leading “1、”, “（一）” or “⑴” a clerk pasted: the report numbers items itself."""
    return _ENUM_PREFIX.sub("", text, count=1)


Duty = Annotated[Text, AfterValidator(strip_enumeration)]
"""One duty; a pasted leading number is dropped because the report numbers duties itself."""


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        populate_by_name=False,
    )
