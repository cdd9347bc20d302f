"""PDF copies of the generated documents, through LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from reportgen.errors import Diagnostic, ReportgenError, Severity
from reportgen.output.fonts import environment
from reportgen.output.write import write_atomic

PDF_SECONDS = 180
"""Converting a report takes seconds; a hung LibreOffice is stopped after this."""

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF（Word 文档已生成）。安装方法：Windows 或 macOS 从 "
    "www.libreoffice.org 下载安装；Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)


@dataclass
class PdfError(ReportgenError):
    """The Word documents were written but their PDF copies were not."""

    written: list[Path] = field(default_factory=list)
    """The documents that were written (and have no PDF copy)."""


def _failed(message: str, file: str = "") -> PdfError:
    return PdfError([Diagnostic(Severity.ERROR, message, file)])


def office() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


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
    """A path as LibreOffice's command line gets it: absolute, so no unit name can make it read as an option."""
    text = str(path.absolute())
    if text.startswith("-"):  # cannot happen for an absolute path; never let it through if it does
        raise _failed("文件路径不能以“-”开头", text)
    return text


def to_pdf(documents: list[Path], seconds: float = PDF_SECONDS) -> list[Path]:
    """A PDF beside each document, written only when the conversion finished.

    Nothing derived from the data reaches LibreOffice's command line but
    absolute paths; it finds fonts through ``fonts.conf`` (see ``fonts``); its
    temporary folder and profile are removed, and it is stopped (with what it
    started) on a timeout, Ctrl-C or SIGTERM.
    """
    command = office()
    if command is None:
        raise _failed(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-", ignore_cleanup_errors=True) as work:
        folder = Path(work).absolute()
        args = [
            command,
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            _argument(folder),
            *map(_argument, documents),
        ]
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=environment()
        )
        try:
            _, errors = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise _failed(f"LibreOffice 转换 PDF 超过{seconds:g}秒仍未完成，已停止（Word 文档已生成）") from None
        except BaseException:
            _stop(process)  # Ctrl-C or SIGTERM: LibreOffice must not go on in the background
            raise
        written = []
        for document in documents:
            converted = folder / f"{document.stem}.pdf"
            if not converted.is_file():
                detail = errors.decode("utf-8", "replace").strip()[:200]
                raise _failed(f"LibreOffice 未能把文档转换为 PDF（{detail or '无输出'}）", str(document))
            target = document.with_suffix(".pdf")
            write_atomic(target, converted.read_bytes())
            written.append(target)
    return written
