"""Stage 6: put finished documents in place, all or nothing.

Each file is written to a temporary file in the target folder and renamed
over the old one only when complete, so a failure or Ctrl-C never leaves a
half-written document, and an existing document survives a failed build.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from .errors import fail

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件夹是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.ENOTDIR: "路径中有一个同名的文件，而不是文件夹",
    errno.EISDIR: "目标是一个文件夹",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EEXIST: "路径中有一个同名的文件，而不是文件夹",
}


def safe_name(name: str) -> str:
    """A unit name usable as a folder name on Windows and Linux, never ``..``."""
    cleaned = _FORBIDDEN.sub("_", name).strip().strip(".")
    return cleaned or "未命名单位"


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _file_mode() -> int:
    """What a new file would get from the user's umask (mkstemp makes it private)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".~", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise fail(f"无法写入输出文件夹：{_reason(exc)}", str(target.parent)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode())
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise fail(
                f"无法写入输出文件：{_reason(exc)}（如文件正在 Word/WPS 中打开，请先关闭）", str(target)
            ) from None
        raise
