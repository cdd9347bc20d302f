"""Which files of a bureau's folder are units, which is the parent, and where each unit's documents go.

Planning reads each file with the loader every build uses; a file that
cannot be read is a failed unit, never a failed batch.  A file another one
inherits (``继承``) is a common file, not a unit.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.model.fields import YesNo
from reportgen.model.paths import key_of
from reportgen.model.schema import Report
from reportgen.output.write import safe_name
from reportgen.pipeline.result import UnitResult
from reportgen.read.inherit import INHERIT_KEY
from reportgen.read.load import load

UNIT_KEY = key_of(Report, "unit")
ROLLUP_KEY = key_of(Report, "rollup")
_YES_NO: TypeAdapter[bool] = TypeAdapter(YesNo)


def _is_parent(data: dict[str, Any]) -> bool:
    """``汇总下级: 是`` as the schema reads it (是, true …); a value it refuses is the unit's own error."""
    try:
        return _YES_NO.validate_python(data.get(ROLLUP_KEY, False))
    except ValidationError:
        return False


@dataclass
class Plan:
    units: list[Path]
    parent: Path | None
    folders: dict[Path, str]
    notes: list[Diagnostic]
    refused: list[UnitResult] = field(default_factory=list)
    """Files that could not be planned (unreadable, or a second parent): failed units of their own."""
    names: dict[Path, str] = field(default_factory=dict)


RESERVED_NAMES = ("汇总表.xlsx",)
"""Names in the output folder that belong to the batch itself, not to a unit."""


def _read(path: Path) -> tuple[dict[str, Any], UnitResult | None]:
    """A file's top-level data, read by the loader every build uses; or its failure as a unit's result."""
    try:
        return load(path).data, None
    except ReportgenError as exc:
        return {}, UnitResult(path, diagnostics=exc.diagnostics, failed=True)
    except Exception as exc:  # noqa: BLE001 - one file must never stop the bureau's batch
        message = f"无法读取该文件（{type(exc).__name__}：{exc}），其他单位不受影响"
        return {}, UnitResult(path, diagnostics=[Diagnostic(Severity.ERROR, message, str(path))], failed=True)


def _inherited(path: Path, base: Any) -> Path | None:
    if not isinstance(base, str):
        return None
    try:
        return (path.parent / base.strip()).resolve()
    except (OSError, RuntimeError, ValueError):
        return None  # the unit's own build says what is wrong with the name


def _folder_key(name: str) -> str:
    """Names that Windows or macOS take for one folder (ABC and abc; composed and decomposed é) share a key."""
    return unicodedata.normalize("NFC", name).casefold()


def plan(folder: Path) -> Plan:
    """Which files are units, which is the parent, and a distinct output folder for each unit."""
    files = sorted(p for p in folder.glob("*.y*ml") if p.is_file() and not p.name.startswith("."))
    inherited: set[Path] = set()
    names: dict[Path, str] = {}
    parents: list[Path] = []
    refused: dict[Path, UnitResult] = {}
    for path in files:
        data, failure = _read(path)
        if failure is not None:
            refused[path] = failure
        base = _inherited(path, data.get(INHERIT_KEY))
        if base is not None:
            inherited.add(base)
        if isinstance(data.get(UNIT_KEY), str):
            names[path] = data[UNIT_KEY]
        if _is_parent(data):
            parents.append(path)
    if len(parents) > 1:
        listed = "、".join(p.name for p in parents)
        message = (
            f"有{len(parents)}个文件写了“汇总下级: 是”（{listed}），一个文件夹只能有一个上级单位；这些文件都未生成"
        )
        for path in parents:
            refused.setdefault(
                path,
                UnitResult(path, names.get(path), [], [Diagnostic(Severity.ERROR, message, str(path))], failed=True),
            )
    units = [p for p in files if p.resolve() not in inherited]
    notes = [
        Diagnostic(Severity.NOTE, "被其他文件继承，作为共同文件使用，不单独生成报告", str(p))
        for p in files
        if p.resolve() in inherited and p in names
    ]
    folders: dict[Path, str] = {}
    used = {_folder_key(name) for name in RESERVED_NAMES}
    for path in units:
        name = safe_name(names.get(path, path.stem))
        folder_name, count = name, 1
        while _folder_key(folder_name) in used:
            count += 1
            folder_name = f"{name}（{count}）"
        if folder_name != name:
            notes.append(
                Diagnostic(
                    Severity.WARNING, f"与另一文件的单位名称相同，输出到文件夹“{folder_name}”，以免覆盖", str(path)
                )
            )
        used.add(_folder_key(folder_name))
        folders[path] = folder_name
    parent = parents[0] if len(parents) == 1 and parents[0] in units and parents[0] not in refused else None
    buildable = [p for p in units if p != parent and p not in refused]
    failed = [refused[p] for p in units if p in refused]
    return Plan(buildable, parent, folders, notes, failed, names)
