"""Time indicators: deadlines and completions read relative to the report's 年度 (domain.md §2.3)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from reportgen.errors import Severity
from reportgen.figures.check import check
from reportgen.figures.deadlines import on_time
from reportgen.figures.derive import derive
from reportgen.figures.scoring import indicator_share
from reportgen.model.indicators import Indicator
from reportgen.outline.model import shipped
from reportgen.read.load import parse
from reportgen.read.validate import validate

YEAR = 2024


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # month-end deadlines in the 年度
        ("12月底前", "11月", True),
        ("12月底前", "12月", True),
        ("12月底前", "12月31日完成", True),
        ("12月底前", "次年3月底完成", False),
        ("12月底前", "12月底前完成，未延期", True),  # a denied late word says on time
        ("2025年底前", "2025年6月", True),  # the deadline's own year, not the report's
        ("2023年底前", "2024年3月", False),
        ("12月底前", "下年1月", False),
        ("12月底前", "2025年1月5日", False),
        ("十二月底前", "十一月完成", True),
        ("年底前", "12月20日", True),
        ("年底前", "次年2月", False),
        ("年末前", "2024-12-31", True),
        ("6月30日前", "6月30日", True),  # the day itself counts
        ("6月30日前", "7月1日", False),
        ("6月30日前", "6月28号完成", True),
        # full dates
        ("2024-12-31前", "2025-06-30", False),
        ("2024-12-31前", "2024-12-30", True),
        ("2024年12月31日前", "2024年11月30日", True),
        ("2024年12月31日前", "2025年1月1日", False),
        ("2024/12/31之前", "2024.10.8", True),
        ("2024年12月底前", "次年3月底", False),
        # the following year
        ("次年3月底前", "次年3月", True),
        ("次年3月底前", "次年4月", False),
        ("次年3月底前", "2025-03-31", True),
        ("下年6月前", "2024年12月", True),
        ("次年", "2025-12-31", True),
        ("次年", "2026-01-01", False),
        # quarters and halves
        ("第四季度", "12月", True),
        ("第四季度", "次年1月", False),
        ("四季度前", "10月", True),
        ("第1季度", "4月", False),
        ("上半年", "6月30日", True),
        ("上半年", "7月", False),
        ("下半年", "12月", True),
        # words
        ("按期", "按期完成", True),
        ("按时", "延期", False),
        ("及时", "及时", True),
        ("12月底前", "提前完成", True),
        ("12月底前", "按期完成", True),
        ("年底前", "延期完成", False),
        ("12月底前", "未按期完成", False),
        ("2024-12-31前", "逾期", False),
        ("按期", "未及时", False),
        # not understood: the general rules decide
        ("按期", "2024-12-31", None),
        ("12月底前", "已完成", None),
        ("≥90%", "95%", None),
        ("12处", "15处", None),
        ("12月底前", None, None),
        ("13月底前", "11月", None),  # not a day of the calendar
        ("2月30日前", "2月1日", None),
    ],
)
def test_on_time(target: str, actual: str | None, expected: bool | None) -> None:
    assert on_time(target, actual, YEAR) is expected


def indicator(target: str, actual: str) -> Indicator:
    return Indicator.model_validate(
        {
            "一级指标": "产出指标",
            "二级指标": "时效指标",
            "三级指标": "完工时间",
            "预期指标值": target,
            "实际完成值": actual,
        }
    )


@pytest.mark.parametrize(
    ("target", "actual", "share"),
    [
        ("12月底前", "次年3月底完成", "0"),  # was full marks: 3 ≤ 12 read as numbers
        ("2024-12-31前", "2025-06-30", "0"),  # was 29.99 of 30: 2024 ≤ 2025 read as numbers
        ("12月底前", "11月", "1"),
        ("按期", "延期", "0"),
        ("12月底前", "已完成", None),  # not understood: today's rules (a band or a score is needed)
    ],
)
def test_time_indicator_share(target: str, actual: str, share: str | None) -> None:
    assert indicator_share(indicator(target, actual), YEAR) == (None if share is None else D(share))


def test_the_year_decides() -> None:
    """A full date is compared within the report's 年度: 2024-12-31 is late for a 2023 report's 年底前."""
    assert on_time("年底前", "2024-12-31", 2023) is False
    assert on_time("年底前", "2024-12-31", 2024) is True


def notes(target: str, actual: str) -> list[str]:
    text = (
        "单位名称: 测试\n年度: 2024\n预算:\n  年初预算数: 10\n  执行数: 10\n"
        "项目支出:\n  项目:\n    - 名称: 甲\n      全年预算数: 10\n      执行数: 10\n"
        "      年度目标: {预期: 完成}\n      绩效指标:\n"
        f"        - {{一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 完工, 预期指标值: '{target}',"
        f" 实际完成值: '{actual}', 分值: 90}}\n"
    )
    doc = parse(text, "t.yaml")
    report = validate(doc)
    return [d.message for d in check(doc, report, derive(report), shipped()) if d.severity is Severity.NOTE]


def test_a_time_not_understood_is_noted() -> None:
    assert any("预期“12月底前”和实际“已完成”未能都识别为日期或期限" in m for m in notes("12月底前", "已完成"))
    assert not any("日期或期限" in m for m in notes("12月底前", "次年3月"))  # understood: late, no note
    assert not any("日期或期限" in m for m in notes("≥90%", "95%"))  # not a time at all
