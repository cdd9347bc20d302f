"""Time indicators (时效指标): is a completion on time against its deadline?

A deadline and a completion are read as a day of the calendar, relative to
the report's 年度 (domain.md §2.3):

- a full date: 2024-12-31, 2024/12/31, 2024.12.31, 2024年12月31日;
- a month of a year: 2025年3月(底) → its last day;
- a day of the 年度: 6月30日, 6月30号; a month: 12月底, 12月末, 11月, 十二月 → its last day;
- 年底, 年末, 年内 → 12月31日; 上半年 → 6月30日, 下半年 → 12月31日;
  第四季度, 四季度, 第1季度 → the quarter's last day;
- 次年, 下年, 翌年, 来年 before any of these move it into the following year
  (次年3月底 → 3月31日 of 年度+1; 次年 alone → 12月31日 of 年度+1);
- words: 按期, 按时, 如期, 及时, 准时, 提前 are on time; 延期, 逾期, 推迟,
  延迟, 滞后, 未按期, 未按时, 未及时 are late.

A completion on or before the deadline is on time, one after it is late
(前, 之前, 以前 and 内 after a deadline change nothing: the day itself
counts).  Anything else is not understood, and the caller keeps its own rule.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

ON_TIME_WORDS = ("按期", "按时", "如期", "及时", "准时", "提前")
LATE_WORDS = ("未按期", "未按时", "未及时", "延期", "逾期", "推迟", "延迟", "滞后")
_LATE = re.compile("|".join(LATE_WORDS[:3]) + "|(?<![未无没不非])(?:" + "|".join(LATE_WORDS[3:]) + ")")
"""A late word, not denied: 未延期 and 无逾期 say on time."""
_YEAR_END = re.compile(r"(?<!\d)(\d{4})\s*年\s*(?:底|末)")

_CHINESE_MONTHS = {
    "十二": "12", "十一": "11", "十": "10", "一": "1", "二": "2", "三": "3",
    "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
}  # fmt: skip
_CHINESE_MONTH = re.compile(r"(十二|十一|十|[一二三四五六七八九])(?=月)")
_NEXT_YEAR = re.compile(r"次年|下年|翌年|来年|第二年")
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*月(?!\s*\d)")
_QUARTER = re.compile(r"第?\s*([一二三四1-4])\s*季度")
_QUARTER_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(text: str, year: int) -> date | None:
    """The calendar day a deadline or completion names, or None when it names none."""
    text = _CHINESE_MONTH.sub(lambda m: _CHINESE_MONTHS[m.group(1)], text)
    try:
        if match := _FULL_DATE.search(text):
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if match := _YEAR_MONTH.search(text):
            return _month_end(int(match.group(1)), int(match.group(2)))
        if match := _YEAR_END.search(text):  # 2025年底: that year's end, not the report's
            return date(int(match.group(1)), 12, 31)
        next_year = _NEXT_YEAR.search(text)
        in_year = year + 1 if next_year else year
        if match := _MONTH_DAY.search(text):
            return date(in_year, int(match.group(1)), int(match.group(2)))
        if match := _MONTH.search(text):
            return _month_end(in_year, int(match.group(1)))
    except ValueError:  # 13月, 2月30日: not a day of the calendar
        return None
    if match := _QUARTER.search(text):
        return _month_end(in_year, _QUARTER_NUMBERS[match.group(1)] * 3)
    if "上半年" in text:
        return date(in_year, 6, 30)
    if "下半年" in text or any(word in text for word in ("年底", "年末", "年内")) or next_year:
        return date(in_year, 12, 31)
    return None


def _word(text: str) -> bool | None:
    """True for a word saying on time, False for one saying late, None for neither."""
    if _LATE.search(text):
        return False
    if any(word in text for word in ON_TIME_WORDS):
        return True
    return None


def on_time(target: str, actual: str | None, year: int) -> bool | None:
    """Whether the completion ``actual`` meets the deadline ``target`` in the 年度 ``year``.

    None when either side is not understood as a time (the indicator is then
    scored by the general rules).
    """
    if actual is None:
        return None
    said = _word(actual)
    deadline = _day(target, year)
    if deadline is None:
        return said if _word(target) is not None else None
    if said is not None:
        return said
    done = _day(actual, year)
    return None if done is None else done <= deadline


def reads_as_time(text: str | None, year: int) -> bool:
    """Whether a value names a day or says on time/late (then its indicator is meant to be a time indicator)."""
    return text is not None and (_day(text, year) is not None or _word(text) is not None)
