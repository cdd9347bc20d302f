"""Diagnostics are values: collected through the pipeline, printed once by the CLI."""

from __future__ import annotations

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

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"第{self.line}行"
        return where

    def __str__(self) -> str:
        parts = [p for p in (self.location(), self.path) if p]
        head = "：".join(parts)
        return f"{head}：{self.severity.value}：{self.message}" if head else f"{self.severity.value}：{self.message}"


@dataclass
class ReportgenError(Exception):
    """The one exception root: the CLI catches it and prints its diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


def fail(message: str, file: str = "", line: int | None = None, path: str = "") -> ReportgenError:
    """A ReportgenError carrying a single error diagnostic."""
    return ReportgenError([Diagnostic(Severity.ERROR, message, file, line, path)])
