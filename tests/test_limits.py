"""Limits on someone else's file hold without SIGALRM (as on Windows) and against work done in C."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psutil
import pytest
from conftest import MINIMAL
from docx import Document

from reportgen.errors import ReportgenError
from reportgen.outline.generate import report_template
from reportgen.outline.model import shipped
from reportgen.pipeline.build import build
from reportgen.pipeline.guard import DEFAULT_LIMITS, Limits, Place, Worker
from reportgen.pipeline.options import Options


def refusal(path: Path, out: Path, limits: Limits = DEFAULT_LIMITS, **options: object) -> str:
    with pytest.raises(ReportgenError) as raised:
        build(path, Options(out, limits=limits, **options))  # type: ignore[arg-type]
    assert not out.exists() or not list(out.rglob("*.docx")), "nothing is written for a refused file"
    return str(raised.value)


def test_time_budget_holds_without_sigalrm(write_yaml, tmp_path, monkeypatch):
    """Windows has no SIGALRM: the worker is stopped from outside all the same."""
    monkeypatch.delattr(signal, "SIGALRM", raising=False)
    monkeypatch.delattr(signal, "setitimer", raising=False)
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    path = write_yaml(MINIMAL + f"存在的问题:\n  - 标题: 问题\n    内容: '{endless}'\n")
    message = refusal(path, tmp_path / "out", Limits(seconds=3))
    assert f"{path}:10：存在的问题[1].内容[1]：错误：处理超过3秒仍未完成" in message
    assert "当时正在处理：填写“存在的问题[1].内容[1]”中的占位符" in message


def test_memory_budget_stops_a_placeholder_that_fills_memory(write_yaml, tmp_path):
    hog = "{{ range(100000) | join('y' * 10000) }}"  # one C call that asks for a gigabyte
    path = write_yaml(MINIMAL + f'绩效目标: "{hog}"\n')
    message = refusal(path, tmp_path / "out", Limits(memory=400 * 1024 * 1024))
    assert f"{path}:8：绩效目标[1]：错误：处理时占用内存超过400MB" in message


def test_a_worker_that_dies_is_a_refusal_and_is_replaced():
    worker = Worker(Limits(seconds=30))
    with pytest.raises(ReportgenError) as raised:
        worker.call(Place("甲.yaml", 3, "绩效目标"), os._exit, 1)
    assert str(raised.value) == "甲.yaml:3：绩效目标：错误：处理该文件的进程意外退出（可能是内存不足或程序崩溃）"
    assert worker.call(Place("乙.yaml"), abs, -2) == 2, "the next call gets a new worker"
    worker.stop()


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ("{{ '{:>1000000000}'.format(1) }}", "格式中的宽度过大（最多1000）"),
        ("{{ '%1000000000d' % 1 }}", "格式中的宽度过大（最多1000）"),
        ("{{ 'x' | center(1000000000) }}", "占位符写法有误"),
        ("{{ ((10 ** 100) ** 100) ** 100 }}", "乘方的结果过大"),
        ("{{ 预算.update({'执行数': 1}) }}", "不允许"),
    ],
)
def test_padding_in_one_c_call_is_refused_before_it_runs(write_yaml, tmp_path, placeholder, expected):
    path = write_yaml(MINIMAL + f'绩效目标: "{placeholder}"\n')
    assert expected in refusal(path, tmp_path / "out")


def template_with(tmp_path: Path, text: str) -> Path:
    """The shipped report template with one more paragraph."""
    document = Document(io.BytesIO(report_template(shipped())))
    document.add_paragraph(text)
    path = tmp_path / "模板.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        ("{{ 1/0 }}", "占位符中的计算无效（例如除以0）"),
        ("{% include '其他.docx' %}", "不能引用或读取其他文件"),
        ("{{ range(100001) | list }}", "计算量过大"),
        ("{{ '长文字' | truncate(-1) }}", "占位符无法计算"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "计算量过大"),
        ("{{ 单位名称 * 10000 * 10000 }}", "重复次数过多"),
    ],
)
def test_any_failure_of_a_word_template_is_the_templates_problem(write_yaml, tmp_path, placeholder, expected):
    template = template_with(tmp_path, placeholder)
    message = refusal(write_yaml(MINIMAL), tmp_path / "out", template=template)
    assert f"{template}：错误：模板中的占位符无法填充：" in message
    assert expected in message


def test_a_template_part_that_unpacks_huge_is_refused_before_docxtpl_reads_it(write_yaml, tmp_path):
    """45 MB of tiny runs packs into 150 KB; cleaning it would take minutes and gigabytes."""
    source = tmp_path / "模板.docx"
    source.write_bytes(report_template(shipped()))
    path = tmp_path / "巨大.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "word/document.xml":
                runs = b"<w:r><w:t>x</w:t></w:r>" * 400_000
                content = content.replace(b"<w:body>", b"<w:body><w:p>" + runs + b"</w:p>", 1)
            copy.writestr(item, content)
    assert path.stat().st_size < 1_000_000
    message = refusal(write_yaml(MINIMAL), tmp_path / "out", template=path)
    assert f"{path}：错误：模板的 word/document.xml 解压后超过8MB" in message


def test_a_placeholder_cannot_print_more_than_a_million_characters(write_yaml, tmp_path):
    path = write_yaml(MINIMAL + "绩效目标: \"{% for i in range(2000) %}{{ 'x' * 1000 }}{% endfor %}\"\n")
    assert "生成的文字过长（超过1000000个字符）" in refusal(path, tmp_path / "out")


def test_a_refused_template_leaves_no_worker_busy(write_yaml, tmp_path):
    """After a stop, the next build in the same process works (the worker was replaced)."""
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    limits = Limits(seconds=2)
    refusal(write_yaml(MINIMAL + f"绩效目标: '{endless}'\n", "慢.yaml"), tmp_path / "a", limits)
    assert build(write_yaml(MINIMAL), Options(tmp_path / "b", limits=limits)).outputs


ORPHAN = """
import os, sys, time
from pathlib import Path
from reportgen.pipeline.build import build
from reportgen.pipeline.guard import shared_worker
from reportgen.pipeline.options import Options
pid_file = Path(sys.argv[2])
worker = shared_worker()
worker._start()
pid_file.write_text(str(worker._process.pid))
build(Path(sys.argv[1]), Options(Path(sys.argv[3])))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_worker_whose_parent_is_killed_does_not_run_on(write_yaml, tmp_path):
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    path = write_yaml(MINIMAL + f"绩效目标: '{endless}'\n")
    pid_file = tmp_path / "worker.pid"
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, str(path), str(pid_file), str(tmp_path / "out")])
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline and parent.poll() is None
        time.sleep(0.1)
    worker = psutil.Process(int(pid_file.read_text()))
    time.sleep(1)  # the worker is inside the endless placeholder now
    parent.kill()
    parent.wait()
    worker.wait(timeout=10)  # raises if it is still running


def _exhaust(path: Path) -> None:
    raise MemoryError


def test_memory_error_in_a_worker_is_a_refusal_naming_the_file():
    worker = Worker()
    with pytest.raises(ReportgenError) as raised:
        worker.call(Place("甲.yaml"), _exhaust, Path("甲.yaml"))
    assert str(raised.value) == "甲.yaml：错误：处理时内存不足，已停止"
    worker.stop()


def test_one_narrative_has_a_budget_of_its_own(write_yaml, tmp_path):
    """An endless narrative is stopped after its own few seconds, not the file's two minutes."""
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    path = write_yaml(MINIMAL + f"绩效目标: '{endless}'\n")
    started = time.monotonic()
    message = refusal(path, tmp_path / "out")
    assert time.monotonic() - started < 60
    assert f"{path}:8：绩效目标[1]：错误：填写该处超过10秒仍未完成" in message
