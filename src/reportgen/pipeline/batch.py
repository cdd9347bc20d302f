"""Every unit of a bureau's folder at once: in parallel, with roll-up to the parent unit.

A folder holds one YAML per unit; a file another one inherits (``继承``) is
a common file, not a unit.  A unit with ``汇总下级: 是`` is the parent: it is
built last, the other units' figures are added up for it, a total it leaves
out is taken from the sum, and one it gives is compared with the sum.
Each unit is read, checked and rendered by a watched worker process (see
``guard``) exactly as ``reportgen build`` would, and written here; a unit
that fails, runs out of its budget or kills its worker is reported and the
others go on.  Planning reads each file with the same loader as a build; a
file that cannot be read is a failed unit, never a failed batch.
"""

from __future__ import annotations

import os
import queue
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.documents.filters import amount
from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.money import YUAN_PER_WAN
from reportgen.output.write import safe_name, write_all
from reportgen.pipeline.build import Checked, prepare_document, render_checked
from reportgen.pipeline.guard import DEFAULT_LIMITS, Limits, Place, Worker, WorkerBug
from reportgen.read.inherit import INHERIT_KEY, load_unit
from reportgen.read.load import load

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
    documents: dict[Path, bytes] = field(default_factory=dict)
    """Rendered by a worker, written by the batch (then emptied)."""


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


def render_unit(path: Path, output_root: Path, folder: str, checklist: bool) -> UnitResult:
    """One unit, in a worker: read, check and render; nothing written."""
    return _render(load_unit(path, keep_going=True), output_root, folder, checklist)


def _render(doc: Any, output_root: Path, folder: str, checklist: bool) -> UnitResult:
    checked = prepare_document(doc)
    documents = render_checked(checked, output_root, checklist=checklist, folder_name=folder)
    return UnitResult(
        Path(doc.file),
        checked.report.unit,
        diagnostics=checked.diagnostics,
        figures=summary_figures(checked),
        documents=documents,
    )


def render_parent(
    path: Path, sums: dict[tuple[str, ...], Decimal], output_root: Path, folder: str, checklist: bool
) -> UnitResult:
    """The parent unit, in a worker: totals it leaves out come from its sub-units, totals it gives are compared.

    The comparison is made on the validated figures, so a total written as
    text (``"1,000"``) or in 元 is compared like any other.
    """
    doc = load_unit(path, keep_going=True)
    settings = doc.data.get("设置")
    in_yuan = isinstance(settings, dict) and settings.get("金额单位") == "元"
    scale = YUAN_PER_WAN if in_yuan else Decimal(1)  # the parent's file may count in 元
    given = {key_path for key_path in sums if _get(doc.data, key_path) is not None}
    for key_path, total in sums.items():
        if key_path not in given:
            _set(doc.data, key_path, total * scale)
    result = _render(doc, output_root, folder, checklist)
    findings: list[Diagnostic] = []
    for key_path in sorted(given):
        stated, total = result.figures.get(".".join(key_path)), sums[key_path]
        if isinstance(stated, Decimal) and stated != total:
            file, line = doc.locate(key_path)
            message = (
                f"汇总核对：填写为{amount(stated)}万元，各下级单位之和为{amount(total)}万元，"
                f"相差{amount(abs(stated - total))}万元"
            )
            findings.append(Diagnostic(Severity.WARNING, message, file, line, ".".join(key_path)))
    result.diagnostics = findings + result.diagnostics
    result.parent = True
    return result


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
        if isinstance(data.get("单位名称"), str):
            names[path] = data["单位名称"]
        if data.get(ROLLUP_KEY) in (True, "是"):
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


def run_batch(
    folder: Path,
    output_root: Path,
    jobs: int | None = None,
    checklist: bool = False,
    on_done: Callable[[UnitResult], None] | None = None,
    layout: Plan | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[UnitResult], list[Diagnostic]]:
    """Build every unit of ``folder`` (as ``plan`` lays it out); the parent (if any) last, from its sub-units' sums."""
    layout = layout or plan(folder)
    results: list[UnitResult] = list(layout.refused)
    for result in layout.refused:
        if on_done:
            on_done(result)
    count = min(max(1, jobs or os.cpu_count() or 1), MAX_WORKERS, max(1, len(layout.units)))
    workers = [Worker(limits) for _ in range(count)]
    try:
        results += _run_pool(workers, layout, output_root, checklist, on_done)
        order = {path: index for index, path in enumerate(sorted(layout.folders))}
        results.sort(key=lambda r: order.get(r.file, len(order)))
        if layout.parent is not None:
            results.append(_parent(workers[0], layout, results, output_root, checklist))
            if on_done:
                on_done(results[-1])
    finally:
        for worker in workers:
            worker.stop()  # Ctrl-C included: no worker goes on in the background
    return results, layout.notes


MAX_WORKERS = 61
"""The most worker processes a batch starts (Windows cannot wait on more at once)."""


def _run_pool(
    workers: list[Worker],
    layout: Plan,
    output_root: Path,
    checklist: bool,
    on_done: Callable[[UnitResult], None] | None,
) -> list[UnitResult]:
    """Every planned unit through the workers, one thread feeding each; written here as each finishes."""
    pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for path in layout.units:
        pending.put(path)
    results: list[UnitResult] = []
    lock = threading.Lock()
    stopping = threading.Event()

    def feed(worker: Worker) -> None:
        while not stopping.is_set():
            try:
                path = pending.get_nowait()
            except queue.Empty:
                return
            folder = layout.folders[path]
            result = _attempt(worker, path, layout, render_unit, path, output_root, folder, checklist)
            if stopping.is_set():
                return
            with lock:
                results.append(result)
                if on_done:
                    on_done(result)

    threads = [threading.Thread(target=feed, args=(worker,), daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.1)  # short waits, so Ctrl-C reaches this thread
    except BaseException:
        stopping.set()
        for worker in workers:
            worker.stop()
        raise
    return results


def _attempt(worker: Worker, path: Path, layout: Plan, job: Callable[..., UnitResult], *args: Any) -> UnitResult:
    """Run ``job`` for one unit in ``worker`` and write its documents; whatever goes wrong is that unit's failure."""
    try:
        result = worker.call(Place(str(path), what="读取和核对数据"), job, *args)
        write_all(result.documents)
    except ReportgenError as exc:
        return UnitResult(path, layout.names.get(path), diagnostics=exc.diagnostics, failed=True)
    except WorkerBug as exc:
        message = f"程序内部错误（{exc}），请把该文件和此信息反馈给开发人员；其他单位不受影响"
        return UnitResult(
            path, layout.names.get(path), diagnostics=[Diagnostic(Severity.ERROR, message, str(path))], failed=True
        )
    result.outputs, result.documents = list(result.documents), {}
    return result


def _sums(results: list[UnitResult]) -> dict[tuple[str, ...], Decimal]:
    sums: dict[tuple[str, ...], Decimal] = {}
    for path in ROLLED_UP:
        values = [r.figures.get(".".join(path)) for r in results if not r.failed]
        present = [v for v in values if isinstance(v, Decimal)]
        if present:
            sums[path] = sum(present, Decimal(0))
    return sums


def _parent(worker: Worker, layout: Plan, children: list[UnitResult], output_root: Path, checklist: bool) -> UnitResult:
    """The parent unit, after every other: built from its sub-units' sums unless one of them failed."""
    assert layout.parent is not None
    path = layout.parent
    failed = [r.file.name for r in children if r.failed]
    if failed:
        message = (
            f"有{len(failed)}个下级单位生成失败（{'、'.join(failed[:5])}），汇总数不完整，"
            "未生成本单位；请先改正下级单位的错误"
        )
        diagnostic = Diagnostic(Severity.ERROR, message, str(path))
        return UnitResult(path, layout.names.get(path), diagnostics=[diagnostic], failed=True, parent=True)
    folder = layout.folders[path]
    result = _attempt(worker, path, layout, render_parent, path, _sums(children), output_root, folder, checklist)
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
