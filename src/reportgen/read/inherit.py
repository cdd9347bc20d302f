"""“继承”: a unit's file may take what it shares with its bureau from a common file.

``继承: 共同.yaml`` (a path relative to the file) loads the common file first
and lays the unit's own file over it: mappings merge key by key, a list or a
value the unit writes replaces the common one.  Every field keeps the file
and line it came from, so an error in an inherited field names the common
file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.errors import fail
from reportgen.read.decode import MISSING, UnreadableFile
from reportgen.read.document import Document, PathKey
from reportgen.read.load import load

INHERIT_KEY = "继承"


def load_unit(path: Path, seen: frozenset[Path] = frozenset(), keep_going: bool = False) -> Document:
    """Load ``path`` with everything it inherits (``keep_going``: see ``load.parse``)."""
    doc = load(path, keep_going)
    base_name = doc.data.pop(INHERIT_KEY, None)
    if base_name is None:
        return doc
    file, line = doc.locate((INHERIT_KEY,))
    if not isinstance(base_name, str) or not base_name.strip():
        raise fail("“继承”后面应写共同文件的文件名，如 继承: 共同.yaml", file, line, INHERIT_KEY)
    base_path = path.parent / base_name.strip()
    here = _identity(path)
    if _identity(base_path) in seen | {here}:
        raise fail(f"继承关系形成了循环（{base_name}）", file, line, INHERIT_KEY)
    try:
        base = load_unit(base_path, seen | {here}, keep_going)
    except UnreadableFile as exc:  # the common file's own problems name it; not finding it is this line's
        reason = exc.diagnostics[0].message
        hint = "（应与本文件在同一文件夹，或写出相对路径）" if reason == MISSING else ""
        raise fail(f"无法读取继承的文件“{base_name}”：{reason}{hint}", file, line, INHERIT_KEY) from None
    return merge(base, doc)


def _identity(path: Path) -> Path:
    """The file a path leads to, for spotting a cycle; the path itself where it leads nowhere (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # Python before 3.13 raises RuntimeError on a link loop
        return path.absolute()


def merge(base: Document, unit: Document) -> Document:
    """``unit`` laid over ``base``: mappings merged, lists and values replaced, blanks inherited."""
    data = _merge(base.data, unit.data)
    lines: dict[PathKey, int] = {}
    files: dict[PathKey, str] = {}
    for path in _paths(data, ()):
        if path in unit.lines:
            lines[path] = unit.lines[path]
            if path in unit.files:
                files[path] = unit.files[path]
        elif path in base.lines:
            lines[path] = base.lines[path]
            files[path] = base.files.get(path, base.file)
    return Document(unit.file, data, lines, base.notes + unit.notes, files, base.errors + unit.errors)


def _merge(base: Any, unit: Any) -> Any:
    if isinstance(base, dict) and isinstance(unit, dict):
        merged = dict(base)
        for key, value in unit.items():
            if value is None and key in base:
                continue  # a key left blank takes the common file's value
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return unit


def _paths(value: Any, path: PathKey) -> list[PathKey]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, path + (index,))
    return found
