"""The command line as a clerk meets it: Chinese usage errors, exit codes, help."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from conftest import DATA, MINIMAL


def reportgen(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], check=False, capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["biuld", "x.yaml"], "没有命令“biuld”，是否应为“build”？"),
        (["build"], "缺少 YAML 数据文件"),
        (["build", "--foo", "x.yaml"], "没有选项 --foo"),
        (["build", "a.yaml", "b.yaml"], "多余的参数：b.yaml"),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(args, message):
    result = reportgen(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help_is_chinese():
    result = reportgen("build", "--help")
    assert result.returncode == 0
    assert "读取一个单位的 YAML 文件" in result.stdout and "严格模式" in result.stdout


def test_build_from_another_directory(tmp_path):
    result = reportgen("build", str(DATA / "通道/2024.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output/通道侗族自治县公安局/2024年度部门整体支出绩效自评报告.docx").is_file()
    assert "警告" in result.stdout


def test_an_internal_error_is_a_plain_message_not_a_traceback(monkeypatch, capsys):
    from reportgen.commands import cli

    def broken(*args, **kwargs):
        raise RuntimeError("模拟的缺陷")

    monkeypatch.setattr(cli, "build_report", broken)
    monkeypatch.setattr(sys, "argv", ["reportgen", "build", str(DATA / "通道/2024.yaml")])
    monkeypatch.delenv("REPORTGEN_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "程序内部错误（RuntimeError：模拟的缺陷）" in err and "Traceback" not in err


def test_check_refuses_a_missing_template_as_build_would(cli, write_yaml):
    path = write_yaml(MINIMAL + "模板: 不存在的模板.docx\n")
    run = cli("check", path)
    assert run.exit_code == 2
    assert f"{path}:8：模板：错误：找不到“模板”指定的文件" in run.output


def test_check_fills_the_template_as_build_would(cli, write_yaml, tmp_path):
    from docx import Document

    from reportgen.outline.generate import report_template
    from reportgen.outline.model import shipped

    document = Document(io.BytesIO(report_template(shipped())))
    document.add_paragraph("{{ 不存在的名称 }}")
    document.save(str(tmp_path / "模板.docx"))
    run = cli("check", write_yaml(MINIMAL + "模板: 模板.docx\n"))
    assert run.exit_code == 2
    assert f"{tmp_path / '模板.docx'}：错误：模板中的占位符引用了不存在的名称“不存在的名称”" in run.output  # the file, not the name


class _InterruptedImport:
    """A module finder that raises Ctrl-C when ``reportgen.commands.cli`` is imported, as a clerk's early Ctrl-C does."""

    def find_spec(self, name, path=None, target=None):
        if name == "reportgen.commands.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_loading_ends_quietly(monkeypatch, capsys):
    from reportgen import entry

    monkeypatch.delitem(sys.modules, "reportgen.commands.cli")
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "已中断。\n"
