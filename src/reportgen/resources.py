"""Where the shipped Word templates are."""

from __future__ import annotations

from pathlib import Path

from .errors import fail

REPORT_TEMPLATE = "部门整体支出绩效自评报告.docx"
TABLE_TEMPLATES = {"四川": "项目支出绩效目标完成情况表", "财政部": "项目支出绩效自评表"}
"""The project table's name in each layout: its template is ``<name>.docx``, its output ``<年度>年度<name>.docx``."""


def template_dir() -> Path:
    """The templates folder: inside the installed package, or the repository's ``templates/``.

    A wheel carries the templates in ``reportgen/templates``; an editable
    install runs from ``src/`` and finds them at the top of the checkout.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if (candidate / REPORT_TEMPLATE).is_file():
            return candidate
    raise fail(f"找不到报告模板 {REPORT_TEMPLATE}：安装可能不完整，请重新安装 reportgen")
