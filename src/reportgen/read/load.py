"""Stage 1: read a YAML file into plain data, remembering the line of every field.

The file is someone else's: whatever it holds, reading it ends in data or in
a ``ReportgenError`` naming the file and line, never in another exception.
Its size is bounded while reading, its encoding is found or refused, and its
nesting is bounded before anything recursive runs.  Numbers written with a
decimal point become ``Decimal`` straight from their text (never float).
Duplicate keys, unsupported tags and alias bombs are refused.  Every field
path maps to the line where it was written, so later stages can say
``2024.yaml:17``.
"""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any, Protocol, cast

import yaml

from reportgen.errors import Diagnostic, ReportgenError, Severity, fail

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A unit's data file is tens of kilobytes; five megabytes is a pasted picture or a runaway copy."""

MAX_NODES = 200_000
"""More constructed values than any real report has: stops alias bombs."""

_PLAIN_INTEGER = re.compile(r"[-+]?[0-9][0-9_]*")
"""YAML 1.1 also reads 010 as octal 8, 0x10 as 16 and 1:30 as 90: a clerk means none of them."""

_YAML_PROBLEMS = {  # PyYAML's problem texts (its pure parser words every message): tests/test_message_catalogue.py
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "could not find expected ':'": "缺少冒号“:”，或上一行的引号未闭合",
    "mapping values are not allowed here": "此处不能写“键: 值”：可能是缩进不对，或值中有未加引号的冒号",
    "found unexpected end of stream": "引号未闭合",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '-'": "列表项“-”的缩进不一致",
    "expected alphabetic or numeric character": "锚点或引用（&名称、*名称）只能用英文字母和数字",
    "expected ',' or '}'": "一行写法“{…}”里多了花括号或少了逗号；含 {{ 占位符 }} 的内容请改用多行写法",
    "sequence entries are not allowed here": "此处不能出现列表项“- ”：可能是缩进不对",
    "expected <block end>, but found '<scalar>'": "缩进不一致，或上一行的引号未闭合",
    "expected <block end>, but found '<block sequence start>'": "列表项“-”的缩进不一致",
    "expected <block end>, but found '}'": "多了一个“}”：一行写法“{…}”的花括号要成对",
    "expected a comment or a line break": "这一行在写完的内容后面还有多余的文字（如“|”后面同一行写了文字）：请把文字写到下一行并缩进",
    "found incompatible YAML document": "文件开头的“%YAML”版本声明不受支持：请删去这一行",
    "found unknown escape character": (
        "双引号里的“\\”后面跟了无法识别的字符（如 Windows 路径 D:\\模板）：请改用单引号，或把“\\”写成“\\\\”"
    ),
    "expected chomping or indentation indicators": "“|”或“>”后面同一行不能再写文字：请把文字写到下一行并缩进",
    "that cannot start any token": "这个字符（如 @、`）不能写在开头：请给整段文字加上引号",
}


@dataclass
class Document:
    """A loaded YAML file: its data and the line of each field path."""

    file: str
    data: dict[str, Any]
    lines: dict[PathKey, int] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    files: dict[PathKey, str] = field(default_factory=dict)
    """The file a field came from, where it is not ``file`` itself (an inherited field)."""
    errors: list[Diagnostic] = field(default_factory=list)
    """Values that could not be read (loaded with ``keep_going``): the file is refused, but later
    stages still report what else is wrong with it."""

    def locate(self, path: PathKey) -> tuple[str, int | None]:
        """The file and line where ``path`` (or its nearest written ancestor) stands."""
        for end in range(len(path), 0, -1):
            key = tuple(path[:end])
            if key in self.lines:
                return self.files.get(key, self.file), self.lines[key]
        return self.file, None


def format_path(path: PathKey) -> str:
    """``('项目', 0, '执行数')`` → ``项目[1].执行数`` (items counted from 1, as a clerk counts)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


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
    text = _unify_line_ends(text).replace("\ufeff", "")
    if "\x00" in text:
        raise _not_text(name, text.count("\n", 0, text.index("\x00")) + 1)
    return text, notes


def _unify_line_ends(text: str) -> str:
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
        line = _unify_line_ends(before).count("\n") + 1
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


def load(path: Path, keep_going: bool = False) -> Document:
    """Read and parse one YAML input file (``keep_going``: see ``parse``)."""
    text, notes = read_text(path)
    doc = parse(text, str(path), keep_going)
    doc.notes[:0] = notes
    return doc


def parse(text: str, file: str, keep_going: bool = False) -> Document:
    """Parse YAML text; every syntax problem becomes a located Chinese message.

    A value that cannot be read (a bad tag, an impossible date) is refused;
    with ``keep_going`` it is kept in ``Document.errors`` instead of raised,
    so that validation can add what else is wrong in the same run.
    """
    text = _unify_line_ends(text)
    odd_break = _ODD_BREAK.search(text)
    if odd_break is not None:  # YAML counts it as a line end, an editor does not: every line after would be off
        message = (
            f"文件含有特殊的换行符（#x{ord(odd_break.group()):04x}），多是从网页或 Word 复制带来的："
            "请删除该处，或改为普通的换行"
        )
        raise fail(message, file, text.count("\n", 0, odd_break.start()) + 1)
    try:
        node = _compose(text, file)
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + 1
        message = f"文件含有不可见的控制字符（#x{exc.character:04x}），多是从 Word 粘贴带来的，请删除该处"
        raise fail(message, file, where) from None
    except yaml.MarkedYAMLError as exc:
        problem = str(exc.problem or exc.context or "")
        # an unclosed quote is found at the end of the file; where it opened is what helps
        mark = exc.context_mark if "end of stream" in problem and exc.context_mark else exc.problem_mark
        mark = mark or exc.context_mark
        line = mark.line + 1 if mark else None
        known = next((cn for en, cn in _YAML_PROBLEMS.items() if en in problem), None)
        hint = _line_hint(text, line)
        if hint:
            line, known = hint
        first = Diagnostic(Severity.ERROR, known or f"YAML 格式错误（{problem}）", file, line)
        others = [Diagnostic(Severity.ERROR, message, file, number) for number, message in _line_problems(text, line)]
        raise ReportgenError([first, *others]) from None
    except yaml.YAMLError as exc:
        raise fail(f"YAML 格式错误（{exc}）", file) from None
    builder = _Builder(file, text)
    data = builder.build(node, ()) if node is not None else None
    if node is None or data is None:
        raise fail("文件是空的（或只有注释），应至少填写 单位名称 和 年度", file)
    if not isinstance(data, dict):
        raise fail(f"文件的顶层应为“键: 值”的映射，实际为{_kind(data)}", file, node.start_mark.line + 1)
    if builder.errors and not keep_going:
        raise ReportgenError(builder.errors)
    return Document(file, data, builder.lines, builder.warnings, errors=builder.errors)


_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_FULLWIDTH_COLON = re.compile(r"^\s*(?:-\s+)?[^:#\s][^:#]*：")
_NO_SPACE_COLON = re.compile(r"^\s*(?:-\s+)?[^:#\s\"'][^:#\"']*:[^\s/]")
_LONG_KEY = re.compile(r"^\s*(?:-\s+)?[^:#]{1024,}:(?:\s|$)")
"""YAML reads a key of more than 1024 characters as no key at all."""


_TAB_INDENT = re.compile(r"^ *\t")
_KEY_WITH_FULLWIDTH_COLON = re.compile(r"^\s*[^\s:：#\-\"'][^\s:：#]{0,30}：")
_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _line_problems(text: str, reported: int | None) -> list[tuple[int, str]]:
    """Other lines with a mistake the parser would stop at next: a Tab indent, a key followed by “：”.

    The parser stops at its first error; these two are certain enough to be
    named at once, so a clerk fixes them in one pass.  Text inside a ``|``
    block, and list items (whose text may well hold a “：”), are not looked at.
    """
    found: list[tuple[int, str]] = []
    block_indent: int | None = None
    for number, content in enumerate(text.split("\n"), start=1):
        indent = len(content) - len(content.lstrip(" "))
        if block_indent is not None and (not content.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START.search(content) else None
        if number == reported:
            continue
        if _TAB_INDENT.match(content):
            found.append((number, "不能用制表符（Tab）缩进，请改用空格"))
        elif ": " not in content and _KEY_WITH_FULLWIDTH_COLON.match(content):
            found.append((number, "键后面的冒号是中文全角“：”，应为英文冒号“:”再加一个空格"))
    return found


def _line_hint(text: str, line: int | None) -> tuple[int, str] | None:
    """The commonest causes of a parse error a line late: a “：”, a “:” without a space, a runaway key."""
    if line is None:
        return None
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            content = lines[number - 1]
            if _FULLWIDTH_COLON.match(content):
                return number, "键后面的冒号是中文全角“：”，应为英文冒号“:”再加一个空格"
            if _NO_SPACE_COLON.match(content):
                return number, "英文冒号“:”后面要加一个空格"
            if _LONG_KEY.match(content):
                return number, "键太长：冒号前的键最多1024个字，请检查是否把文字误写成了键"
    return None


MAX_DEPTH = 50
"""Real files nest fewer than ten levels; deeper nesting is refused before anything recursive runs."""

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_TOO_MANY = "文件过大或含有大量重复引用（&/*），拒绝读取"


def _compose(text: str, file: str) -> yaml.Node | None:
    """The node tree, from libyaml's events when available (a batch reads many files).

    On a syntax error the pure-Python parser reads the file again, so the
    message (and its translation) is the same with or without libyaml.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _Composer(file).compose(yaml.parse(text, Loader=fast))
        except (yaml.YAMLError, UnicodeEncodeError):  # libyaml takes UTF-8: a lone surrogate cannot get there
            pass
    return _Composer(file).compose(yaml.parse(text, Loader=yaml.SafeLoader))


@dataclass(slots=True)
class _Open:
    """A collection being composed: its node, its anchor and (in a mapping) a key awaiting its value."""

    node: yaml.CollectionNode
    anchor: str | None
    sequence: bool
    key: yaml.Node | None = None


class _Mark(Protocol):
    line: int


def _pure(mark: object) -> yaml.Mark | None:
    """A mark as the node classes are typed to take it (libyaml's marks have the same fields)."""
    return cast("yaml.Mark | None", mark)


_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Composer:
    """Parser events to a node tree, with a stack of its own instead of recursion.

    PyYAML's composer recurses once per level of nesting, and libyaml's does
    so in C: a file of nothing but “[” exhausts either stack.  This one
    refuses nesting deeper than ``MAX_DEPTH`` where it starts, and refuses a
    second document, a repeated anchor and an alias inside its own anchor.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self._resolve: Callable[[str, tuple[bool, bool]], str] = partial(
            yaml.resolver.Resolver().resolve, yaml.ScalarNode
        )
        self.anchors: dict[str, yaml.Node] = {}
        self.count = 0
        self.documents = 0

    def fail(self, message: str, mark: _Mark | None) -> ReportgenError:
        return fail(message, self.file, mark.line + 1 if mark is not None else None)

    def compose(self, events: Iterable[yaml.Event]) -> yaml.Node | None:
        root: yaml.Node | None = None
        stack: list[_Open] = []
        for event in events:
            node: yaml.Node
            if isinstance(event, yaml.ScalarEvent):
                node = self._scalar(event)
            elif isinstance(event, _STARTS):
                stack.append(self._open(event, len(stack)))
                continue
            elif isinstance(event, _ENDS):
                node = stack.pop().node
                node.end_mark = _pure(event.end_mark)
            elif isinstance(event, yaml.AliasEvent):
                node = self._alias(event, stack)
            elif isinstance(event, yaml.DocumentStartEvent):
                self._document(event)
                continue
            else:
                continue
            if not stack:
                root = node
                continue
            top = stack[-1]
            if top.sequence:
                top.node.value.append(node)
            elif top.key is None:
                top.key = node
            else:
                top.node.value.append((top.key, node))
                top.key = None
        return root

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            message = (
                "一个文件只能写一个单位的数据，从这里的“---”起是第二份（多是两个文件拼接在了一起）：请删去多余的部分"
            )
            raise self.fail(message, event.start_mark)

    def _new_node(self, event: yaml.NodeEvent) -> None:
        """Count the node, and refuse an anchor defined twice."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(_TOO_MANY, event.start_mark)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise self.fail(f"锚点“&{anchor}”重复定义（第一次在第{first}行）：请给其中一个换一个名称", event.start_mark)

    def _scalar(self, event: yaml.ScalarEvent) -> yaml.ScalarNode:
        self._new_node(event)
        tag = event.tag
        if tag is None or tag == "!":  # “!” alone, or a quoted scalar, is text
            tag = self._resolve(event.value, event.implicit) if event.implicit[0] else _STR
        node = yaml.ScalarNode(tag, event.value, _pure(event.start_mark), _pure(event.end_mark), event.style or None)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def _open(self, event: yaml.CollectionStartEvent, depth: int) -> _Open:
        self._new_node(event)
        if depth >= MAX_DEPTH:
            message = f"嵌套层次过深（超过{MAX_DEPTH}层）：请检查是否多写了“[”“{{”或“- ”，或缩进有误"
            raise self.fail(message, event.start_mark)
        sequence = type(event) is yaml.SequenceStartEvent
        tag = event.tag if event.tag not in (None, "!") else _SEQ if sequence else _MAP
        node = (yaml.SequenceNode if sequence else yaml.MappingNode)(tag, [], _pure(event.start_mark), None)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return _Open(node, event.anchor, sequence)

    def _alias(self, event: yaml.AliasEvent, stack: list[_Open]) -> yaml.Node:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise self.fail(f"引用了未定义的锚点“*{anchor}”：应先在前面用“&{anchor}”定义", event.start_mark)
        if any(entry.anchor == anchor for entry in stack):
            raise self.fail(f"引用“*{anchor}”写在了锚点“&{anchor}”自己的内容里，形成了无限循环", event.start_mark)
        return self.anchors[anchor]


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return "文本"
    return "单个值"


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "“键: 值”的映射"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    return f"“{_clip(node.value)}”"


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _tag_shown(tag: str) -> str:
    """A tag as the clerk wrote it: ``!!binary`` rather than ``tag:yaml.org,2002:binary``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


MAX_DIGITS = 40
"""More digits than any amount or count needs, and few enough to compute with (and for ``int()`` to accept)."""

_Pair = tuple[yaml.Node, yaml.Node]
_NULLS = {"", "~", "null", "Null", "NULL"}
_UNPRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_CUT_COMMENT = re.compile(r"(?P<gap>[ \t]+)(?P<comment>#.*)")
_BOOLEAN_WORDS = {"是", "否"}


class _Builder:
    """Turns a composed YAML node tree into Python data, recording lines."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.source = text.split("\n")
        self.lines: dict[PathKey, int] = {}
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.count = 0
        self.noted: set[int] = set()
        self.scalars = {
            _STR: self._text,
            "tag:yaml.org,2002:value": self._text,  # a bare “=” (指标性质) is text
            "tag:yaml.org,2002:float": self._decimal,
            "tag:yaml.org,2002:int": self._integer,
            "tag:yaml.org,2002:null": self._null,
            "tag:yaml.org,2002:bool": self._bool,
            "tag:yaml.org,2002:timestamp": self._timestamp,
        }

    def error(self, message: str, node: yaml.Node, path: PathKey) -> None:
        self.errors.append(Diagnostic(Severity.ERROR, message, self.file, node.start_mark.line + 1, format_path(path)))

    def warn(self, message: str, node: yaml.Node, path: PathKey) -> None:
        self.warnings.append(
            Diagnostic(Severity.WARNING, message, self.file, node.start_mark.line + 1, format_path(path))
        )

    def tally(self, count: int, node: yaml.Node) -> None:
        """Count constructed values; an alias bomb passes ``MAX_NODES`` long before memory runs out."""
        self.count += count
        if self.count > MAX_NODES:
            raise fail(_TOO_MANY, self.file, node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.tally(1, node)
        if len(path) > MAX_DEPTH:  # nesting through aliases: each alias adds its anchor's depth
            raise fail(f"嵌套层次过深（超过{MAX_DEPTH}层）：引用（*名称）层层嵌套", self.file, node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        construct = self.scalars.get(node.tag)
        if construct is None or not isinstance(node, yaml.ScalarNode):
            self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
            return None
        return construct(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag != _MAP:
            self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
        own, merged = self._pairs(node, path, 0)
        result: dict[str, Any] = {}
        for key_node, value_node in own:
            key = self._key(key_node, path)
            if key is None:
                continue
            child = path + (key,)
            if key in result:
                first = self.lines.get(child)
                self.error(f"键“{key}”重复出现（第一次在第{first}行），请删除或合并其中一个", key_node, child)
                continue
            self.lines[child] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, child)
        for key_node, value_node in merged:  # what “<<” brings in, unless written here or merged earlier
            key = self._key(key_node, path)
            if key is None or key in result:
                continue
            self.lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, path + (key,))
        return result

    def _pairs(self, node: yaml.MappingNode, path: PathKey, depth: int) -> tuple[list[_Pair], list[_Pair]]:
        """The mapping's own key/value pairs, and those its “<<” keys merge in (nested merges included)."""
        own: list[_Pair] = []
        merged: list[_Pair] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged += self._merged(key_node, value_node, path, depth)
            else:
                own.append((key_node, value_node))
        return own, merged

    def _merged(self, key: yaml.Node, value: yaml.Node, path: PathKey, depth: int) -> list[_Pair]:
        """The pairs ``<<: value`` brings in: ``value`` is a mapping or a list of mappings."""
        if depth >= MAX_DEPTH:
            raise fail(f"合并（<<）层层嵌套，超过{MAX_DEPTH}层", self.file, key.start_mark.line + 1)
        pairs: list[_Pair] = []
        for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if not isinstance(source, yaml.MappingNode):
                message = f"“<<”（合并）后面应为一个“键: 值”映射的引用（如 <<: *名称），实际为{_node_kind(source)}"
                self.error(message, key, path)
                continue
            own, nested = self._pairs(source, path, depth + 1)
            self.tally(len(own) + len(nested), key)
            pairs += own + nested
        return pairs

    def _key(self, node: yaml.Node, path: PathKey) -> str | None:
        """A key as the clerk wrote it (``~`` stays “~”, ``yes`` stays “yes”), or None after an error."""
        if not isinstance(node, yaml.ScalarNode):
            self.error(f"键应为文字，实际为{_node_kind(node)}", node, path)
            return None
        key = _key_text(node)
        if key is None:
            self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
        elif not key:
            self.error("键不能为空：冒号“:”前应写出键的名称", node, path)
        elif self._printable(node, path + (key,)):
            return key
        return None

    def _text(self, node: yaml.ScalarNode, path: PathKey) -> str | None:
        if not self._printable(node, path):
            return None
        self._lost_text(node, path)
        return str(node.value)

    def _printable(self, node: yaml.ScalarNode, path: PathKey) -> bool:
        """Only a double-quoted escape (``"\\x00"``, ``"\\ud800"``) can put a character the reader refuses here."""
        bad = _UNPRINTABLE.search(node.value) if node.style == '"' else None
        if bad is not None:
            message = (
                f"文字中含有不可见的控制字符或无效字符（#x{ord(bad.group()):04x}），"
                "多是双引号里的转义写法（如 \\x00、\\ud800）带来的：请删除该处"
            )
            self.error(message, node, path)
        return bad is None

    def _lost_text(self, node: yaml.ScalarNode, path: PathKey) -> None:
        """Warn where text the clerk typed will not reach the report as typed."""
        if node.style not in (None, "'", '"') or id(node) in self.noted:
            return
        self.noted.add(id(node))  # an alias or a merge builds a node again
        cut = self._cut_comment(node)
        if cut is not None:
            message = (
                f"“{_clip(cut)}”被当作注释，不会出现在报告中（空格后的“#”表示注释）："
                "如果这是报告中的文字，请给整段文字加上引号，或改用“|”多行写法"
            )
            self.warn(message, node, path)
        if self._folded(node):
            message = (
                "这段文字写成了多行，但没有用“|”，各行会被连成一段：如要按行分段，请写成“键: |”"
                "（列表项写“- |”），下面每行缩进写一段"
            )
            self.warn(message, node, path)

    def _cut_comment(self, node: yaml.ScalarNode) -> str | None:
        """The comment after a text on its line: after a space, “#” starts a comment.

        A comment set off the usual way (two spaces, then “# ”), as in the
        shipped examples and in the files ``reportgen init`` writes, is taken
        as meant; so is one after 是/否, which are answers rather than text.
        """
        end = node.end_mark
        rest = self.source[end.line][end.column :]
        if "#" not in rest or node.value in _BOOLEAN_WORDS:
            return None
        cut = _CUT_COMMENT.match(rest)
        if cut is None or (len(cut["gap"]) >= 2 and cut["comment"].startswith("# ")):
            return None
        return cut["comment"]

    def _folded(self, node: yaml.ScalarNode) -> bool:
        """Whether two lines of the text stand next to each other: YAML joins them with a space."""
        first, last = node.start_mark.line, node.end_mark.line
        lines = self.source[first : last + 1]
        return first != last and any(above.strip() and below.strip() for above, below in itertools.pairwise(lines))

    def _decimal(self, node: yaml.ScalarNode, path: PathKey) -> Decimal | None:
        text = node.value.replace("_", "")
        if text.lower().endswith((".inf", ".nan")):
            text = text.replace(".", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.error(f"无法识别的数字“{_clip(node.value)}”", node, path)
            return None
        if number.is_finite() and max(len(number.as_tuple().digits), abs(number.adjusted())) > MAX_DIGITS:
            self._too_long(node, path)
            return None
        return number

    def _integer(self, node: yaml.ScalarNode, path: PathKey) -> int | None:
        if not _PLAIN_INTEGER.fullmatch(node.value):
            self.error(f"无法识别的数字写法“{_clip(node.value)}”，请直接写十进制数字", node, path)
            return None
        text = node.value.replace("_", "")
        if len(text.lstrip("+-")) > MAX_DIGITS:  # also keeps clear of Python's limit on int(str)
            self._too_long(node, path)
            return None
        return int(text)

    def _too_long(self, node: yaml.ScalarNode, path: PathKey) -> None:
        message = f"数字位数过多（应不超过{MAX_DIGITS}位），实际为“{_clip(node.value)}”：请检查是否粘贴错误"
        self.error(message, node, path)

    def _null(self, node: yaml.ScalarNode, path: PathKey) -> None:
        if node.value not in _NULLS:
            self.error(f"标签“!!null”表示空值，实际写了“{_clip(node.value)}”：请去掉标签", node, path)

    def _bool(self, node: yaml.ScalarNode, path: PathKey) -> bool | None:
        value = yaml.constructor.SafeConstructor.bool_values.get(node.value.lower())
        if value is None:
            self.error(f"应为 是/否（true/false），实际为“{_clip(node.value)}”", node, path)
        return value

    def _timestamp(self, node: yaml.ScalarNode, path: PathKey) -> dt.date | None:
        match = _TIMESTAMP.match(node.value)
        if match is None:
            self.error(f"应为日期（写作 2024-05-29），实际为“{_clip(node.value)}”", node, path)
            return None
        try:
            dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            self.error(f"日期不存在：应为实际存在的日期（写作 2024-05-29），实际为“{node.value}”", node, path)
            return None
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
        except ValueError:  # an hour of 25 or a time zone of +99:00
            self.error(f"时刻不存在：应为 0–23 时、0–59 分，实际为“{node.value}”", node, path)
            return None


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TIMESTAMP = _CONSTRUCTOR.timestamp_regexp


def _key_text(node: yaml.Node) -> str | None:
    """A scalar key's text as written, normalised: a stray space or full-width form means the same key."""
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _KEY_TAGS:
        return None
    return unicodedata.normalize("NFKC", node.value).strip()


_KEY_TAGS = {
    _STR,
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}
