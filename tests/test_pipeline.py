"""The pipeline moves forward: each stage once per build, one order of findings, options shared by build and batch."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA, docx_text
from docx import Document
from openpyxl import load_workbook

from reportgen.errors import Collector, Diagnostic, ReportgenError, Severity
from reportgen.output.pdf import office
from reportgen.pipeline import build as build_module
from reportgen.pipeline.build import prepare, render_file
from reportgen.pipeline.options import Options

MINIMAL = "单位名称: {name}\n年度: 2024\n预算:\n  年初预算数: {initial}\n  执行数: {spent}\n"


def _counted(monkeypatch: pytest.MonkeyPatch, calls: Counter[str], name: str) -> None:
    real = getattr(build_module, name)

    def counting(*args: object, **kwargs: object) -> object:
        calls[name] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, name, counting)


@pytest.mark.parametrize("example", ["通道/2024.yaml", "乐至/2020.yaml"])
def test_a_build_derives_once_and_fills_the_texts_once(monkeypatch, tmp_path, example):
    calls: Counter[str] = Counter()
    for name in ("derive", "render_narratives", "validate", "check"):
        _counted(monkeypatch, calls, name)
    rendered = render_file(DATA / example, Options(tmp_path, checklist=True))  # in this process, so it is counted
    assert calls == {"derive": 1, "render_narratives": 1, "validate": 1, "check": 1}
    assert len(rendered.documents) >= 2


def test_a_deviation_with_a_placeholder_is_filled_in_the_report(write_yaml, tmp_path):
    """The figures are derived once, before the texts are filled: a filled text must still reach the document."""
    path = write_yaml(
        MINIMAL.format(name="测试局", initial=100, spent=50)
        + "  偏差说明: 执行率仅{{ 预算.执行率 | 百分比 }}，因项目延期\n"
    )
    documents = render_file(path, Options(tmp_path)).documents
    report = next(p for p in documents if p.name.endswith("自评报告.docx"))
    text = docx_text_of(documents[report], tmp_path)
    assert "执行率仅50%，因项目延期" in text
    assert "{{" not in text


def docx_text_of(content: bytes, folder: Path) -> str:
    path = folder / "look.docx"
    path.write_bytes(content)
    return docx_text(path)


def test_findings_are_ordered_by_file_then_line():
    found = Collector(["unit.yaml", "common.yaml"])
    found.extend(
        [
            Diagnostic(Severity.WARNING, "c", "common.yaml", 3),
            Diagnostic(Severity.ERROR, "b", "unit.yaml", 9),
            Diagnostic(Severity.NOTE, "t", "template.docx"),
            Diagnostic(Severity.ERROR, "a", "unit.yaml", 2),
            Diagnostic(Severity.WARNING, "whole", "unit.yaml"),
            Diagnostic(Severity.ERROR, "a2", "unit.yaml", 2),
        ]
    )
    assert [d.message for d in found.in_order()] == ["whole", "a", "a2", "b", "c", "t"]
    assert found.failing() and found.failing(strict=True)


def test_an_inherited_files_findings_follow_the_units_own(tmp_path):
    common = "三公经费:\n  公务接待费:\n    决算数: 2\n    上年决算数: 1\n  合计:\n    决算数: 5\n"
    (tmp_path / "共同.yaml").write_text(common, encoding="utf-8")  # a total that differs from its part
    unit = tmp_path / "甲.yaml"
    unit.write_text(
        "继承: 共同.yaml\n单位名称: 甲\n年度: 2024\n预算:\n  年初预算数: 100\n  执行数: 120\n", encoding="utf-8"
    )
    with pytest.raises(ReportgenError) as refused:
        prepare(unit)
    found = refused.value.diagnostics
    files = [d.file for d in found]
    assert files == sorted(files, key=lambda f: f != str(unit))  # the unit's own findings, then the common file's
    assert found[-1].file == str(tmp_path / "共同.yaml") and found[-1].line == 6
    lines = [d.line or 0 for d in found if d.file == str(unit)]
    assert lines == sorted(lines) and lines[-1] == 4


@pytest.fixture
def two_units(tmp_path: Path) -> Path:
    folder = tmp_path / "局"
    folder.mkdir()
    (folder / "甲.yaml").write_text(MINIMAL.format(name="甲所", initial=100, spent=95), encoding="utf-8")
    (folder / "乙.yaml").write_text(MINIMAL.format(name="乙所", initial=100, spent=60), encoding="utf-8")  # 60%: warned
    return folder


def test_batch_strict_refuses_a_unit_with_a_warning(cli, tmp_path):
    folder = tmp_path / "局"
    folder.mkdir()
    shutil.copy(DATA / "乐至/2020.yaml", folder / "乐至.yaml")  # notes only: passes --strict
    (folder / "乙.yaml").write_text(MINIMAL.format(name="乙所", initial=100, spent=60), encoding="utf-8")
    relaxed = cli("batch", folder, "-o", tmp_path / "a", "--jobs", "1")
    assert relaxed.exit_code == 0, relaxed.output
    strict = cli("batch", folder, "-o", tmp_path / "b", "--jobs", "1", "--strict")
    assert strict.exit_code == 2
    assert "共2个单位：成功1个，失败1个" in strict.output
    [failure] = strict.output.split("失败的单位：")[1].strip().splitlines()
    assert failure.startswith("乙.yaml：") and "警告" not in failure and "未填写" in failure
    assert not (tmp_path / "b" / "乙所").exists() and (tmp_path / "b" / "乐至县公安局").is_dir()


def test_batch_uses_the_template_given(cli, two_units, tmp_path):
    assert cli("template", "export", tmp_path / "模板").exit_code == 0
    template = next((tmp_path / "模板").glob("部门整体*.docx"))
    document = Document(str(template))
    document.add_paragraph("本报告使用自定义模板")
    document.save(str(template))
    run = cli("batch", two_units, "-o", tmp_path / "out", "--jobs", "1", "--template", template)
    assert run.exit_code == 0, run.output
    for unit in ("甲所", "乙所"):
        assert "本报告使用自定义模板" in docx_text(next((tmp_path / "out" / unit).glob("*自评报告.docx")))


def test_batch_refuses_a_missing_template_before_building(cli, two_units, tmp_path):
    run = cli("batch", two_units, "-o", tmp_path / "out", "--template", tmp_path / "无.docx")
    assert run.exit_code == 2
    assert "找不到指定的模板文件" in run.output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(office() is None, reason="LibreOffice is not installed")
def test_batch_pdf_writes_a_copy_beside_each_document(cli, two_units, tmp_path):
    run = cli("batch", two_units, "-o", tmp_path / "out", "--pdf")
    assert run.exit_code == 0, run.output
    for unit in ("甲所", "乙所"):
        pdfs = list((tmp_path / "out" / unit).glob("*.pdf"))
        assert [p.stem for p in pdfs] == ["2024年度部门整体支出绩效自评报告"]
        assert pdfs[0].read_bytes().startswith(b"%PDF")


def test_batch_pdf_without_libreoffice_keeps_the_documents_and_exits_3(cli, two_units, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    run = cli("batch", two_units, "-o", tmp_path / "out", "--pdf", "--jobs", "1")
    assert run.exit_code == 3, run.output
    assert "PDF 未生成：未找到 LibreOffice" in run.output
    assert list((tmp_path / "out" / "甲所").glob("*.docx")) and not list((tmp_path / "out").rglob("*.pdf"))


def test_build_pdf_failure_still_lists_the_written_documents(cli, write_yaml, tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = write_yaml(MINIMAL.format(name="测试局", initial=100, spent=95))
    run = cli("build", path, "-o", tmp_path / "out", "--pdf")
    assert run.exit_code == 3
    assert "已生成：" in run.output and "未找到 LibreOffice" in run.output


def test_options_reach_a_worker_unchanged(write_yaml, tmp_path):
    """Options pickle: strict refuses a warning inside the worker, exactly as in this process."""
    from reportgen.pipeline.build import build

    path = write_yaml(MINIMAL.format(name="测试局", initial=100, spent=60))
    assert build(path, Options(tmp_path / "a")).outputs
    with pytest.raises(ReportgenError) as refused:
        build(path, Options(tmp_path / "b", strict=True))
    assert any("低于90%" in d.message for d in refused.value.diagnostics)
    assert not (tmp_path / "b").exists()


def test_a_parent_may_leave_its_budget_to_its_sub_units(cli, tmp_path):
    folder = tmp_path / "局"
    folder.mkdir()
    (folder / "甲.yaml").write_text(MINIMAL.format(name="甲所", initial=100, spent=95), encoding="utf-8")
    (folder / "乙.yaml").write_text(MINIMAL.format(name="乙所", initial=50, spent=45), encoding="utf-8")
    (folder / "局.yaml").write_text("单位名称: 某局\n年度: 2024\n汇总下级: 是\n", encoding="utf-8")
    run = cli("batch", folder, "-o", tmp_path / "out", "--jobs", "1", "--核对表")
    assert run.exit_code == 0, run.output
    report = docx_text(next((tmp_path / "out" / "某局").glob("*自评报告.docx")))
    assert "年初预算150.00万元" in report and "全年预算执行数140.00万元" in report
    sheet = load_workbook(next((tmp_path / "out" / "某局").glob("*核对表.xlsx"))).active
    sources = {(row[2], row[3]): (row[6], row[7]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sources[("预算", "执行数")] == ("汇总", "预算.执行数未填写，取各下级单位之和 = 140.00")


def test_a_parent_built_alone_without_a_budget_is_told_what_is_missing(write_yaml):
    path = write_yaml("单位名称: 某局\n年度: 2024\n汇总下级: 是\n")
    with pytest.raises(ReportgenError) as refused:
        prepare(path)
    assert any("缺少预算数" in d.message for d in refused.value.diagnostics)
