"""The PDF's faces on Linux: each face the documents name is drawn in a Simplified Chinese face of its kind
(fonts.conf), and a face that falls to its last resort is named to the clerk."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import DATA, MINIMAL
from docx import Document
from docx.oxml.ns import qn

from reportgen.output import fonts, pdf
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

FC_MATCH = shutil.which("fc-match")
KAI_FACES = ("LXGW WenKai", "AR PL UKai CN")


def installed(family: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", "--format=%{family}\n"], capture_output=True, text=True, check=False).stdout
    return any(family in line.split(",") for line in listed.splitlines())


FACES_INSTALLED = installed("Noto Serif CJK SC") and installed("Noto Sans CJK SC") and any(map(installed, KAI_FACES))
needs_fontconfig = pytest.mark.skipif(
    FC_MATCH is None or sys.platform in ("win32", "darwin"), reason="LibreOffice 在此不用 fontconfig"
)
needs_faces = pytest.mark.skipif(
    FC_MATCH is None or not FACES_INSTALLED,
    reason="未安装 fonts-noto-cjk 和楷体字体（fonts-lxgw-wenkai 或 fonts-arphic-ukai）",
)
needs_office = pytest.mark.skipif(pdf.office() is None, reason="LibreOffice 未安装，跳过 PDF 导出")


def match(pattern: str, conf: Path = fonts.FONTS_CONF) -> tuple[list[str], str, str]:
    """The family names, style and embolden flag of the font fontconfig picks for ``pattern`` under ``conf``."""
    done = subprocess.run(
        [str(FC_MATCH), "--format=%{family}|%{style}|%{embolden}", "--", pattern],
        capture_output=True,
        text=True,
        env=fonts.environment() | {"FONTCONFIG_FILE": str(conf)},
        check=True,
    )
    families, style, embolden = done.stdout.split("|")
    return families.split(","), style, embolden


def document_fonts(path: Path) -> set[str]:
    """The Chinese font names a .docx asks for, in its styles, body, headers and footers."""
    names: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if part.startswith("word/") and part.endswith(".xml"):
                text = archive.read(part).decode("utf-8")
                names.update(re.findall(r'w:(?:ascii|hAnsi|eastAsia)="([^"]*[^\x00-\x7f][^"]*)"', text))
    return names


def test_every_chinese_face_the_documents_name_is_mapped(tmp_path):
    """A face word.py starts to use without a rule in fonts.conf would fall to fontconfig's whim in the PDF."""
    named: set[str] = set()
    for example in sorted(DATA.glob("*/*.yaml")):
        for document in build(example, Options(tmp_path)).outputs:
            named |= document_fonts(document)
    assert named == set(fonts.DOCUMENT_FACES)
    assert named <= set(fonts._kinds(fonts.FONTS_CONF))


@needs_fontconfig
def test_libreoffice_reads_fonts_conf_where_the_system_configuration_it_includes_is(tmp_path, monkeypatch):
    assert fonts.environment()["FONTCONFIG_FILE"] == str(fonts.FONTS_CONF)
    elsewhere = tmp_path / "fonts.conf"
    text = fonts.FONTS_CONF.read_text(encoding="utf-8")
    elsewhere.write_text(text.replace("/etc/fonts/fonts.conf", str(tmp_path / "无此文件.conf")), encoding="utf-8")
    monkeypatch.setattr(fonts, "FONTS_CONF", elsewhere)
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert "FONTCONFIG_FILE" not in fonts.environment(), "fontconfig would know no font at all"


KAI = set(KAI_FACES)
EXPECTED = {
    "方正小标宋简体": {"Noto Serif CJK SC"},
    "方正小标宋_GBK": {"Noto Serif CJK SC"},
    "黑体": {"Noto Sans CJK SC"},
    "SimHei": {"Noto Sans CJK SC"},
    "楷体_GB2312": KAI,
    "楷体": KAI,
    "KaiTi": KAI,
    "仿宋_GB2312": {"Noto Serif CJK SC"},
    "仿宋": {"Noto Serif CJK SC"},
    "FangSong": {"Noto Serif CJK SC"},
    "宋体": {"Noto Serif CJK SC"},
    "SimSun": {"Noto Serif CJK SC"},
}


def test_every_face_fonts_conf_maps_has_an_expectation():
    assert set(fonts._kinds(fonts.FONTS_CONF)) == set(EXPECTED)


@needs_faces
@pytest.mark.parametrize("face", sorted(EXPECTED))
@pytest.mark.parametrize("lang", [":lang=zh-cn", ":lang=ja", ""])
def test_each_face_is_a_simplified_chinese_face_of_its_kind(face, lang):
    """Whatever language the text is marked as (a template made on a Japanese system, say)."""
    families, style, embolden = match(face + lang)
    assert set(families) & EXPECTED[face], families
    if "小标宋" in face:
        assert (style, embolden) == ("Bold", "False")


@needs_faces
@pytest.mark.parametrize("pattern", ["Times New Roman", "sans-serif", "serif", "Courier", "无此字体"])
def test_chinese_text_in_a_face_without_chinese_falls_back_to_simplified_chinese(pattern):
    families, _, _ = match(f"{pattern}:charset=76f4")  # 直, whose Japanese and Chinese forms differ
    assert families[0].endswith(" SC"), families


@needs_faces
def test_latin_text_keeps_the_systems_faces():
    families, _, _ = match("sans-serif")
    assert families == match("sans-serif", Path("/etc/fonts/fonts.conf"))[0]


SCANNED = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <match target="scan">
    <test name="file"><string>{file}</string></test>
    <edit name="family" mode="assign_replace"><string>方正小标宋简体</string></edit>
  </match>
  <include>{conf}</include>
</fontconfig>
"""


@needs_fontconfig
def test_an_installed_face_is_used_as_it_is_and_not_thickened(tmp_path, monkeypatch):
    """A clerk who installed 方正小标宋简体 (here: a font renamed so) gets it, in its own weight, with no note."""
    found = subprocess.run([str(FC_MATCH), "--format=%{file}", "serif"], capture_output=True, text=True, check=True)
    source = Path(found.stdout)
    (tmp_path / "fonts").mkdir()
    font = tmp_path / "fonts" / f"installed{source.suffix}"
    shutil.copyfile(source, font)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        SCANNED.format(fonts=font.parent, cache=tmp_path / "cache", file=font, conf=fonts.FONTS_CONF), encoding="utf-8"
    )
    families, _, embolden = match("方正小标宋简体:lang=zh-cn", conf)
    assert (families, embolden) == (["方正小标宋简体"], "False")  # the rules ask for bold, to pick Noto's bold face
    monkeypatch.setattr(fonts, "FONTS_CONF", conf)
    assert not [d for d in fonts.substitutions() if "方正小标宋简体" in d.message]


WITHOUT_KAI = """  <selectfont><rejectfont>
    <pattern><patelt name="family"><string>LXGW WenKai</string></patelt></pattern>
    <pattern><patelt name="family"><string>AR PL UKai CN</string></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>"""


def without_kai(folder: Path) -> Path:
    """``fonts.conf`` as on a machine with no Kai face."""
    conf = folder / "fonts.conf"
    conf.write_text(fonts.FONTS_CONF.read_text(encoding="utf-8").replace("</fontconfig>", WITHOUT_KAI), "utf-8")
    return conf


@needs_office
@needs_faces
def test_without_a_kai_face_the_pdf_is_made_and_the_stand_in_is_named(cli, write_yaml, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "FONTS_CONF", without_kai(tmp_path))
    run = cli("build", write_yaml(MINIMAL), "-o", tmp_path / "out", "--pdf")
    assert run.exit_code == 0, run.output
    assert list((tmp_path / "out").rglob("*.pdf"))
    assert "提示：PDF 中的“楷体_GB2312”用“Noto Serif CJK SC”代替（本机没有楷体_GB2312、楷体、LXGW WenKai" in run.output
    assert "“黑体”用" not in run.output and "“方正小标宋简体”用" not in run.output


@needs_faces
def test_a_batch_names_a_stand_in_once(cli, write_yaml, tmp_path, monkeypatch, fake_office):
    monkeypatch.setattr(fonts, "FONTS_CONF", without_kai(tmp_path))
    (tmp_path / "units").mkdir()
    for name in ("甲所", "乙所", "丙所"):
        write_yaml(MINIMAL.replace("测试县公安局", name), f"units/{name}.yaml")
    run = cli("batch", tmp_path / "units", "-o", tmp_path / "out", "--pdf", "--jobs", "1")
    assert run.exit_code == 0, run.output
    assert run.output.count("PDF 中的“楷体_GB2312”用“Noto Serif CJK SC”代替") == 1


@needs_office
@needs_faces
@pytest.mark.skipif(any(map(installed, ("仿宋_GB2312", "仿宋", "FangSong"))), reason="本机装有仿宋字体")
def test_with_the_faces_installed_only_fangsong_is_named(cli, write_yaml, tmp_path):
    """No free FangSong is packaged: the body's stand-in is said; the faces of their own kind are not."""
    run = cli("build", write_yaml(MINIMAL), "-o", tmp_path / "out", "--pdf")
    assert run.exit_code == 0, run.output
    notes = [line for line in run.output.splitlines() if line.startswith("提示：PDF 中的")]
    assert [note.split("”")[0] for note in notes] == ["提示：PDF 中的“仿宋_GB2312"]


def pdf_objects(path: Path) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", path.read_bytes(), re.DOTALL)}


def stream(body: bytes) -> bytes:
    found = re.search(rb"stream\r?\n(.*)endstream", body, re.DOTALL)
    assert found is not None
    return zlib.decompress(found[1]) if b"/FlateDecode" in body[: found.start()] else found[1]


def glyphs(path: Path) -> dict[tuple[str, str], set[str]]:
    """The glyphs (by name) each embedded Type 1 font draws each character with: {(font, char): {glyph}}.

    LibreOffice embeds the Noto CJK faces as Type 1 subsets whose glyphs are
    named by CID; the Japanese and the Chinese form of 直 have different CIDs.
    """
    objects = pdf_objects(path)
    drawn: dict[tuple[str, str], set[str]] = {}
    for body in objects.values():
        font = re.search(rb"/BaseFont/(?:[A-Z]+\+)?([^\s/]+)", body)
        program = re.search(rb"/FontDescriptor (\d+) 0 R", body)
        unicode = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if not (font and program and unicode):
            continue
        file = re.search(rb"/FontFile (\d+) 0 R", objects[int(program[1])])
        if file is None:
            continue
        names = dict(re.findall(rb"dup (\d+) /(\S+) put", stream(objects[int(file[1])])))
        pairs = b"".join(re.findall(rb"beginbfchar(.*?)endbfchar", stream(objects[int(unicode[1])]), re.DOTALL))
        for code, char in re.findall(rb"<([0-9A-F]+)>\s*<([0-9A-F]{4})>", pairs):
            glyph = names.get(str(int(code, 16)).encode())
            if glyph:
                key = (font[1].decode(), bytes.fromhex(char.decode()).decode("utf-16-be"))
                drawn.setdefault(key, set()).add(glyph.decode())
    return drawn


def paragraphs(path: Path, runs: list[tuple[str, bool]], text: str) -> Path:
    document = Document()
    for face, bold in runs:
        run = document.add_paragraph().add_run(text)
        run.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    document.save(str(path))
    return path


@needs_office
@needs_faces
def test_the_documents_faces_are_drawn_with_simplified_chinese_glyphs(tmp_path):
    """Compared glyph by glyph with Noto's own SC faces (the PDF names every Noto CJK face …CJKjp…: the
    collection's faces share one font program, and that is its name)."""
    text = "直骨角"  # each has a Japanese form that differs from the Chinese one
    ours = paragraphs(tmp_path / "ours.docx", [(face, False) for face in fonts.DOCUMENT_FACES], text)
    reference = paragraphs(
        tmp_path / "sc.docx",
        [("Noto Serif CJK SC", False), ("Noto Serif CJK SC", True), ("Noto Sans CJK SC", False)],
        text,
    )
    pdf.to_pdf([ours, reference])
    expected = glyphs(reference.with_suffix(".pdf"))
    if not expected:
        pytest.skip("this LibreOffice embeds CJK fonts in a form the test does not read")
    drawn = {key: names for key, names in glyphs(ours.with_suffix(".pdf")).items() if key[1] in text}
    noto = {key: names for key, names in drawn.items() if "CJK" in key[0]}
    assert {font for font, _ in noto} == {font for font, _ in expected}  # serif, serif bold, sans
    assert noto == {key: names for key, names in expected.items() if key[1] in text}


@needs_office
@needs_faces
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="未安装 poppler-utils（pdffonts）")
def test_each_example_report_has_its_title_headings_and_body_in_distinct_faces(tmp_path):
    documents = []
    for example in sorted(DATA.glob("*/*.yaml")):
        documents += [p for p in build(example, Options(tmp_path)).outputs if "报告" in p.name]
    for report in pdf.to_pdf(documents):
        listing = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True, check=True).stdout
        names = {re.sub(r"^[A-Z]+\+|-VKana$", "", line.split()[0]) for line in listing.splitlines()[2:]}
        chinese = {name for name in names if "CJK" in name or "Kai" in name}
        assert {"NotoSerifCJKjp-Bold", "NotoSansCJKjp-Regular", "NotoSerifCJKjp-Regular"} <= chinese, report
        assert [name for name in chinese if "Kai" in name], report  # 楷体: LXGW WenKai or AR PL UKai
