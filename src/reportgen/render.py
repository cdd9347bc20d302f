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


def render_docx(template: Path, context: dict[str, Any], env: SandboxedEnvironment) -> bytes:
    """The filled document, as the bytes of a .docx file."""
    try:
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise fail(f"模板无法填充：{exc}", str(template)) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
