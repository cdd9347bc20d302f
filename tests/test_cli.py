"""The command line as a clerk meets it: Chinese usage errors, exit codes, help."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import DATA


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
