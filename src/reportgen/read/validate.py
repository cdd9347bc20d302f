"""Stage 2: check the loaded data against the schema, all problems at once.

Pydantic's errors become Chinese messages that name the file, the line, the
field path, what was expected and what was found; an unknown key gets the
nearest valid key as a suggestion.  Messages are chosen by pydantic's error
type, never by its English text, and quote the input with invisible
characters spelled out.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Callable
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.model.fields import MAX_AMOUNT, shown_input, unwrap, visible
from reportgen.model.schema import MEASURE_TAG, NUMBER_TAG, Report
from reportgen.read.document import Document, PathKey, format_path

M = TypeVar("M", bound=BaseModel)
_ROOT: ContextVar[type[BaseModel]] = ContextVar("root", default=Report)
"""The model being validated, whose fields the messages describe."""


def validate(doc: Document) -> Report:
    """The validated report, or a ReportgenError listing every problem."""
    return validate_as(doc, Report)


def validate_as(doc: Document, model: type[M]) -> M:
    """``doc`` validated as ``model`` (a report, or a clerk's outline), or a ReportgenError listing every problem."""
    unreadable = [
        _diagnostic_at(doc, path, "键中含有无法显示的字符，请删除后重新输入该键") for path in _unreadable_keys(doc.data)
    ]
    if unreadable:  # pydantic cannot even look such a key up, nor say where it is
        raise ReportgenError(unreadable)
    settings = doc.data.get("设置")
    unit = settings.get("金额单位") if isinstance(settings, dict) else None
    token = _ROOT.set(model)
    try:
        return model.model_validate(drop_blanks(doc.data), context={"金额单位": unit})
    except ValidationError as exc:
        diagnostics = [_diagnostic(doc, error) for error in exc.errors()]
        diagnostics.sort(key=lambda d: d.line or 0)
        raise ReportgenError(diagnostics) from None
    finally:
        _ROOT.reset(token)


def drop_blanks(value: Any) -> Any:
    """A key left blank (``绩效目标:`` with nothing after it) counts as not filled in,
    and so does a section all of whose keys are blank (a skeleton from ``reportgen init``)."""
    if isinstance(value, dict):
        kept = {key: drop_blanks(item) for key, item in value.items() if item is not None}
        return {key: item for key, item in kept.items() if item != {}}
    if isinstance(value, list):
        return [drop_blanks(item) for item in value]
    return value


def _unreadable_keys(value: Any, path: PathKey = ()) -> list[PathKey]:
    """Paths of keys holding a lone surrogate (typed as an escape such as "\\ud800")."""
    found: list[PathKey] = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and _SURROGATE.search(key):
            found.append(path + (key,))
        found.extend(_unreadable_keys(item, path + (key,)))
    return found


_SURROGATE = re.compile("[\ud800-\udfff]")


def _diagnostic_at(doc: Document, path: PathKey, message: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, message, *doc.locate(path), visible(format_path(path), limit=200))


def _diagnostic(doc: Document, error: ErrorDetails) -> Diagnostic:
    # a bad name is located at its entry, and a 数据 entry's form is not part of its path
    loc: PathKey = tuple(part for part in error["loc"] if part not in ("[key]", NUMBER_TAG, MEASURE_TAG))
    message = _message(error, loc)
    if "[key]" in error["loc"]:
        message = f"名称“{visible(str(loc[-1]))}”不可用：{message}"
    return _diagnostic_at(doc, loc, message)


_EXPECTED = {
    "decimal_type": "数字",
    "finite_number": "有限的数字",
    "int_type": "整数",
    "string_type": "文字",
    "list_type": "列表（每项以“- ”开头）",
    "dict_type": "“键: 值”的映射",
    "model_type": "“键: 值”的映射",
    "date_from_datetime_inexact": "日期（不带时刻，写作 2024-05-29）",
    "bool_parsing": "是 或 否",
    "bool_type": "是 或 否",
}
"""What a field expects, by pydantic's error type.  Text, numbers and dates typed as text are read
in fields.py, which explains its own refusals (value_error), so their parsing types never arise."""

_BOUNDS = {"greater_than": "应大于", "greater_than_equal": "应不小于", "less_than_equal": "应不大于"}

_Explain = Callable[[ErrorDetails, PathKey, str], str]
"""A message from pydantic's error, the field's path, and the input as a message quotes it."""


def _message(error: ErrorDetails, loc: PathKey) -> str:
    """The Chinese for one pydantic error, chosen by its type; an unknown type still says what pydantic said."""
    found = shown_input(error.get("input"))
    explain = MESSAGES.get(error["type"])
    if explain is None:
        return _unexplained(error, found)
    return explain(error, loc, found)


def _unexplained(error: ErrorDetails, found: str) -> str:
    return f"取值不符合要求，实际为{found}（{error['msg']}）"


def _ctx(error: ErrorDetails) -> dict[str, Any]:
    return error.get("ctx") or {}


def _missing(error: ErrorDetails, loc: PathKey, found: str) -> str:
    hint = _description(loc)
    return f"缺少必填字段“{loc[-1]}”" + (f"（{hint}）" if hint else "")


def _expected(error: ErrorDetails, loc: PathKey, found: str) -> str:
    return f"应为{_EXPECTED[error['type']]}，实际为{found}"


def _out_of_range(error: ErrorDetails, loc: PathKey, found: str) -> str:
    """Too small or too large: the range, and the figure as written."""
    kind, ctx = error["type"], _ctx(error)
    bound = _bound(next(ctx[key] for key in ("ge", "gt", "le") if key in ctx))
    if abs(bound) == MAX_AMOUNT:
        return f"数额过大，实际为{found}：应不超过{MAX_AMOUNT:f}，请检查是否多输了位数（金额单位为{_UNIT_HINT}）"
    if kind == "greater_than_equal" and bound == 0:
        return f"不能为负数，实际为{found}"
    return f"{_BOUNDS[kind]}{bound:f}，实际为{found}"


def _bound(value: Any) -> Decimal:
    """A bound from pydantic's context, where a Decimal bound comes as the text “Decimal('1E+13')”."""
    return Decimal(str(value).removeprefix("Decimal('").removesuffix("')"))


_UNIT_HINT = "万元，或 设置.金额单位 所写的单位"


def _choices(error: ErrorDetails, loc: PathKey, found: str) -> str:
    """The choices as the schema lists them (pydantic's ``ctx`` has them only as one English-joined text)."""
    annotation = _annotation_at(loc)
    choices = typing.get_args(annotation) if typing.get_origin(annotation) is Literal else ()
    if not choices:
        return _unexplained(error, found)
    return f"应为{'、'.join(f'“{choice}”' for choice in choices)}之一，实际为{found}"


def _pattern(error: ErrorDetails, loc: PathKey, found: str) -> str:
    hint = _description(loc)
    return f"格式不符合要求，实际为{found}" + (f"（{hint}）" if hint else "")


def _own_refusal(error: ErrorDetails, loc: PathKey, found: str) -> str:
    """A validator's ValueError: fields.py words its own in Chinese; any other is said as pydantic said it."""
    reason = str(_ctx(error).get("error", ""))
    return reason if _CHINESE.search(reason) else _unexplained(error, found)


_CHINESE = re.compile(r"[\u4e00-\u9fff]")

MESSAGES: dict[str, _Explain] = {
    "missing": _missing,
    "extra_forbidden": lambda error, loc, found: _unknown_key(loc),
    **dict.fromkeys(_EXPECTED, _expected),
    **dict.fromkeys(_BOUNDS, _out_of_range),
    "decimal_max_places": lambda error, loc, found: f"最多{_ctx(error).get('decimal_places')}位小数，实际为{found}",
    "too_short": lambda error, loc, found: "不能为空",
    "string_too_long": lambda error, loc, found: (
        f"最多{_ctx(error).get('max_length')}个字，实际有{len(str(error.get('input')))}个字"
    ),
    "literal_error": _choices,
    "string_pattern_mismatch": _pattern,
    "value_error": _own_refusal,
}
"""Every pydantic error type reportgen explains, keyed by ``error["type"]`` and reading only its ``ctx`` and
input, never its English ``msg`` (tests/test_message_catalogue.py triggers each with the installed pydantic)."""


def _unknown_key(loc: PathKey) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    allowed = [f.alias for f in model.model_fields.values() if f.alias] if model else []
    close = difflib.get_close_matches(key.strip(), allowed, n=1, cutoff=0.5)
    if close:
        return f"未知字段“{visible(key)}”，是否应为“{close[0]}”？"
    if allowed:
        return f"未知字段“{visible(key)}”，此处可用的字段有：{'、'.join(allowed)}"
    return f"未知字段“{visible(key)}”"


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
    current = _annotation_at(loc)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _annotation_at(loc: PathKey) -> Any:
    """The type the schema gives the value at ``loc``, without ``Optional`` and ``Annotated``; None if there is none."""
    current: Any = _ROOT.get()
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
    return unwrap(current)
