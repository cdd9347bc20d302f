"""YAML nodes to plain values with the line of every field: decimals from their text, dates checked, duplicate keys and unknown tags refused."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from reportgen.errors import Diagnostic, Severity, fail
from reportgen.read.compose import MAP_TAG, MAX_DEPTH, MAX_NODES, MERGE_TAG, SEQ_TAG, STR_TAG, TOO_MANY
from reportgen.read.document import PathKey, format_path

_PLAIN_INTEGER = re.compile(r"[-+]?[0-9][0-9_]*")


def kind_of(value: Any) -> str:
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


class Builder:
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
            STR_TAG: self._text,
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
            raise fail(TOO_MANY, self.file, node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.tally(1, node)
        if len(path) > MAX_DEPTH:  # nesting through aliases: each alias adds its anchor's depth
            raise fail(f"嵌套层次过深（超过{MAX_DEPTH}层）：引用（*名称）层层嵌套", self.file, node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ_TAG:
                self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        construct = self.scalars.get(node.tag)
        if construct is None or not isinstance(node, yaml.ScalarNode):
            self.error(f"不支持的 YAML 标签 {_tag_shown(node.tag)}，请去掉“!”开头的标签", node, path)
            return None
        return construct(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        if node.tag != MAP_TAG:
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
            if key_node.tag == MERGE_TAG:
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
    STR_TAG,
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}
