"""Benchmark: the full pipeline against a bare docxtpl render, a batch on 1 and all cores, and batch --pdf.

    python bench/bench.py [N] [--pdf-units M]

Prints per-unit milliseconds for: `build` one unit after another (one watched worker), a bare docxtpl
render of the same templates with the same contexts, a batch of N generated
units with 1 worker and with every core; the pipeline/bare ratio, the
speed-up from 1 core to all, and the peak memory of a batch worker.
Targets (2 cores): ratio ≤ 1.5, 1000 units < 60 s, speed-up ≥ 1.7, worker < 150 MB.

Then, when LibreOffice is installed, seconds per unit for `batch --pdf` with 1 and 2 workers over M
(default 20; 0 skips it) copies of the three example units taken in turn (通道 and 乐至 have two
documents, 衡南 one), and that extrapolated to 1000 units.  Target (2 cores): 1000 units < 5 minutes.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Self

import psutil
from docxtpl import DocxTemplate

from reportgen.documents.context import build_context
from reportgen.documents.narrative import environment, render_narratives
from reportgen.documents.resources import TABLE_TEMPLATES, template_dir
from reportgen.documents.tables import tables_context
from reportgen.figures.derive import derive
from reportgen.outline.generate import report_template
from reportgen.output.pdf import office
from reportgen.pipeline.batch import run_batch
from reportgen.pipeline.build import build, prepare
from reportgen.pipeline.options import Options

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLE = DATA / "通道" / "2024.yaml"
EXAMPLES = [EXAMPLE, DATA / "衡南" / "2021.yaml", DATA / "乐至" / "2020.yaml"]


def per_unit(seconds: float, n: int) -> float:
    return seconds * 1000 / n


def pipeline(n: int, out: Path) -> float:
    start = time.perf_counter()
    for index in range(n):
        build(EXAMPLE, Options(out / f"single{index % 2}"))
    return time.perf_counter() - start


def bare(n: int) -> float:
    """docxtpl alone: the same templates, the same contexts, rendered and saved in memory."""
    checked = prepare(EXAMPLE)
    verbs = checked.report.settings.change_verbs
    report = render_narratives(
        checked.report,
        build_context(checked.report, checked.figures, checked.outline),
        checked.doc,
        environment(verbs, False),
    )
    figures = derive(report)
    contexts = [
        (report_template(checked.outline), build_context(report, figures, checked.outline)),
        (
            template_dir() / f"{TABLE_TEMPLATES[report.settings.table_layout]}.docx",
            tables_context(report, figures.project_items),
        ),
    ]
    start = time.perf_counter()
    for _ in range(n):
        for template, context in contexts:
            document = DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else str(template))
            env = environment.__wrapped__(verbs, True)  # a fresh environment, as docxtpl alone would compile
            document.render(context, jinja_env=env, autoescape=True)
            document.save(io.BytesIO())
    return time.perf_counter() - start


class PeakMemory:
    """The largest resident memory any child process of this one reaches, sampled every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.02):
            for child in me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def batch(n: int, work: Path, jobs: int) -> float:
    folder = work / f"units{jobs}"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    for index in range(n):
        (folder / f"{index:04d}.yaml").write_text(
            text.replace("通道侗族自治县公安局", f"测试单位{index:04d}", 1), encoding="utf-8"
        )
    start = time.perf_counter()
    results, _ = run_batch(folder, Options(work / f"out{jobs}", jobs=jobs))
    elapsed = time.perf_counter() - start
    assert not any(r.failed for r in results)
    return elapsed


def cpu_seconds() -> float:
    """The processor time this process and its ended children (workers, LibreOffice) have used."""
    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def pdf_batch(n: int, work: Path, jobs: int) -> tuple[float, float]:
    """``batch --pdf`` over ``n`` copies of the example units, taken in turn: wall and processor seconds."""
    folder = work / f"pdf-units{jobs}"
    folder.mkdir()
    for index in range(n):
        example = EXAMPLES[index % len(EXAMPLES)]
        text = example.read_text(encoding="utf-8")
        name = next(line for line in text.splitlines() if line.startswith("单位名称:")).split(":", 1)[1].strip()
        (folder / f"{index:04d}.yaml").write_text(text.replace(name, f"测试单位{index:04d}", 1), encoding="utf-8")
    start, cpu = time.perf_counter(), cpu_seconds()
    results, _ = run_batch(folder, Options(work / f"pdf-out{jobs}", jobs=jobs, pdf=True))
    elapsed, used = time.perf_counter() - start, cpu_seconds() - cpu
    assert not any(r.failed or r.pdf_failed for r in results)
    return elapsed, used


def pdf_figures(n: int) -> None:
    """Wall seconds per unit, and processor seconds: on a machine others share, the wall time of two workers
    says little about two idle cores; half the processor time is what they would take."""
    if office() is None:
        print("batch --pdf           : LibreOffice 未安装，跳过")
        return
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        (one, one_cpu), (two, two_cpu) = pdf_batch(n, work, 1), pdf_batch(n, work, 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"batch --pdf, units    : {n}, load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    print(f"batch --pdf -j 1      : {one / n:8.2f} s/unit  ({one_cpu / n:.2f} s processor)")
    print(f"batch --pdf -j 2      : {two / n:8.2f} s/unit  ({two_cpu / n:.2f} s processor)")
    print(
        f"1000 units, -j 2      : {two / n * 1000 / 60:8.1f} min  (target < 5; on 2 idle cores ≈ "
        f"{two_cpu / n * 1000 / 2 / 60:.1f} min)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=40, help="units for the batch without PDF")
    parser.add_argument("--pdf-units", type=int, default=20, help="units for batch --pdf (0: skip)")
    arguments = parser.parse_args()
    n = arguments.n
    cores = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        bare(2), pipeline(2, work)  # warm up imports and caches
        full = pipeline(n, work)
        plain = bare(n)
        with PeakMemory() as memory:
            one = batch(n, work, 1)
            many = batch(n, work, cores)
        worker_mb = memory.peak / 1024 / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"units: {n}, cores: {cores}")
    print(f"build, one worker     : {per_unit(full, n):8.1f} ms/unit")
    print(f"bare docxtpl render   : {per_unit(plain, n):8.1f} ms/unit")
    print(f"pipeline / bare       : {full / plain:8.2f}  (target ≤ 1.5)")
    print(f"batch, 1 worker       : {per_unit(one, n):8.1f} ms/unit")
    print(f"batch, {cores} workers       : {per_unit(many, n):8.1f} ms/unit")
    print(f"speed-up 1 → {cores} cores  : {one / many:8.2f}  (target ≥ 1.7)")
    print(f"1000 units, {cores} cores   : {many / n * 1000:8.1f} s  (target < 60)")
    print(f"peak worker memory    : {worker_mb:8.1f} MB  (target < 150)")
    if arguments.pdf_units:
        pdf_figures(arguments.pdf_units)


if __name__ == "__main__":
    main()
