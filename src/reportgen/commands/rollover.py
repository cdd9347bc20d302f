"""Next year's input file from this year's (``reportgen init --从``).

Built from the validated input and its derived figures, never from the raw
YAML: what carries over (texts, names, indicators) is kept as the schema
read it, this year's figures become next year's 上年 figures in the file's
own unit, and next year's figures are left blank to fill.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.commands.skeleton import MODELINE, comment_line, unprintable
from reportgen.figures.model import Figure, PublicFigures
from reportgen.model.budget import Budget, BudgetBlock, CarItem, Project, ProjectSpending, PublicItem, ThreePublic
from reportgen.model.indicators import DepartmentIndicator, Goals, Indicator
from reportgen.model.schema import Evaluation, Report, Signature, Staff, StaffGroup, YearOnYear
from reportgen.money import YUAN_PER_WAN
from reportgen.pipeline.build import Checked, prepare
from reportgen.read.inherit import INHERIT_KEY
from reportgen.read.load import load

_BLANK = None


class _Dumper(yaml.SafeDumper):
    """Blank values are written as nothing after the colon, as a clerk leaves them."""


_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def _number(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    """A plain number, as a clerk types it (no !!float tag)."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    return dumper.represent_scalar("tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float", text)


_Dumper.add_representer(Decimal, _number)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Text as PyYAML would write it, but escaped in double quotes when it holds a line break other than
    ``\\n`` or a character a file cannot carry: PyYAML writes a raw NEL or U+2028 that reads back as a space."""
    style = '"' if any(unprintable(c) for c in value.replace("\n", "")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _key(model: type[BaseModel], name: str) -> str:
    """The YAML key of a schema field."""
    return model.model_fields[name].alias or name


def _written(model: BaseModel, *names: str) -> dict[str, Any]:
    """The fields ``names`` of ``model`` that the file wrote, as YAML keys and plain values."""
    return model.model_dump(by_alias=True, include=set(names) & model.model_fields_set, exclude_none=True)


def _blanks(model: type[BaseModel], *names: str) -> dict[str, Any]:
    return dict.fromkeys((_key(model, name) for name in names), _BLANK)


def _scaled(value: Decimal | None, scale: Decimal) -> Decimal | None:
    return None if value is None else value * scale


def _last_year(model: type[BaseModel], name: str, figure: Figure | None, scale: Decimal) -> dict[str, Any]:
    """This year's figure (万元) as next year's 上年 figure, in the file's own unit; nothing when there is none."""
    value = _scaled(figure.spent if figure else None, scale)
    return {} if value is None else {_key(model, name): value}


INDICATOR_KEPT = ("level1", "level2", "name", "nature", "target", "unit", "weight")
"""What a project's indicator carries into next year: all but its results."""


def _carry_project(project: Project) -> dict[str, Any]:
    """Name, table layout and indicators carry over; every figure and result is next year's to fill."""
    kept = _written(project, "name", "budget_unit", "merge_cells") | _blanks(Project, "initial", "spent")
    if project.goals is not None:
        kept[_key(Project, "goals")] = {_key(Goals, "expected"): project.goals.expected} | _blanks(Goals, "achieved")
    indicators = [_written(row, *INDICATOR_KEPT) | _blanks(Indicator, "actual") for row in project.indicators]
    if indicators:
        kept[_key(Project, "indicators")] = indicators
    return kept


CARRIED_TEXTS = ("settings", "organisation", "duties", "goals", "attachments")
"""The parts of this year's file that next year's takes over as they are."""


def _carry(checked: Checked, year: int) -> dict[str, Any]:
    """Next year's input from this year's validated input and derived figures."""
    report, figures = checked.report, checked.figures
    scale = YUAN_PER_WAN if report.settings.amount_unit == "元" else Decimal(1)
    inherited = {path[0] for path in checked.doc.files if len(path) == 1}  # left in the common file
    new: dict[str, Any] = _written(report, "rollup", "template", "unit") | {_key(Report, "year"): year}
    carried = [name for name in CARRIED_TEXTS if _key(Report, name) not in inherited]
    new |= _written(report, *carried)
    if report.staff is not None:
        new[_key(Report, "staff")] = _carry_staff(report.staff)
    new[_key(Report, "budget")] = (
        _blanks(Budget, "initial", "adjusted", "spent")
        | _last_year(Budget, "previous", figures.budget, scale)
        | _last_year(Budget, "previous_income", figures.income, scale)
    )
    for name, figure in (("basic", figures.basic), ("projects", figures.projects)):
        block = getattr(report, name)
        if block is None:
            continue
        carried_block = _blanks(BudgetBlock, "initial", "spent") | _last_year(BudgetBlock, "previous", figure, scale)
        if isinstance(block, ProjectSpending):
            carried_block |= _written(block, "key_projects_only")
            carried_block[_key(ProjectSpending, "projects")] = [
                _carry_project(p) for p in block.projects if not p.added_midyear
            ]
        new[_key(Report, name)] = carried_block
    if figures.three_public is not None:
        new[_key(Report, "three_public")] = _carry_three_public(figures.three_public, scale)
    if figures.running_costs is not None:
        new[_key(Report, "running_costs")] = _blanks(YearOnYear, "actual") | _last_year(
            YearOnYear, "previous", figures.running_costs, scale
        )
    if report.evaluation.indicators:
        rows = [
            _written(row, "level1", "level2", "name", "weight") | _blanks(DepartmentIndicator, "score")
            for row in report.evaluation.indicators
        ]
        new[_key(Report, "evaluation")] = _blanks(Evaluation, "score") | {_key(Evaluation, "indicators"): rows}
    if report.signature.unit:
        new[_key(Report, "signature")] = _written(report.signature, "unit") | _blanks(Signature, "date")
    return new


def _carry_staff(staff: Staff) -> dict[str, Any]:
    """Groups, 编制数 and the names of the breakdown carry over; the headcounts and the date are blank."""
    carried = _written(staff, *Staff.model_fields) | _blanks(Staff, "as_of")
    for name in Staff.model_fields:
        group = getattr(staff, name)
        if isinstance(group, StaffGroup):
            carried[_key(Staff, name)] |= _blanks(StaffGroup, "actual") | {
                _key(StaffGroup, part): dict.fromkeys(getattr(group, part), _BLANK)
                for part in ("breakdown", "of_which")
                if part in group.model_fields_set
            }
    return carried


def _carry_three_public(public: PublicFigures, scale: Decimal) -> dict[str, Any]:
    """Each item's 决算数 becomes its 上年决算数; the total only where an item has no 上年 of its own."""
    carried: dict[str, Any] = {}
    for name in ("abroad", "reception", "cars"):
        figure: Figure | None = getattr(public, name)
        if figure is None:
            continue
        item = _blanks(PublicItem, "budget", "actual") | _last_year(PublicItem, "previous", figure, scale)
        if name == "cars":
            for part in ("purchase", "upkeep"):
                part_figure: Figure | None = getattr(public, part)
                if part_figure is not None:
                    item[_key(CarItem, part)] = _blanks(PublicItem, "actual") | _last_year(
                        PublicItem, "previous", part_figure, scale
                    )
        carried[_key(ThreePublic, name)] = item
    total = public.total
    if total.spent is not None and any(f.previous is None for f in public.items()):
        carried[_key(ThreePublic, "total")] = {_key(PublicItem, "previous"): total.spent * scale}
    return carried


def rollover(path: Path, year: int) -> str:
    """Next year's input file from this year's: what carries over is kept, this year's figures
    become the new 上年 figures, and the new year's figures are left blank to fill.

    Everything is taken from the validated input, in the file's own unit (万元
    or 元).  A file that inherits keeps its 继承 line, and the texts it took
    from the common file are left there rather than copied in.
    """
    checked = prepare(path)
    base = load(path).data.get(INHERIT_KEY)  # the one line of the file that is not part of the input model
    new = ({INHERIT_KEY: base} if base is not None else {}) | _carry(checked, year)
    head = [
        MODELINE,
        comment_line(
            f"# {checked.report.unit} {year}年度 数据文件：由 {path.name}（{checked.report.year}年度）结转生成。"
        ),
        f"# 上年数据已填入“上年…”各项；{year}年度的数字和叙述请补充填写（留空的键）。",
        "",
    ]
    body = yaml.dump(new, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(head) + body
