"""Chinese for the texts click and typer print themselves: --help headings and usage errors.

typer looks some texts up through ``gettext``; ``install`` puts this table
in their place.  Typer's own copy of click writes the rest with f-strings,
so ``usage_error`` rewords the usage errors a clerk meets: by the
exception's class and the parameter or option it carries (a missing
argument, a value of the wrong type, an unknown option), and where the class
is not enough, by its wording (``USAGE_WORDINGS``).  What neither reaches
stays in English: the “Usage:” line and the help of ``--help`` itself, which
typer ≥ 0.29 writes without ``gettext``.
"""

from __future__ import annotations

import ast
import importlib
import re
from typing import Any

from pydantic import ValidationError
from typer._click.exceptions import (  # typer ≥ 0.29 carries click
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

__all__ = ["UsageError", "install", "usage_error"]

TEXTS = {
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Missing command.": "缺少命令。",
    "default: {default}": "默认：{default}",
    "required": "必填",
}
"""gettext msgids, the one table that must be keyed by English: tests/test_message_catalogue.py runs every
command's --help and records that the installed typer looks each of them up."""

_CLICK_MODULES = ("core", "exceptions", "decorators", "formatting", "parser", "types", "termui")
# typer ships its own copy of click (typer._click) in recent versions; older ones use click itself.
_MODULES = ("typer.core", *(f"{package}.{m}" for package in ("typer._click", "click") for m in _CLICK_MODULES))


def _gettext(message: str) -> str:
    return TEXTS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Put the Chinese table in place of click's and typer's gettext lookups."""
    for name in _MODULES:
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext


USAGE_WORDINGS: tuple[tuple[type[UsageError], re.Pattern[str], str], ...] = (
    (
        UsageError,  # ctx.fail: the class says nothing, nor is the command carried
        re.compile(r"No such command '(?P<command>[^']+)'(?:.*Did you mean '(?P<suggestion>[^']+)')?"),
        "没有命令“{command}”",
    ),
    (
        UsageError,
        re.compile(r"Got unexpected extra argument\(s\) \((?P<extra>.*)\)"),
        "多余的参数：{extra}（一次只处理一个文件）",
    ),
    (BadOptionUsage, re.compile(r"requires an argument"), "选项 {option} 后面需要一个值"),  # or “does not take a value”
)
"""Usage errors whose class is not enough, by the wording typer's f-strings give them (each is triggered in
tests/test_message_catalogue.py); an option's name is read from the exception, not from the words."""

MISSING = {
    "YAML文件": "缺少 YAML 数据文件：请在命令后写上文件的路径",
    "文件夹": "缺少文件夹：请在命令后写上文件夹的路径",
}
"""What a command says when its argument (by metavar) is left out."""

EXPECTED = {
    "int_parsing": "整数",
    "int_from_float": "整数",
}
"""What a value should have been, by the type of pydantic error typer raised converting it."""

_PATH_PROBLEM = re.compile(r"(?P<value>'.*'|\".*\") (?P<what>does not exist|is a file)\.$")
_PATH_WORDS = {
    "does not exist": "不存在，请检查路径",
    "is a file": "是一个文件，不是文件夹",
}
"""A path typer refuses (a ``BadParameter``, worded by its f-strings), by wording: each is triggered in
tests/test_message_catalogue.py."""


def usage_error(exc: UsageError) -> str:
    """A usage error from click, in Chinese: by its class and parameter where it has them, else by its wording.

    A wording no entry knows is returned as typer wrote it, for the caller to put after its Chinese.
    """
    if isinstance(exc, MissingParameter) and exc.param is not None:
        name = _name(exc.param)
        return MISSING.get(name, f"缺少{'选项' if exc.param.param_type_name == 'option' else '参数'} {name}")
    if isinstance(exc, BadParameter) and exc.param is not None:
        return _bad_value(exc)
    if isinstance(exc, NoSuchOption):
        return _no_such_option(exc)
    message = exc.format_message()
    for kind, wording, chinese in USAGE_WORDINGS:
        match = wording.search(message) if isinstance(exc, kind) else None
        if match is None:
            continue
        fields = {key: value for key, value in match.groupdict().items() if value}
        if isinstance(exc, BadOptionUsage):
            fields["option"] = exc.option_name
        suggestion = fields.get("suggestion")
        return chinese.format(**fields) + (f"，是否应为“{suggestion}”？" if suggestion else "")
    return message


def _name(param: Any) -> str:
    """How the clerk wrote (or should write) the parameter: ``--jobs/-j``, or an argument's metavar."""
    if param.param_type_name == "option":
        return "/".join(param.opts)
    return param.metavar or param.name or ""


def _bad_value(exc: BadParameter) -> str:
    name = _name(exc.param)
    cause = exc.__cause__
    if isinstance(cause, ValidationError):  # typer's parsing of a pydantic-typed option
        error = cause.errors()[0]
        expected = EXPECTED.get(error["type"])
        if expected:
            return f"{name} 应为{expected}，实际为“{error['input']}”"
        return f"{name} 的取值“{error['input']}”无效"
    match = _PATH_PROBLEM.search(exc.message)
    if match:
        return f"{name}“{ast.literal_eval(match['value'])}”{_PATH_WORDS[match['what']]}"
    return f"{name} 的取值无效：{exc.message}"


def _no_such_option(exc: NoSuchOption) -> str:
    text = f"没有选项 {exc.option_name}"
    if exc.possibilities:
        return text + "，是否应为" + "或".join(f"“{p}”" for p in exc.possibilities) + "？"
    if not exc.option_name.isascii():  # a name or path that starts with “-”, not a mistyped option
        text += "；以“-”开头的名称或路径，请在它前面写“-- ”，如 reportgen init -- -城关所"
    return text
