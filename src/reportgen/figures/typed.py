"""Which amounts the clerk typed, read from the validated model (not the raw YAML).

pydantic records the fields an input set (``model_fields_set``); a field
left blank is not among them.  The checking sheet calls these figures
“输入” and points at their line; every other figure is computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel

from reportgen.model.paths import key_of
from reportgen.read.document import PathKey


def typed_paths(model: BaseModel, path: PathKey = ()) -> Iterator[PathKey]:
    """The path of every number the input gives, at any depth."""
    for name in model.model_fields_set:
        value = getattr(model, name)
        where = path + (key_of(type(model), name),)
        if isinstance(value, BaseModel):
            yield from typed_paths(value, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from typed_paths(item, where + (index,))
        elif isinstance(value, dict):  # 数据: a number, or a measure with its own numbers
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from typed_paths(item, where + (key,))
                elif _is_number(item):
                    yield where + (key,)
        elif _is_number(value):
            yield where


def _is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)
