"""Stage 5: fill the Word template with docxtpl.

Every value is XML-escaped (``autoescape``), so ``&``, ``<`` and ``>`` in the
clerk's text stay text.  Rendering happens in memory; nothing touches the
output folder here.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from docx.opc.part import XmlPart
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from reportgen.documents.finish import shade_gaps, sign
from reportgen.documents.narrative import MISSING_NAME, PLACEHOLDER_HELP, describe_failure
from reportgen.documents.package import Properties, set_properties
from reportgen.documents.trace import active, collect
from reportgen.errors import fail
from reportgen.pipeline.guard import Place, working_on

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
"""A Word template unpacks to a few megabytes at most; more is a zip bomb."""

MAX_PART_BYTES = 8 * 1024 * 1024
"""One XML part of a real template (the body, a header) is well under a megabyte; docxtpl's clean-up of
Word's XML takes time that grows faster than its size, so a huge part is refused before it starts."""

_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def check_template(template: Path) -> None:
    """Refuse a template that is not a Word file, unpacks to too much, or declares XML entities.

    Templates travel between offices: one must not make the tool read other
    files (XXE) or fill the memory (a zip bomb) before docxtpl ever opens it.
    """
    name = str(template)
    if not zipfile.is_zipfile(template):
        raise fail("模板不是有效的 Word（.docx）文件", name)
    try:
        with zipfile.ZipFile(template) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_TEMPLATE_BYTES:
                raise fail("模板解压后过大（超过50MB），可能是恶意文件，已拒绝", name)
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and member.file_size > MAX_PART_BYTES:
                    raise fail(f"模板的 {member.filename} 解压后超过8MB，不像是正常的 Word 文档，已拒绝", name)
            names = archive.namelist()
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise fail("模板中缺少正文或内容清单，不是有效的 Word（.docx）文件", name)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    content = archive.read(member)
                    if any(marker in content for marker in _DECLARATIONS):
                        raise fail(f"模板的 {member.filename} 中含有 XML 实体声明，可能用于读取其他文件，已拒绝", name)
    except (zipfile.BadZipFile, zlib.error, OSError):
        raise fail("模板文件已损坏，无法读取", name) from None


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, cleaning each distinct XML part once per process.

    ``patch_xml`` (docxtpl's clean-up of the Word XML before jinja sees it) is
    pure and the same for every unit of a batch; it is most of what remains
    of docxtpl's time once compiled templates are reused.
    """

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)


@functools.lru_cache(maxsize=64)
def _patched(src_xml: str) -> str:
    return str(DocxTemplate.patch_xml(None, src_xml))


@functools.lru_cache(maxsize=16)
def _checked(path: str, modified: int, size: int) -> None:
    """``check_template`` once per version of a template file (a batch reuses the same few)."""
    check_template(Path(path))


def render_docx(
    template: Path | bytes,
    context: dict[str, Any],
    env: SandboxedEnvironment,
    properties: Properties,
    label: str = "",
) -> bytes:
    """The filled document, as the bytes of a .docx file (``template``: a file, or a generated template's bytes).

    When figures are traced for the checking sheet, where each stands is noted (``label`` names the
    document, as 报告) and the marks are removed.  Title, author and dates are the document's own,
    whatever the template said.
    """
    if isinstance(template, bytes):
        name, document = "生成的报告模板", _Template(io.BytesIO(template))
    else:
        name = str(template)
        try:
            status = template.stat()
        except OSError:
            raise fail("找不到模板文件", name) from None
        _checked(name, status.st_mtime_ns, status.st_size)
        document = _Template(name)
    try:
        document.init_docx()
    except Exception:  # noqa: BLE001 - python-docx fails in many ways on a package it cannot read
        raise fail("模板不是可用的 Word 文档（.docx）：请在 Word/WPS 中“另存为”.docx 后再用", name) from None
    working_on(Place(name, what=f"填充模板“{Path(name).name}”"))
    try:
        document.render(context, jinja_env=env, autoescape=True)
    except UndefinedError as exc:
        match = MISSING_NAME.search(str(exc))
        missing = next((g for g in match.groups() if g), str(exc)) if match else str(exc)
        raise fail(f"模板中的占位符引用了不存在的名称“{missing}”；{PLACEHOLDER_HELP}", name) from None
    except TemplateSyntaxError as exc:
        nearby = "".join(getattr(exc, "docx_context", []) or []).strip()[:60]
        where = f"（“{nearby}”附近）" if nearby else ""
        raise fail(
            f"模板中的占位符写法有误{where}：{exc.message}。常见原因是 Word 把“{{{{ … }}}}”拆成了几段格式不同的文字，"
            "请在 Word 中删除该占位符后一次性重新输入",
            name,
        ) from None
    except etree.XMLSyntaxError:
        raise fail("模板的内容在填充后不是有效的 Word 文档，请检查占位符是否打断了表格或段落", name) from None
    except Exception as exc:  # noqa: BLE001 - whatever someone else's template does wrong is the template's problem
        raise fail(f"模板中的占位符无法填充：{describe_failure(exc, '')}", name) from None
    tracer = active()
    if tracer is not None:
        main = document.docx.part
        collect(main.element.body, tracer, label)
        for part in main.package.iter_parts():  # headers, footers (first page too), footnotes: no section to name
            if part is not main and isinstance(part, XmlPart):
                collect(part.element, tracer, label)
    body = document.docx.element.body
    sign(body)
    shade_gaps(body)
    set_properties(document.docx, properties)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
