"""New input files: a commented skeleton of every field, or next year's file from this year's.

The skeleton is written from the schema itself, so every key, its meaning
and whether it is required stay in one place.  Lists are shown as commented
examples, so an untouched skeleton reads as “not filled in”, never as a
half-filled item.
"""

from __future__ import annotations

import json
import typing
import unicodedata
from typing import Any

import yaml
from pydantic import BaseModel

from reportgen.errors import fail
from reportgen.model.fields import unwrap
from reportgen.model.jsonschema import SCHEMA_FILE
from reportgen.model.schema import Report

MODELINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"

_LINE_BREAKS = "\n\r\x85\u2028\u2029"
"""What ends a line, and so a comment, in YAML 1.1."""


def unprintable(char: str) -> bool:
    """A character a YAML file cannot carry as it is (outside an escape), or one that ends a comment."""
    return char in _LINE_BREAKS or bool(yaml.reader.Reader.NON_PRINTABLE.match(char))


def comment_line(text: str) -> str:
    """``text`` fit for a ``#`` comment line: nothing in it can end the line or make the file unreadable."""
    return "".join("\ufffd" if unprintable(c) else c for c in text)


def _check_unit(unit: str) -> None:
    """A new file's unit name is one line of visible text: a line break, control or invisible character is a slip."""
    for number, char in enumerate(unit, start=1):
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") or unprintable(char):
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
