"""A title broken into lines the way GB/T 9704 7.3.1 asks: words kept whole, the lines a trapezoid or a diamond.

Word and LibreOffice break a long title wherever the line is full ("…部门整体支 / 出绩效自评报告").
Here the break goes where a reader pauses: after the unit's name, after the year, before 部门整体 or
before 绩效自评报告; two lines put the longer one first, three make a diamond.  A clerk's own 标题 may
give the lines itself, one per line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from reportgen.documents.measure import NO_LINE_END, NO_LINE_START, em_width

TITLE_PT = 22  # 二号
COVER_TITLE_PT = 26  # 一号
TYPE_AREA_PT = 442.25
"""The 156 mm line of the type area, in points."""

SLACK_EM = 0.5
"""Room left on a title line: Word, WPS and LibreOffice measure 方正小标宋 and its stand-ins a little differently."""

PAUSES = re.compile(r"(?=(部门|单位)(（单位）)?整体)|(?<![门位）])(?=整体支出)|(?=绩效(自评|评价))|(?=项目支出)")
"""Where a report's name parts into phrases: before 部门整体, 整体支出, 绩效自评 and 项目支出."""

WORDS = re.compile(r"(?=支出|绩效|自评|评价|报告|整体|情况|项目|目标|完成|预算|管理)")
"""Other word starts in a report's name: a break there keeps words whole, though it splits a phrase."""

PLACES = re.compile(r"(?<=[省市州县区旗盟])(?![场委级直辖属政府内外])|(?<=公安局)|(?<=分局)")
"""Inside a unit's name: after a place (湖南省|怀化市|…) or after 公安局, the last resort."""

YEAR = re.compile(r"\d{4}年度?")
@dataclass(frozen=True)
class _Break:
    at: int
    rank: int
    """0: a pause (after the unit or the year, before 部门整体 …); 1: between words; 2: inside the unit's name."""


def _breaks(title: str, unit: str) -> list[_Break]:
    found: dict[int, int] = {}

    def add(at: int, rank: int) -> None:
        if 0 < at < len(title) and title[at] not in NO_LINE_START and title[at - 1] not in NO_LINE_END:
            found[at] = min(rank, found.get(at, rank))

    start = len(unit) if unit and title.startswith(unit) else 0
    add(start, 0)
    for match in PLACES.finditer(title[:start]):
        add(match.start(), 2)
    for match in YEAR.finditer(title, start):
        add(match.start(), 0 if match.start() == start else 1)
        add(match.end(), 0)
    for match in PAUSES.finditer(title, start):
        add(match.start(), 0)
    for match in WORDS.finditer(title, start):
        add(match.start(), 1)
    return [_Break(at, rank) for at, rank in sorted(found.items())]


SHORTEST_EM = 4
"""A line shorter than this is a word left on its own ("报告"), not a line of a title."""


def _shape(widths: list[float]) -> int:
    """0 for the longer line first (two lines), a diamond or lines growing shorter (three); 1 for other
    shapes; 2 more when a line is a word on its own."""
    middle = len(widths) // 2
    if len(widths) == 2:
        shaped = widths[0] >= widths[1]
    else:
        shaped = max(widths) == widths[middle] or widths == sorted(widths, reverse=True)
    return (0 if shaped else 1) + (2 if min(widths) < SHORTEST_EM else 0)


def title_lines(title: str, unit: str = "", size_pt: float = TITLE_PT) -> list[str]:
    """``title`` as the lines it is printed in, at ``size_pt`` across the type area."""
    given = [line.strip() for line in title.splitlines() if line.strip()]
    if len(given) != 1:
        return given
    title = given[0]
    room = TYPE_AREA_PT / size_pt - SLACK_EM
    if em_width(title) <= room:
        return [title]
    if em_width(title) > 3 * room:  # three lines at most are searched: a longer title is filled line by line
        return _filled(title, room)
    breaks = _breaks(title, unit)
    for count in (2, 3):
        best: tuple[tuple[int, int, float], list[str]] | None = None
        for chosen in itertools.combinations(breaks, count - 1):
            cuts = [0, *(b.at for b in chosen), len(title)]
            lines = [title[a:b] for a, b in itertools.pairwise(cuts)]
            widths = [em_width(line) for line in lines]
            if max(widths) > room:
                continue
            score = (_shape(widths), sum(b.rank for b in chosen), max(widths) - min(widths))
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    return _filled(title, room)


def _filled(title: str, room: float) -> list[str]:
    """Lines filled to the edge, no mark starting a line: for a title with no word breaks that fit."""
    lines = [""]
    for char in title:
        if em_width(lines[-1] + char) > room and char not in NO_LINE_START:
            lines.append("")
        lines[-1] += char
    return lines
