"""Stage 2: check the loaded data against the schema, all problems at once.

Pydantic's errors become Chinese messages that name the file, the line, the
field path, what was expected and what was found; an unknown key gets the
nearest valid key as a suggestion.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, ReportgenError, Severity
from .fields import MAX_AMOUNT, unwrap
from .load import Document, PathKey, format_path
from .schema import Report


def validate(doc: Document) -> Report:
    """The validated report, or a ReportgenError listing every problem."""
    settings = doc.data.get("设置")
    unit = settings.get("金额单位") if isinstance(settings, dict) else None
    try:
        return Report.model_validate(drop_blanks(doc.data), context={"金额单位": unit})
    except ValidationError as exc:
        diagnostics = [_diagnostic(doc, error) for error in exc.errors()]
        diagnostics.sort(key=lambda d: d.line or 0)
        raise ReportgenError(diagnostics) from None


def drop_blanks(value: Any) -> Any:
    """A key left blank (``绩效目标:`` with nothing after it) counts as not filled in,
    and so does a section all of whose keys are blank (a skeleton from ``reportgen init``)."""
    if isinstance(value, dict):
        kept = {key: drop_blanks(item) for key, item in value.items() if item is not None}
        return {key: item for key, item in kept.items() if item != {}}
    if isinstance(value, list):
        return [drop_blanks(item) for item in value]
    return value


def _diagnostic(doc: Document, error: Any) -> Diagnostic:
    loc: PathKey = tuple(error["loc"])
    message = _message(error, loc)
    return Diagnostic(Severity.ERROR, message, *doc.locate(loc), format_path(loc))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "“键: 值”的映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否"
    text = str(value)
    return f"“{text[:30]}…”" if len(text) > 30 else f"“{text}”"


_EXPECTED = {
    "decimal_parsing": "数字（如 1234.56，不带逗号和单位）",
    "decimal_type": "数字（如 1234.56，不带逗号和单位）",
    "finite_number": "有限的数字",
    "int_parsing": "整数",
    "int_type": "整数",
    "int_from_float": "整数",
    "string_type": "文字",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "“键: 值”的映射",
    "model_type": "“键: 值”的映射",
    "model_attributes_type": "“键: 值”的映射",
    "date_parsing": "日期（写作 2024-05-29）",
    "date_type": "日期（写作 2024-05-29）",
    "date_from_datetime_parsing": "日期（写作 2024-05-29）",
    "date_from_datetime_inexact": "日期（不带时刻，写作 2024-05-29）",
    "bool_parsing": "是 或 否",
    "bool_type": "是 或 否",
}


def _message(error: Any, loc: PathKey) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = _shown(error.get("input"))
    if kind == "missing":
        name = loc[-1]
        hint = _description(loc)
        return f"缺少必填字段“{name}”" + (f"（{hint}）" if hint else "")
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind in _EXPECTED:
        return f"应为{_EXPECTED[kind]}，实际为{found}"
    huge = str(MAX_AMOUNT)  # pydantic may give the bound as 1E+13 or as Decimal('1E+13')
    if kind == "greater_than_equal" and huge not in str(ctx.get("ge")):
        if str(ctx.get("ge")) == "0":
            return f"不能为负数，实际为{found}"
        return f"应不小于{ctx.get('ge')}，实际为{found}"
    if kind == "less_than_equal":
        if huge in str(ctx.get("le")):
            return f"数额过大，实际为{found}：请检查是否多输了位数（金额单位为万元）"
        return f"应不大于{ctx.get('le')}，实际为{found}"
    if kind == "greater_than_equal":
        return f"数额过大，实际为{found}"
    if kind == "decimal_max_places":
        return f"最多{ctx.get('decimal_places')}位小数，实际为{found}"
    if kind in ("string_too_short", "too_short"):
        return "不能为空"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"应为 {expected} 之一，实际为{found}"
    if kind == "string_pattern_mismatch":
        hint = _description(loc)
        return f"格式不符合要求，实际为{found}" + (f"（{hint}）" if hint else "")
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return f"取值不符合要求（{error['msg']}），实际为{found}"


def _unknown_key(loc: PathKey) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    allowed = [f.alias for f in model.model_fields.values() if f.alias] if model else []
    close = difflib.get_close_matches(key.strip(), allowed, n=1, cutoff=0.5)
    if close:
        return f"未知字段“{key}”，是否应为“{close[0]}”？"
    if allowed:
        return f"未知字段“{key}”，此处可用的字段有：{'、'.join(allowed)}"
    return f"未知字段“{key}”"


def _description(loc: PathKey) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return ""
    for field in model.model_fields.values():
        if field.alias == loc[-1]:
            return (field.description or "").rstrip("。")
    return ""


def _model_at(loc: PathKey) -> type[BaseModel] | None:
    """The schema model that holds the fields at ``loc`` (following lists and optionals)."""
    current: Any = Report
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        current = field.annotation
    current = unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
