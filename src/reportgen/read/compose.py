"""YAML events to nodes without recursion, refusing deep nesting, a second document, repeated anchors and self-referring aliases."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, cast

import yaml

from reportgen.errors import ReportgenError, fail

MAX_NODES = 200_000


MAX_DEPTH = 50
"""Real files nest fewer than ten levels; deeper nesting is refused before anything recursive runs."""

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
TOO_MANY = "文件过大或含有大量重复引用（&/*），拒绝读取"


def compose(text: str, file: str) -> yaml.Node | None:
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
            raise self.fail(TOO_MANY, event.start_mark)
        anchor = event.anchor
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise self.fail(f"锚点“&{anchor}”重复定义（第一次在第{first}行）：请给其中一个换一个名称", event.start_mark)

    def _scalar(self, event: yaml.ScalarEvent) -> yaml.ScalarNode:
        self._new_node(event)
        tag = event.tag
        if tag is None or tag == "!":  # “!” alone, or a quoted scalar, is text
            tag = self._resolve(event.value, event.implicit) if event.implicit[0] else STR_TAG
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
        tag = event.tag if event.tag not in (None, "!") else SEQ_TAG if sequence else MAP_TAG
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
