"""Placeholders in the clerk's own text: ``{{ 预算.执行率 | 百分比 }}`` inside a narrative.

Narratives are rendered in a jinja2 ``SandboxedEnvironment`` against the same
names and filters as the Word template, so no placeholder reaches Python
internals.  Every text field of the validated input is rendered where it
stands, so an error names the field as the clerk wrote it, with its line.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import string
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NoReturn, TypeVar, cast

from jinja2 import BaseLoader, Environment, StrictUndefined, Template, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.exceptions import SecurityError, TemplateError, TemplateRuntimeError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment
from jinja2.utils import missing
from pydantic import BaseModel

from reportgen.documents.filters import (
    FILTER_NAMES,
    FILTERS,
    MAX_SHOWN,
    PLACES,
    NotShowable,
    PlaceholderError,
    Quantity,
    change_phrase,
    chinese_date,
)
from reportgen.documents.trace import TracedInt, marked
from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.pipeline.guard import Place, working_on
from reportgen.read.document import Document, PathKey, format_path

MISSING_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
"""jinja's wording of an undefined name, for a caller holding a plain ``UndefinedError``;
``describe_failure`` reads the name from ``MissingName`` instead."""
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_SYNTAX = {
    "unexpected end of template": "占位符没有闭合：缺少“}}”或“{% end… %}”",
    "unexpected '}'": "多了一个“}”",
    "Encountered unknown tag": "“{% … %}”里的写法无法识别；要写文字“{%”请改用全角括号",
    "expected token": "占位符里的写法不完整",
    "No filter named": f"过滤器名称写错了，可用的有：{'、'.join(FILTERS)}",
    "No test named": "“is”后面的判断写错了",
    "Expected an expression": "“{{ }}”里缺少要显示的名称或数值",
}
"""jinja's syntax errors (one class for every mistake) carry only English words: matched ignoring case (jinja
writes both “Unexpected end of template.” and “unexpected end of template, …”); every entry is triggered in
tests/test_message_catalogue.py, and a wording none matches is quoted after the Chinese."""
_UNKNOWN_SYNTAX = "写法无法识别"
_DIGIT_KEY = re.compile(r"([^\W\d]\w*(?:\.[^\W\d]\w*)*)\.(\d+[^\W\d]\w*)")
"""A name beginning with a digit written after a dot (数据.110警情), which jinja reads as the number 110:
such a name is written in brackets, 数据["110警情"]."""
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
"""A message of reportgen's own (the sandbox's limits), as opposed to jinja's English one."""
PLACEHOLDER_HELP = "可用的名称见 README“模板参考”，过滤器见“叙述中的占位符和过滤器”"

Node = TypeVar("Node")


class MissingName(UndefinedError):
    """A name (or attribute, or item) a placeholder uses that does not exist, carrying that ``name``."""

    def __init__(self, message: str | None = None, name: object = None) -> None:
        super().__init__(message)
        self.name = name


class UnsafeAttribute(SecurityError):
    """An attribute the sandbox refuses (``__class__``, ``update``), carrying its ``name``."""

    def __init__(self, message: str | None = None, name: object = None) -> None:
        super().__init__(message)
        self.name = name


class NoOtherFiles(TemplateError):
    """``{% include %}``, ``{% import %}`` or ``{% extends %}``: a placeholder reads no other file."""


class _NamingUndefined(StrictUndefined):
    """jinja's strict undefined, raising errors that carry the name, so that they are explained by it
    rather than by jinja's wording of it."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> None:
        named = {UndefinedError: MissingName, SecurityError: UnsafeAttribute}.get(exc)
        if named is not None:  # jinja raises ``exc(message)``: a class with the name already given
            exc = cast("type[TemplateRuntimeError]", functools.partial(named, name=name))
        super().__init__(hint, obj, name, exc)


class _NoFiles(BaseLoader):
    """A loader that refuses every file: without one jinja says only “no loader …” in a ``TypeError``."""

    def get_source(self, environment: Environment, template: str) -> NoReturn:
        raise NoOtherFiles(template)


def _strict(function: Callable[..., str]) -> Callable[..., str]:
    """A filter that reports an unknown name as such, not as a bad value, and a wrong number of arguments in Chinese."""
    signature = inspect.signature(function)
    name = FILTER_NAMES[getattr(function, "func", function)]

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> str:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            raise PlaceholderError(f"过滤器“{name}”的参数不对；{PLACEHOLDER_HELP}") from None
        return function(*args, **kwargs)

    return checked


SHOWN = ("金额", "万元", "百分比", "整数", "得分")
"""The filters that show a figure: a traced figure they show is marked for the checking sheet."""


def _traced(name: str, function: Callable[..., str]) -> Callable[..., str]:
    """``function`` marking the figure it shows; its operands (a denominator, not ``小数=``) make it a figure of its own."""

    @functools.wraps(function)
    def shown(value: Any, *args: Any, **kwargs: Any) -> str:
        operands = (*args, *(v for k, v in kwargs.items() if k != PLACES))
        return marked(value, function(value, *args, **kwargs), operands, name)

    return shown


def _finalize(value: Any) -> Any:
    """What ``{{ x }}`` may print: text, whole numbers, dates (是/否 for yes/no) and 数据 given with a unit, nothing else.

    A raw figure, an empty value, a whole section (``{{ 预算 }}``), a list or a
    program object is refused with a message, never printed as Python shows it.
    """
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and not LEAKED_REPR.search(value):
        return value
    if isinstance(value, TracedInt):
        return marked(value, str(value))
    if isinstance(value, Quantity):  # a 数据 entry given with its unit: 1250起
        return marked(value, value.text())
    if isinstance(value, int) and abs(value) < MAX_SHOWN:
        return value
    if isinstance(value, dt.date):
        return chinese_date(value)
    raise NotShowable(value)


LEAKED_REPR = re.compile(r"<[^<>]* at 0x[0-9a-fA-F]+>|<class '|\bDecimal\('|\bdatetime\.date(?:time)?\(|^[\[{]'")
"""Python's own way of writing a value, which a placeholder's text must never carry into a report."""


NARRATIVE_SECONDS = 10.0
"""One narrative's budget (the file's whole budget is ``guard.Limits``); a real one fills in milliseconds."""
MAX_REPEAT = 10_000
"""The longest text or list a placeholder may build by multiplication."""
MAX_EXPONENT = 100
MAX_POWER_BITS = 100_000
"""The largest whole number a power may make (about 30,000 digits)."""
MAX_WIDTH = 1000
"""The widest field ``'{:>n}'.format(…)`` or ``'%nd' % …`` may pad to (a C call no limit could stop)."""
MAX_PRINTED = 1_000_000
"""The most characters one placeholder, or one narrative, may produce: a narrative is a few thousand;
Word's XML parser stops at ten million."""
MAX_RENDERED = 100_000_000
"""The most characters a Word template's part may render to (a report's body is well under a million)."""
_AMPLIFYING_FILTERS = ("center", "indent", "wordwrap", "format", "pprint", "xmlattr", "urlize", "filesizeformat")
"""jinja filters a report never needs that pad or repeat text in one C call."""
_PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_WIDTH = re.compile(r"[{}]|\d+")
"""A width or precision in a format spec, or a nested ``{…}`` that takes one from an argument."""
MAX_COMPILED = 256
"""Compiled templates kept per environment (the Word template's parts and the narratives)."""


class ReportSandbox(ImmutableSandboxedEnvironment):
    """jinja2's sandbox that cannot change the data it is given (``{{ 预算.update(…) }}``), also refusing ``'x' * 10**9`` and ``2 ** 10**9``, which it lets through."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:
        """Compile each source once per environment: a batch renders the same template for every unit,
        and compiling the Word template's XML is most of docxtpl's time."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) >= MAX_COMPILED:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` as the sandbox wraps it, refused at once for a format that pads too wide."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            for _, _, spec, _ in string.Formatter().parse(value.__self__):
                _check_width(_SPEC_WIDTH.findall(spec or ""))
        return wrapped

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            for match in _PERCENT_WIDTH.finditer(left):
                _check_width(match.groups())
        if operator == "**" and isinstance(right, int | Decimal) and abs(Decimal(right)) > MAX_EXPONENT:
            raise SecurityError("乘方的指数过大")
        whole_power = operator == "**" and isinstance(left, int) and isinstance(right, int)
        if whole_power and abs(left).bit_length() * abs(right) > MAX_POWER_BITS:  # ((10**100)**100)**100
            raise SecurityError("乘方的结果过大")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                repeated = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if repeated and (int(count) > MAX_REPEAT or len(sequence) * int(count) > MAX_PRINTED):
                    raise SecurityError("重复次数过多")
        return super().call_binop(context, operator, left, right)


def _check_width(numbers: Iterable[str | None]) -> None:
    """Refuse a field wider than ``MAX_WIDTH``, or a width taken from an argument (``*``, ``{…}``)."""
    for number in numbers:
        if number and (not number.isdigit() or int(number) > MAX_WIDTH):
            raise SecurityError(f"格式中的宽度过大（最多{MAX_WIDTH}）")


def _bounded_concat(limit: int) -> Callable[[Iterable[str]], str]:
    """jinja's ``"".join`` of a template's output, stopped as soon as it passes ``limit`` characters."""

    def concat(parts: Iterable[str]) -> str:
        kept, total = [], 0
        for part in parts:
            total += len(part)
            if total > limit:
                raise SecurityError(f"生成的文字过长（超过{limit}个字符），可能有过大的循环")
            kept.append(part)
        return "".join(kept)

    return concat


def _bounded(finalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``finalize``, refusing a printed value longer than ``MAX_PRINTED`` characters."""

    def printed(value: Any) -> Any:
        result = finalize(value)
        if isinstance(result, str) and len(result) > MAX_PRINTED:
            raise SecurityError(f"占位符生成的文字过长（{len(result)}个字符，最多{MAX_PRINTED}个）")
        return result

    return printed


@functools.lru_cache(maxsize=16)
def environment(change_verbs: str, autoescape: bool) -> SandboxedEnvironment:
    """The sandbox templates and narratives are rendered in, with the Chinese filters.

    ``autoescape`` is for the Word template (its output is XML); narratives
    are plain text, escaped later when they are put into the document.  One
    environment per setting is kept, so compiled templates are reused.
    """
    env = ReportSandbox(
        undefined=_NamingUndefined, loader=_NoFiles(), finalize=_bounded(_finalize), autoescape=autoescape
    )
    for name in _AMPLIFYING_FILTERS:
        del env.filters[name]
    env.concat = _bounded_concat(MAX_RENDERED if autoescape else MAX_PRINTED)  # type: ignore[method-assign]
    filters: dict[str, Callable[..., str]] = {**FILTERS, "增减": functools.partial(change_phrase, verbs=change_verbs)}
    strict = {name: _strict(function) for name, function in filters.items()}
    env.filters.update(
        {name: _traced(name, function) if name in SHOWN else function for name, function in strict.items()}
    )
    return env


def render_narratives(report: Node, context: dict[str, Any], doc: Document, env: SandboxedEnvironment) -> Node:
    """A copy of the validated input in which every text with placeholders is filled in."""
    errors: list[Diagnostic] = []

    def walk(value: Any, path: PathKey) -> Any:
        if isinstance(value, BaseModel):
            updates = {}
            for name, field in type(value).model_fields.items():
                item = getattr(value, name)
                rendered = walk(item, path + (field.alias or name,))
                if rendered is not item:
                    updates[name] = rendered
            return value.model_copy(update=updates) if updates else value
        if isinstance(value, list):
            items = [walk(item, path + (index,)) for index, item in enumerate(value)]
            return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
        if isinstance(value, dict):  # 叙述: texts by name
            filled = {key: walk(item, path + (key,)) for key, item in value.items()}
            return filled if any(filled[key] is not item for key, item in value.items()) else value
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            try:
                file, line = doc.locate(path)
                what = f"填写“{format_path(path)}”中的占位符"
                working_on(Place(file, line, format_path(path), what, NARRATIVE_SECONDS))
                return env.from_string(value).render(context)
            except Exception as exc:  # noqa: BLE001 - every failure of the clerk's text becomes a message
                errors.append(
                    Diagnostic(Severity.ERROR, describe_failure(exc, value), *doc.locate(path), format_path(path))
                )
        return value

    rendered: Node = walk(report, ())
    if errors:
        raise ReportgenError(errors)
    return rendered


def _digit_key(text: str) -> str | None:
    """The advice for a placeholder that writes a name beginning with a digit after a dot, if one does."""
    for placeholder in _PLACEHOLDER.findall(text):
        match = _DIGIT_KEY.search(placeholder)
        if match is not None:
            fixed = _DIGIT_KEY.sub(lambda m: f'{m[1]}["{m[2]}"]', placeholder)
            return f"占位符“{placeholder}”中的名称“{match[2]}”以数字开头，不能写在“.”之后；请写作“{fixed}”"
    return None


def describe_failure(exc: Exception, text: str) -> str:
    """Why a placeholder could not be filled, in the clerk's terms."""
    if isinstance(exc, UndefinedError):
        name = str(exc.name) if isinstance(exc, MissingName) and exc.name is not None else ""
        placeholder = next((p for p in _PLACEHOLDER.findall(text) if name and name in p), "")
        where = f"占位符“{placeholder}”" if placeholder else "占位符"
        if name.isdigit() and f".{name}" in placeholder:  # 数据.2023 looks up the number 2023, not the name
            return f"{where}中的名称“{name}”不存在；名称以数字开头时请写在方括号和引号里，如 数据[\"{name}\"]"
        return f"{where}中的名称“{name}”不存在；{PLACEHOLDER_HELP}"
    if isinstance(exc, UnsafeAttribute):
        return f"占位符试图访问不允许的内部属性“{exc.name}”，已拒绝"
    if isinstance(exc, SecurityError):
        reason = f"（{exc}）" if _CHINESE.search(str(exc)) else ""
        return f"占位符中有不允许的操作{reason}，已拒绝"
    if isinstance(exc, OverflowError | RecursionError | MemoryError):
        return "占位符的计算量过大（循环或递归过多），已停止"
    if isinstance(exc, TemplateSyntaxError):
        digit_key = _digit_key(text)
        if digit_key is not None:
            return digit_key
        detail = exc.message or ""
        known = next((cn for en, cn in _SYNTAX.items() if en.lower() in detail.lower()), None)
        advice = f"占位符写法有误（{known or _UNKNOWN_SYNTAX}），应写作 {{{{ 名称 }}}} 或 {{{{ 名称 | 过滤器 }}}}"
        return advice if known else f"{advice}（原文：{detail}）"
    if isinstance(exc, NoOtherFiles):
        return "占位符不能引用或读取其他文件"
    if isinstance(exc, NotShowable):
        return exc.in_text(text)
    if isinstance(exc, PlaceholderError):
        return f"占位符无法计算：{exc}"
    if isinstance(exc, ArithmeticError):
        return "占位符中的计算无效（例如除以0）"
    if isinstance(exc, TypeError) and "unsupported operand" in str(exc):
        return "占位符中的运算对象不符：数字只能与数字运算（小数请写在“数据”中再引用）"
    if isinstance(exc, NameError):  # jinja writes a folded inf or nan into its code as a bare name
        return "占位符中的数字超出范围（无穷大或不是数字）"
    return f"占位符无法计算：其中的名称、运算或过滤器用得不对；{PLACEHOLDER_HELP}"
