"""Every unit of a bureau's folder at once: in parallel, with roll-up to the parent unit.

A folder holds one YAML per unit; a file another one inherits (``继承``) is
a common file, not a unit.  A unit with ``汇总下级: 是`` is the parent: it is
built last, the other units' figures are added up for it, a total it leaves
out is taken from the sum, and one it gives is compared with the sum.
Each unit is built by a worker process exactly as ``reportgen build`` would;
a unit that fails is reported and the others go on.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .build import Checked, build_checked, prepare_document
from .errors import Diagnostic, ReportgenError, Severity
from .filters import amount
from .inherit import INHERIT_KEY, load_unit
from .load import Document, read_text
from .money import YUAN_PER_WAN
from .write import safe_name

ROLLUP_KEY = "汇总下级"
ROLLED_UP: tuple[tuple[str, ...], ...] = (
    ("预算", "年初预算数"),
    ("预算", "全年预算数"),
    ("预算", "执行数"),
    ("基本支出", "执行数"),
    ("项目支出", "执行数"),
    ("三公经费", "因公出国费", "决算数"),
    ("三公经费", "公务接待费", "决算数"),
    ("三公经费", "公务用车费", "决算数"),
)
"""The figures a parent unit takes from, or checks against, its sub-units."""


@dataclass
class UnitResult:
    """What became of one unit: its documents, or why it failed."""

    file: Path
    unit: str | None = None
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    figures: dict[str, Decimal | str | None] = field(default_factory=dict)
    failed: bool = False
    parent: bool = False
    """The unit that sums the others (its figures are not added into 汇总表's totals again)."""


def summary_figures(checked: Checked) -> dict[str, Decimal | str | None]:
    """The unit's row of 汇总表 and the figures a parent adds up."""
    figures = checked.figures
    public = figures.three_public.get("合计")
    row: dict[str, Decimal | str | None] = {
        "年初预算数": figures.budget.initial,
        "全年预算数": figures.budget.adjusted,
        "预算数": figures.budget.budget,
        "执行数": figures.budget.spent,
        "执行率": figures.budget.rate,
        "三公经费": public.spent if public else None,
        "三公经费上年": public.previous if public else None,
        "三公经费增减额": public.change if public else None,
        "三公经费增减率": public.change_rate if public else None,
        "自评得分": figures.score,
        "等级": figures.grade,
    }
    for path, figure in (
        (("基本支出", "执行数"), figures.basic),
        (("项目支出", "执行数"), figures.projects),
    ):
        row[".".join(path)] = figure.spent if figure else None
    for key in ("因公出国费", "公务接待费", "公务用车费"):
        item = figures.three_public.get(key)
        row[f"三公经费.{key}.决算数"] = item.spent if item else None
    # a unit without a 全年预算数 adds its 年初 (the rule of 执行率), and the reverse
    budget = figures.budget
    row["预算.年初预算数"] = budget.initial if budget.initial is not None else budget.adjusted
    row["预算.全年预算数"] = budget.budget
    row["预算.执行数"] = budget.spent
    return row


def _build(doc: Document, output_root: Path, folder: str, checklist: bool) -> UnitResult:
    result = UnitResult(Path(doc.file), doc.data.get("单位名称") if isinstance(doc.data.get("单位名称"), str) else None)
    try:
        checked = prepare_document(doc)
        built = build_checked(checked, output_root, checklist=checklist, folder_name=folder)
    except ReportgenError as exc:
        result.diagnostics, result.failed = exc.diagnostics, True
        return result
    except Exception as exc:  # noqa: BLE001 - one unit's bug must not stop the bureau's batch
        message = f"程序内部错误（{type(exc).__name__}: {exc}），请把该文件和此信息反馈给开发人员"
        result.diagnostics, result.failed = [Diagnostic(Severity.ERROR, message, doc.file)], True
        return result
    result.outputs, result.diagnostics = built.outputs, checked.diagnostics
    result.figures = summary_figures(checked)
    return result


def build_unit(path: Path, output_root: Path, folder: str, checklist: bool = False) -> UnitResult:
    """One unit, in a worker: loading errors included, nothing escapes as an exception."""
    try:
        doc = load_unit(path)
    except ReportgenError as exc:
        return UnitResult(path, diagnostics=exc.diagnostics, failed=True)
    return _build(doc, output_root, folder, checklist)


@dataclass
class Plan:
    units: list[Path]
    parent: Path | None
    folders: dict[Path, str]
    notes: list[Diagnostic]


def _peek(path: Path) -> dict[str, Any]:
    """The top-level keys of a file, read quickly (libyaml, no line bookkeeping); {} if unreadable.

    Planning only needs 单位名称, 继承 and 汇总下级; every problem of a file is
    reported by its own build.
    """
    try:
        text, _ = read_text(path)
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ReportgenError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def plan(folder: Path) -> Plan:
    """Which files are units, which is the parent, and a distinct output folder for each unit."""
    files = sorted(p for p in folder.glob("*.y*ml") if p.is_file() and not p.name.startswith("."))
    inherited: set[Path] = set()
    names: dict[Path, str] = {}
    parent = None
    for path in files:
        data = _peek(path)
        base = data.get(INHERIT_KEY)
        if isinstance(base, str):
            inherited.add((path.parent / base).resolve())
        if isinstance(data.get("单位名称"), str):
            names[path] = data["单位名称"]
        if data.get(ROLLUP_KEY) in (True, "是"):
            if parent is not None:
                message = f"有两个文件写了“汇总下级: 是”（{parent.name}、{path.name}），一个文件夹只能有一个上级单位"
                raise ReportgenError([Diagnostic(Severity.ERROR, message, str(path))])
            parent = path
    units = [p for p in files if p.resolve() not in inherited]
    notes = [
        Diagnostic(Severity.NOTE, "被其他文件继承，作为共同文件使用，不单独生成报告", str(p))
        for p in files
        if p.resolve() in inherited and p in names
    ]
    folders: dict[Path, str] = {}
    used: set[str] = set()
    for path in units:
        name = safe_name(names.get(path, path.stem))
        folder_name, count = name, 1
        while folder_name in used:
            count += 1
            folder_name = f"{name}（{count}）"
        if folder_name != name:
            notes.append(
                Diagnostic(
                    Severity.WARNING, f"与另一文件的单位名称相同，输出到文件夹“{folder_name}”，以免覆盖", str(path)
                )
            )
        used.add(folder_name)
        folders[path] = folder_name
    return Plan([p for p in units if p != parent], parent if parent in units else None, folders, notes)


def run_batch(
    folder: Path,
    output_root: Path,
    jobs: int | None = None,
    checklist: bool = False,
    on_done: Callable[[UnitResult], None] | None = None,
    layout: Plan | None = None,
) -> tuple[list[UnitResult], list[Diagnostic]]:
    """Build every unit of ``folder`` (as ``plan`` lays it out); the parent (if any) last, from its sub-units' sums."""
    layout = layout or plan(folder)
    results: list[UnitResult] = []
    workers = min(max(1, jobs or os.cpu_count() or 1), MAX_WORKERS)
    if workers == 1:
        for path in layout.units:
            results.append(build_unit(path, output_root, layout.folders[path], checklist))
            if on_done:
                on_done(results[-1])
    else:
        suspects: list[Path] = []
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        try:
            futures = {
                pool.submit(build_unit, path, output_root, layout.folders[path], checklist): path
                for path in layout.units
            }
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:
                    suspects.append(futures[future])  # which unit killed its worker is not known yet
                    continue
                results.append(result)
                if on_done:
                    on_done(result)
        except KeyboardInterrupt:
            # units not started are dropped; the ones in progress finish their atomic writes
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
        for path in suspects:  # each alone, so a unit that kills its worker fails by itself
            results.append(_isolated(path, output_root, layout.folders[path], checklist))
            if on_done:
                on_done(results[-1])
    order = {path: index for index, path in enumerate(layout.units)}
    results.sort(key=lambda r: order.get(r.file, len(order)))
    if layout.parent is not None:
        results.append(_parent(layout.parent, results, output_root, layout.folders[layout.parent], checklist))
        if on_done:
            on_done(results[-1])
    return results, layout.notes


MAX_WORKERS = 61
"""The most worker processes Windows allows a pool."""


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops handing out units."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _isolated(path: Path, output_root: Path, folder: str, checklist: bool) -> UnitResult:
    """Build one unit in a worker of its own; a worker that dies is that unit's failure."""
    with ProcessPoolExecutor(max_workers=1, initializer=_ignore_interrupts) as pool:
        try:
            return pool.submit(build_unit, path, output_root, folder, checklist).result()
        except BrokenProcessPool:
            message = "处理该单位的进程意外退出（可能是内存不足或程序崩溃），其他单位不受影响"
            return UnitResult(path, diagnostics=[Diagnostic(Severity.ERROR, message, str(path))], failed=True)


def _sums(results: list[UnitResult]) -> dict[tuple[str, ...], Decimal]:
    sums: dict[tuple[str, ...], Decimal] = {}
    for path in ROLLED_UP:
        values = [r.figures.get(".".join(path)) for r in results if not r.failed]
        present = [v for v in values if isinstance(v, Decimal)]
        if present:
            sums[path] = sum(present, Decimal(0))
    return sums


def _parent(path: Path, children: list[UnitResult], output_root: Path, folder: str, checklist: bool) -> UnitResult:
    """The parent unit: totals it leaves out come from its sub-units, totals it gives are compared."""
    try:
        doc = load_unit(path)
    except ReportgenError as exc:
        return UnitResult(path, diagnostics=exc.diagnostics, failed=True, parent=True)
    failed = [r.file.name for r in children if r.failed]
    if failed:
        message = (
            f"有{len(failed)}个下级单位生成失败（{'、'.join(failed[:5])}），汇总数不完整，"
            "未生成本单位；请先改正下级单位的错误"
        )
        return UnitResult(path, diagnostics=[Diagnostic(Severity.ERROR, message, doc.file)], failed=True, parent=True)
    settings = doc.data.get("设置")
    in_yuan = isinstance(settings, dict) and settings.get("金额单位") == "元"
    scale = YUAN_PER_WAN if in_yuan else Decimal(1)  # the parent's file may count in 元
    findings: list[Diagnostic] = []
    for key_path, total in _sums(children).items():
        given = _get(doc.data, key_path)
        where = ".".join(key_path)
        if given is None:
            _set(doc.data, key_path, total * scale)
        elif isinstance(given, int | Decimal) and Decimal(given) / scale != total:
            stated = Decimal(given) / scale
            file, line = doc.locate(key_path)
            message = (
                f"汇总核对：填写为{amount(stated)}万元，各下级单位之和为{amount(total)}万元，"
                f"相差{amount(abs(stated - total))}万元"
            )
            findings.append(Diagnostic(Severity.WARNING, message, file, line, where))
    result = _build(doc, output_root, folder, checklist)
    result.diagnostics = findings + result.diagnostics
    result.parent = True
    return result


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    current: Any = data
    for key in path:
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current


def _set(data: dict[str, Any], path: tuple[str, ...], value: Decimal) -> None:
    current = data
    for key in path[:-1]:
        current = current.setdefault(key, {})
        if not isinstance(current, dict):
            return
    current[path[-1]] = value
