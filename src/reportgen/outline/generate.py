"""The report's Word template, generated from an outline and the block texts (``内容块.txt``).

Each section becomes its heading, numbered by the outline's styles, then its
blocks' lines, then its narrative (``叙述``) as numbered points.  A section
marked 可省略 is wrapped in a condition, and the numbers after it count it
only when it is printed, so no number is ever written by hand.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from reportgen.documents.filters import ENUMERATION_STYLES
from reportgen.documents.word import document_bytes
from reportgen.model.paths import key_of
from reportgen.model.schema import Report
from reportgen.outline.blocks import BLOCKS
from reportgen.outline.model import NUMBER_STYLES, NumberStyle, Outline, Section

HEADING_STYLES = ("一级", "二级", "三级")
"""The paragraph style of a heading at each depth; deeper headings take the last."""
NARRATIVE = key_of(Report, "narrative")


@functools.cache
def block_texts() -> dict[str, list[str]]:
    """Each block's lines, as ``内容块.txt`` gives them (comments and blank lines dropped)."""
    text = resources.files("reportgen.outline").joinpath("内容块.txt").read_text(encoding="utf-8")
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("@块 "):
            current = blocks.setdefault(line.removeprefix("@块 ").strip(), [])
        elif line and not line.startswith("#"):
            current.append(line)
    return blocks


def sub_style(style: str) -> str:
    """The style one level below ``style``: 一、 → （一） → 1. → （1）."""
    order: list[str] = list(NUMBER_STYLES)
    return order[order.index(style) + 1] if style in order[:-1] else "（1）"


def point_lines(expr: str, style: str, placeholder: str | None) -> list[str]:
    """A list of points (``context.points``): numbered, the title in bold, sub-points one level below."""
    sub = sub_style(style)

    def first(name: str, number: str) -> str:
        return (
            f'正文|{{{{ {name}.序号 | 编号("{number}") }}}}{{% if {name}.标题 %}}**{{{{ {name}.标题 | 成句 }}}}**'
            f'{{% endif %}}{{{{ {name}.内容[0] if {name}.内容 else "" }}}}'
        )

    lines = [
        f"{{%p for 点 in {expr} %}}",
        "{%p if 点.序号 %}",
        first("点", style),
        "{%p else %}",
        '正文|{{ 点.内容[0] if 点.内容 else "" }}',
        "{%p endif %}",
        "{%p for 段 in 点.内容[1:] %}",
        "正文|{{ 段 }}",
        "{%p endfor %}",
        "{%p for 子 in 点.下级 %}",
        first("子", sub),
        "{%p for 段 in 子.内容[1:] %}",
        "正文|{{ 段 }}",
        "{%p endfor %}",
        "{%p endfor %}",
    ]
    if placeholder is not None:
        lines += ["{%p else %}", f"正文|【待补充：{placeholder}】"]
    return [*lines, "{%p endfor %}"]


def narrative_expr(key: str) -> str:
    """The template's name for ``叙述.<key>`` (the key is checked to hold no quote or brace)."""
    return f"{NARRATIVE}[{json.dumps(key, ensure_ascii=False)}]"


def _field_test(field: str | None) -> str:
    """A block prints when its field is filled; one printing from figures every file has always prints."""
    return "true" if field is None else key_of(Report, field)


def presence(section: Section) -> str:
    """A template condition true when an optional section has something to print."""
    tests = [BLOCKS[name].present or _field_test(BLOCKS[name].field) for name in section.blocks]
    if section.text is not None:
        tests.append(narrative_expr(section.text))
    return " or ".join(f"({test})" for test in tests) or "true"


def block_lines(name: str, heading: str = "", points: str | None = None) -> list[str]:
    """One block's lines for a section headed ``heading``, its points numbered ``points``."""
    style = points or (BLOCKS[name].points if name in BLOCKS else "1.")
    lines: list[str] = []
    for line in block_texts()[name]:
        if line.startswith("@要点 "):
            expr, _, placeholder = line.removeprefix("@要点 ").partition(" ")
            lines += point_lines(expr, style, heading if placeholder else None)
        elif line.startswith("@插入 "):
            lines += block_lines(line.removeprefix("@插入 ").strip(), heading, points)
        else:
            lines.append(line.replace("〔编号〕", style).replace("〔标题〕", heading))
    return lines


def section_lines(outline: Outline, sections: list[Section], depth: int) -> list[str]:
    """The lines of ``sections`` at ``depth``, numbered in the outline's style for that depth."""
    style: NumberStyle = outline.style(depth)
    heading_style = HEADING_STYLES[min(depth, len(HEADING_STYLES) - 1)]
    lines: list[str] = []
    printed = 0
    optional_before: list[str] = []
    for section in sections:
        if optional_before:
            counted = " + ".join(f"(1 if {condition} else 0)" for condition in optional_before)
            number = f'{{{{ ({printed + 1} + {counted}) | 编号("{style}") }}}}'
        else:
            number = ENUMERATION_STYLES[style](printed + 1)
        body = [f"{heading_style}|{number}{section.heading}"]
        below = section.points or outline.style(depth + 1)
        for name in section.blocks:
            body += block_lines(name, section.heading, section.points)
        if section.text is not None:  # required only where it is all the section holds
            required = not section.optional and not section.blocks
            body += point_lines(narrative_expr(section.text), below, section.heading if required else None)
        body += section_lines(outline, section.children, depth + 1)
        if section.optional:
            condition = presence(section)
            lines += [f"{{%p if {condition} %}}", *body, "{%p endif %}"]
            optional_before.append(condition)
        else:
            lines += body
            printed += 1
    return lines


def template_lines(outline: Outline) -> list[str]:
    """Every line of the report's template: cover, title and preface, sections, signature, attached tables."""
    lines = block_lines("封面") if outline.cover else []
    lines += block_lines("标题")
    lines += section_lines(outline, outline.sections, 0)
    lines += block_lines("落款")
    if outline.tables:
        lines += block_lines("附表")
    else:
        lines.append("顶格|")
    return lines


@functools.lru_cache(maxsize=8)
def _template(outline_json: str, name: str) -> bytes:
    outline = Outline.model_validate_json(outline_json)
    return document_bytes(outline.report_name, f"提纲“{name}”", template_lines(outline))


def report_template(outline: Outline) -> bytes:
    """The report's Word template for ``outline``, built once per outline in a process."""
    return _template(outline.model_dump_json(by_alias=True), outline.name)
