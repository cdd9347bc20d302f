"""The command line: a thin shell over ``reportgen.build``; the only place that prints or exits."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import clitext
from .build import build as build_report
from .errors import Diagnostic, ReportgenError, Severity

app = typer.Typer(
    help="部门整体支出绩效自评报告生成工具：由 YAML 数据文件生成 Word 报告。",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_INPUT = 2


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


@app.command("build", help="读取一个单位的 YAML 文件，核对数据并生成自评报告（.docx）。")
def build_command(
    file: Annotated[
        Path,
        typer.Argument(help="单位的 YAML 数据文件，如 data/通道/2024.yaml", show_default=False, metavar="YAML文件"),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹；报告写在其下的“单位名称”文件夹中")] = Path(
        "output"
    ),
    strict: Annotated[bool, typer.Option("--strict", help="严格模式：有警告也视为失败，不生成文件")] = False,
) -> None:
    try:
        result = build_report(file, output, strict)
    except ReportgenError as exc:
        _print(exc.diagnostics)
        summary = _summary(exc.diagnostics)
        typer.echo(f"未生成报告：{summary}。请按上面的提示处理后重试。", err=True)
        raise typer.Exit(EXIT_INPUT) from None
    _print(result.checked.diagnostics)
    for path in result.outputs:
        typer.echo(f"已生成：{path}")
    if result.checked.diagnostics:
        typer.echo(f"（{_summary(result.checked.diagnostics)}，请核对）")


def main() -> None:
    clitext.install()
    try:
        code = app(standalone_mode=False)
    except clitext.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "reportgen"
        typer.echo(f"命令用法有误：{clitext.usage_error(exc.format_message())}", err=True)
        typer.echo(f"运行“{command} --help”查看说明。", err=True)
        sys.exit(EXIT_INPUT)
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("已中断，未写入任何不完整的文件。", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
