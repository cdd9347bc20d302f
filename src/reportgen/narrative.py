"""Placeholders in the clerk's own text: ``{{ 预算.执行率 | 百分比 }}`` inside a narrative.

Narratives are rendered in a jinja2 ``SandboxedEnvironment`` against the same
names and filters as the Word template, so no placeholder reaches Python
internals; an unknown name is an error naming the field and the placeholder.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .errors import Diagnostic, ReportgenError, Severity
from .filters import FILTERS, change_phrase
from .load import Document, PathKey, format_path

_MISSING_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _strict(function: Callable[..., str]) -> Callable[..., str]:
    """A filter that reports an unknown name as such, not as a bad value."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> str:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
        return function(*args, **kwargs)

    return checked


def environment(change_verbs: str, **options: Any) -> SandboxedEnvironment:
    """The sandbox every template and narrative is rendered in, with the Chinese filters."""
    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=False, **options)
    filters: dict[str, Callable[..., str]] = {**FILTERS, "增减": functools.partial(change_phrase, verbs=change_verbs)}
    env.filters.update({name: _strict(function) for name, function in filters.items()})
    return env


def render_narratives(context: dict[str, Any], doc: Document, env: SandboxedEnvironment) -> dict[str, Any]:
    """A copy of ``context`` in which every text with placeholders is filled in."""
    errors: list[Diagnostic] = []

    def walk(value: Any, path: PathKey) -> Any:
        if isinstance(value, dict):
            return {key: walk(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, path + (index,)) for index, item in enumerate(value)]
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            try:
                return env.from_string(value).render(context)
            except Exception as exc:  # every failure of the clerk's text becomes a message
                errors.append(_diagnostic(exc, value, path, doc))
                return value
        return value

    rendered = walk(context, ())
    if errors:
        raise ReportgenError(errors)
    return rendered


def _diagnostic(exc: Exception, text: str, path: PathKey, doc: Document) -> Diagnostic:
    return Diagnostic(Severity.ERROR, _message(exc, text), doc.file, doc.line_of(path), format_path(path))


def _message(exc: Exception, text: str) -> str:
    if isinstance(exc, UndefinedError):
        match = _MISSING_NAME.search(str(exc))
        name = next((g for g in match.groups() if g), "") if match else ""
        placeholder = next((p for p in _PLACEHOLDER.findall(text) if name and name in p), "")
        shown = f"占位符“{placeholder}”" if placeholder else "占位符"
        return f"{shown}中的名称“{name}”不存在；可用的名称见 README“模板参考”"
    if isinstance(exc, SecurityError):
        return "占位符试图访问不允许的内部属性，已拒绝"
    if isinstance(exc, TemplateSyntaxError):
        return f"占位符写法有误（{exc.message}），应写作 {{{{ 名称 }}}} 或 {{{{ 名称 | 过滤器 }}}}"
    if isinstance(exc, TemplateError):
        return f"占位符无法计算（{exc}）"
    return f"占位符无法计算：{exc}"
