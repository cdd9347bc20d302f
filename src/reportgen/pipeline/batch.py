"""Every unit of a bureau's folder at once, in parallel; the parent unit last, from its sub-units' sums.

A unit with ``汇总下级: 是`` is the parent (see ``plan``): it is built last,
with the other units' figures added up as its roll-up (see ``rollup``).
Each unit is read, checked and rendered by a watched worker process (see
``guard``) exactly as ``reportgen build`` would, and written here; a unit
that fails, runs out of its budget or kills its worker is reported and the
others go on.  With ``--pdf``, the thread feeding a worker gathers the
documents of up to ``PDF_UNITS`` units and has one LibreOffice convert them
all, rather than start LibreOffice (seconds) for each unit; a unit whose
copies LibreOffice does not make is marked ``pdf_failed``, the others not.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from reportgen.documents.summary import SummaryRow
from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.output.fonts import substitutions
from reportgen.output.pdf import convert
from reportgen.output.write import write_all
from reportgen.pipeline.build import render_file
from reportgen.pipeline.guard import Place, Worker, WorkerBug
from reportgen.pipeline.options import DEFAULT_OPTIONS, Options
from reportgen.pipeline.plan import Plan, plan
from reportgen.pipeline.result import UnitResult
from reportgen.pipeline.rollup import Sums, add_up, contribution

MAX_WORKERS = 61
"""The most worker processes a batch starts (Windows cannot wait on more at once)."""

PDF_UNITS = 25
"""The most units whose documents one LibreOffice converts.  Its start (about 1.3 s) is then a small part of the
run, while a long run gets slower per document (LibreOffice 7.4: 0.23 s a document over 30 of them, 0.27 s over
120); the progress shown moves every few seconds.  Over 100 units (bench.py's pdf_batch, one worker) 25 took
0.49-0.51 s of processor time a unit, 10 took 0.52 and 100 took 0.53-0.57."""


def render_unit(path: Path, options: Options, folder: str, sums: Sums | None = None) -> UnitResult:
    """One unit, in a worker: read, (roll up,) check and render; nothing written."""
    rendered = render_file(path, options, folder, sums)
    checked = rendered.checked
    return UnitResult(
        path,
        checked.report.unit,
        diagnostics=checked.diagnostics,
        summary=SummaryRow.of(checked.figures),
        contribution=contribution(checked.figures),
        parent=sums is not None,
        documents=rendered.documents,
    )


def run_batch(
    folder: Path,
    options: Options = DEFAULT_OPTIONS,
    on_done: Callable[[UnitResult], None] | None = None,
    layout: Plan | None = None,
) -> tuple[list[UnitResult], list[Diagnostic]]:
    """Build every unit of ``folder`` (as ``plan`` lays it out); the parent (if any) last, from its sub-units' sums."""
    layout = layout or plan(folder)
    results: list[UnitResult] = list(layout.refused)
    for result in layout.refused:
        if on_done:
            on_done(result)
    count = min(max(1, options.jobs or os.cpu_count() or 1), MAX_WORKERS, max(1, len(layout.units)))
    workers = [Worker(options.limits) for _ in range(count)]
    try:
        results += _run_pool(workers, layout, options, on_done)
        order = {path: index for index, path in enumerate(sorted(layout.folders))}
        results.sort(key=lambda r: order.get(r.file, len(order)))
        if layout.parent is not None:
            parent = _parent(workers[0], layout, results, options)
            if options.pdf and not parent.failed:
                _pdf_copies([parent])
            results.append(parent)
            if on_done:
                on_done(parent)
    finally:
        for worker in workers:
            worker.stop()  # Ctrl-C included: no worker goes on in the background
    made_pdf = any(p.suffix == ".pdf" for r in results for p in r.outputs)
    return results, layout.notes + (substitutions() if made_pdf else [])


def _run_pool(
    workers: list[Worker], layout: Plan, options: Options, on_done: Callable[[UnitResult], None] | None
) -> list[UnitResult]:
    """Every planned unit through the workers, one thread feeding each; written here as each finishes."""
    pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for path in layout.units:
        pending.put(path)
    results: list[UnitResult] = []
    lock = threading.Lock()
    stopping = threading.Event()

    def done(finished: list[UnitResult]) -> None:
        if stopping.is_set():
            return
        with lock:
            for result in finished:
                results.append(result)
                if on_done:
                    on_done(result)

    def feed(worker: Worker) -> None:
        converting: list[UnitResult] = []  # written, waiting for their PDF copies
        while not stopping.is_set():
            try:
                path: Path | None = pending.get_nowait()
            except queue.Empty:
                path = None
            if path is not None:
                result = _attempt(worker, path, layout, options, layout.folders[path])
                if options.pdf and not result.failed:
                    converting.append(result)
                else:
                    done([result])
            if converting and (path is None or len(converting) >= PDF_UNITS):
                _pdf_copies(converting, stopping)
                done(converting)
                converting = []
            if path is None:
                return

    def run(worker: Worker, finished: threading.Event) -> None:
        try:
            feed(worker)
        finally:
            finished.set()

    ends = [threading.Event() for _ in workers]
    for worker, finished in zip(workers, ends):
        threading.Thread(target=run, args=(worker, finished), daemon=True).start()
    try:
        _wait(ends)
    except BaseException:
        stopping.set()  # LibreOffice runs are stopped by the threads that started them
        for worker in workers:
            worker.stop()
        _wait(ends)  # their temporary folders removed before this returns
        raise
    return results


def _wait(ends: list[threading.Event]) -> None:
    """Wait for every thread to end, in short waits so that Ctrl-C reaches this one.

    Not ``Thread.join``: Python 3.11 takes a join that Ctrl-C interrupts for
    the thread's end, and a second join would then return while it still runs.
    """
    for finished in ends:
        while not finished.wait(0.1):
            pass


def _attempt(
    worker: Worker, path: Path, layout: Plan, options: Options, folder: str, sums: Sums | None = None
) -> UnitResult:
    """One unit in ``worker``, its documents written; whatever goes wrong is its failure."""
    try:
        result = worker.call(Place(str(path), what="读取和核对数据"), render_unit, path, options, folder, sums)
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


def _pdf_copies(units: list[UnitResult], cancel: threading.Event | None = None) -> None:
    """The units' PDF copies, made by one LibreOffice; a unit whose copies cannot be made keeps its Word
    documents and says why."""
    documents = [p for unit in units for p in unit.outputs if p.suffix == ".docx"]
    try:
        conversion = convert(documents, cancel=cancel)
    except ReportgenError as exc:
        for unit in units:
            _pdf_failed(unit, exc.diagnostics)
        return
    for unit in units:
        ours = [p for p in unit.outputs if p.suffix == ".docx"]
        unit.outputs += [conversion.written[p] for p in ours if p in conversion.written]
        _pdf_failed(unit, [conversion.failed[p] for p in ours if p in conversion.failed])


def _pdf_failed(unit: UnitResult, reasons: list[Diagnostic]) -> None:
    if reasons:
        unit.pdf_failed = True
        unit.diagnostics += [
            Diagnostic(Severity.WARNING, f"PDF 未生成：{d.message}", d.file or str(unit.file), d.line, d.path)
            for d in reasons
        ]


def _parent(worker: Worker, layout: Plan, children: list[UnitResult], options: Options) -> UnitResult:
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
    sums = add_up(r.contribution for r in children)
    result = _attempt(worker, path, layout, options, layout.folders[path], sums)
    result.parent = True
    return result
