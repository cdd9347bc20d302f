"""Stage 5: fill the Word template with docxtpl.

Every value is XML-escaped (``autoescape``), so ``&``, ``<`` and ``>`` in the
clerk's text stay text.  Rendering happens in memory; nothing touches the
output folder here.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import fail
from .limits import RenderTimeout, time_limit

TEMPLATE_SECONDS = 120
"""A report renders in well under a second; two minutes means a runaway template loop."""


def render_docx(template: Path, context: dict[str, Any], env: SandboxedEnvironment) -> bytes:
    """The filled document, as the bytes of a .docx file."""
    try:
        document = DocxTemplate(str(template))
        with time_limit(TEMPLATE_SECONDS):
            document.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise fail(f"模板无法填充：{exc}", str(template)) from None
    except RenderTimeout:
        raise fail(
            f"模板填充超过{TEMPLATE_SECONDS}秒仍未完成（模板中可能有过大的循环），已停止", str(template)
        ) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
