"""Numbers a clerk typed into a text, with the words and unit written around them.

A text is cut into sentences (。！？ and line ends) and clauses (，；：、 and
brackets); a typed figure is a number followed by a unit (万元 元 % 人 名 个 …),
and its label is the words just before it within its clause: in
“全年预算执行率93.8%，较上年下降1.2%” the labels are 全年预算执行率 and 较上年下降.
Placeholders (``{{ … }}``, ``{% … %}``) are cut out first: what they print is the
data's own figure, not something typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
SENTENCE_END = re.compile(r"[。！？!?\n]")
CLAUSE_BREAK = "，,；;：:、（）()□"
QUOTES = re.compile(r"[“”‘’\"'「」*]")
NUMBER = re.compile(r"(?<![\d.])([0-9]{1,12}(?:\.[0-9]{1,6})?)(?![\d.])\s*(万元|元|%|％|人次|人|名|个|件|起|次|家|条|篇|分)")
"""A number no report could show (13 digits, 7 decimals, digits of other scripts) is not read as a figure."""

MONEY, PERCENT, COUNT, SCORE = "万元", "%", "人", "分"
UNIT_KIND = {"万元": MONEY, "元": MONEY, "%": PERCENT, "％": PERCENT, "人": COUNT, "名": COUNT, "分": SCORE}
"""The units a figure of the data can carry; other units (个, 件 …) count things the data does not hold."""


@dataclass(frozen=True)
class Typed:
    """One number as the clerk typed it."""

    number: Decimal
    unit: str
    label: str
    """The words before the number within its clause."""
    before: str
    """The sentence up to the number (for the subject: 基本支出, 公务接待费 …)."""
    start: int
    """Where the number starts in its sentence."""

    @property
    def written(self) -> str:
        return f"{self.number}{self.unit}"

    @property
    def kind(self) -> str | None:
        """万元 (元 converted), %, 人 or 分; None for a count of other things."""
        return UNIT_KIND.get(self.unit)

    @property
    def in_wan(self) -> Decimal:
        """An amount in 万元 (a number typed in 元 divided by 10000)."""
        return self.number / 10000 if self.unit == "元" else self.number

    def matches(self, value: Decimal) -> bool:
        """Whether ``value`` (in 万元 for money) shows as the typed number at the precision it was typed with."""
        scaled = value * 10000 if self.unit == "元" else value
        exponent = self.number.as_tuple().exponent
        assert isinstance(exponent, int)
        return scaled.quantize(Decimal(1).scaleb(exponent), rounding="ROUND_HALF_UP") == self.number


LONGEST_SENTENCE = 2000
"""A report's sentence is a few hundred characters; a longer run without a full stop is not read (reading a
sentence costs time with the square of its length, and 25 000 characters took minutes)."""


@dataclass(frozen=True)
class Sentence:
    text: str
    figures: tuple[Typed, ...]


def literal(text: str) -> str:
    """The text as the clerk typed it: each placeholder becomes a clause break, quotes are dropped."""
    return QUOTES.sub("", PLACEHOLDER.sub("□", text))


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` that hold a typed figure."""
    found = []
    for sentence in SENTENCE_END.split(literal(text)):
        if len(sentence) > LONGEST_SENTENCE:
            continue
        figures = tuple(_figures(sentence))
        if figures:
            found.append(Sentence(sentence, figures))
    return found


def _figures(sentence: str) -> list[Typed]:
    figures = []
    clause_start = 0
    for match in NUMBER.finditer(sentence):
        before = sentence[: match.start()]
        breaks = [before.rfind(c) for c in CLAUSE_BREAK]
        clause_start = max(clause_start, *(b + 1 for b in breaks))
        label = before[clause_start:].strip()
        figures.append(Typed(Decimal(match.group(1)), match.group(2), label, before, match.start()))
        clause_start = match.end()  # the next label starts after this number
    return figures
