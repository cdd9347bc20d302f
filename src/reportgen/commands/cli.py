"""The command line: a thin shell over ``reportgen.pipeline.build``; the only place that prints or exits."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reportgen.commands import clitext
from reportgen.commands.rollover import rollover
from reportgen.commands.skeleton import skeleton
from reportgen.documents.resources import export_templates
from reportgen.documents.summary import summary_xlsx
from reportgen.errors import Diagnostic, ReportgenError, Severity, fail
from reportgen.model.jsonschema import SCHEMA_FILE, schema_text
from reportgen.model.schema import MAX_YEAR, MIN_YEAR
from reportgen.outline.blocks import BLOCKS
from reportgen.outline.generate import report_template
from reportgen.outline.model import DEFAULT, SHIPPED, Section, headings, outline_named, shipped
from reportgen.output.pdf import PdfError
from reportgen.output.write import write_atomic
from reportgen.pipeline.batch import run_batch
from reportgen.pipeline.build import build as build_report
from reportgen.pipeline.build import check_file
from reportgen.pipeline.guard import WorkerBug
from reportgen.pipeline.options import Options
from reportgen.pipeline.plan import plan
from reportgen.pipeline.result import UnitResult

app = typer.Typer(
    help="部门整体支出绩效自评报告生成工具：由 YAML 数据文件生成 Word 报告。",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_BUG = 1
EXIT_INPUT = 2
EXIT_PDF = 3
"""The Word documents were written but their PDF copies were not."""
EXIT_INTERRUPTED = 130


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context) -> None:
    """部门整体支出绩效自评报告生成工具。"""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _print(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        typer.echo(str(diagnostic), err=diagnostic.severity is Severity.ERROR)


def _summary(diagnostics: list[Diagnostic]) -> str:
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    return "，".join(f"{s.value}{n}条" for s, n in counts.items() if n)


@contextmanager
def _refused(code: int = EXIT_INPUT, footer: str | None = None) -> Iterator[None]:
    """Print a ReportgenError's diagnostics (and ``footer``, with the summary filled in) and exit with ``code``."""
    try:
        yield
    except PdfError:
        raise
    except ReportgenError as exc:
        _print(exc.diagnostics)
        if footer:
            typer.echo(footer.format(summary=_summary(exc.diagnostics)), err=True)
        raise typer.Exit(code) from None


OutputOption = Annotated[Path, typer.Option("-o", "--output", help="输出文件夹；报告写在其下的“单位名称”文件夹中")]
StrictOption = Annotated[bool, typer.Option("--strict", help="严格模式：有警告也视为失败，不生成文件")]
PdfOption = Annotated[bool, typer.Option("--pdf", help="同时用 LibreOffice 生成 PDF（需已安装 LibreOffice）")]
TemplateOption = Annotated[
    Path | None, typer.Option("--template", "--模板", help="用自定义的报告模板（.docx）代替默认模板")
]


@app.command("build", help="读取一个单位的 YAML 文件，核对数据并生成自评报告（.docx）。")
def build_command(
    file: Annotated[
        Path,
        typer.Argument(help="单位的 YAML 数据文件，如 data/通道/2024.yaml", show_default=False, metavar="YAML文件"),
    ],
    output: OutputOption = Path("output"),
    strict: StrictOption = False,
    pdf: PdfOption = False,
    template: TemplateOption = None,
    checklist: Annotated[
        bool,
        typer.Option("--核对表", "--checklist", help="同时生成数据核对表（.xlsx）：每个数字的出现位置、显示值和来源"),
    ] = False,
) -> None:
    options = Options(output, strict, template, checklist, pdf)
    try:
        with _refused(footer="未生成报告：{summary}。请按上面的提示处理后重试。"):
            result = build_report(file, options)
    except PdfError as exc:  # the Word documents are there; only their copies are missing
        for path in exc.written:
            typer.echo(f"已生成：{path}")
        _print(exc.diagnostics)
        raise typer.Exit(EXIT_PDF) from None
    _print(result.diagnostics)
    for path in result.outputs:
        typer.echo(f"已生成：{path}")
    if result.diagnostics:
        typer.echo(f"（{_summary(result.diagnostics)}，请核对）")


def _as_json(file: Path, diagnostics: list[Diagnostic], passed: bool) -> str:
    problems = [
        {"级别": d.severity.value, "文件": d.file, "行": d.line, "字段": d.path, "消息": d.message} for d in diagnostics
    ]
    return json.dumps({"文件": str(file), "通过": passed, "问题": problems}, ensure_ascii=False, indent=2)


@app.command("check", help="只核对数据（字段、类型、勾稽关系、占位符），不生成文件；列出错误、警告和提示。")
def check_command(
    file: Annotated[Path, typer.Argument(help="单位的 YAML 数据文件", show_default=False, metavar="YAML文件")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出，供其他程序读取")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="严格模式：有警告也视为不通过")] = False,
) -> None:
    with _refused(footer="未通过：{summary}。"):
        found = _checked_or_json(file, strict, as_json)
    if as_json:
        typer.echo(_as_json(file, found, passed=True))
        return
    _print(found)
    typer.echo(f"通过核对{('（' + _summary(found) + '）') if found else ''}：{file}")


def _checked_or_json(file: Path, strict: bool, as_json: bool) -> list[Diagnostic]:
    """``check_file``; with ``--json`` a refusal is printed as JSON instead of text."""
    try:
        return check_file(file, Options(strict=strict))
    except ReportgenError as exc:
        if not as_json:
            raise
        typer.echo(_as_json(file, exc.diagnostics, passed=False))
        raise typer.Exit(EXIT_INPUT) from None


@app.command("schema", help="输出数据文件的 JSON Schema（中文标题和说明），供编辑器在输入时提示和检查。")
def schema_command() -> None:
    typer.echo(schema_text(), nl=False)


@app.command("init", help="新建数据文件：列出全部字段及说明的空白文件，或用 --从 由上一年度的文件结转。")
def init_command(
    unit: Annotated[
        str | None, typer.Argument(help="单位名称（用 --从 时可省略）", show_default=False, metavar="单位名称")
    ] = None,
    year: Annotated[int | None, typer.Option("--年度", "--year", help="新文件的年度，如 2025")] = None,
    source: Annotated[
        Path | None, typer.Option("--从", "--from", help="上一年度的数据文件；其数字成为新文件的“上年”数")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="新文件的路径，默认为“<年度>.yaml”")] = None,
) -> None:
    with _refused():
        if year is None:
            raise fail("请用 --年度 指定新文件的年度，如 --年度 2025")
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise fail(f"年度应在{MIN_YEAR}至{MAX_YEAR}之间，实际为{year}")
        if source is not None:
            text = rollover(source, year)
        elif unit:
            text = skeleton(unit, year)
        else:
            raise fail("请写出单位名称，或用 --从 指定上一年度的数据文件")
        target = output or Path(f"{year}.yaml")
        if os.path.lexists(target):  # a link, even a dangling one, is not overwritten
            raise fail("文件已存在，不会覆盖；请换一个文件名（-o）或先移走原文件", str(target))
        write_atomic(target, text.encode("utf-8"))
        schema = target.parent / SCHEMA_FILE
        write_atomic(schema, schema_text().encode("utf-8"))
    typer.echo(f"已生成：{target}（及编辑器用的 {schema.name}）")


@app.command(
    "提纲", help="列出可用的报告提纲（各部分的标题和编号，及填充各节的内容块和叙述）；给出名称时只列出它，给出提纲文件时检查并列出它。"
)
def outlines_command(
    file: Annotated[
        str | None,
        typer.Argument(
            help="内置提纲的名称（如 四川）或自己的提纲文件（.yaml），不给时列出全部内置提纲",
            show_default=False,
            metavar="提纲",
        ),
    ] = None,
) -> None:
    with _refused():
        outlines = [outline_named(file, Path.cwd())] if file is not None else [shipped(name) for name in SHIPPED]
    for outline in outlines:
        typer.echo(f"{outline.name}：{outline.description}（报告名称：{outline.report_name}）")
        for place in headings(outline):
            typer.echo(f"{'  ' * (place.depth + 1)}{place.number}{place.text}{_filling(place.section)}")
        typer.echo("")
    if file is None:
        typer.echo(f"可用的内容块：{'、'.join(BLOCKS)}")


def _filling(section: Section) -> str:
    """What fills a section, as ``reportgen 提纲`` shows it: 〔内容块，叙述.名称，无数据时省略〕."""
    parts = [*section.blocks, *([f"叙述.{section.text}"] if section.text else [])]
    if section.optional:
        parts.append("无数据时省略")
    return f"〔{'，'.join(parts)}〕" if parts else ""


template_app = typer.Typer(help="报告模板：导出默认模板，在 Word/WPS 中修改后用 --template 或“模板:”使用。")
app.add_typer(template_app, name="template")


@template_app.command("export", help="把报告模板（按提纲生成）和项目表模板写到指定文件夹，供在 Word/WPS 中修改。")
def template_export(
    folder: Annotated[Path, typer.Argument(help="存放模板的文件夹", show_default=False, metavar="文件夹")],
    outline_name: Annotated[
        str, typer.Option("--提纲", "--outline", help="按哪个提纲生成报告模板：内置提纲的名称，或提纲文件（.yaml）")
    ] = DEFAULT,
) -> None:
    with _refused():
        outline = outline_named(outline_name, Path.cwd())
        copied = export_templates(folder, outline.report_name, report_template(outline))
    for path in copied:
        typer.echo(f"已导出：{path}")


@app.command("batch", help="批量生成：为文件夹中每个单位的 YAML 生成报告，并写出汇总表.xlsx。")
def batch_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="存放各单位 YAML 文件的文件夹", show_default=False, metavar="文件夹", exists=True, file_okay=False
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹")] = Path("output"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="同时使用的进程数，默认为CPU核数")] = None,
    checklist: Annotated[bool, typer.Option("--核对表", "--checklist", help="同时为每个单位生成数据核对表")] = False,
    strict: StrictOption = False,
    pdf: PdfOption = False,
    template: TemplateOption = None,
) -> None:
    options = Options(output, strict, template, checklist, pdf, jobs)
    with _refused():
        if template is not None and not template.is_file():
            raise fail("找不到指定的模板文件", str(template))
        layout = plan(folder)
        if not layout.units and layout.parent is None and not layout.refused:
            raise fail("文件夹中没有单位的 YAML 文件", str(folder))
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task("正在生成", total=len(layout.units) + (1 if layout.parent else 0))

        def done(result: UnitResult) -> None:
            progress.update(task, advance=1, description=f"已完成：{result.unit or result.file.name}")

        results, notes = run_batch(folder, options, done, layout)
    _print(notes)
    with _refused():
        write_atomic(output / "汇总表.xlsx", summary_xlsx(results))
    failed = [r for r in results if r.failed]
    typer.echo(
        f"共{len(results)}个单位：成功{len(results) - len(failed)}个，失败{len(failed)}个。汇总表：{output / '汇总表.xlsx'}"
    )
    for result in results:
        for diagnostic in result.diagnostics:
            if result.failed or diagnostic.severity is not Severity.NOTE:
                typer.echo(f"  {diagnostic}", err=result.failed)
    if failed:
        typer.echo("失败的单位：", err=True)
        for result in failed:
            first = next((d for d in result.diagnostics if d.severity is Severity.ERROR), None) or next(
                (d for d in result.diagnostics if d.severity is Severity.WARNING),
                None,  # refused by --strict
            )
            typer.echo(
                f"  {result.file.name}：{first.location() if first else ''} {first.message if first else ''}", err=True
            )
        raise typer.Exit(EXIT_INPUT)
    if any(r.pdf_failed for r in results):
        typer.echo("Word 文档都已生成，但部分 PDF 未能生成（见上面的警告）。", err=True)
        raise typer.Exit(EXIT_PDF)


def _terminate(signum: int, frame: FrameType | None) -> None:
    """SIGTERM unwinds like Ctrl-C, so LibreOffice, workers and temporary folders are cleaned up."""
    raise KeyboardInterrupt


def main() -> None:
    try:
        signal.signal(signal.SIGTERM, _terminate)
        clitext.install()
        code = app(standalone_mode=False)
    except clitext.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "reportgen"
        typer.echo(f"命令用法有误：{clitext.usage_error(exc)}", err=True)
        typer.echo(f"运行“{command} --help”查看说明。", err=True)
        sys.exit(EXIT_INPUT)
    except (KeyboardInterrupt, typer.Abort):
        code = EXIT_INTERRUPTED
    except Exception as exc:  # a bug, not the clerk's input: say so plainly, keep the traceback for developers
        if os.environ.get("REPORTGEN_DEBUG"):
            if isinstance(exc, WorkerBug):
                typer.echo(exc.details, err=True)
            raise
        typer.echo(f"程序内部错误（{type(exc).__name__}：{exc}）。", err=True)
        typer.echo(
            "这不是数据文件的问题；请把数据文件和这段信息发给维护人员（设置 REPORTGEN_DEBUG=1 可看到详细信息）。",
            err=True,
        )
        code = EXIT_BUG
    if code == EXIT_INTERRUPTED:  # typer reports Ctrl-C as exit code 130
        typer.echo("已中断：已写出的文件都是完整的，没有留下写了一半的文件。", err=True)
    sys.exit(code if isinstance(code, int) else 0)
