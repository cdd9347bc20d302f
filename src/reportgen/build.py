"""The library API: load → validate → derive → check → render → write.

``build`` is what ``reportgen build`` runs; it raises ``ReportgenError`` with
every diagnostic when the input has errors, and writes nothing in that case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .check import check
from .context import build_context
from .derive import derive
from .errors import Diagnostic, ReportgenError, Severity
from .figures import Figures
from .load import Document, load
from .narrative import environment, render_narratives
from .render import render_docx
from .resources import REPORT_TEMPLATE, template_dir
from .schema import Report
from .validate import validate
from .write import safe_name, write_atomic


@dataclass
class Checked:
    """A validated input with its derived figures and the findings that did not stop it."""

    doc: Document
    report: Report
    figures: Figures
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class BuildResult:
    checked: Checked
    outputs: list[Path]


def prepare(path: Path, strict: bool = False) -> Checked:
    """Load, validate, derive and check one input file.

    Raises ``ReportgenError`` carrying every finding when there is an error
    (or, with ``strict``, a warning).
    """
    doc = load(path)
    report = validate(doc)
    figures = derive(report)
    diagnostics = doc.notes + check(doc, report, figures)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(d.severity in failing for d in diagnostics):
        raise ReportgenError(diagnostics)
    return Checked(doc, report, figures, diagnostics)


def report_path(report: Report, output_root: Path) -> Path:
    """``<output>/<单位名称>/<年度>年度部门整体支出绩效自评报告.docx``."""
    return output_root / safe_name(report.unit) / f"{report.year}年度部门整体支出绩效自评报告.docx"


def build(path: Path, output_root: Path = Path("output"), strict: bool = False) -> BuildResult:
    """Build every document of one input file into ``output_root``."""
    checked = prepare(path, strict)
    verbs = checked.report.settings.change_verbs
    draft = build_context(checked.report, checked.figures)
    report = render_narratives(checked.report, draft, checked.doc, environment(verbs, autoescape=False))
    context = build_context(report, derive(report))
    content = render_docx(template_dir() / REPORT_TEMPLATE, context, environment(verbs, autoescape=True))
    target = report_path(checked.report, output_root)
    write_atomic(target, content)
    return BuildResult(checked, [target])
