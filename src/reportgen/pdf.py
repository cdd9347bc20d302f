"""PDF copies of the generated documents, through LibreOffice when it is installed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import fail
from .write import write_atomic

PDF_SECONDS = 180
"""Converting a report takes seconds; a hung LibreOffice is stopped after this."""

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF（Word 文档已生成）。安装方法：Windows 或 macOS 从 "
    "www.libreoffice.org 下载安装；Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)


def office() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and the child it starts (they share a session of their own)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def to_pdf(documents: list[Path], seconds: float = PDF_SECONDS) -> list[Path]:
    """A PDF beside each document, written only when the conversion finished."""
    command = office()
    if command is None:
        raise fail(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
        profile = Path(work) / "profile"
        args = [
            command,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            *map(str, documents),
        ]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, errors = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise fail(f"LibreOffice 转换 PDF 超过{seconds:g}秒仍未完成，已停止（Word 文档已生成）") from None
        except BaseException:
            _stop(process)  # Ctrl-C: LibreOffice must not go on in the background
            raise
        written = []
        for document in documents:
            converted = Path(work) / f"{document.stem}.pdf"
            if not converted.is_file():
                detail = errors.decode("utf-8", "replace").strip()[:200]
                raise fail(f"LibreOffice 未能把文档转换为 PDF（{detail or '无输出'}）", str(document))
            target = document.with_suffix(".pdf")
            write_atomic(target, converted.read_bytes())
            written.append(target)
    return written
