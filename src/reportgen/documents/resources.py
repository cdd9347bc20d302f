"""Where the shipped Word templates are."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.errors import fail
from reportgen.output.write import create_all

TABLE_TEMPLATES = {"四川": "项目支出绩效目标完成情况表", "财政部": "项目支出绩效自评表"}
"""The project table's name in each layout: its template is ``<name>.docx``, its output ``<年度>年度<name>.docx``."""


def template_dir() -> Path:
    """The templates folder: inside the installed package, or the repository's ``templates/``.

    A wheel carries the templates in ``reportgen/templates``; an editable
    install runs from ``src/`` and finds them at the top of the checkout.
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent.parent / "templates"):
        if all((candidate / f"{name}.docx").is_file() for name in TABLE_TEMPLATES.values()):
            return candidate
    raise fail("找不到项目表模板：安装可能不完整，请重新安装 reportgen")


def export_templates(target: Path, report_name: str, report_template: bytes) -> list[Path]:
    """Write the report's template (generated from an outline) and the project tables' into ``target`` for
    editing in Word or WPS; never overwrite, never write through a link at a template's path."""
    source = template_dir()
    tables = [f"{name}.docx" for name in TABLE_TEMPLATES.values()]
    names = [f"{report_name}.docx", *tables]
    existing = [target / name for name in names if os.path.lexists(target / name)]
    if existing:
        raise fail("文件已存在，不会覆盖；请换一个文件夹", str(existing[0]))
    copies = {target / names[0]: report_template, **{target / name: (source / name).read_bytes() for name in tables}}
    create_all(copies)
    return list(copies)
