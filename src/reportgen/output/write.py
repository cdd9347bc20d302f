"""Stage 6: put finished documents in place, all or nothing; and folder names from unit names.

Every document of a build is first written in full to a temporary file
beside its target (``.~reportgen-<time>-<random>.tmp``); only then are they
renamed over the old ones, which are kept aside until the last is in and
put back if one fails.  A failure or Ctrl-C never leaves a half-written
document, nor a mix of this build's documents and the last one's.
Temporary files a killed build left behind are removed on the next write.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Diagnostic, ReportgenError, Severity, fail

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
    errno.ENOENT: "路径中的文件夹不存在，或路径太长",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件夹是只读的",
    errno.ENOSPC: "磁盘空间已满",
    errno.ENOTDIR: "路径中有一个同名的文件，而不是文件夹",
    errno.EISDIR: "目标位置是一个文件夹，不是文件",
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


def _reason(exc: BaseException) -> str:
    """Why a write failed, in words for the clerk; Word/WPS is suspected only where it can be the cause."""
    if not isinstance(exc, OSError):
        return "已中断"
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    if exc.errno in (errno.EACCES, errno.EPERM):  # what Windows reports for a file open in another program
        reason += "（如文件正在 Word/WPS/Excel 中打开，请先关闭）"
    return reason


TEMP_PREFIX = ".~reportgen-"
"""Every temporary file of ours starts so; Word's ``~$…`` and other programs' files never do."""
STALE_SECONDS = 10 * 60
"""A temporary file this old was left by a build that was killed; a live one exists for milliseconds."""
_TEMPORARY = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+\.tmp")


def _temporary_name(folder: Path, suffix: str = ".tmp") -> Path:
    """A fresh name for a file of ours in ``folder``, carrying its creation time (a hard link keeps the old mtime)."""
    return folder / f"{TEMP_PREFIX}{int(time.time())}-{secrets.token_hex(6)}{suffix}"


def _remove_stale(folder: Path) -> None:
    """Delete our temporary files that a killed build left in ``folder`` (older than ``STALE_SECONDS``).

    Old documents set aside during a replace (``.bak``) are kept: after a
    failure they may be the only copy, and the error names them.
    """
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match and now - int(match[1]) > STALE_SECONDS and entry.is_file(follow_symlinks=False):
            _discard(Path(entry.path))


def _discard(path: Path) -> None:
    """Delete a file of ours that is no longer needed; one that will not go is left for ``_remove_stale``."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


@dataclass
class _Placement:
    """One document on its way: staged in ``temporary``, the old file kept as ``backup`` while the others go in."""

    target: Path
    temporary: Path
    backup: Path | None = None
    replaced: bool = False


def write_atomic(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` through a temporary file and a rename."""
    write_all({target: content})


def write_all(documents: dict[Path, bytes]) -> None:
    """Put every document in place, or none of them.

    Each is first written in full to a temporary file beside its target;
    only when all are staged are they renamed into place, the old files kept
    aside until the last is in.  If a rename fails, what was replaced is put
    back; if even that fails, the error says which files are new and which old.
    """
    for folder in dict.fromkeys(target.parent for target in documents):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise fail(f"无法写入输出文件夹：{_reason(exc)}", str(folder)) from None
        _remove_stale(folder)
    placements: list[_Placement] = []
    try:
        for target, content in documents.items():
            placements.append(_Placement(target, _stage(target, content)))
    except BaseException as exc:
        for placement in placements:
            _discard(placement.temporary)
        if isinstance(exc, OSError):
            raise fail(f"无法写入输出文件：{_reason(exc)}", str(target)) from None
        raise
    if placements:
        _replace_all(placements)


def create_all(documents: dict[Path, bytes]) -> None:
    """Create every file, none of which may exist yet, or none of them.

    Each is opened exclusively (``O_EXCL``): an existing file or a link at
    its path, even one pointing nowhere, is refused, never written through.
    """
    created: list[Path] = []
    try:
        for target, content in documents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as stream:
                created.append(target)
                stream.write(content)
    except BaseException as exc:
        for path in created:
            _discard(path)
        if isinstance(exc, FileExistsError) and exc.filename == str(target):
            raise fail("文件已存在（或是指向别处的链接），不会覆盖；请换一个文件夹", str(target)) from None
        if isinstance(exc, OSError):
            raise fail(f"无法写入文件：{_reason(exc)}", str(target)) from None
        raise


def _stage(target: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``target``, flushed to disk."""
    if target.is_dir() and not target.is_symlink():
        raise IsADirectoryError(errno.EISDIR, "目标位置是一个文件夹", str(target))
    temporary = _temporary_name(target.parent)
    try:
        with open(temporary, "xb") as stream:  # a new file, mode from the umask like any other
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        _discard(temporary)
        raise
    return temporary


def _set_aside(target: Path) -> Path | None:
    """Keep the old file at ``target`` under a name of ours until every document is in.

    A hard link leaves ``target`` in place throughout; where the file
    system has none (FAT, some network drives) the old file is renamed.
    """
    if not os.path.lexists(target):
        return None
    backup = _temporary_name(target.parent, ".bak")
    try:
        os.link(target, backup, follow_symlinks=False)
    except (OSError, NotImplementedError):
        os.replace(target, backup)
    return backup


def _replace_all(placements: list[_Placement]) -> None:
    current = placements[0]
    try:
        for current in placements:
            current.backup = _set_aside(current.target)
            os.replace(current.temporary, current.target)
            current.replaced = True
    except BaseException as exc:
        stuck = [p for p in reversed(placements) if not _undo(p)]
        if stuck:
            raise ReportgenError(_mixed(exc, current, placements)) from None
        if isinstance(exc, OSError):
            message = f"无法写入输出文件：{_reason(exc)}；已恢复原状，本次没有写入任何文件"
            raise fail(message, str(current.target)) from None
        raise
    for placement in placements:
        if placement.backup is not None:
            _discard(placement.backup)


def _undo(placement: _Placement) -> bool:
    """Put the old file back (or take away a new one that had none); False if that failed."""
    _discard(placement.temporary)
    try:
        if placement.backup is not None and (placement.replaced or not os.path.lexists(placement.target)):
            os.replace(placement.backup, placement.target)
            placement.backup = None
        elif placement.replaced:
            placement.target.unlink()
        placement.replaced = False
    except OSError:
        return False
    if placement.backup is not None:  # a hard link beside an untouched old file
        _discard(placement.backup)
        placement.backup = None
    return True


def _mixed(exc: BaseException, failed: _Placement, placements: list[_Placement]) -> list[Diagnostic]:
    """What each file now is, when a replace failed and putting the old files back failed too."""
    head = f"无法写入输出文件：{_reason(exc)}；放回原来的文件也失败了，新旧文件混在一起，各文件现在的状态如下"
    diagnostics = [Diagnostic(Severity.ERROR, head, str(failed.target))]
    for placement in placements:
        if placement.replaced:
            state = "是本次新生成的文件"
            if placement.backup is not None:
                state += f"；原来的文件在“{placement.backup}”"
        elif os.path.lexists(placement.target):
            state = "仍是原来的文件"
        elif placement.backup is not None:
            state = f"原来的文件在“{placement.backup}”，请把它改回原名“{placement.target.name}”"
        else:
            state = "本次未写入（原来也没有这个文件）"
        diagnostics.append(Diagnostic(Severity.ERROR, state, str(placement.target)))
    return diagnostics
