"""Diagnostics are values: collected through the pipeline, printed once by the CLI."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"
    NOTE = "提示"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about an input file, located by file, line and field path."""

    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    path: str = ""

    def __post_init__(self) -> None:
        # a quoted key or value may hold a surrogate or a control character: spell it, so every line prints
        for name in ("message", "path", "file"):
            object.__setattr__(self, name, spelled(getattr(self, name)))

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"第{self.line}行"
        return where

    def __str__(self) -> str:
        parts = [p for p in (self.location(), self.path) if p]
        head = "：".join(parts)
        return f"{head}：{self.severity.value}：{self.message}" if head else f"{self.severity.value}：{self.message}"


def spelled(text: str) -> str:
    """``text`` with invisible and unprintable characters written as [U+XXXX]."""
    if text.isprintable():
        return text
    return "".join(f"[U+{ord(c):04X}]" if _invisible(c) else c for c in text)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Cn", "Zl", "Zp")


@dataclass
class ReportgenError(Exception):
    """The one exception root: the CLI catches it and prints its diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


def fail(message: str, file: str = "", line: int | None = None, path: str = "") -> ReportgenError:
    """A ReportgenError carrying a single error diagnostic."""
    return ReportgenError([Diagnostic(Severity.ERROR, message, file, line, path)])


class Collector:
    """Every finding about one input, in the one order a clerk reads them: by file, then by line.

    The unit's own file comes first, then the files it inherits in the order
    they were read, then any other file (a template); within a file, a finding
    without a line (about the whole file) comes first, then by line, and
    findings on one line keep the order they were found in.
    """

    def __init__(self, files: Sequence[str] = ()) -> None:
        self._rank = {name: index for index, name in enumerate(dict.fromkeys(files))}
        self._found: list[Diagnostic] = []

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._found.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.in_order())

    def __len__(self) -> int:
        return len(self._found)

    def in_order(self) -> list[Diagnostic]:
        other = len(self._rank)
        return sorted(
            self._found,
            key=lambda d: (self._rank.get(d.file, other), "" if d.file in self._rank else d.file, d.line or 0),
        )

    def failing(self, strict: bool = False) -> bool:
        """Whether a finding stops the build: an error, or with ``strict`` a warning too."""
        stopping = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return any(d.severity in stopping for d in self._found)

    def error(self) -> ReportgenError:
        """The findings, in order, as the exception that refuses the input."""
        return ReportgenError(self.in_order())
