"""Figures typed into the narrative, checked against the data and against each other.

A typed figure whose label names a figure the data holds or derives is compared
with it: equal as shown is a 提示 suggesting the placeholder that keeps it in
sync; different is a 警告.  The subject (基本支出, 公务接待费, 在职人员 …) is the
last one named in the sentence before the number; a sentence naming something
else (a project, a fund, 经费 …) last, or no total at all, is ambiguous and left
alone, as is a label with no measure (执行数, 执行率, 年初预算 …).  The figures
of one sentence are checked against each other in ``sentencecheck``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from pydantic import BaseModel

from reportgen.documents.filters import score as score_text
from reportgen.errors import Severity
from reportgen.figures.model import Figure, Figures, Finding, StaffFigure
from reportgen.figures.sentencecheck import FALLING, RATE_WORDS, SPENT_WORDS, VERBS, not_adding_up
from reportgen.figures.typednumbers import COUNT, MONEY, PERCENT, SCORE, Sentence, Typed, sentences
from reportgen.model.schema import Report
from reportgen.money import HUNDRED, shown
from reportgen.outline.model import Outline
from reportgen.read.document import PathKey

NOT_TEXT = {"单位名称", "标题", "模板", "设置", "落款", "附件", "数据"}
"""Keys of the report whose text is a name or a setting, not a narrative (a point's 标题 is read)."""

SUBJECTS = {
    "基本支出": "基本支出",
    "项目支出": "项目支出",
    "三公经费": "三公经费.合计",
    "公务接待费": "三公经费.公务接待费",
    "公务接待": "三公经费.公务接待费",
    "因公出国": "三公经费.因公出国费",
    "公务用车购置及运行维护费": "三公经费.公务用车费",
    "机关运行经费": "机关运行经费",
    "在职人员": "人员编制.在职人员",
    "在职": "人员编制.在职人员",
    "辅警": "人员编制.辅警",
    "退休人员": "人员编制.退休人员",
    "退休": "人员编制.退休人员",
}
"""What a sentence may be about, as a clerk writes it → the placeholder name of its figure."""
OTHERS = (
    "项目",
    "预算支出",
    "专项",
    "经费",
    "费",
    "资金",
    "收入",
    "拨款",
    "结转",
    "结余",
    "工资",
    "补助",
    "商品",
    "资本",
    "科目",
    "基金",
    "购置",
    "采购",
    "维护",
    "协辅警",
    "一村一辅警",
    "民警",
    "户政员",
)
"""Words naming something else: a figure after them is not the unit's total (nor a subject's)."""
TOTAL_WORDS = (
    "全年预算",
    "年初预算",
    "预算执行",
    "部门整体",
    "整体支出",
    "全年支出",
    "全年执行",
    "支出总",
    "总支出",
    "支出合计",
    "预算总",
)
"""Without a subject, a sentence must name the unit's overall budget or spending to be about 预算."""

CHANGE = re.compile(r"(较上年|同比|比上年|较去年|与上年相比).*?(增加|增长|上升|减少|下降|降低)")
MONEY_MEASURES = (("年初预算", "initial"), ("全年预算", "adjusted"), ("调整后预算", "adjusted"), ("预算", "budget"))
"""Words naming a budget (the last one said counts: 年初预算 is the 年初预算数)."""
SCORE_WORDS = ("自评得分", "综合得分", "总得分", "综合评分")
"""The unit's own score (not an indicator's: 产出指标得分48分)."""
ACTUAL_WORDS = ("实有", "现有", "共有")
"""A head count is the group's only where its label says which: 编制 or 实有 (not 其中在职381人, 新招录辅警64人)."""
SYNONYMS = {"预算收入": "预算数", "预算金额": "预算数", "执行金额": "执行数"}
"""Words a clerk uses for the data's terms (年初预算收入 is the 年初预算数)."""
BARE_WORDS = (
    *(word for word, _ in MONEY_MEASURES),
    *SPENT_WORDS,
    *RATE_WORDS,
    *[
        "执行数",
        "决算数",
        "较上年",
        "同比",
        "比上年",
        "上年",
        "增加",
        "增长",
        "上升",
        "减少",
        "下降",
        "降低",
        "全年",
        "本年",
        "当年",
        "实际",
        "累计",
        "其中",
        "合计",
        "共计",
        "总计",
        "总额",
        "金额",
        "数",
        "为",
        "是",
        "达",
        "达到",
        "共",
        "计",
        "了",
        "的",
    ],
)
"""The words of a bare label (执行率, 全年执行数为): it is about the subject named earlier in the sentence."""
FILTERS = {MONEY: "万元", PERCENT: "百分比", COUNT: "整数", SCORE: "得分"}
PROPERTY_NAMES = {
    "initial": "年初预算数",
    "adjusted": "全年预算数",
    "budget": "预算数",
    "spent": "执行数",
    "previous": "上年执行数",
    "rate": "执行率",
    "change": "较上年",
    "change_rate": "较上年",
    "authorised": "编制数",
    "actual": "实有人数",
    "control_rate": "控制率",
}


@dataclass(frozen=True)
class Target:
    """The data's figure a typed number names."""

    name: str
    """Its placeholder name, e.g. 预算.执行率."""
    value: Decimal
    """In the typed number's terms: 万元, percentage points, persons, points."""
    kind: str
    phrase: bool = False
    """A change (较上年): the placeholder prints the whole phrase."""

    @property
    def placeholder(self) -> str:
        if self.phrase:
            return f"{{{{ {self.name} }}}}"
        unit = "人" if self.kind == COUNT else "分" if self.kind == SCORE else ""
        return f"{{{{ {self.name} | {FILTERS[self.kind]} }}}}{unit}"


def texts(value: object, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    """Every narrative text of the validated report, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            key = field.alias or name
            if key != "名称" and (path or key not in NOT_TEXT):
                yield from texts(getattr(value, name), (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*path, key))


def _subject(before: str) -> str | None:
    """The last subject or other thing named before the number (the longest where two end together)."""
    best: tuple[int, int, str] | None = None
    for word in (*SUBJECTS, *OTHERS):
        end = before.rfind(word)
        if end >= 0 and (best is None or (end + len(word), len(word)) > best[:2]):
            best = (end + len(word), len(word), word)
    return None if best is None else best[2]


def _figure(figures: Figures, name: str) -> Figure | StaffFigure | None:
    public = figures.three_public
    found: dict[str, Figure | StaffFigure | None] = {
        "预算": figures.budget,
        "基本支出": figures.basic,
        "项目支出": figures.projects,
        "机关运行经费": figures.running_costs,
        "三公经费.合计": public.total if public else None,
        "三公经费.公务接待费": public.reception if public else None,
        "三公经费.因公出国费": public.abroad if public else None,
        "三公经费.公务用车费": public.cars if public else None,
        "人员编制.在职人员": figures.staff.serving,
        "人员编制.辅警": figures.staff.auxiliary,
        "人员编制.退休人员": figures.staff.retired,
    }
    return found[name]


def _measure(typed: Typed, subject: str | None, staff: bool) -> str | None:
    """Which of its subject's figures the label names (an attribute of Figure or StaffFigure).

    The subject's own words are not a measure: “其中基本支出4269.88万元” may be its budget or its spending.
    """
    label = typed.label.replace(subject, "") if subject else typed.label
    if typed.kind == COUNT and staff:
        return "actual" if any(w in label for w in ACTUAL_WORDS) else "authorised" if "编制" in label else None
    if typed.kind == PERCENT and staff:
        return "control_rate" if "控制率" in label else None
    if CHANGE.search(label):
        return "change" if typed.kind == MONEY else "change_rate" if typed.kind == PERCENT else None
    if label.endswith(VERBS):
        return None  # a change against something not named (增加1519.96万元 after 与上年……相比)
    if typed.kind == PERCENT:
        return "rate" if any(word in label for word in RATE_WORDS) else None
    if typed.kind != MONEY:
        return None
    if "上年" in label:
        return "previous" if any(word in label for word in SPENT_WORDS) else None
    said = [(label.rfind(word) + len(word), len(word), name) for word, name in MONEY_MEASURES if word in label]
    said += [(label.rfind(word) + len(word), len(word), "spent") for word in SPENT_WORDS if word in label]
    return max(said)[2] if said else None  # the last one said: 支出预算 is a budget, 预算执行数 spending


def _plain(typed: Typed, year: int) -> Typed:
    """``typed`` with its words in the data's terms: 预算收入 is 预算数, the year before ``year`` is 上年."""
    for said, meant in {**SYNONYMS, f"{year - 1}年": "上年"}.items():
        typed = replace(typed, label=typed.label.replace(said, meant), before=typed.before.replace(said, meant))
    return typed


def _residue(label: str) -> str:
    """What a label says besides measures and filler (全年执行数 → nothing; 上缴上级支出 → 上缴上级)."""
    for word in sorted(BARE_WORDS, key=len, reverse=True):
        label = label.replace(word, "")
    return re.sub(r"[\d年度\s.]", "", label)


def target(typed: Typed, figures: Figures) -> Target | None:
    """The data's figure ``typed`` (its words plain) names, or None where its label is not clear enough to say."""
    if typed.kind == SCORE:
        overall = any(word in typed.label for word in SCORE_WORDS) and "指标" not in typed.label
        if overall and _subject(typed.before) is None and figures.score is not None:
            return Target("绩效自评.自评得分", figures.score, SCORE)
        return None
    word = _subject(typed.before)
    if word is None:
        name = "预算" if any(total in typed.before for total in TOTAL_WORDS) else None
    else:
        name = SUBJECTS.get(word)
    if name is None:
        return None
    named = word in typed.label if word else any(total in typed.label for total in TOTAL_WORDS)
    if not named and _residue(typed.label):
        return None  # 上缴上级支出0万元 after 项目支出……: the label names something of its own
    staff = name.startswith("人员编制")
    figure = _figure(figures, name)
    attribute = _measure(typed, word, staff)
    if figure is None or attribute is None:
        return None
    if attribute == "budget" and isinstance(figure, Figure) and figure.adjustment:
        return None  # 预算 alone, when 年初 and 全年 differ: either could be meant
    value: Decimal | int | None = getattr(figure, attribute)
    if value is None:
        return None
    number = Decimal(value)
    if attribute in ("rate", "change_rate", "control_rate"):
        number *= HUNDRED
    if typed.kind in (MONEY, PERCENT):
        number = shown(number)  # as the report prints it: a clerk who rounds 93.75% writes 93.8%
    phrase = attribute in ("change", "change_rate")
    return Target(f"{name}.{PROPERTY_NAMES[attribute]}", number, typed.kind or "", phrase)


def _shown(value: Decimal, kind: str, phrase: bool = False) -> str:
    """A value as a message shows it; a change as 增加/减少 and its size."""
    if phrase:
        verb = ("减少" if kind == MONEY else "下降") if value < 0 else ("增加" if kind == MONEY else "增长")
        return verb + _shown(abs(value), kind)
    if kind == COUNT:
        return f"{value}人"
    if kind == SCORE:
        return f"{score_text(value)}分"
    return f"{shown(value):f}{'万元' if kind == MONEY else '%'}"


def compare(typed: Typed, found: Target) -> tuple[Severity, str]:
    """A 提示 where the typed figure shows the data's, else a 警告 with both and the difference."""
    quoted = f"文中“{typed.label}{typed.written}”"
    falling = found.phrase and any(verb in typed.label for verb in FALLING)  # typed as a size: 减少0.1万元
    if typed.matches(-found.value if falling else found.value):
        return Severity.NOTE, f"{quoted}与数据一致：可写作 {found.placeholder}，随数据自动更新"
    difference = abs((-typed.in_wan if falling else typed.in_wan) - found.value)
    gap = f"{shown(difference):f}个百分点" if found.kind == PERCENT else _shown(difference, found.kind)
    return Severity.WARNING, (
        f"{quoted}与数据不符：{found.name}按数据为{_shown(found.value, found.kind, found.phrase)}，"
        f"相差{gap}，请核对（有意写不同的数字见 README“叙述中的数字核对”）"
    )


def check_typed_figures(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """Numbers typed into the narrative: against the data, and against the other numbers of their sentence."""
    for path, text in texts(report, ()):
        for sentence in sentences(text):
            for typed in sentence.figures:
                found = target(_plain(typed, report.year), figures)
                if found is not None:
                    severity, message = compare(typed, found)
                    yield Finding(severity, path, message)
            plain = Sentence(sentence.text, tuple(_plain(f, report.year) for f in sentence.figures))
            for message in not_adding_up(sentence, plain):
                yield Finding(Severity.WARNING, path, message)
