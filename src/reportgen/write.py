"""Stage 6: put finished documents in place, all or nothing.

Each file is written to a temporary file in the target folder and renamed
over the old one only when complete, so a failure or Ctrl-C never leaves a
half-written document, and an existing document survives a failed build.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import fail

_FORBIDDEN = re.compile(r'[\\/:*?"<>|]')
_ENDS = re.compile(r"^[\s.]+|[\s.]+$")
"""Spaces and dots at either end: Windows drops them at the end, a leading dot hides a folder."""
_UNSEEN = re.compile("[\u115f\u1160\u3164\uffa0]")
"""Fillers that print as nothing although Unicode counts them as letters."""
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(COM|LPT)[1-9¹²³])( *)(\..*)?", re.IGNORECASE)
"""Windows device names, which no file or folder may have, with or without an extension."""

MAX_FOLDER_CHARS = 80
MAX_FOLDER_BYTES = 240
"""Under the 255 bytes Linux allows a name, leaving room for a batch's “（2）”."""
UNNAMED = "未命名单位"

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
    """A unit name usable as a folder name on Windows and Linux: never ``..``, never read as an option."""
    return _folder_name(name)[0]


def folder_note(name: str, folder: str) -> str | None:
    """Tells the clerk why the unit ``name`` could not be its folder's name as it is, and where it went."""
    problems = _folder_name(name)[1]
    if not problems:
        return None
    return f"单位名称{'、'.join(problems)}，不宜直接用作文件夹名；报告写在文件夹“{folder}”中"


def _folder_name(name: str) -> tuple[str, list[str]]:
    problems: list[str] = []
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    visible = _UNSEEN.sub("", visible)
    if visible != name:
        problems.append("含有看不见的字符（如零宽空格、文字方向控制符）")
    cleaned = "".join("_" if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") else c for c in visible)
    cleaned = _FORBIDDEN.sub("_", cleaned)
    if cleaned != visible:
        problems.append('含有文件夹名不能用的字符（\\ / : * ? " < > | 或控制字符）')
    trimmed = _ENDS.sub("", cleaned)
    if trimmed != cleaned and trimmed:
        problems.append("首尾有空格或“.”")
    if trimmed.startswith("-"):
        trimmed = "_" + trimmed[1:]
        problems.append("以“-”开头")
    if _RESERVED.fullmatch(trimmed):
        trimmed = "_" + trimmed
        problems.append("是 Windows 保留的设备名（如 CON、NUL、COM1）")
    if not trimmed:
        return UNNAMED, ["是空的或只有空格、“.”和看不见的字符"]
    shortened = _shorten(trimmed)
    if shortened != trimmed:
        problems.append("太长")
    return shortened, problems


def _shorten(name: str) -> str:
    """``name`` cut to the folder name limits, ending in a digest of the whole so two long names stay apart."""
    if len(name) <= MAX_FOLDER_CHARS and len(name.encode("utf-8")) <= MAX_FOLDER_BYTES:
        return name
    tag = "…" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    head = name[: MAX_FOLDER_CHARS - len(tag)]
    while len((head + tag).encode("utf-8")) > MAX_FOLDER_BYTES:
        head = head[:-1]
    return _ENDS.sub("", head) + tag


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
