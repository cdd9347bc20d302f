"""An outline: sections in order, each with a heading and what fills it; numbers are generated.

Numbering follows the outline's styles by depth (by default 一、 （一） 1.
（1）), so a section moves without renumbering by hand; a section marked
可省略 is left out, and the ones after it renumbered, when the input has
nothing for it.  A clerk's own outline is a YAML file of the same form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, field_validator

from reportgen.documents.filters import ENUMERATION_STYLES
from reportgen.errors import ReportgenError, fail
from reportgen.model.fields import Model, Note, Text, YesNo
from reportgen.model.paths import path_of
from reportgen.model.schema import NarrativeKey, Report
from reportgen.outline.blocks import BLOCKS
from reportgen.output.write import safe_name
from reportgen.read.document import Document, format_path
from reportgen.read.load import load
from reportgen.read.validate import validate_as

NumberStyle = Literal["一、", "（一）", "1.", "1、", "（1）", "一是", "⑴"]
"""The enumerations of official writing (documents/filters.py ``ENUMERATION_STYLES``)."""
def _as_written_style(value: Any) -> Any:
    """YAML reads an unquoted ``1.`` as the number 1: the style 1. is meant."""
    return "1." if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value == 1 else value


NUMBER_STYLES: tuple[NumberStyle, ...] = ("一、", "（一）", "1.", "（1）")
"""The number of a heading at each depth (GB/T 9704 and most provinces' forms)."""

REPORT_NAME = "部门整体支出绩效自评报告"


def _no_placeholder(value: str) -> str:
    """A heading is text, never a template: it is written into the generated Word template as it stands."""
    if "{" in value or "}" in value:
        raise ValueError("标题中不能有“{”或“}”（提纲的标题按原样写入报告，不能含占位符）")
    if "**" in value:  # the template's mark for bold: it would vanish and set the heading in bold
        raise ValueError("标题中不能有“**”（标题的字体由标题级别决定）")
    return value


def _blocks(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _file_name(value: str) -> str:
    """The report's name also names its file: nothing Windows refuses, no folder, no “..”."""
    if safe_name(value) != value:
        raise ValueError('报告名称也是输出文件名，不能含 \\ / : * ? " < > | 、控制字符或首尾的空格和“.”')
    return value


Heading = Annotated[Text, AfterValidator(_no_placeholder)]
ReportName = Annotated[Heading, AfterValidator(_file_name), Field(max_length=40)]


class Section(Model):
    heading: Heading = Field(alias="标题")
    """小节标题，不含编号（编号自动生成）。"""
    blocks: Annotated[list[Text], BeforeValidator(_blocks)] = Field(default_factory=list, alias="内容")
    """填充本节的标准内容块（一个或几个），如 机构设置、基本支出、三公经费；reportgen 提纲 列出全部内容块。"""
    text: NarrativeKey | None = Field(None, alias="文字")
    """本节的叙述文字取自数据文件“叙述”下的这个名称，如 文字: 评价工作开展情况；写在内容块之后。"""
    optional: YesNo = Field(False, alias="可省略")
    """是：没有数据时本节不出现，其后的编号顺延；否（默认）：没有数据时显示【待补充】并提示。"""
    points: NumberStyle | None = Field(None, alias="要点编号")
    """本节要点（职责、问题、措施、叙述要点）的编号样式，如 1.、（一）、⑴；默认按内容块或下一级编号。"""
    children: list[Section] = Field(default_factory=list, alias="下级")
    """下一级小节。"""

    _points_as_written = field_validator("points", mode="before")(_as_written_style)

    @field_validator("blocks")
    @classmethod
    def _known_blocks(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in BLOCKS]
        if unknown:
            raise ValueError(f"未知的内容块“{unknown[0]}”，可用的有：{'、'.join(BLOCKS)}")
        return value


class Outline(Model):
    name: Text = Field(alias="名称")
    """提纲名称，如 湖南。"""
    description: Note = Field("", alias="说明")
    """一句话说明：哪里使用、有几个部分。"""
    report_name: ReportName = Field(REPORT_NAME, alias="报告名称")
    """报告的名称：标题默认为“单位名称+年度+年度+报告名称”，输出文件为“年度+年度+报告名称.docx”。"""
    numbering: list[NumberStyle] = Field(default_factory=lambda: list(NUMBER_STYLES), alias="编号", min_length=1)
    """各级标题的编号样式，从第一级起，如 [一、, （一）, 1., （1）]；更深的层级沿用最后一种。"""
    cover: YesNo = Field(False, alias="封面")
    """是：报告前加一页封面（标题、单位名称、主要负责人签字、报告日期）。"""
    tables: YesNo = Field(True, alias="附表")
    """是（默认）：落款后附部门整体支出绩效评价基础数据表和自评表（有数据时）。"""
    sections: list[Section] = Field(alias="章节", min_length=1)
    """各部分，按报告中的顺序。"""

    @field_validator("numbering", mode="before")
    @classmethod
    def _numbering_as_written(cls, value: Any) -> Any:
        return [_as_written_style(item) for item in value] if isinstance(value, list) else value

    def style(self, depth: int) -> NumberStyle:
        """The number style of headings at ``depth`` (0 for the first level)."""
        return self.numbering[min(depth, len(self.numbering) - 1)]


def cite(parts: list[str]) -> str:
    """Numbers joined as a reviewer cites a place: 二、 （二） 1.基本支出情况 → 二（二）1.基本支出情况.

    A number's “、” or “.” is dropped only before a bracketed one; 一、 3、人员编制情况 stays 一、3、人员编制情况.
    """
    return "".join(
        part.rstrip("、.．") if later.startswith("（") else part for part, later in zip(parts, [*parts[1:], ""])
    )


@dataclass(frozen=True)
class Place:
    """A heading as numbered in one report."""

    depth: int
    """0 for 一、, 1 for （一）, …"""
    numbers: tuple[str, ...]
    """The numbers of its parents and its own, as printed: (二、, （二）, 1.)."""
    section: Section

    @property
    def number(self) -> str:
        """As printed before the heading: 一、 （一） 1."""
        return self.numbers[-1]

    @property
    def text(self) -> str:
        return self.section.heading

    @property
    def label(self) -> str:
        """The numbers alone, as a reviewer cites a section: 二（二）1."""
        return cite(list(self.numbers)).rstrip("、.．")

    @property
    def cited(self) -> str:
        """The heading as a message names it: 二（二）1.基本支出情况."""
        return cite([*self.numbers[:-1], self.number + self.text])


def headings(outline: Outline, present: Callable[[Section], bool] = lambda section: True) -> Iterator[Place]:
    """Every heading in order, numbered; an optional section that is not ``present`` is skipped."""

    def walk(sections: list[Section], depth: int, parents: tuple[str, ...]) -> Iterator[Place]:
        count = 0
        for section in sections:
            if section.optional and not present(section):
                continue
            count += 1
            numbers = (*parents, ENUMERATION_STYLES[outline.style(depth)](count))
            yield Place(depth, numbers, section)
            yield from walk(section.children, depth + 1, numbers)

    return walk(outline.sections, 0, ())


SHIPPED = ("湖南", "湖南2024", "湖南旧版", "四川")
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


def read_outline(path: Path) -> Outline:
    """A clerk's outline file, checked as carefully as a data file (every problem at once, with its line)."""
    return validate_as(load(path), Outline)


OUTLINE_FILES = (".yaml", ".yml")


def outline_named(name: str, folder: Path) -> Outline:
    """A shipped outline by its name, or a clerk's outline file (``.yaml``) relative to ``folder``."""
    if not name.lower().endswith(OUTLINE_FILES):
        if name in SHIPPED:
            return shipped(name)
        raise fail(f"没有名为“{name}”的提纲：可用的有 {'、'.join(SHIPPED)}，或写自己的提纲文件名（如 我的提纲.yaml）")
    path = folder / name
    if not path.is_file():
        raise fail(f"找不到提纲文件：{path}")
    return read_outline(path)


def chosen(report: Report, doc: Document) -> Outline:
    """The outline ``设置.提纲`` names, a clerk's file being relative to the data file; a wrong name is located
    at its line."""
    key = path_of("settings", "outline")
    try:
        return outline_named(report.settings.outline, Path(doc.file).parent)
    except ReportgenError as exc:
        if len(exc.diagnostics) == 1 and not exc.diagnostics[0].file:  # not a problem inside the outline file
            raise fail(exc.diagnostics[0].message, *doc.locate(key), format_path(key)) from None
        raise
