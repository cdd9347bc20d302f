"""Where the shipped Word templates are."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.errors import fail
from reportgen.output.write import create_all

REPORT_TEMPLATE = "部门整体支出绩效自评报告.docx"
TABLE_TEMPLATES = {"四川": "项目支出绩效目标完成情况表", "财政部": "项目支出绩效自评表"}
"""The project table's name in each layout: its template is ``<name>.docx``, its output ``<年度>年度<name>.docx``."""


def template_dir() -> Path:
    """The templates folder: inside the installed package, or the repository's ``templates/``.

    A wheel carries the templates in ``reportgen/templates``; an editable
    install runs from ``src/`` and finds them at the top of the checkout.
    """
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent.parent / "templates"):
        if (candidate / REPORT_TEMPLATE).is_file():
            return candidate
    raise fail(f"找不到报告模板 {REPORT_TEMPLATE}：安装可能不完整，请重新安装 reportgen")


def export_templates(target: Path) -> list[Path]:
    """Copy the shipped Word templates into ``target`` for editing in Word or WPS; never overwrite, never
    write through a link at a template's path."""
    source = template_dir()
    names = [REPORT_TEMPLATE, *(f"{name}.docx" for name in TABLE_TEMPLATES.values())]
    existing = [target / name for name in names if os.path.lexists(target / name)]
    if existing:
        raise fail("文件已存在，不会覆盖；请换一个文件夹", str(existing[0]))
    copies = {target / name: (source / name).read_bytes() for name in names}
    create_all(copies)
    return list(copies)
