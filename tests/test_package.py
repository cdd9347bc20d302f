"""The package around the body: fonts Word and WPS can substitute, Chinese defaults, the document's own properties."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

from conftest import DATA
from docx import Document
from lxml import etree

from reportgen.documents.package import build_time
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_build_time_is_now_or_the_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert abs(build_time() - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # reproducible builds: 2025-01-01 00:00 UTC
    assert build_time() == dt.datetime(2025, 1, 1)


def test_documents_carry_their_title_unit_and_build_time(tmp_path):
    outputs = build(DATA / "通道/2024.yaml", Options(tmp_path)).outputs
    for path in outputs:
        properties = Document(str(path)).core_properties
        assert properties.author == "通道侗族自治县公安局"
        assert properties.created == properties.modified
        assert abs(properties.created - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)
        assert properties.language == "zh-CN" and not properties.comments
        with zipfile.ZipFile(path) as package:
            assert b"<Application>reportgen</Application>" in package.read("docProps/app.xml")
            assert "docProps/thumbnail.jpeg" not in package.namelist()
    titles = sorted(Document(str(path)).core_properties.title for path in outputs)
    assert titles == ["通道侗族自治县公安局2024年度部门整体支出绩效自评报告", "通道侗族自治县公安局2024年度项目支出绩效自评表"]


def test_the_font_table_declares_the_official_fonts_with_chinese_stand_ins(tmp_path):
    for path in build(DATA / "乐至/2020.yaml", Options(tmp_path)).outputs:
        with zipfile.ZipFile(path) as package:
            table = etree.fromstring(package.read("word/fontTable.xml"))
            styles = package.read("word/styles.xml").decode()
            settings = etree.fromstring(package.read("word/settings.xml"))
        fonts = {font.get(f"{W}name"): font for font in table.iter(f"{W}font")}
        fonts_of = " ".join(re.findall(r"<w:rFonts [^>]*>", styles))
        named = set(re.findall(r'w:(?:eastAsia|ascii|hAnsi|cs)="([^"]+)"', fonts_of))
        assert named <= set(fonts), f"fonts the styles name but the table does not declare: {named - set(fonts)}"
        if path.name.endswith("报告.docx"):
            assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "Times New Roman"} <= named
        for name, alternative in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")):
            assert fonts[name].find(f"{W}altName").get(f"{W}val") == alternative
            assert fonts[name].find(f"{W}charset").get(f"{W}val") == "86"  # GB2312
        assert not any("ＭＳ" in name for name in fonts), "Japanese fonts of python-docx's template"
        assert settings.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"
