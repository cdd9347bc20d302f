"""Custom templates: export the defaults, build with one, and clear messages when one is wrong."""

from __future__ import annotations

from conftest import DATA, MINIMAL, docx_text
from docx import Document


def _template(cli, tmp_path, *paragraphs: list[tuple[str, bool]]):
    """The exported report template with extra paragraphs, each a list of (run text, bold) pairs."""
    folder = tmp_path / "模板"
    assert cli("template", "export", folder).exit_code == 0
    path = folder / "部门整体支出绩效自评报告.docx"
    document = Document(str(path))
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    custom = tmp_path / "我的模板.docx"
    document.save(str(custom))
    return custom


def test_export_copies_every_template_once(cli, tmp_path):
    run = cli("template", "export", tmp_path / "t")
    assert run.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "部门整体支出绩效自评报告.docx",
        "项目支出绩效目标完成情况表.docx",
        "项目支出绩效自评表.docx",
    ]
    again = cli("template", "export", tmp_path / "t")
    assert again.exit_code == 2 and "不会覆盖" in again.output


def test_build_with_a_custom_template_even_when_word_split_the_tag(cli, tmp_path):
    custom = _template(cli, tmp_path, [("自定义：", False), ("{{ 预算.", True), ("执行数 | 万元 }}", False)])
    run = cli("build", DATA / "通道/2024.yaml", "-o", tmp_path / "out", "--template", custom)
    assert run.exit_code == 0, run.output
    report = next((tmp_path / "out").rglob("*自评报告.docx"))
    assert "自定义：6304.03万元" in docx_text(report)


def test_template_key_in_the_file_is_relative_to_the_file(cli, tmp_path, write_yaml):
    custom = _template(cli, tmp_path, [("单位：{{ 单位名称 }}", False)])
    path = write_yaml(MINIMAL + f"模板: {custom.name}\n")
    run = cli("build", path, "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    assert "单位：测试县公安局" in docx_text(next((tmp_path / "out").rglob("*.docx")))


def test_unknown_placeholder_in_a_template_is_named(cli, tmp_path):
    custom = _template(cli, tmp_path, [("{{ 预算.执行律 | 百分比 }}", False)])
    run = cli("build", DATA / "通道/2024.yaml", "-o", tmp_path / "out", "--template", custom)
    assert run.exit_code == 2
    assert "模板中的占位符引用了不存在的名称“执行律”" in run.output
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_broken_placeholder_in_a_template_is_explained(cli, tmp_path):
    custom = _template(cli, tmp_path, [("{{ 预算.执行数 | 万元 }", False)])
    run = cli("build", DATA / "通道/2024.yaml", "-o", tmp_path / "out", "--template", custom)
    assert run.exit_code == 2
    assert "模板中的占位符写法有误" in run.output and "拆成了几段" in run.output


def test_missing_template_file(cli, tmp_path):
    run = cli("build", DATA / "通道/2024.yaml", "-o", tmp_path / "out", "--template", tmp_path / "没有.docx")
    assert run.exit_code == 2 and "找不到指定的模板文件" in run.output
