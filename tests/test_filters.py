"""Formatting and rounding: 四舍五入 on the shown figure, phrases that match the sign."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import oracles
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.documents.filters import (
    PlaceholderError,
    Quantity,
    amount,
    change_phrase,
    chinese_date,
    chinese_number,
    enumerate_as,
    percent,
    score,
    sentence,
    wan_yuan,
)
from reportgen.money import ratio, shown


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("1.005", "1.01"), ("2.675", "2.68"), ("2.665", "2.67"), ("-0.005", "-0.01"), ("40", "40.00")],
)
def test_amounts_round_half_up(value: str, expected: str) -> None:
    assert amount(D(value)) == expected


def test_wan_yuan_has_unit_and_no_separator() -> None:
    assert wan_yuan(D("22799.58")) == "22799.58万元"
    assert wan_yuan(None) == "【待补充】"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        ("37.54", "40", "93.85%"),
        ("6304.03", "6304.13", "100.00%"),  # 99.998% is not 100%: only an exact whole drops decimals
        ("20", "20", "100%"),
        ("0", "100", "0%"),
        ("56", "58", "96.55%"),  # seed 001 printed 96.5%
        ("0.53", "4", "13.25%"),
        ("1.0000", "8", "12.50%"),
        ("2.675", "100", "2.68%"),  # the amount is shown as 2.68 before dividing
    ],
)
def test_percent(part: str, whole: str, expected: str) -> None:
    assert percent(D(part), D(whole)) == expected


def test_percent_half_up_on_the_rate() -> None:
    assert percent(D("0.123450")) == "12.35%"
    assert percent(D("0.123449")) == "12.34%"


def test_rate_uses_figures_as_shown() -> None:
    # 1.005 is shown as 1.01: the reader divides 1.01 by 2.00
    assert ratio(D("1.005"), D(2)) == D("1.01") / D("2.00")


def test_no_rate_when_budget_is_zero_or_missing() -> None:
    assert ratio(D(5), D(0)) is None
    assert ratio(D(5), None) is None
    assert percent(D(5), D(0)) == "—"


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        ("10500.70", "8980.73", "较上年增加1519.97万元，增长16.92%"),
        ("0.53", "0.63", "较上年减少0.10万元，下降15.87%"),
        ("5", "5.00", "与上年持平"),
        ("3", "0", "上年无此项支出，本年新增3.00万元"),
        ("0", "0", "本年与上年均未发生"),
        ("0", "2", "较上年减少2.00万元，下降100%"),
        ("1364.84", "1378.05", "较上年减少13.21万元，下降0.96%"),  # seed 003 printed 0.95%
    ],
)
def test_change_phrase(now: str, before: str, expected: str) -> None:
    assert change_phrase(D(now), D(before)) == expected


def test_change_phrase_verbs_and_counts() -> None:
    assert change_phrase(D(2), D(1), verbs="上升/下降") == "较上年增加1.00万元，上升100%"
    assert change_phrase(D(12), D(10), unit="人") == "较上年增加2人，增长20%"
    assert change_phrase(D(2), D(1), unit="元") == "较上年增加1.00元，增长100%"
    with pytest.raises(ValueError):
        change_phrase(D(2), D(1), verbs="增长")


money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@given(now=money, before=money)
def test_change_phrase_verb_matches_sign(now: D, before: D) -> None:
    phrase = change_phrase(now, before)
    if before == 0:
        assert phrase in ("本年与上年均未发生", f"上年无此项支出，本年新增{oracles.amount(now)}万元")
    elif now > before:
        assert phrase.startswith("较上年增加") and "增长" in phrase and "下降" not in phrase
    elif now < before:
        assert phrase.startswith("较上年减少") and "下降" in phrase and "增长" not in phrase
    else:
        assert phrase == "与上年持平"


@given(now=money, before=money.filter(lambda v: v > 0))
def test_change_phrase_amount_is_the_difference(now: D, before: D) -> None:
    assert change_phrase(now, before) == oracles.change(now, before)


def test_chinese_date_has_no_leading_zeros() -> None:
    assert chinese_date(dt.date(2024, 5, 9)) == "2024年5月9日"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (22, "二十二"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
    ],
)
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("style", "expected"),
    [("一、", "三、"), ("（一）", "（三）"), ("1.", "3."), ("（1）", "（3）"), ("一是", "三是"), ("⑴", "⑶")],
)
def test_enumerations(style: str, expected: str) -> None:
    assert enumerate_as(3, style) == expected


def test_unknown_enumeration_style_is_named() -> None:
    with pytest.raises(ValueError, match="未知的编号样式"):
        enumerate_as(1, "A.")


def test_sentence_and_score() -> None:
    assert sentence("超出部分用于调资") == "超出部分用于调资。"
    assert sentence("已完成；") == "已完成。"
    assert sentence(None) == ""
    assert score(D("96.90")) == "96.9"
    assert score(D(89)) == "89"
    assert shown(D("89.995")) == D("90.00")


@pytest.mark.parametrize(
    ("shown_as", "expected"),
    [
        (lambda: percent(D("0.11234"), 小数=1), "11.2%"),
        (lambda: percent(D("0.11250"), 小数=1), "11.3%"),  # 四舍五入, not to even
        (lambda: percent(D("0.11"), 小数=1), "11%"),  # an exact whole rate stays whole
        (lambda: percent(D(56), D(58), 小数=1), "96.6%"),  # 百分比(58) is still a denominator
        (lambda: percent(D("0.112345"), 小数=0), "11%"),
        (lambda: amount(D("1234.5"), 小数=0), "1235"),
        (lambda: amount(D("0.123456"), 小数=4), "0.1235"),
        (lambda: wan_yuan(D("1234.567"), 小数=0), "1235万元"),
        (lambda: wan_yuan(D("1234.567"), 小数=1), "1234.6万元"),
        (lambda: wan_yuan(None, 小数=0), "【待补充】"),
    ],
)
def test_decimals_can_be_chosen(shown_as: Callable[[], str], expected: str) -> None:
    assert shown_as() == expected


@pytest.mark.parametrize("digits", [-1, 7, D("1.5"), "一", None, True])
def test_decimals_must_be_a_small_whole_number(digits: object) -> None:
    with pytest.raises(PlaceholderError, match="^“小数”应为0到6之间的整数，实际为"):
        percent(D("0.5"), 小数=digits)
    with pytest.raises(TypeError):  # only by name: 百分比(58) is a denominator, 万元(2) a mistake
        wan_yuan(D(1), 2)  # type: ignore[misc]
    with pytest.raises(PlaceholderError, match="^“小数”应为0到6之间的整数"):
        wan_yuan(D(1), 小数=digits)


@pytest.mark.parametrize(
    ("now", "before", "unit", "expected"),
    [
        ("1250", "1400", "起", "较上年减少150起，下降10.71%"),
        ("1250.0", "1400", "起", "较上年减少150起，下降10.71%"),  # whole numbers print whole
        ("12.5", "10", "公里", "较上年增加2.5公里，增长25%"),  # others as given, never rounded
        ("3", "3.00", "件", "与上年持平"),
        ("3", "0", "件", "上年为0，本年为3件"),
        ("0", "0", "件", "本年与上年均为0"),
        ("0", "2", "", "较上年减少2，下降100%"),
    ],
)
def test_change_phrase_in_a_unit_that_is_not_money(now: str, before: str, unit: str, expected: str) -> None:
    assert change_phrase(D(now), D(before), unit=unit) == expected


def test_a_quantity_brings_its_unit() -> None:
    count = Quantity(D(1250), "起")
    assert (count.text(), count.本年, count.单位) == ("1250起", count, "起")
    assert change_phrase(count, Quantity(D(1400), "起")) == "较上年减少150起，下降10.71%"
    assert change_phrase(count, D(1400), unit="万元") == "较上年减少150.00万元，下降10.71%"  # a unit written wins
    assert Quantity(D("-0.0"), "起").text() == "0起"


def test_a_change_outside_money_is_computed_from_the_numbers_as_given():
    """A 数据 entry prints its numbers exactly, so its change may not round them to the cent first: 0.004 against
    0.001 吨 was “本年与上年均为0”, and 1.236 against 1.234 “与上年持平”."""
    assert change_phrase(D("0.004"), D("0.001"), "吨") == "较上年增加0.003吨，增长300%"
    assert change_phrase(D("1.236"), D("1.234"), "吨") == "较上年增加0.002吨，增长0.16%"
    assert change_phrase(D("100.004"), D("100.001")) == "与上年持平"  # money: to the cent
