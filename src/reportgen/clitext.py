"""Chinese for the texts click and typer print themselves: --help headings and usage errors.

click and typer look some texts up through ``gettext``; ``install`` puts this
table in their place.  Typer's own copy of click writes the rest with
f-strings, so ``usage_error`` rewords the usage errors a clerk meets
(a missing file, an unknown option or command).  What neither reaches
(click's “Usage:” line) stays in English.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

try:  # recent typer carries its own copy of click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer uses click itself
    from click.exceptions import UsageError  # type: ignore[assignment]

__all__ = ["UsageError", "install", "usage_error"]

TEXTS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Show this message and exit.": "显示本说明并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看说明。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "Did you mean {possibility}?": "是否应为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否应为其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Aborted!": "已中止。",
}

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


_ERROR_PATTERNS = (
    (re.compile(r"Missing (?:argument|parameter)"), "缺少 YAML 数据文件：请在命令后写上文件的路径"),
    (re.compile(r"No such option: (?P<x>\S+)"), "没有选项 {x}"),
    (re.compile(r"No such command '(?P<x>[^']+)'(?:.*Did you mean '(?P<y>[^']+)')?"), "没有命令“{x}”"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<x>.*)\)"), "多余的参数：{x}（一次只处理一个文件）"),
    (re.compile(r"Option '(?P<x>[^']+)' requires an argument"), "选项 {x} 后面需要一个值"),
)


def usage_error(message: str) -> str:
    """A usage error from click, in Chinese where its wording is known."""
    for pattern, chinese in _ERROR_PATTERNS:
        match = pattern.search(message)
        if match:
            text = chinese.format(**{k: v for k, v in match.groupdict().items() if v})
            suggestion = match.groupdict().get("y")
            return text + (f"，是否应为“{suggestion}”？" if suggestion else "")
    return message
