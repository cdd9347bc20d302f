"""PDF copies of the generated documents, through LibreOffice when it is installed.

Starting LibreOffice takes a second or more, converting one more document
about a quarter of a second; so documents are converted many to a run.
LibreOffice names each PDF after its document, and the reports of a batch's
units all have one name, so it is given numbered copies in a temporary
folder: nothing from the data reaches its command line, not even inside a
path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.output.fonts import environment
from reportgen.output.write import write_atomic

PDF_SECONDS = 180
"""Converting a document takes a second or less; LibreOffice that finishes none for this long is stopped."""

POLL_SECONDS = 0.1
"""How often a conversion is looked at: whether LibreOffice has finished another document, or should stop."""

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF（Word 文档已生成）。安装方法：Windows 或 macOS 从 "
    "www.libreoffice.org 下载安装；Debian/Ubuntu 运行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2"
)


@dataclass
class PdfError(ReportgenError):
    """The Word documents were written but their PDF copies were not."""

    written: list[Path] = field(default_factory=list)
    """The documents that were written (and have no PDF copy)."""


@dataclass
class Conversion:
    """What became of each document given to ``convert``."""

    written: dict[Path, Path] = field(default_factory=dict)
    """Each document converted, and its PDF copy (beside it)."""
    failed: dict[Path, Diagnostic] = field(default_factory=dict)
    """Each document not converted, and why."""


@dataclass
class _Run:
    """One run of LibreOffice over some documents."""

    converted: list[Path]
    """The documents whose PDF copies it finished, in order."""
    reason: str
    """Why the others were not converted (if any were not)."""
    stopped_at_one: bool
    """It stopped at the first document not converted (crashed or hung), so the ones after it were not tried."""
    cancelled: bool = False


def _failed(message: str, file: str = "") -> PdfError:
    return PdfError([Diagnostic(Severity.ERROR, message, file)])


def _installed() -> list[Path]:
    """Where LibreOffice's installers put it on Windows and macOS, which do not add it to PATH."""
    folders = [os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
    windows = [Path(folder) / "LibreOffice" / "program" / "soffice.exe" for folder in folders if folder]
    return [*windows, Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]


def office() -> str | None:
    """The LibreOffice command, if installed: on PATH, or where its installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((str(path) for path in _installed() if path.is_file()), None)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and every process it started, on Windows as on Linux."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        family = []
    for member in family:
        try:
            member.kill()
        except psutil.Error:
            pass
    if hasattr(os, "killpg"):  # a child that already left LibreOffice's tree is still in its session
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    process.kill()
    process.communicate()


def _argument(path: Path) -> str:
    """A path as LibreOffice's command line gets it: absolute, so it cannot read as an option."""
    text = str(path.absolute())
    if text.startswith("-"):  # cannot happen for an absolute path; never let it through if it does
        raise _failed("文件路径不能以“-”开头", text)
    return text


def to_pdf(documents: list[Path], seconds: float = PDF_SECONDS) -> list[Path]:
    """A PDF beside each document, written only when its conversion finished; ``PdfError`` if one was not."""
    conversion = convert(documents, seconds)
    if conversion.failed:
        raise PdfError(list(conversion.failed.values()))
    return [conversion.written[document] for document in documents]


def convert(documents: list[Path], seconds: float = PDF_SECONDS, cancel: threading.Event | None = None) -> Conversion:
    """A PDF beside each document that converts, in as few runs of LibreOffice as it takes.

    One run converts them all, unless LibreOffice crashes or hangs at a
    document: that document fails, and a new run takes the ones after it (two
    runs in a row that convert nothing end the attempts).  LibreOffice is
    stopped, with what it started, when it finishes no document for
    ``seconds``, on Ctrl-C or SIGTERM, or when ``cancel`` is set (the
    documents not yet converted are then left out of the result).  Raises
    ``PdfError`` when LibreOffice is not installed.
    """
    command = office()
    if command is None:
        raise _failed(INSTALL_HINT)
    conversion = Conversion()
    pending = list(dict.fromkeys(documents))
    barren = 0
    while pending and not (cancel and cancel.is_set()):
        run = _run(command, pending, seconds, cancel)
        conversion.written.update((document, document.with_suffix(".pdf")) for document in run.converted)
        missing = [document for document in pending if document not in run.converted]
        if run.cancelled or not missing:
            break
        barren = 0 if run.converted else barren + 1
        if not run.stopped_at_one or barren >= 2:
            for document in missing:
                conversion.failed[document] = Diagnostic(Severity.ERROR, run.reason, str(document))
            break
        conversion.failed[missing[0]] = Diagnostic(Severity.ERROR, run.reason, str(missing[0]))
        pending = missing[1:]
    return conversion


def _run(command: str, documents: list[Path], seconds: float, cancel: threading.Event | None) -> _Run:
    """One run of LibreOffice over numbered copies of ``documents``; the PDFs it finished are put in place."""
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-", ignore_cleanup_errors=True) as work:
        folder = Path(work).absolute()
        inbox, outbox = folder / "in", folder / "out"
        inbox.mkdir()
        outbox.mkdir()
        copies = [inbox / f"{index}.docx" for index in range(len(documents))]
        for document, copy in zip(documents, copies):
            shutil.copyfile(document, copy)
        args = [
            command,
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            _argument(outbox),
            *map(_argument, copies),
        ]
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=environment()
        )
        try:
            errors, stalled, cancelled = _watch(process, outbox, seconds, cancel)
        except BaseException:
            _stop(process)  # Ctrl-C or SIGTERM: LibreOffice must not go on in the background
            raise
        if cancelled:
            return _Run([], "", False, cancelled=True)
        converted = []
        for document, copy in zip(documents, copies):
            made = outbox / f"{copy.stem}.pdf"
            if made.is_file() and _complete(made):
                write_atomic(document.with_suffix(".pdf"), made.read_bytes())
                converted.append(document)
    if stalled:
        reason = f"LibreOffice 转换 PDF 超过{seconds:g}秒仍未完成，已停止（Word 文档已生成）"
    else:
        detail = errors.decode("utf-8", "replace").strip()[-200:]
        reason = f"LibreOffice 未能把文档转换为 PDF（{detail or '无输出'}）"
    return _Run(converted, reason, stopped_at_one=stalled or process.returncode != 0)


def _watch(
    process: subprocess.Popen[bytes], outbox: Path, seconds: float, cancel: threading.Event | None
) -> tuple[bytes, bool, bool]:
    """Wait for LibreOffice: its error output, whether it was stopped for finishing nothing in ``seconds``, and
    whether it was stopped because ``cancel`` was set."""
    finished = 0
    progress = time.monotonic()
    while True:
        try:
            _, errors = process.communicate(timeout=POLL_SECONDS)
            return errors, False, False
        except subprocess.TimeoutExpired:
            pass
        if cancel is not None and cancel.is_set():
            _stop(process)
            return b"", False, True
        count = len(os.listdir(outbox))
        if count != finished:
            finished, progress = count, time.monotonic()
        elif time.monotonic() - progress > seconds:
            _stop(process)
            return b"", True, False


def _complete(pdf: Path) -> bool:
    """Whether a PDF was written to its end (one LibreOffice was stopped in the middle of is not)."""
    with pdf.open("rb") as file:
        file.seek(max(0, pdf.stat().st_size - 1024))
        return b"%%EOF" in file.read()
