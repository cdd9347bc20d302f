"""New input files: a commented skeleton of every field, or next year's file from this year's.

The skeleton is written from the schema itself, so every key, its meaning
and whether it is required stay in one place.  Lists are shown as commented
examples, so an untouched skeleton reads as “not filled in”, never as a
half-filled item.
"""

from __future__ import annotations

import copy
import json
import typing
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.errors import fail
from reportgen.figures.model import Figure, Figures
from reportgen.model.fields import unwrap
from reportgen.model.jsonschema import SCHEMA_FILE
from reportgen.model.schema import Report
from reportgen.money import YUAN_PER_WAN
from reportgen.pipeline.build import prepare
from reportgen.read.inherit import INHERIT_KEY
from reportgen.read.load import load

MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"

_LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""What ends a line, and so a comment, in YAML 1.1."""


def _unprintable(char: str) -> bool:
    """A character a YAML file cannot carry as it is (outside an escape), or one that ends a comment."""
    return char in _LINE_BREAKS or bool(yaml.reader.Reader.NON_PRINTABLE.match(char))


def _comment(text: str) -> str:
    """``text`` fit for a ``#`` comment line: nothing in it can end the line or make the file unreadable."""
    return "".join("\ufffd" if _unprintable(c) else c for c in text)


def _check_unit(unit: str) -> None:
    """A new file's unit name is one line of visible text: a line break, control or invisible character is a slip."""
    for number, char in enumerate(unit, start=1):
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") or _unprintable(char):
            raise fail(
                f"单位名称应为一行看得见的文字，实际第{number}个字符是换行、控制字符或看不见的字符（#x{ord(char):04x}）"
            )


def _model(annotation: Any) -> type[BaseModel] | None:
    inner = unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _describe(field: Any) -> str:
    need = "必填" if field.is_required() else "可选"
    return f"{(field.description or '').strip()}（{need}）"


def _fields(model: type[BaseModel], indent: str, values: dict[str, Any]) -> list[str]:
    """Every field of ``model``: its explanation as a comment, then the key (blank unless given)."""
    lines: list[str] = []
    for field in model.model_fields.values():
        key = field.alias or ""
        lines.append(f"{indent}# {key}：{_describe(field)}")
        inner = unwrap(field.annotation)
        nested = _model(inner)
        item = _model(typing.get_args(inner)[0]) if typing.get_origin(inner) is list else None
        if nested is not None:
            lines.append(f"{indent}{key}:")
            lines += _fields(nested, indent + "  ", {})
        elif item is not None:
            lines.append(f"{indent}{key}:")
            lines += _example(item, indent + "  ", "- ")
        else:
            value = values.get(key)
            shown = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, str) else ("" if value is None else value)
            )
            lines.append(f"{indent}{key}: {shown}".rstrip())
    return lines


def _example(model: type[BaseModel], indent: str, first: str, depth: int = 0) -> list[str]:
    """A commented example item of a list: “# - 键:  # 说明”, nested keys indented inside the comment."""
    lines: list[str] = []
    for number, field in enumerate(model.model_fields.values()):
        key = field.alias or ""
        lead = " " * depth + (first if number == 0 else " " * len(first))
        inner = unwrap(field.annotation)
        nested = _model(inner)
        item = _model(typing.get_args(inner)[0]) if typing.get_origin(inner) is list else None
        lines.append(f"{indent}# {lead}{key}:    # {_describe(field)}")
        if nested is not None:
            lines += _example(nested, indent, "", depth + len(first) + 2)
        elif item is not None:
            lines += _example(item, indent, "- ", depth + len(first) + 2)
    return lines


def skeleton(unit: str, year: int) -> str:
    """A YAML file with every field, each explained, for ``reportgen init``."""
    _check_unit(unit)
    head = [
        MODELINE,
        f"# {unit} {year}年度 部门整体支出绩效自评报告 数据文件（由 reportgen init 生成）",
        "# 每个键后面写英文冒号和一个空格，再写内容；金额单位为万元；不填的键留空即可。",
        "# 以“# - ”开头的是列表的填写样例：去掉行首的“# ”再填写。详见 README。",
        "",
    ]
    return "\n".join(head + _fields(Report, "", {"单位名称": unit, "年度": year})) + "\n"


# --- next year's file from this year's -------------------------------------------------

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
    style = '"' if any(_unprintable(c) for c in value.replace("\n", "")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _blank(mapping: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if key in mapping:
            mapping[key] = _BLANK


def _previous(mapping: dict[str, Any], key: str, figure: Figure | None, scale: Decimal) -> None:
    """Last year's figure (万元) in the file's own unit."""
    value = figure.spent if figure is not None else None
    if value is not None:
        mapping[key] = value * scale


def _blank_values(mapping: Any) -> None:
    if isinstance(mapping, dict):
        for key in mapping:
            mapping[key] = _BLANK


def _carry_project(project: dict[str, Any]) -> dict[str, Any]:
    """Name, table layout and indicators carry over; every figure and result is next year's to fill."""
    kept: dict[str, Any] = {key: project[key] for key in ("名称", "预算单位", "合并指标单元格") if key in project}
    kept["年初预算数"] = _BLANK
    kept["执行数"] = _BLANK
    if isinstance(project.get("年度目标"), dict):
        kept["年度目标"] = {"预期": project["年度目标"].get("预期"), "实际": _BLANK}
    indicators = []
    for row in project.get("绩效指标") or []:
        if isinstance(row, dict):
            carried = {
                k: v
                for k, v in row.items()
                if k in ("一级指标", "二级指标", "三级指标", "指标性质", "预期指标值", "度量单位", "分值")
            }
            carried["实际完成值"] = _BLANK
            indicators.append(carried)
    if indicators:
        kept["绩效指标"] = indicators
    return kept


CARRIED_TEXTS = ("设置", "机构设置", "职能职责", "绩效目标", "附件", "落款")


def _carry(data: dict[str, Any], figures: Figures, year: int, scale: Decimal) -> dict[str, Any]:
    new: dict[str, Any] = {"单位名称": data["单位名称"], "年度": year}
    for key in ("设置", "机构设置", "职能职责", "绩效目标", "附件"):
        if key in data:
            new[key] = copy.deepcopy(data[key])
    if isinstance(data.get("人员编制"), dict):
        staff = copy.deepcopy(data["人员编制"])
        _blank(staff, "截至日期")
        for group in staff.values():
            if isinstance(group, dict):
                _blank(group, "实有人数")
                for part in ("构成", "其中"):
                    _blank_values(group.get(part))
        new["人员编制"] = staff
    budget = {"年初预算数": _BLANK, "全年预算数": _BLANK, "执行数": _BLANK}
    _previous(budget, "上年执行数", figures.budget, scale)
    _previous(budget, "上年收入数", figures.income, scale)
    new["预算"] = budget
    for key, figure in (("基本支出", figures.basic), ("项目支出", figures.projects)):
        block = data.get(key)
        if not isinstance(block, dict):
            continue
        carried: dict[str, Any] = {"年初预算数": _BLANK, "执行数": _BLANK}
        _previous(carried, "上年执行数", figure, scale)
        if key == "项目支出":
            if "仅列重点项目" in block:
                carried["仅列重点项目"] = block["仅列重点项目"]
            carried["项目"] = [
                _carry_project(p) for p in block.get("项目") or [] if isinstance(p, dict) and not p.get("年中追加")
            ]
        new[key] = carried
    if figures.three_public:
        public: dict[str, Any] = {}
        for key, figure in figures.three_public.items():
            if key == "合计":
                continue
            item: dict[str, Any] = {"预算数": _BLANK, "决算数": _BLANK}
            _previous(item, "上年决算数", figure, scale)
            if key == "公务用车费":
                for part, part_figure in figures.car_parts.items():
                    line: dict[str, Any] = {"决算数": _BLANK}
                    _previous(line, "上年决算数", part_figure, scale)
                    item[part] = line
            public[key] = item
        total = figures.three_public["合计"]
        if total.spent is not None and any(f.previous is None for k, f in figures.three_public.items() if k != "合计"):
            public["合计"] = {"上年决算数": total.spent * scale}
        new["三公经费"] = public
    if figures.running_costs is not None:
        costs: dict[str, Any] = {"决算数": _BLANK}
        _previous(costs, "上年决算数", figures.running_costs, scale)
        new["机关运行经费"] = costs
    if isinstance(data.get("绩效自评"), dict) and data["绩效自评"].get("指标"):
        rows = [
            {k: v for k, v in row.items() if k in ("一级指标", "二级指标", "三级指标", "分值")} | {"得分": _BLANK}
            for row in data["绩效自评"]["指标"]
            if isinstance(row, dict)
        ]
        new["绩效自评"] = {"自评得分": _BLANK, "指标": rows}
    signature = data.get("落款")
    if isinstance(signature, dict) and signature.get("单位"):
        new["落款"] = {"单位": signature["单位"], "日期": _BLANK}
    return new


def rollover(path: Path, year: int) -> str:
    """Next year's input file from this year's: what carries over is kept, this year's figures
    become the new 上年 figures, and the new year's figures are left blank to fill.

    Figures are written in the file's own unit (万元 or 元).  A file that
    inherits keeps its 继承 line, and the texts it took from the common file
    are left there rather than copied in.
    """
    checked = prepare(path)
    own = load(path).data
    in_yuan = checked.report.settings.amount_unit == "元"
    carried = _carry(checked.doc.data, checked.figures, year, YUAN_PER_WAN if in_yuan else Decimal(1))
    new: dict[str, Any] = {key: own[key] for key in ("继承", "汇总下级", "模板") if key in own}
    for key, value in carried.items():
        if key in CARRIED_TEXTS and INHERIT_KEY in own and key not in own:
            continue
        new[key] = value
    head = [
        MODELINE,
        _comment(f"# {new['单位名称']} {year}年度 数据文件：由 {path.name}（{checked.report.year}年度）结转生成。"),
        f"# 上年数据已填入“上年…”各项；{year}年度的数字和叙述请补充填写（留空的键）。",
        "",
    ]
    body = yaml.dump(new, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "\n".join(head) + body
