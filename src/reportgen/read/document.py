"""A loaded file: its data, the line (and file) of every field path, and what loading noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportgen.errors import Diagnostic

PathKey = tuple[str | int, ...]


@dataclass
class Document:
    """A loaded YAML file: its data and the line of each field path."""

    file: str
    data: dict[str, Any]
    lines: dict[PathKey, int] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    files: dict[PathKey, str] = field(default_factory=dict)
    """The file a field came from, where it is not ``file`` itself (an inherited field)."""
    errors: list[Diagnostic] = field(default_factory=list)
    """Values that could not be read (loaded with ``keep_going``): the file is refused, but later
    stages still report what else is wrong with it."""

    def locate(self, path: PathKey) -> tuple[str, int | None]:
        """The file and line where ``path`` (or its nearest written ancestor) stands."""
        for end in range(len(path), 0, -1):
            key = tuple(path[:end])
            if key in self.lines:
                return self.files.get(key, self.file), self.lines[key]
        return self.file, None


def format_path(path: PathKey) -> str:
    """``('项目', 0, '执行数')`` → ``项目[1].执行数`` (items counted from 1, as a clerk counts)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text
