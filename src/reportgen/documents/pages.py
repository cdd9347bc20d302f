"""How much room a table's text takes (the width of a label, the lines of a cell, the height of a row), and so
where a table's pages break.

Estimates, in points, for text set in 五号 (10.5 pt) in a cell with Word's
default margins (0.19 cm each side, as LibreOffice reads them too).  A
Chinese character is one em wide in any Chinese font; a Latin letter or
digit is given the width of the wider of Times New Roman and DejaVu Serif
(what LibreOffice puts in its place where Times New Roman is missing), and a
line the height of a single-spaced line of Noto Sans CJK (1.45 em), the
tallest of the fonts that may set it.  So an estimate errs on the long side:
a label that fits here fits in Word and in LibreOffice.  LibreOffice's pages
come out within a point or two of the estimate (tests/test_pages.py renders
a long table to check); Word sets the same text a little tighter.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

from reportgen.documents.filters import FILTERS
from reportgen.documents.layouts import DOWN, LOOP, RESTART, Layout, down_columns, merged
from reportgen.documents.measure import NO_LINE_END, NO_LINE_START, WIDEST, em_width
from reportgen.documents.styles import LINE as BODY_LINE
from reportgen.documents.styles import TITLE_LINE

FONT = 10.5
"""五号, the size of every table's text, in points."""
MARGIN = 2 * 108 / 20
"""A cell's left and right margins together (108 twips each), in points."""
LINE = FONT * 1.45
"""A single-spaced line of table text, in points."""
BORDER = 0.5
"""The ½ pt rule under each row."""
POINTS_PER_MM = 72 / 25.4

def text_width(text: str) -> float:
    """The width of one line of ``text`` in table type, in points (Latin at its widest, so never short)."""
    return em_width(text, WIDEST) * FONT


def room(width_mm: float, indent_chars: float = 0) -> float:
    """The width a cell ``width_mm`` wide leaves for text (after its margins and an indent), in points."""
    return width_mm * POINTS_PER_MM - MARGIN - indent_chars * FONT


def fits(text: str, width_mm: float, indent_chars: float = 0) -> bool:
    """Whether every line of ``text`` (lines end at ``\\n``) fits in a cell ``width_mm`` wide without wrapping."""
    space = room(width_mm, indent_chars)
    return all(text_width(line) <= space for line in text.split("\n"))


_TOKEN = re.compile(r"[\x21-\x7e]+| +|.", re.DOTALL)
"""What a line breaks between: a run of Latin letters, digits and signs (a number, a word), spaces, or one character."""


def _tokens(line: str) -> list[str]:
    """The unbreakable pieces of ``line``, with 禁则 applied (a closing mark stays with what it closes)."""
    tokens: list[str] = []
    glue = False
    for token in _TOKEN.findall(line):
        if tokens and (glue or token[0] in NO_LINE_START):
            tokens[-1] += token
        else:
            tokens.append(token)
        glue = token[-1] in NO_LINE_END
    return tokens


def line_count(text: str, width_mm: float) -> int:
    """The lines ``text`` takes in a cell ``width_mm`` wide, wrapped as Word and LibreOffice wrap Chinese text."""
    space = room(width_mm)
    count = 0
    for line in text.split("\n"):
        count += 1
        current, carried = "", 0.0  # the line so far: its text, and the width of a cut word's last part
        for token in _tokens(line):
            joined = current + token
            if carried + text_width(joined) <= space or (token.isspace() and (current or carried)):
                current = joined
                continue
            if current or carried:
                count += 1
            width = text_width(token)
            cuts = max(math.ceil(width / space) - 1, 0)  # a word longer than a line is cut where each line ends
            count += cuts
            current, carried = (token, 0.0) if not cuts else ("", width - cuts * space)
    return count


def wrap(text: str, width_mm: float, words: Iterable[str]) -> str:
    """``text`` with a ``\\n`` wherever a line must end, so that a line ends only between ``words``.

    ``text`` is read as a run of ``words`` (the longest first, a character where none matches); the
    lines are filled with whole words, as a typesetter would set a label in a narrow column.  Only
    when a word alone is too wide is it left to the renderer to cut.
    """
    pattern = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r"|.", re.DOTALL)
    space = room(width_mm)
    lines: list[str] = []
    current = ""
    for word in pattern.findall(text):
        if current and text_width(current + word) > space:
            lines.append(current)
            current = word
        else:
            current += word
    return "\n".join([*lines, current])


def height(lines: int) -> float:
    """The height of a row whose tallest cell has ``lines`` lines, in points."""
    return max(lines, 1) * LINE + BORDER


PAGE = 225 * POINTS_PER_MM
"""The height of the 版心 (domain.md §4), in points."""
SLACK = 2 * LINE
"""How far a page's estimate may be off either way: a cell's line near full width may wrap in one program and
not in another (LibreOffice itself set 通道's 实际完成情况 in five lines, then in four in a table two rules shorter)."""
ABOVE_PROJECT_TABLE = TITLE_LINE.pt + BODY_LINE.pt
"""What stands above a project table on its first page: 表标题 (a 36 pt line) and 副标题 (a 28.95 pt line)."""
ABOVE_ATTACHMENT = BODY_LINE.pt + TITLE_LINE.pt + BODY_LINE.pt
"""What stands above an attached table: 附件N, 附件表题 (a 36 pt line) and 填报单位."""

_ENV = SandboxedEnvironment(autoescape=False)
_ENV.filters.update(FILTERS)


@functools.lru_cache(maxsize=256)
def _template(source: str) -> Template:
    return _ENV.from_string(source)


def shown(source: str, context: dict[str, Any]) -> str:
    """A cell's text as the filled table shows it (the layout's placeholders filled from ``context``)."""
    return _template(source).render(context) if "{{" in source else source


def _fixed_height(spec: list[tuple[Any, ...]], widths: list[float], context: dict[str, Any], below: set[int]) -> float:
    """A fixed row's height: its tallest cell, leaving out a label merged down over the rows ``below``."""
    lines, column = 0, 0
    for text, span, *_ in spec:
        if text != DOWN and column not in below:
            lines = max(lines, line_count(shown(text, context), sum(widths[column : column + span])))
        column += span
    return height(lines)


def _loop_heights(layout: Layout, context: dict[str, Any], rows: list[dict[str, Any]]) -> list[float]:
    """The heights of the loop's rows; a merged 一级/二级 cell makes the last row it covers taller if needed."""
    widths: list[float] = layout["widths"]
    heights = []
    for row in rows:
        scope = {**context, "行": row}
        lines = [
            line_count(shown(text, scope), width)
            for (text, merge), width in zip(layout["loop"], widths, strict=True)
            if text != DOWN and not isinstance(merge, str)
        ]
        heights.append(height(max(lines, default=1)))
    for name, mark, width in merged(layout):
        starts = [index for index, row in enumerate(rows) if row[mark] == RESTART]
        for first, end in itertools.pairwise([*starts, len(rows)]):
            label = height(line_count(rows[first][name], width))
            heights[end - 1] += max(0.0, label - sum(heights[first:end]))
    return heights


def paginate(layout: Layout, context: dict[str, Any], rows: list[dict[str, Any]], above: float) -> list[dict[str, Any]]:
    """``rows`` (the loop's, filled from ``context``) marked with where the table's pages are estimated to break.

    ``above`` is what stands above the table on its first page (points).  A row that starts a page
    (``新页``) starts its merges afresh, so its 一级/二级 cells show their text there.  ``连下`` keeps a
    row on the page of the next: within a 二级 group; from a page's first row to its last after the
    first page, so that the page breaks where it was estimated even where Word sets the rows tighter
    than estimated (a keep can move rows on, never pull them back); and among the table's last three
    rows, so that no page holds only the repeated header and the 总分 row.
    """
    widths: list[float] = layout["widths"]
    specs: list[Any] = layout["rows"]
    at = specs.index(LOOP)
    fixed = [
        _fixed_height(spec, widths, context, down_columns(layout, below))
        for spec, below in zip(specs, [*specs[1:], []], strict=True)
        if spec != LOOP
    ]
    marks = [mark for _, mark, _ in merged(layout)]
    level_one, groups = (
        [index for index, row in enumerate(rows) if not marks or any(row[mark] == RESTART for mark in outer)]
        for outer in (marks[:1], marks)
    )
    breaks = page_starts(
        Heights(above, fixed[:at], _loop_heights(layout, context, rows), fixed[at:]), level_one, groups
    )
    last = _last_page(len(rows), len(fixed) - at)
    group = list(itertools.accumulate(int(index in groups) for index in range(len(rows))))
    result = []
    for index, row in enumerate(rows):
        following = index + 1
        if following in breaks:
            keep = False
        elif following < len(rows):
            keep = group[following] == group[index] or index >= min(breaks, default=len(rows)) or index >= last
        else:
            keep = len(fixed) > at  # the last row keeps with the rows after the loop (总分)
        restarts = dict.fromkeys(marks, RESTART) if index in breaks else {}
        result.append({**row, **restarts, "新页": index in breaks, "连下": keep})
    return result


@dataclass
class Heights:
    """A table's heights, in points: what stands above it, its fixed rows before the loop (the first repeats
    on every page, the last heads the loop), the loop's rows, and the fixed rows after the loop."""

    above: float
    before: list[float]
    rows: list[float]
    after: list[float]


def page_starts(heights: Heights, level_one: list[int], groups: list[int]) -> list[int]:
    """The loop rows estimated to start a page.

    Rows fill a page up to ``SLACK`` short of its foot.  A 二级 group (from a row of ``groups`` to the
    next) that does not fit goes on to the next page whole, or, when that would leave a quarter of the
    page blank or it is taller than a page, is split between its rows.  The last page holds at least
    three rows with those after the loop (总分).  Where the table may just end on its page or just run
    over (within ``SLACK`` of its foot), it breaks before a 一级 group (from a row of ``level_one``) if
    one starts in the last quarter page: whether the page then breaks there or not, no label shows twice.
    """
    own, after = heights.rows, sum(heights.after)
    capacity = PAGE - SLACK
    starts: list[int] = []
    used = heights.above + sum(heights.before)
    for first, end in itertools.pairwise([*groups, len(own)]):
        size = sum(own[first:end])
        if used + size <= capacity:
            used += size
            continue
        if used + sum(own[first:]) + after <= PAGE + SLACK:  # may end on this page: the last page is chosen below
            used += sum(own[first:])
            break
        fresh = heights.before[0] + (heights.before[-1] if first == 0 else 0)  # the repeated row (and headings)
        if fresh + size <= capacity and capacity - used < PAGE / 4:
            starts += [first] if first else []
            used = fresh + size
            continue
        for index in range(first, end):
            if used + own[index] > capacity:
                starts += [index] if index else []
                used = fresh if index == 0 else heights.before[0]
            used += own[index]
    limit = _last_page(len(own), len(heights.after))
    if starts and starts[-1] > limit:  # too few rows left for the last page: it starts earlier
        earlier = _latest(groups, starts[-2] if len(starts) > 1 else 0, limit)
        if earlier:
            used += sum(own[earlier : starts[-1]])
            starts[-1] = earlier
    if used + after > capacity:
        page = max(starts, default=0)
        near = used + after <= PAGE + SLACK
        preferred = [first for first in level_one if page < first <= limit and sum(own[first:]) <= PAGE / 4]
        start = preferred[-1] if near and preferred else _latest(groups, page, limit)
        starts += [start] if start else []
    return starts


def _last_page(rows: int, after: int) -> int:
    """The loop row the last page starts at the latest: it holds three rows with the ``after`` rows."""
    return rows - min(rows, max(3 - after, 0))


def _latest(firsts: list[int], low: int, limit: int) -> int | None:
    """The latest row of ``firsts`` after row ``low`` and at or before row ``limit``; else ``limit`` itself
    (a group split), if it is after ``low``."""
    found = [first for first in firsts if low < first <= limit]
    if found:
        return found[-1]
    return limit if limit > low else None
