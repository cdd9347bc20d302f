"""Which figures the documents print, found from the render itself (the checking sheet lists exactly those).

While the documents are rendered for a checking sheet, every figure carries
its origin (``Traced``): the input line it was typed on, the parts it was
added up from, or its formula with the inputs filled in.  A filter that
shows a traced figure (万元, 百分比 …) puts an invisible mark before the
text; after docxtpl has filled the template, ``collect`` walks the document,
notes under which heading or in which table each mark stands, and removes
the marks.  A figure the documents do not print is never listed, and one
printed from a narrative's placeholder is listed where it stands.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from docx.oxml.ns import qn

from reportgen.documents.filters import amount, integer, score
from reportgen.figures.formulas import DERIVED
from reportgen.figures.model import Figure, ProjectFigure, StaffFigure, Sum
from reportgen.figures.scoring import ProjectScore
from reportgen.model.budget import BudgetBlock, PublicItem
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import StaffGroup
from reportgen.outline.model import cite
from reportgen.read.document import PathKey, format_path

if TYPE_CHECKING:
    from reportgen.pipeline.build import Checked


@dataclass(frozen=True)
class Origin:
    """Where a printed figure comes from, as the checking sheet states it."""

    item: str
    figure: str
    source: str
    """输入, 计算 or 汇总."""
    basis: str
    """The input's file:line and field, or the formula with its inputs."""
    is_rate: bool = False


class TracedDecimal(Decimal):
    """A figure that knows its origin; arithmetic on it gives a plain Decimal."""

    origin: Origin

    def __new__(cls, value: Decimal, origin: Origin) -> Self:
        made = super().__new__(cls, value)
        made.origin = origin
        return made


class TracedInt(int):
    """A head count that knows its origin."""

    origin: Origin

    def __new__(cls, value: int, origin: Origin) -> Self:
        made = super().__new__(cls, value)
        made.origin = origin
        return made


def carrying(value: Decimal | int, origin: Origin) -> TracedDecimal | TracedInt:
    """``value`` with its origin: a head count stays whole, an amount or rate stays Decimal."""
    return TracedInt(value, origin) if isinstance(value, int) else TracedDecimal(value, origin)


MARK, END = "\ue000", "\ue001"
"""Private-use characters around a mark's number: no text a clerk types contains them."""
_MARKS = re.compile(f"{MARK}(\\d+){END}")


@dataclass
class Printed:
    """A figure as printed: its origin, its text, and every place it stands."""

    origin: Origin
    value: Decimal
    shown: str
    places: list[str] = field(default_factory=list)


class Tracer:
    """The figures shown while rendering, numbered in the order they were shown."""

    def __init__(self, origins: Origins) -> None:
        self.origins = origins
        self.shown: list[Printed] = []
        self.order: list[int] = []
        """The marks in the order the documents print them (a narrative's are made before its place is known)."""

    def mark(self, value: Any, text: str) -> str:
        origin = getattr(value, "origin", None)
        if not isinstance(origin, Origin):
            return text
        self.shown.append(Printed(origin, Decimal(value), text))
        return f"{MARK}{len(self.shown) - 1}{END}{text}"

    def found(self, text: str, place: str) -> str:
        """``text`` without its marks, each mark's figure noted at ``place``."""
        for number in _MARKS.findall(text):
            printed = self.shown[int(number)]
            if not printed.places:
                self.order.append(int(number))
            if place not in printed.places:
                printed.places.append(place)
        return _MARKS.sub("", text)

    def printed(self) -> list[Printed]:
        """Each printed figure once (by origin and text), with all its places, in the order first printed."""
        merged: dict[tuple[Origin, str], Printed] = {}
        for item in (self.shown[n] for n in self.order):  # a mark never placed is in a text not printed
            text = item.shown.removesuffix("万元")  # 5.33万元 in the text and 5.33 in a table: one figure
            kept = merged.setdefault((item.origin, text), Printed(item.origin, item.value, text))
            kept.places.extend(p for p in item.places if p not in kept.places)
        return list(merged.values())


_TRACER: ContextVar[Tracer | None] = ContextVar("tracer", default=None)


@contextmanager
def tracing(checked: Checked) -> Iterator[Tracer]:
    """Trace the figures of ``checked`` shown by the filters within the block."""
    tracer = Tracer(Origins(checked))
    token = _TRACER.set(tracer)
    try:
        yield tracer
    finally:
        _TRACER.reset(token)


def marked(value: Any, text: str, operands: tuple[Any, ...] = (), name: str = "") -> str:
    """``text`` (a filter's output for ``value``), marked when ``value`` is traced and tracing is on.

    A filter given operands (``百分比(数据.走访收集问题)``) shows a figure of its own, worked out in the text.
    """
    tracer = _TRACER.get()
    if tracer is None:
        return text
    origin = getattr(value, "origin", None)
    if operands and isinstance(origin, Origin):
        basis = f"占位符 {name}：{value} 与 {'、'.join(map(str, operands))}"
        value = TracedDecimal(Decimal(value), Origin(origin.item, name, "计算", basis, name == "百分比"))
    return tracer.mark(value, text)


def noted(value: Any, text: str) -> str:
    """A mark alone, for a figure shown inside a phrase made elsewhere (the 增减额 in 较上年增加…)."""
    tracer = _TRACER.get()
    if tracer is None or not isinstance(getattr(value, "origin", None), Origin):
        return ""
    return tracer.mark(value, text).removesuffix(text)


def given(value: Any, path: PathKey, item: str, label: str) -> Any:
    """An input figure outside any budget line (a source of funds, a 数据 entry), traced while tracing."""
    tracer = _TRACER.get()
    if tracer is None or isinstance(value, bool) or not isinstance(value, Decimal | int):
        return value
    return carrying(value, Origin(item, label, *tracer.origins.source(path, value)))


def origin_of(value: Any) -> Origin | None:
    """The origin ``value`` carries (a figure made by ``given`` while tracing), else None."""
    origin = getattr(value, "origin", None)
    return origin if isinstance(origin, Origin) else None


def computed(value: Any, item: str, label: str, basis: str) -> Any:
    """A figure worked out outside any budget line (a sum in a table), traced while tracing."""
    if _TRACER.get() is None or isinstance(value, bool) or not isinstance(value, Decimal):
        return value
    return TracedDecimal(value, Origin(item, label, "计算", basis))


def active() -> Tracer | None:
    """The tracer of the render under way, if the documents are rendered for a checking sheet."""
    return _TRACER.get()


BUDGET_KEYS = {name: key_of(BudgetBlock, name) for name in ("initial", "adjusted", "spent", "previous")}
PUBLIC_KEYS = {
    "initial": key_of(PublicItem, "budget"),
    "adjusted": key_of(BudgetBlock, "adjusted"),
    "spent": key_of(PublicItem, "actual"),
    "previous": key_of(PublicItem, "previous"),
}
"""How the YAML names each amount of a budget line, and of a “三公” line (预算数, 决算数 …)."""


class Origins:
    """The origin of every figure of one checked input: typed, added up, rolled up, or derived."""

    def __init__(self, checked: Checked) -> None:
        self.doc = checked.doc
        self.typed = checked.figures.typed
        self.rolled_up = checked.rolled_up
        self.sums: dict[PathKey, Sum] = {}
        for relation in checked.figures.sums:
            if relation.given is None:  # a total the file left out and the tool added up
                self.sums.setdefault(relation.path, relation)
        figures = checked.figures
        self.paths: dict[int, dict[str, PathKey]] = {}
        for part in [*figures.basic_classes, *figures.project_classes, figures.personnel, figures.public]:
            if part is not None:  # an economic class is written as 经济分类.工资福利支出: …
                self.paths[id(part)] = {"spent": part.path}
        self.paths[id(figures.income)] = {
            "spent": path_of("budget", "income"),
            "previous": path_of("budget", "previous_income"),
        }
        public = figures.three_public
        self.public = {id(f) for f in ([public.total, *public.items(), *public.car_parts()] if public else [])}
        if figures.running_costs is not None:
            self.public.add(id(figures.running_costs))

    def source(self, path: PathKey, value: Decimal | int | None) -> tuple[str, str]:
        """输入 with its file:line, 汇总 from the sub-units, or 计算 with the parts it was added up from."""
        if path in self.typed:  # typed, not merely a blank key
            file, line = self.doc.locate(path)
            return "输入", f"{file}:{line} {format_path(path)}"
        if path in self.rolled_up:
            return "汇总", f"{format_path(path)}未填写，取各下级单位之和 = {amount(value)}"
        relation = self.sums.get(path)
        if relation is not None:
            shown_as = integer if relation.whole_numbers else amount  # head counts are not money
            parts = " + ".join(shown_as(v) for _, v in relation.parts)
            labels = "、".join(format_path(p) for p, _ in relation.parts[:4]) + (
                "等" if len(relation.parts) > 4 else ""
            )
            return "计算", f"{labels}之和 = {parts} = {shown_as(value)}"
        return "计算", "未单独填写，按规则推得（如全年预算数未填时取年初预算数）"

    def of_figure(self, figure: Figure, name: str) -> Origin | None:
        keys = PUBLIC_KEYS if id(figure) in self.public else BUDGET_KEYS
        if name == "budget":  # 预算数: the full-year budget, else the initial one
            name = "adjusted" if figure.adjusted is not None else "initial"
            label = "预算数"
        else:
            label = keys.get(name, "")
        if name in keys:
            value = getattr(figure, name)
            path = self.paths.get(id(figure), {}).get(name, figure.path + (keys[name],))
            return Origin(figure.name, label, *self.source(path, value))
        derived = next((d for d in DERIVED if d.attribute == name), None)
        if derived is None:
            return None
        left, right = derived.operands(figure)
        basis = f"{derived.formula} = {amount(left)} {derived.operator} {amount(right)}"
        return Origin(figure.name, derived.name, "计算", basis, derived.is_rate)

    def of_staff(self, staff: StaffFigure, name: str) -> Origin | None:
        if name == "control_rate":
            basis = f"实有人数 ÷ 编制数 = {staff.actual} ÷ {staff.authorised}"
            return Origin(staff.name, "控制率", "计算", basis, True)
        if name not in ("authorised", "actual"):
            return None
        key = key_of(StaffGroup, name)
        return Origin(staff.name, key, *self.source(staff.path + (key,), getattr(staff, name)))

    def of_score(self, total: Decimal) -> Origin:
        stated = path_of("evaluation", "score")
        if stated in self.typed:
            file, line = self.doc.locate(stated)
            return Origin("部门整体", "自评得分", "输入", f"{file}:{line} {format_path(stated)}")
        return Origin("部门整体", "自评得分", "计算", f"自评表各指标得分之和 = {score(total)}")


class _Traced:
    """A read-only view of a figure (or a staff group, a project, its score) whose numbers carry their origin."""

    def __init__(self, real: Any, origins: Origins, owner: str = "") -> None:
        self._real, self._origins, self._owner = real, origins, owner

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        if isinstance(value, Figure | StaffFigure | ProjectFigure | ProjectScore):
            owner = self._real.figure.name if isinstance(self._real, ProjectFigure) else self._owner
            return _Traced(value, self._origins, owner)
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            return value
        origin = self._origin(name)
        return value if origin is None else carrying(value, origin)

    def _origin(self, name: str) -> Origin | None:
        real, origins = self._real, self._origins
        if isinstance(real, Figure):
            return origins.of_figure(real, name)
        if isinstance(real, StaffFigure):
            return origins.of_staff(real, name)
        if isinstance(real, ProjectFigure) and name == "overall" and real.score is not None:
            parts = " + ".join(score(s.used) for s in real.score.indicators)
            basis = f"执行率得分 + 各指标得分 = {score(real.score.rate_score)} + {parts}"
            cap, summed = real.score.cap, real.score.summed
            if cap is not None and real.overall is not None and summed is not None and real.overall < summed:
                basis += (
                    f" = {score(summed)}；执行率低于{score(cap.below)}%，"
                    f"按设置.评分规则.执行率封顶最高{score(real.overall)}分"
                )
            return Origin(real.figure.name, "总分", "计算", basis)
        if isinstance(real, ProjectScore) and name == "rate_score":
            basis = f"min(执行率, 100%) × 执行率分值 = min(…, 100%) × {score(real.rate_weight)}"
            return Origin(self._owner, "执行率得分", "计算", basis)
        return None


def traced(figures: Any, origins: Origins) -> Any:
    """A copy of ``figures`` in which every figure, staff group and project is a traced view."""
    if isinstance(figures, Figure | StaffFigure | ProjectFigure | ProjectScore):
        return _Traced(figures, origins)
    if isinstance(figures, list | tuple):
        return type(figures)(traced(item, origins) for item in figures)
    if dataclasses.is_dataclass(figures) and not isinstance(figures, type):
        clone = copy.copy(figures)
        for item in dataclasses.fields(figures):
            if item.name not in ("sums", "typed"):
                object.__setattr__(clone, item.name, traced(getattr(figures, item.name), origins))
        return clone
    return figures


def traced_figures(checked: Checked, origins: Origins) -> Any:
    """The checked input's figures, every number carrying its origin (and the 自评得分 too)."""
    figures = traced(checked.figures, origins)
    if checked.figures.score is not None:
        figures.score = TracedDecimal(checked.figures.score, origins.of_score(checked.figures.score))
    return figures


HEADING_STYLES = ("报告一级", "报告二级", "报告三级")
TITLE_STYLES = ("报告附件表题", "报告表标题")
_NUMBER = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\d+[.、．]|（\d+）|[⑴-⒇])")


def collect(body: Any, tracer: Tracer, document: str) -> None:
    """Note where each marked figure stands in a rendered document's body, and remove the marks.

    A place is the section it stands under, cited by its numbers (二（二）1.基本支出情况),
    or the table it stands in with the row (部门整体支出绩效评价基础数据表 第3行).
    """
    numbers: list[str] = []
    heading, title = "", document
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            name = style.get(qn("w:val")) if style is not None else ""  # the generated styles' ids are their names
            text = "".join(t.text or "" for t in element.iter(qn("w:t")))
            clean = _MARKS.sub("", text)
            if name in HEADING_STYLES:
                depth = HEADING_STYLES.index(name)
                match = _NUMBER.match(clean)
                parents = [*numbers[:depth], *[""] * (depth - len(numbers))]
                numbers = [*parents, match.group() if match else ""]
                heading = cite([*parents, clean])
            elif name in TITLE_STYLES:
                title, heading = clean, ""
            place = f"{document} {heading}" if heading else title
            _strip(element, tracer, place)
        elif element.tag == qn("w:tbl"):
            for row, tr in enumerate(element.iter(qn("w:tr")), start=1):
                _strip(tr, tracer, f"{title} 第{row}行")
        else:  # a content control (w:sdt), a footnote …: under the section it stands in
            _strip(element, tracer, f"{document} {heading}" if heading else title)


def _strip(element: Any, tracer: Tracer, place: str) -> None:
    for node in element.iter(qn("w:t")):
        if node.text and MARK in node.text:
            node.text = tracer.found(node.text, place)
