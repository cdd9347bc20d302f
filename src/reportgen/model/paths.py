"""Field paths computed from the schema, so code names a field by attribute and never spells its Chinese key.

``path_of("budget", "spent")`` is ``("预算", "执行数")``: the path a message
names and a line is looked up by.  An attribute the schema does not have is
an error at once (``UnknownField``), not a path that quietly reports its
parent's line.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from reportgen.model.fields import unwrap
from reportgen.model.schema import Report
from reportgen.read.document import PathKey


class UnknownField(AttributeError):
    """A path names an attribute the schema does not have (a bug in reportgen, never the clerk's input)."""


def key_of(model: type[BaseModel], name: str) -> str:
    """The YAML key of one field of ``model``."""
    try:
        field = model.model_fields[name]
    except KeyError:
        raise UnknownField(f"{model.__name__} has no field {name!r}") from None
    return field.alias or name


def path_of(*names: str | int, root: type[BaseModel] = Report) -> PathKey:
    """The YAML path of the field reached from ``root`` by attribute ``names`` (list indices pass through)."""
    return _path(names, root)


@cache
def _path(names: tuple[str | int, ...], root: type[BaseModel]) -> PathKey:
    path: list[str | int] = []
    model: type[BaseModel] | None = root
    for name in names:
        if isinstance(name, int):
            path.append(name)
            continue
        if model is None:
            raise UnknownField(f"{'.'.join(map(str, names))}: {name!r} is inside a value, not a block")
        path.append(key_of(model, name))
        model = block_of(model, name)
    return tuple(path)


def block_of(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model a field holds (itself, or as the items of a list), or None for a plain value."""
    inner: Any = unwrap(model.model_fields[name].annotation)
    if get_origin(inner) is list:
        inner = unwrap(get_args(inner)[0])
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def resolves(path: PathKey, root: type[BaseModel] = Report) -> bool:
    """Whether the YAML ``path`` names a field of the schema (a key of a free mapping such as 资金来源 counts)."""
    model: type[BaseModel] | None = root
    free = False  # inside a mapping whose keys the clerk chooses
    for key in path:
        if isinstance(key, int) or free:
            free = False
            continue
        if model is None:
            return False
        name = next((n for n, f in model.model_fields.items() if (f.alias or n) == key), None)
        if name is None:
            return False
        inner: Any = unwrap(model.model_fields[name].annotation)
        free = get_origin(inner) is dict
        model = block_of(model, name)
    return True
