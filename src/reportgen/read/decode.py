"""A file's bytes to text: bounded in size, its encoding found (UTF-8/16/32 with or without BOM, GBK) or refused."""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path

from reportgen.errors import Diagnostic, ReportgenError, Severity, fail

MAX_FILE_BYTES = 5 * 1024 * 1024


class UnreadableFile(ReportgenError):
    """The file could not be read at all, as opposed to a problem in what it says."""


MISSING = "文件不存在"
_OS_PROBLEMS = {
    errno.ENOENT: MISSING,
    errno.ENOTDIR: MISSING,
    errno.EISDIR: "这是一个文件夹，应为 YAML 文件",
    errno.EACCES: "没有读取这个文件的权限：请检查文件的属性或安全设置，或把文件复制到自己的文件夹再试",
    errno.EPERM: "没有读取这个文件的权限：请检查文件的属性或安全设置，或把文件复制到自己的文件夹再试",
    errno.ELOOP: "快捷方式（符号链接）互相指向，形成了循环，找不到真正的文件",
    errno.ENAMETOOLONG: "文件名或路径过长，请改短文件名或移到较浅的文件夹",
    errno.EINVAL: "文件名无效（含有系统不允许的字符）",
}


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing more than ``MAX_FILE_BYTES``.

    The size the system reports is not trusted (a pipe reports none, a file
    may grow while read): at most one byte past the limit is read.  A device
    (/dev/zero, or CON on Windows) is refused before it is opened, as reading
    one may never end.
    """
    name = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _unreadable(_OS_PROBLEMS[errno.EISDIR], name)
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise _unreadable("这是一个设备（如 /dev/zero、CON），不是文件：应为 YAML 文件", name)
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _unreadable(_OS_PROBLEMS.get(exc.errno or 0, f"无法读取文件（{exc.strerror or exc}）"), name) from None
    except ValueError:  # a NUL in the name
        raise _unreadable(_OS_PROBLEMS[errno.EINVAL], name) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _unreadable("文件超过5MB，不像是一个单位的数据文件：请检查是否粘贴了图片或大量重复内容", name)
    return raw


def _unreadable(message: str, name: str) -> UnreadableFile:
    return UnreadableFile([Diagnostic(Severity.ERROR, message, name)])


def read_text(path: Path) -> tuple[str, list[Diagnostic]]:
    """The file's text (see ``decode``), with notes about its encoding."""
    return decode(read_bytes(path), str(path))


_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32（带 BOM）"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32（带 BOM）"),
    (b"\xff\xfe", "utf-16", "UTF-16（记事本“Unicode”）"),
    (b"\xfe\xff", "utf-16", "UTF-16（记事本“Unicode big endian”）"),
)


def decode(raw: bytes, name: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (a BOM is fine); UTF-16 or UTF-32, with or without a BOM; else GB18030.

    Any encoding but UTF-8 gets a note to re-save.  Line ends become ``\\n``
    and byte-order marks are dropped (one in the middle is left by joining
    two files), so lines are counted as an editor counts them.
    """
    wide = _wide_encoding(raw)
    if wide is not None:
        codec, label = wide
        text = _decode_wide(raw, codec, label, name)
        notes = [Diagnostic(Severity.NOTE, f"文件是 {label}编码，已按此读取；建议另存为 UTF-8 编码", name)]
    elif b"\x00" in raw:
        raise _not_text(name, raw.count(b"\n", 0, raw.index(b"\x00")) + 1)
    else:
        text, notes = _decode_narrow(raw, name)
    text = unify_line_ends(text).replace("\ufeff", "")
    if "\x00" in text:
        raise _not_text(name, text.count("\n", 0, text.index("\x00")) + 1)
    return text, notes


def unify_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_text(name: str, line: int) -> ReportgenError:
    return fail("这不是文本文件（含有二进制内容），应为 UTF-8 编码的 YAML 文件", name, line)


def _wide_encoding(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 by its BOM, or without one by trying each.

    Zero bytes mean a wide encoding or no text at all.  Read the right way,
    a YAML file has line ends or “: ” and no control characters; read the
    wrong way (or a binary file read any way) it has neither.
    """
    for bom, codec, label in _WIDE_BOMS:
        if raw.startswith(bom):
            return codec, label
    if b"\x00" not in raw:
        return None
    codecs = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be") if len(raw) % 4 == 0 else ("utf-16-le", "utf-16-be")
    for codec in codecs:
        text = raw.decode(codec, errors="replace")
        if ("\n" in text or ": " in text) and _CONTROL.search(text) is None:
            return codec, f"{codec[:6].upper()}（无 BOM）"
    return None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decode_wide(raw: bytes, codec: str, label: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode(codec, errors="ignore")
        line = unify_line_ends(before).count("\n") + 1
        message = (
            f"文件是 {label}编码，但此处的内容不完整或已损坏（文件可能被截断或拼接过）："
            "请用记事本打开检查后“另存为”，编码选择 UTF-8"
        )
        raise fail(message, name, line) from None


def _decode_narrow(raw: bytes, name: str) -> tuple[str, list[Diagnostic]]:
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise fail("文件编码无法识别：请用记事本或 WPS 打开后“另存为”，编码选择 UTF-8", name) from None
    note = Diagnostic(Severity.NOTE, "文件是 GBK/GB18030 编码，已按此读取；建议另存为 UTF-8 编码", name)
    return text, [note]
