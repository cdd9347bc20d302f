"""An outline: sections in order, each with a heading and a block or subsections; numbers are generated.

Numbering follows the official style by depth (一、 （一） 1. （1））, so a
section moves without renumbering by hand; a section marked 可省略 is left
out, and the ones after it renumbered, when the input has nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from pydantic import Field, ValidationError, field_validator

from reportgen.documents.filters import ENUMERATION_STYLES
from reportgen.errors import fail
from reportgen.model.fields import Model, Note, Text, YesNo
from reportgen.outline.blocks import BLOCKS

NUMBER_STYLES = ("一、", "（一）", "1.", "（1）")
"""The number of a heading at each depth (GB/T 9704 and the provinces' forms)."""


class Section(Model):
    heading: Text = Field(alias="标题")
    """小节标题，不含编号（编号自动生成）。"""
    block: Text | None = Field(None, alias="内容")
    """填充本节的标准内容块，如 机构设置、基本支出、三公经费。"""
    optional: YesNo = Field(False, alias="可省略")
    """是：没有数据时本节不出现，其后的编号顺延。"""
    children: list[Section] = Field(default_factory=list, alias="下级")
    """下一级小节。"""

    @field_validator("block")
    @classmethod
    def _known_block(cls, value: str | None) -> str | None:
        if value is not None and value not in BLOCKS:
            raise ValueError(f"未知的内容块“{value}”，可用的有：{'、'.join(BLOCKS)}")
        return value


class Outline(Model):
    name: Text = Field(alias="名称")
    """提纲名称，如 湖南。"""
    description: Note = Field("", alias="说明")
    """一句话说明：哪里使用、有几个部分。"""
    sections: list[Section] = Field(alias="章节")
    """各部分，按报告中的顺序。"""


@dataclass(frozen=True)
class Heading:
    depth: int
    """0 for 一、, 1 for （一）, …"""
    number: str
    """As printed before the heading: 一、 （一） 1."""
    label: str
    """The numbers of the heading and its parents, as a reviewer cites a place: 二（二）1."""
    text: str
    block: str | None
    parent: str = ""
    """The label of the section it is in."""
    optional: bool = False
    """Left out, with the numbers after it, when the input has nothing for it."""

    @property
    def cited(self) -> str:
        """The heading as a message names it: 二（二）1.基本支出情况."""
        return f"{self.parent}{self.number}{self.text}"


def headings(outline: Outline, present: Callable[[str], bool] = lambda block: True) -> Iterator[Heading]:
    """Every heading in order, numbered; an optional section whose block is not ``present`` is skipped."""

    def walk(sections: list[Section], depth: int, parent: str) -> Iterator[Heading]:
        count = 0
        for section in sections:
            if section.optional and section.block is not None and not present(section.block):
                continue
            count += 1
            number = ENUMERATION_STYLES[NUMBER_STYLES[min(depth, len(NUMBER_STYLES) - 1)]](count)
            label = parent + number.rstrip("、.")
            yield Heading(depth, number, label, section.heading, section.block, parent, section.optional)
            yield from walk(section.children, depth + 1, label)

    return walk(outline.sections, 0, "")


def where(outline: Outline, block: str, present: Callable[[str], bool] = lambda block: True) -> str:
    """The label of the section that holds ``block``, e.g. ``二（二）1``."""
    return next(h.label for h in headings(outline, present) if h.block == block)


SHIPPED = ("湖南",)
"""The outlines that come with reportgen (``src/reportgen/outline/<名称>.yaml``)."""
DEFAULT = "湖南"


@cache
def shipped(name: str = DEFAULT) -> Outline:
    """A shipped outline, read from its YAML file in the package."""
    if name not in SHIPPED:
        raise fail(f"没有名为“{name}”的提纲，可用的有：{'、'.join(SHIPPED)}")
    text = resources.files("reportgen.outline").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    try:
        return Outline.model_validate(yaml.safe_load(text))
    except ValidationError as exc:  # a shipped outline is reportgen's own: broken, it is a bug
        raise RuntimeError(f"提纲“{name}”有误：{exc}") from None
