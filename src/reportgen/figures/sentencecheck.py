"""Figures of one sentence checked against each other: what the sentence itself lets a reader recompute.

Parts after “其中” must not exceed the figure before it; a rate typed right after
the two figures it is made of must follow from them (解决56个…58个…96.5%;
预算…决算…完成预算…%); 增加a万元、增长b% must follow from the two years'
amounts where the sentence gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate

from reportgen.figures.typednumbers import COUNT, MONEY, PERCENT, SCORE, Sentence
from reportgen.money import HUNDRED, shown

FALLING = ("减少", "下降", "降低")
VERBS = (*FALLING, "增加", "增长", "上升", "节约", "超支")
"""A label ending in one of these makes its number a change (较上年增加1519.97万元)."""
SPENT_WORDS = ("执行", "决算", "支出", "使用")
"""Words naming spending (执行数, 决算数, 支出)."""
RATE_WORDS = ("执行率", "完成率", "完成预算", "支出进度")
"""Words naming 执行数 ÷ 预算数."""


def not_adding_up(sentence: Sentence, plain: Sentence) -> Iterator[str]:
    """The warnings about ``sentence`` (``plain``: the same with 上年 for the year before)."""
    yield from _parts_over_total(sentence)
    yield from _rate_from_parts(sentence)
    yield from _change_in_sentence(plain)


def _parts_over_total(sentence: Sentence) -> Iterator[str]:
    """Parts after “其中” that add up to more than the figure just before it."""
    text = sentence.text
    for match in re.finditer("其中", text):
        ends = (text.find(mark, match.end()) for mark in ("；", ";", "（", "）", "(", ")", "其中"))
        end = min((i for i in ends if i >= 0), default=len(text))
        # money, people and 个 (机构43个，其中…) break down into parts; 案件18起，其中立案17起…移送20起 are stages
        totals = [f for f in sentence.figures if f.start < match.start() and (f.kind in (MONEY, COUNT) or f.unit == "个")]
        if not totals:
            continue
        total = totals[-1]
        if "编制" in total.label:
            continue  # 编制302人，其中实有305人: 超编, which check_staff reports, not a breakdown
        parts = [f for f in sentence.figures if match.end() <= f.start < end and f.unit == total.unit]
        counted = [(p, _each(text[match.end() : p.start])) for p in parts]
        running = list(accumulate(p.number * times for p, times in counted))
        if total.number in running[1:]:  # 其中民警338人…工人13人 make the 359; 辅警399人 is besides them
            counted = counted[: running.index(total.number) + 1]
        added = sum((p.number * times for p, times in counted), Decimal(0))
        if counted and added > total.number:
            unit = total.unit
            listed = "、".join(p.written if times == 1 else f"{p.written}×{times}" for p, times in counted)
            yield (
                f"文中“{total.label}{total.written}”其中各项（{listed}）合计{added}{unit}，"
                f"比总数多{added - total.number}{unit}，请核对"
            )


def _each(before: str) -> int:
    """How many parts one number stands for: 2 in “看守所、拘留所各1个”, else 1."""
    clause = re.split("[，,；;：:]", before)[-1]
    return clause.count("、") + 1 if clause.endswith("各") else 1


def _rate_from_parts(sentence: Sentence) -> Iterator[str]:
    """A rate typed right after the two figures it is made of: 解决56个…58个…96.5%, 预算…决算…完成预算…%."""
    figures = sentence.figures
    for index in range(2, len(figures)):
        rate, first, second = figures[index], figures[index - 2], figures[index - 1]
        if rate.kind != PERCENT or first.unit != second.unit:
            continue
        if first.kind == MONEY:
            budget = next((f for f in (first, second) if "预算" in f.label), None)
            spent = next(
                (f for f in (first, second) if f is not budget and any(w in f.label for w in SPENT_WORDS)), None
            )
            if budget is None or spent is None or not budget.number or not any(w in rate.label for w in RATE_WORDS):
                continue
            expected = spent.number / budget.number * HUNDRED
        elif first.kind in (PERCENT, SCORE) or "率" not in rate.label or not max(first.number, second.number):
            continue
        else:
            expected = min(first.number, second.number) / max(first.number, second.number) * HUNDRED
            if abs(expected - rate.number) >= 1:
                continue  # far off: the rate is probably of something else
        if not rate.matches(expected):
            yield (
                f"文中“{rate.label}{rate.written}”：按同句的{first.written}和{second.written}计算为"
                f"{shown(expected):f}%，请核对"
            )


def _change_in_sentence(sentence: Sentence) -> Iterator[str]:
    """增加a万元、增长b%: a and b must follow from the two years' amounts, where the sentence gives them."""
    figures = sentence.figures
    for index in range(1, len(figures)):
        rate, change = figures[index], figures[index - 1]
        if rate.kind != PERCENT or change.kind != MONEY or not _verb(rate.label) or not _verb(change.label):
            continue
        amounts = [f for f in figures[: index - 1] if f.kind == MONEY and not _verb(f.label)]
        previous = next((f for f in reversed(amounts) if "上年" in f.label), None)
        current = next((f for f in reversed(amounts) if "上年" not in f.label), None)
        size = change.in_wan
        if previous is not None and current is not None and not change.matches(abs(current.in_wan - previous.in_wan)):
            size = abs(current.in_wan - previous.in_wan)
            yield (
                f"文中“{change.label}{change.written}”：按同句的{current.written}和{previous.written}"
                f"计算为{shown(size):f}万元，请核对"
            )
        if previous is not None:
            base = previous.in_wan
        elif current is not None:
            base = current.in_wan + size if change.label.endswith(FALLING) else current.in_wan - size
        else:
            continue
        if base and not rate.matches(size / base * HUNDRED):
            yield (
                f"文中“{rate.label}{rate.written}”：按同句的数字，上年为{shown(base):f}万元，"
                f"增减{shown(size):f}万元，增减率为{shown(size / base * HUNDRED):f}%，请核对"
            )


def _verb(label: str) -> bool:
    """Whether the label ends in a verb of change (增加, 下降 …): the number is a change."""
    return label.endswith(VERBS)
