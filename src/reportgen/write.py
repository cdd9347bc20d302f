"""Stage 6: put finished documents in place, all or nothing.

Each file is written to a temporary file in the target folder and renamed
over the old one only when complete, so a failure or Ctrl-C never leaves a
half-written document, and an existing document survives a failed build.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import fail

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def safe_name(name: str) -> str:
    """A unit name usable as a folder name on Windows and Linux, never ``..``."""
    cleaned = _FORBIDDEN.sub("_", name).strip().strip(".")
    return cleaned or "未命名单位"


def write_atomic(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".~", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise fail(f"无法写入输出文件夹（{exc.strerror}）", str(target.parent)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise fail(f"无法写入输出文件（{exc.strerror}）", str(target)) from None
        raise
