"""The library API: load → validate → (roll up) → derive → check → fill narratives → render → write.

``build`` is what ``reportgen build`` runs; it raises ``ReportgenError`` with
every diagnostic when the input has errors, and writes nothing in that case.
Each stage runs once per build, in that order: derived figures are computed
once, and the clerk's texts are filled in once, just before rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.documents.checklist import checklist_xlsx
from reportgen.documents.context import build_context
from reportgen.documents.narrative import environment, render_narratives
from reportgen.documents.package import Properties
from reportgen.documents.render import render_docx
from reportgen.documents.resources import TABLE_TEMPLATES, template_dir
from reportgen.documents.tables import tables_context
from reportgen.documents.trace import Printed, traced_figures, tracing
from reportgen.errors import Collector, Diagnostic, ReportgenError, Severity, fail
from reportgen.figures.check import check
from reportgen.figures.derive import derive
from reportgen.figures.model import Figures
from reportgen.model.schema import Report
from reportgen.outline.generate import report_template as generated_template
from reportgen.outline.model import Outline, chosen, shipped
from reportgen.output.fonts import substitutions
from reportgen.output.pdf import PdfError, to_pdf
from reportgen.output.write import folder_note, safe_name, write_all
from reportgen.pipeline.guard import Place, shared_worker
from reportgen.pipeline.options import DEFAULT_OPTIONS, Options
from reportgen.pipeline.rollup import Sums, roll_up
from reportgen.read.document import Document, PathKey
from reportgen.read.inherit import load_unit
from reportgen.read.validate import validate

TEMPLATE_KEY = "模板"
UNIT_KEY = ("单位名称",)


@dataclass
class Checked:
    """A validated input with its derived figures and the findings that did not stop it."""

    doc: Document
    report: Report
    figures: Figures
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rolled_up: frozenset[PathKey] = frozenset()
    """The totals a parent unit took from its sub-units."""
    outline: Outline = field(default_factory=shipped)
    """The outline the report follows (``设置.提纲``)."""


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    """The findings that did not stop the build (warnings, notes)."""
    outputs: list[Path]


def sources(doc: Document) -> list[str]:
    """The files an input was read from: its own, then the ones it inherits."""
    return [doc.file, *doc.files.values()]


def prepare(path: Path, strict: bool = False, sums: Sums | None = None) -> Checked:
    """Load, validate, derive and check one input file (``sums``: a parent unit's roll-up).

    Raises ``ReportgenError`` carrying every finding when there is an error
    (or, with ``strict``, a warning).
    """
    return prepare_document(load_unit(path, keep_going=True), strict, sums)


def prepare_document(doc: Document, strict: bool = False, sums: Sums | None = None) -> Checked:
    """Validate, (roll up,) derive and check a loaded input.

    Everything wrong is reported in one run, as far as the file can be read:
    values the loader could not read, field errors, and the checks of the
    sections that are not in error.
    """
    found = Collector(sources(doc))
    found.extend(doc.notes)  # what loading noticed (an encoding, text cut by “#”) is said alongside
    errors = list(doc.errors)
    try:
        report = validate(doc)
    except ReportgenError as exc:  # a value the loader refused is not reported again as missing or mistyped
        errors += [d for d in exc.diagnostics if not any(_within(d.path, e.path) for e in doc.errors)]
    if errors:
        found.extend(errors + _checks_of_the_rest(doc, errors))
        raise found.error()
    rolled_up: frozenset[PathKey] = frozenset()
    if sums is not None:
        report, differences, rolled_up = roll_up(report, doc, sums)
        found.extend(differences)
    try:
        outline = chosen(report, doc)
    except ReportgenError as exc:
        found.extend(exc.diagnostics)
        raise found.error() from None
    figures = derive(report)
    found.extend(check(doc, report, figures, outline))
    if found.failing(strict):
        raise found.error()
    return Checked(doc, report, figures, found.in_order(), rolled_up, outline)


def _within(path: str, ancestor: str) -> bool:
    """Whether the field path ``path`` is ``ancestor`` or lies under it."""
    return path == ancestor or path.startswith((f"{ancestor}.", f"{ancestor}["))


def _checks_of_the_rest(doc: Document, errors: list[Diagnostic]) -> list[Diagnostic]:
    """The checks of the parts of a file that are not in error, so one run reports as much as can be read.

    The top-level sections with a field error are set aside; if the rest
    validates, its checks (a wrong total, say) are reported too, except those
    about the sections set aside.
    """

    def section(path: str) -> str | None:
        return next((key for key in doc.data if _within(path, key)), None)

    broken = {section(d.path) for d in errors}
    if None in broken:
        return []  # an error of the whole file: nothing to set aside
    rest = Document(doc.file, {k: v for k, v in doc.data.items() if k not in broken}, doc.lines, [], doc.files)
    try:
        report = validate(rest)
        outline = chosen(report, rest)  # the file's own outline, so the sections are cited as it numbers them
    except ReportgenError:
        return []  # a required section, or the outline, was among the broken ones
    findings = check(rest, report, derive(report), outline)
    return [d for d in findings if d.severity is not Severity.NOTE and section(d.path) not in broken]


def check_file(path: Path, options: Options = DEFAULT_OPTIONS) -> list[Diagnostic]:
    """Everything ``build`` checks, placeholders and templates included, without writing a document: the findings.

    The work runs in a watched worker process (see ``guard``), so a hostile
    placeholder is stopped at the file's time and memory budget.
    """
    where = Place(str(path), what="读取和核对数据")
    return shared_worker(options.limits).call(where, _rendered_file, path, options).diagnostics


def fill_narratives(checked: Checked, figures: Figures) -> Report:
    """The validated input with the placeholders in its texts filled in; every failure at once."""
    verbs = checked.report.settings.change_verbs
    draft = build_context(checked.report, figures, checked.outline)
    try:
        return render_narratives(checked.report, draft, checked.doc, environment(verbs, autoescape=False))
    except ReportgenError as exc:  # report the checks' findings alongside, as for any other error
        found = Collector(sources(checked.doc))
        found.extend(checked.diagnostics + exc.diagnostics)
        raise found.error() from None


def report_path(report: Report, folder: Path, outline: Outline) -> Path:
    """``<单位文件夹>/<年度>年度<报告名称>.docx`` (by default …部门整体支出绩效自评报告.docx)."""
    return folder / f"{report.year}年度{outline.report_name}.docx"


def tables_path(report: Report, folder: Path) -> Path:
    """``<单位文件夹>/<年度>年度项目支出绩效目标完成情况表.docx`` (or …项目支出绩效自评表 in the MoF layout)."""
    name = TABLE_TEMPLATES[report.settings.table_layout]
    return folder / f"{report.year}年度{name}.docx"


def checklist_path(report: Report, folder: Path) -> Path:
    """``<单位文件夹>/<年度>年度数据核对表.xlsx``."""
    return folder / f"{report.year}年度数据核对表.xlsx"


def report_template(checked: Checked, override: Path | None) -> Path | bytes:
    """The report's template: ``--template``, else the file's ``模板`` (relative to the file), else the one
    generated from the outline."""
    if override is not None:
        chosen = override
    elif checked.report.template:
        chosen = Path(checked.doc.file).parent / checked.report.template
        if not chosen.is_file():
            file, line = checked.doc.locate((TEMPLATE_KEY,))
            raise fail(f"找不到“模板”指定的文件：{chosen}", file, line, TEMPLATE_KEY)
    else:
        return generated_template(checked.outline)
    if not chosen.is_file():
        raise fail("找不到指定的模板文件", str(chosen))
    return chosen


def render(checked: Checked, options: Options, folder_name: str | None = None) -> dict[Path, bytes]:
    """Every document of a checked input, rendered in memory and keyed by where it goes.

    ``folder_name`` replaces the unit's name as its folder (a batch gives two
    units of one name two folders); a folder name that differs from the unit's
    name is noted in the checked input's findings.
    """
    folder = options.output_root / (folder_name or safe_name(checked.report.unit))
    report = checked.report
    if options.checklist:
        printed, documents = printed_figures(checked, options, folder)
        documents[checklist_path(report, folder)] = checklist_xlsx(printed)
    else:
        documents = _documents(checked, checked.figures, options, folder)
    note = folder_note(report.unit, folder.name)
    if note:
        found = Collector(sources(checked.doc))
        found.extend(
            [*checked.diagnostics, Diagnostic(Severity.NOTE, note, *checked.doc.locate(UNIT_KEY), UNIT_KEY[0])]
        )
        checked.diagnostics = found.in_order()
    return documents


def _documents(checked: Checked, figures: Figures, options: Options, folder: Path) -> dict[Path, bytes]:
    """The report and the project tables, rendered from ``figures`` (plain, or traced for the checking sheet)."""
    report = fill_narratives(checked, figures)
    env = environment(report.settings.change_verbs, autoescape=True)
    context = build_context(report, figures, checked.outline)
    about = Properties(context["标题"].replace("\n", ""), report.unit)
    path = report_path(report, folder, checked.outline)
    documents = {path: render_docx(report_template(checked, options.template), context, env, about, "报告")}
    tables = tables_context(report, figures.project_items)
    if tables["项目表"]:
        name = TABLE_TEMPLATES[report.settings.table_layout]
        about = Properties(f"{report.unit}{report.year}年度{name}", report.unit)
        documents[tables_path(report, folder)] = render_docx(template_dir() / f"{name}.docx", tables, env, about, "项目表")
    return documents


def printed_figures(
    checked: Checked, options: Options = DEFAULT_OPTIONS, folder: Path = Path()
) -> tuple[list[Printed], dict[Path, bytes]]:
    """Every figure the documents print, found by rendering them with traced figures; and the documents."""
    with tracing(checked) as tracer:
        documents = _documents(checked, traced_figures(checked, tracer.origins), options, folder)
    return tracer.printed(), documents


@dataclass
class Rendered:
    """Every document of one input, rendered in a worker and keyed by where it goes."""

    checked: Checked
    documents: dict[Path, bytes]


def render_file(path: Path, options: Options, folder_name: str | None = None, sums: Sums | None = None) -> Rendered:
    """Load, check and render one input file, writing nothing: what a worker process runs."""
    checked = prepare(path, options.strict, sums)
    return Rendered(checked, render(checked, options, folder_name))


@dataclass
class Finished:
    """What a worker sends back from one file: only what the parent needs (the input stays in the worker)."""

    diagnostics: list[Diagnostic]
    documents: dict[Path, bytes]


def _rendered_file(path: Path, options: Options) -> Finished:
    rendered = render_file(path, options)
    return Finished(rendered.checked.diagnostics, rendered.documents)


def build(path: Path, options: Options = DEFAULT_OPTIONS) -> BuildResult:
    """Build every document of one input file into ``<output_root>/<单位名称>/``.

    Reading, checking and rendering run in a watched worker process (see
    ``guard``); the documents are written here, all of them or none; then,
    with ``options.pdf``, their PDF copies (a ``PdfError`` says the Word
    documents were written but not their copies), with a note for each face
    drawn in a face of another kind.
    """
    where = Place(str(path), what="读取和核对数据")
    finished = shared_worker(options.limits).call(where, _rendered_file, path, options)
    write_all(finished.documents)
    outputs = list(finished.documents)
    diagnostics = finished.diagnostics
    if options.pdf:
        try:
            outputs += to_pdf([p for p in outputs if p.suffix == ".docx"])
        except PdfError as exc:
            raise PdfError(diagnostics + exc.diagnostics, outputs) from None
        diagnostics = diagnostics + substitutions()
    return BuildResult(diagnostics, outputs)
