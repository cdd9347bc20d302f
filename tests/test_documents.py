"""The Word documents themselves: escaping, page format, the template's source, LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL, REPO, docx_paragraphs, docx_text
from docx import Document
from docx.oxml.ns import qn

from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

TEMPLATES = REPO / "templates"


def test_special_characters_and_line_breaks_render_as_text(write_yaml, tmp_path):
    path = write_yaml(MINIMAL + "绩效目标: |\n  A&B <C> \"D\" 'E' 𠀀\n  第二段\n")
    [document] = build(path, Options(tmp_path / "out")).outputs
    paragraphs = docx_paragraphs(document)
    assert "A&B <C> \"D\" 'E' 𠀀" in paragraphs
    assert paragraphs[paragraphs.index("A&B <C> \"D\" 'E' 𠀀") + 1] == "第二段"


def test_placeholders_in_narrative_use_derived_figures(write_yaml, tmp_path):
    path = write_yaml(MINIMAL + "绩效目标: 执行率{{ 预算.执行率 | 百分比 }}，执行{{ 预算.执行数 | 万元 }}。\n")
    [document] = build(path, Options(tmp_path / "out")).outputs
    assert "执行率95.50%，执行95.50万元。" in docx_paragraphs(document)


def test_page_and_fonts_follow_gbt_9704(tmp_path):
    document_path = build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs[0]
    document = Document(str(document_path))
    section = document.sections[0]

    def mm(length) -> float:
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(m) for m in margins] == [37, 35, 28, 26]
    fonts = {}
    for style in document.styles:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            fonts[style.name] = rpr.rFonts.get(qn("w:eastAsia"))
    assert fonts["报告标题"] == "方正小标宋简体"
    assert fonts["报告一级"] == "黑体"
    assert fonts["报告二级"] == "楷体_GB2312"
    assert fonts["报告正文"] == "仿宋_GB2312"
    assert document.paragraphs[0].style.name == "报告标题"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._element.xml


def test_committed_table_templates_match_their_layouts(tmp_path):
    """The shipped project-table templates are rebuilt from documents/layouts.py byte for byte."""
    subprocess.run([sys.executable, str(TEMPLATES / "build_templates.py"), str(tmp_path)], check=True)
    built = sorted(tmp_path.glob("*.docx"))
    assert [p.name for p in built] == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    for fresh_path in built:
        fresh = zipfile.ZipFile(fresh_path)
        committed = zipfile.ZipFile(TEMPLATES / fresh_path.name)
        assert fresh.namelist() == committed.namelist()
        changed = [name for name in fresh.namelist() if fresh.read(name) != committed.read(name)]
        assert not changed, "layouts.py, styles.py or word.py changed: run python templates/build_templates.py"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None, reason="LibreOffice 未安装（apt-get install libreoffice-writer-nogui），跳过 PDF 转换"
)
def test_every_example_converts_to_pdf(tmp_path):
    documents = []
    for example in sorted(DATA.glob("*/*.yaml")):
        documents += build(example, Options(tmp_path / "docx")).outputs
    pdf_dir = tmp_path / "pdf"
    result = subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            *map(str, documents),
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for document in documents:
        pdf = pdf_dir / f"{document.stem}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 10_000, f"{document} did not convert"
        assert pdf.read_bytes().startswith(b"%PDF")


def test_missing_figures_are_marked_not_asserted(write_yaml, tmp_path):
    path = write_yaml(
        MINIMAL + "人员编制:\n  在职人员:\n    编制数: 10\n"
        "三公经费:\n  公务接待费:\n    预算数: 4\n"
        "政府性基金:\n  全年预算数: 100\n"
    )
    [document] = build(path, Options(tmp_path / "out")).outputs
    text = docx_text(document)
    assert "在职人员编制10名，实有人数【待补充】" in text
    assert "公务接待费预算4.00万元，决算【待补充】" in text
    assert "本年未发生支出" not in text
    assert "我单位无政府性基金" not in text
    assert "2024年政府性基金预算100.00万元，支出【待补充】。" in text
    assert "None" not in text


def test_written_document_follows_the_umask(write_yaml, tmp_path):
    import os

    [document] = build(write_yaml(MINIMAL), Options(tmp_path / "out")).outputs
    mask = os.umask(0)
    os.umask(mask)
    assert document.stat().st_mode & 0o777 == 0o666 & ~mask


def _bad_template(tmp_path, name: str, parts: dict[str, bytes], compress: bool = True) -> Path:
    path = tmp_path / name
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        for member, content in parts.items():
            archive.writestr(member, content)
    return path


def test_hostile_templates_are_refused_before_docxtpl_opens_them(tmp_path):
    from reportgen.documents.narrative import environment
    from reportgen.documents.package import Properties
    from reportgen.documents.render import render_docx
    from reportgen.errors import ReportgenError

    not_zip = tmp_path / "假的.docx"
    not_zip.write_bytes(b"PK\x03\x04 not really a zip")
    xxe = _bad_template(
        tmp_path,
        "xxe.docx",
        {"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'},
    )
    bomb = _bad_template(tmp_path, "bomb.docx", {"word/document.xml": b"<d/>", "word/media/zero.bin": bytes(60 << 20)})
    assert bomb.stat().st_size < 1 << 20  # tiny on disk, 60 MB unpacked
    broken = _bad_template(tmp_path, "坏的.docx", {"word/document.xml": b"<w:document><unclosed>"})
    env = environment("增长/下降", autoescape=True)
    cases = (
        (not_zip, "不是有效的 Word"),
        (xxe, "XML 实体声明"),
        (bomb, "解压后过大"),
        (broken, "不是可用的 Word 文档"),
    )
    for template, message in cases:
        with pytest.raises(ReportgenError) as raised:
            render_docx(template, {}, env, Properties("标题", "单位"))
        assert message in str(raised.value)


def test_interrupted_or_failed_write_keeps_the_old_document(write_yaml, tmp_path, monkeypatch):
    import errno
    import os

    path = write_yaml(MINIMAL)
    [document] = build(path, Options(tmp_path / "out")).outputs
    before = document.read_bytes()

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(path, Options(tmp_path / "out"))
    assert document.read_bytes() == before
    assert [p.name for p in document.parent.iterdir()] == [document.name]

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    from reportgen.errors import ReportgenError

    with pytest.raises(ReportgenError) as raised:
        build(path, Options(tmp_path / "out"))
    assert "磁盘空间已满" in str(raised.value)
    assert document.read_bytes() == before
    assert [p.name for p in document.parent.iterdir()] == [document.name]


MEASURES = """\
数据:
  交通事故: {本年: 1250, 上年: 1400, 单位: 起}
  里程: {本年: 12.5, 上年: 10, 单位: 公里}
  新增: {本年: 3, 上年: 0, 单位: 件}
  警情: {本年: 300, 单位: 起}
  总数: 2500
"""


@pytest.mark.parametrize(
    ("narrative", "printed"),
    [
        ("{{ 数据.交通事故 }}，{{ 数据.交通事故.较上年 }}", "1250起，较上年减少150起，下降10.71%"),
        ("{{ 数据.交通事故.上年 }}、{{ 数据.交通事故.本年 | 整数 }}{{ 数据.交通事故.单位 }}", "1400起、1250起"),
        ("{{ 数据.交通事故 | 百分比(数据.总数, 小数=1) }}", "50%"),
        ("{{ 数据.交通事故 | 增减(数据.交通事故.上年) }}", "较上年减少150起，下降10.71%"),
        ("{{ 数据.里程 }}，{{ 数据.里程.较上年 }}", "12.5公里，较上年增加2.5公里，增长25%"),
        ("{{ 数据.新增.较上年 }}；{{ 数据.警情 }}", "上年为0，本年为3件；300起"),
        ("{{ 数据.警情 | 百分比(数据.总数, 小数=1) }}", "12%"),
        ("{{ 数据.交通事故 | 百分比(11200, 小数=1) }}", "11.2%"),
    ],
)
def test_a_data_entry_with_its_unit_prints_as_a_count(write_yaml, tmp_path, narrative, printed):
    path = write_yaml(MINIMAL + MEASURES + f"绩效目标: '{narrative}'\n")
    [document] = build(path, Options(tmp_path / "out")).outputs
    assert printed in docx_paragraphs(document)


def test_a_data_name_beginning_with_a_digit_is_written_in_brackets(write_yaml, tmp_path):
    path = write_yaml(
        MINIMAL + "数据:\n  110警情: {本年: 5, 上年: 4, 单位: 起}\n绩效目标: '接警{{ 数据[\"110警情\"] }}。'\n"
    )
    [document] = build(path, Options(tmp_path / "out")).outputs
    assert "接警5起。" in docx_paragraphs(document)


def test_the_readme_shows_what_a_data_entry_prints(write_yaml, tmp_path):
    """Each row of the README's table for 交通事故: {本年: 1250, 上年: 1400, 单位: 起} is what the report prints."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| 占位符 | 印出 |", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.MULTILINE)
    examples = [
        ("、".join(re.findall(r"`(\{\{.*?\}\})`", placeholders)).replace("\\|", "|"), printed)
        for placeholders, printed in rows
        if not printed.startswith("按")  # the one row whose figure the README does not give
    ]
    assert len(examples) == 4
    narrative = "\n".join(f"  - '{placeholders}'" for placeholders, _ in examples)
    path = write_yaml(MINIMAL + "数据:\n  交通事故: {本年: 1250, 上年: 1400, 单位: 起}\n绩效目标:\n" + narrative + "\n")
    paragraphs = docx_paragraphs(build(path, Options(tmp_path / "out")).outputs[0])
    for _, printed in examples:
        assert printed in paragraphs
