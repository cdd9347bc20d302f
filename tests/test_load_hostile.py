"""Hostile inputs that cannot be committed to tests/bad_inputs/ (devices, pipes, link loops, long
names, permissions), the limits of the loader, and the warnings about text a clerk would lose."""

from __future__ import annotations

import errno
import os
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import DATA, MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.commands.rollover import rollover
from reportgen.commands.skeleton import skeleton
from reportgen.errors import ReportgenError, Severity
from reportgen.read.compose import MAX_DEPTH
from reportgen.read.decode import MAX_FILE_BYTES, decode, read_bytes
from reportgen.read.inherit import load_unit
from reportgen.read.load import load, parse

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices, pipes and name limits")


def refusal(call, *args) -> list[str]:
    """``str`` of each diagnostic of the ReportgenError that ``call(*args)`` raises."""
    with pytest.raises(ReportgenError) as caught:
        call(*args)
    return [str(d) for d in caught.value.diagnostics]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- reading: devices, pipes, links, names, permissions ---------------------------------------


NO_PERMISSION = "没有读取这个文件的权限：请检查文件的属性或安全设置，或把文件复制到自己的文件夹再试"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it(cli, tmp_path):
    run = cli("build", "/dev/zero", "-o", tmp_path / "out")
    assert run.exit_code == 2
    assert "/dev/zero：错误：这是一个设备（如 /dev/zero、CON），不是文件：应为 YAML 文件" in run.output


@posix_only
def test_an_endless_pipe_is_read_only_to_the_limit():
    """A pipe reports no size: what stops the read is the limit, not st_size."""
    reader, writer = os.pipe()
    written = []

    def flood() -> None:  # 64 MB unless the reader stops reading first
        chunk = b"a" * 65536
        try:
            for _ in range(1024):
                written.append(os.write(writer, chunk))
        except OSError:  # the reader has gone
            pass
        finally:
            os.close(writer)

    thread = threading.Thread(target=flood)
    thread.start()
    try:
        messages = refusal(read_bytes, Path(f"/dev/fd/{reader}"))
    finally:
        os.close(reader)
        thread.join()
    assert messages == [
        f"/dev/fd/{reader}：错误：文件超过5MB，不像是一个单位的数据文件：请检查是否粘贴了图片或大量重复内容"
    ]
    assert sum(written) < 2 * MAX_FILE_BYTES  # the limit and the pipe's buffer, not the whole flood


@posix_only
def test_a_symlink_loop_is_named_as_such(cli, tmp_path):
    (tmp_path / "甲.yaml").symlink_to(tmp_path / "乙.yaml")
    (tmp_path / "乙.yaml").symlink_to(tmp_path / "甲.yaml")
    run = cli("build", tmp_path / "甲.yaml", "-o", tmp_path / "out")
    assert run.exit_code == 2
    assert "甲.yaml：错误：快捷方式（符号链接）互相指向，形成了循环，找不到真正的文件" in run.output


@posix_only
def test_a_name_too_long_for_the_system(cli, tmp_path):
    run = cli("build", tmp_path / ("长" * 300 + ".yaml"), "-o", tmp_path / "out")
    assert run.exit_code == 2
    assert "错误：文件名或路径过长，请改短文件名或移到较浅的文件夹" in run.output


def test_a_file_without_permission(tmp_path, monkeypatch):
    path = write(tmp_path, "2024.yaml", MINIMAL)
    denied = Path.open

    def deny(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return denied(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)  # the tests run as root: simulate it (in this process, not a worker)
    with pytest.raises(ReportgenError) as raised:
        load(path)
    assert str(raised.value) == f"{path}：错误：{NO_PERMISSION}"


def test_a_file_of_exactly_the_limit_is_read_and_one_byte_more_is_not(tmp_path):
    path = tmp_path / "大.yaml"
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_bytes(path)) == MAX_FILE_BYTES
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert refusal(read_bytes, path) == [
        f"{path}：错误：文件超过5MB，不像是一个单位的数据文件：请检查是否粘贴了图片或大量重复内容"
    ]


# --- encodings --------------------------------------------------------------------------------


def test_a_line_separator_pasted_from_the_web_is_refused_at_the_editors_line():
    """YAML counts U+2028 as a line end and an editor does not: every line number after it would be off."""
    assert refusal(parse, "单位名称: 甲\n绩效目标: |\n  第一句\u2028第二句\n", "网.yaml") == [
        "网.yaml:3：错误：文件含有特殊的换行符（#x2028），多是从网页或 Word 复制带来的：请删除该处，或改为普通的换行"
    ]


def test_a_bom_less_utf16_file_full_of_the_character_yi_is_still_read():
    """一 is U+4E00: in UTF-16LE its low byte is zero, like the high byte of ASCII in UTF-16BE."""
    text = "单位名称: 一一一一\n绩效目标: 一村一辅警，一一落实\n"
    assert decode(text.encode("utf-16-le"), "一.yaml")[0] == text


# --- nesting, anchors, documents, size --------------------------------------------------------


@pytest.fixture(params=["libyaml", "pure Python"])
def parser(request, monkeypatch):
    """Run a test with libyaml and again without it: both must refuse alike."""
    if request.param == "pure Python":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    return request.param


def test_nesting_is_refused_where_it_goes_too_deep(parser):
    text = "单位名称: 甲\n数据:\n  x: " + "[" * 2_000_000 + "\n"  # a C stack would overflow composing this
    assert refusal(parse, text, "深.yaml") == [
        f"深.yaml:3：错误：嵌套层次过深（超过{MAX_DEPTH}层）：请检查是否多写了“[”“{{”或“- ”，或缩进有误"
    ]


def test_nesting_at_the_limit_is_accepted(parser):
    text = "数据:\n  x: " + "[" * (MAX_DEPTH - 2) + "1" + "]" * (MAX_DEPTH - 2) + "\n"
    value = parse(text, "深.yaml").data["数据"]["x"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == 1


def test_nesting_built_up_through_aliases_is_refused(parser):
    lines = ["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, MAX_DEPTH + 2)]
    messages = refusal(parse, "\n".join(lines) + "\n", "引用.yaml")
    assert messages == [f"引用.yaml:1：错误：嵌套层次过深（超过{MAX_DEPTH}层）：引用（*名称）层层嵌套"]


def test_anchor_problems_are_located(parser):
    assert refusal(parse, "a: &x 1\nb: &x 2\n", "锚.yaml") == [
        "锚.yaml:2：错误：锚点“&x”重复定义（第一次在第1行）：请给其中一个换一个名称"
    ]
    assert refusal(parse, "a: 1\nb: *x\n", "锚.yaml") == [
        "锚.yaml:2：错误：引用了未定义的锚点“*x”：应先在前面用“&x”定义"
    ]


def test_an_empty_document_marker_is_an_empty_file():
    assert refusal(parse, "---\n", "空.yaml") == [
        "空.yaml：错误：文件是空的（或只有注释），应至少填写 单位名称 和 年度"
    ]


def test_a_single_line_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "一行.yaml"
    head = "单位名称: 甲\n绩效目标: "
    path.write_text(head + "字" * ((MAX_FILE_BYTES - len(head.encode())) // 3), encoding="utf-8")
    assert len(load(path).data["绩效目标"]) == (MAX_FILE_BYTES - len(head.encode())) // 3


def test_a_line_of_five_megabytes_of_values_is_refused_before_memory_runs_out(tmp_path):
    path = tmp_path / "一行.yaml"
    path.write_text("数据: [" + "1," * (MAX_FILE_BYTES // 2 - 10) + "]", encoding="utf-8")
    assert refusal(load, path) == [f"{path}:1：错误：文件过大或含有大量重复引用（&/*），拒绝读取"]


# --- values -----------------------------------------------------------------------------------


def test_an_exponent_loads_as_a_number_for_the_field_check():
    doc = parse("人员编制:\n  在职人员:\n    编制数: 1.0e+26\n", "人.yaml")
    assert doc.data["人员编制"]["在职人员"]["编制数"] == Decimal("1E+26")


def test_a_number_of_forty_digits_is_read_and_of_forty_one_is_not():
    assert parse("数据:\n  x: " + "9" * 40 + "\n", "数.yaml").data["数据"]["x"] == int("9" * 40)
    assert refusal(parse, "数据:\n  x: " + "9" * 41 + "\n", "数.yaml") == [
        f"数.yaml:2：数据.x：错误：数字位数过多（应不超过40位），实际为“{'9' * 30}…”：请检查是否粘贴错误"
    ]


def test_explicit_tags_are_constructed_or_refused_with_the_line():
    doc = parse("a: !!str 123\nb: !!bool yes\nc: !!null\n", "标签.yaml")
    assert doc.data == {"a": "123", "b": True, "c": None}
    assert refusal(parse, "a: !!null 有内容\nb: !!timestamp 2024-01-01 25:00:00\n", "标签.yaml") == [
        "标签.yaml:1：a：错误：标签“!!null”表示空值，实际写了“有内容”：请去掉标签",
        "标签.yaml:2：b：错误：时刻不存在：应为 0–23 时、0–59 分，实际为“2024-01-01 25:00:00”",
    ]


def test_no_text_reaches_later_stages_unencodable():
    doc = parse('a: "\\u00e9\\t\\U0001F600"\n', "字.yaml")
    assert doc.data["a"] == "é\t😀"
    assert refusal(parse, 'a: "\\udfff"\n', "字.yaml") == [
        "字.yaml:1：a：错误：文字中含有不可见的控制字符或无效字符（#xdfff），多是双引号里的转义写法（如 \\x00、\\ud800）带来的：请删除该处"
    ]


# --- keys and merges --------------------------------------------------------------------------


def test_keys_that_are_not_text_or_empty_are_located():
    assert refusal(parse, '? {甲: 1}\n: 2\n"": 3\n', "键.yaml") == [
        "键.yaml:1：错误：键应为文字，实际为“键: 值”的映射",
        "键.yaml:3：错误：键不能为空：冒号“:”前应写出键的名称",
    ]


def test_merges_keep_their_meaning():
    text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n"
    doc = parse(text, "合并.yaml")
    assert doc.data["c"] == {"x": 3, "y": 1, "z": 2}  # written keys win, then the first merged mapping
    assert doc.lines[("c", "x")] == 5 and doc.lines[("c", "z")] == 2  # a merged key is located where it is written


def test_a_merge_bomb_is_refused(parser):
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4}"]
    lines += [f"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}, *m{i - 1}, *m{i - 1}], k{i}: 1}}" for i in range(1, 20)]
    messages = refusal(parse, "\n".join(lines) + "\n", "炸弹.yaml")
    assert len(messages) == 1 and messages[0].endswith("错误：文件过大或含有大量重复引用（&/*），拒绝读取")


# --- 继承: every way the common file can be unreadable is reported at the 继承 line ---------------


DAMAGED_UTF16 = (
    "文件是 UTF-16（记事本“Unicode”）编码，但此处的内容不完整或已损坏（文件可能被截断或拼接过）："
    "请用记事本打开检查后“另存为”，编码选择 UTF-8"
)


INHERITS = "单位名称: 乙\n年度: 2024\n继承: {}\n"


def inherit_refusal(folder: Path, target: str) -> list[str]:
    unit = write(folder, "乙.yaml", INHERITS.format(target))
    return refusal(load_unit, unit)


@posix_only
def test_inheriting_a_symlink_loop(tmp_path):
    (tmp_path / "环.yaml").symlink_to(tmp_path / "环.yaml")
    assert inherit_refusal(tmp_path, "环.yaml") == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“环.yaml”：快捷方式（符号链接）互相指向，形成了循环，找不到真正的文件"
    ]


@posix_only
def test_inheriting_a_name_too_long(tmp_path):
    name = "共" * 300 + ".yaml"
    assert inherit_refusal(tmp_path, name) == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“{name}”：文件名或路径过长，请改短文件名或移到较浅的文件夹"
    ]


def test_inheriting_a_folder(tmp_path):
    (tmp_path / "共同").mkdir()
    assert inherit_refusal(tmp_path, "共同") == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“共同”：这是一个文件夹，应为 YAML 文件"
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_inheriting_a_device(tmp_path):
    assert inherit_refusal(tmp_path, "/dev/zero") == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“/dev/zero”：这是一个设备（如 /dev/zero、CON），不是文件：应为 YAML 文件"
    ]


def test_inheriting_a_file_without_permission(tmp_path, monkeypatch):
    common = write(tmp_path, "共同.yaml", "职能职责:\n  - 一项\n")
    denied = Path.open

    def deny(self, *args, **kwargs):
        if self.name == common.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return denied(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    assert inherit_refusal(tmp_path, "共同.yaml") == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“共同.yaml”：{NO_PERMISSION}"
    ]


def test_inheriting_a_missing_file(tmp_path):
    assert inherit_refusal(tmp_path, "无.yaml") == [
        f"{tmp_path / '乙.yaml'}:3：继承：错误：无法读取继承的文件“无.yaml”：文件不存在（应与本文件在同一文件夹，或写出相对路径）"
    ]


def test_the_inherited_files_own_damage_names_that_file(tmp_path):
    common = tmp_path / "共同.yaml"
    common.write_bytes(b"\xff\xfe" + "职能职责:\n  - 一项\n".encode("utf-16-le") + b"\x41")
    assert inherit_refusal(tmp_path, "共同.yaml") == [f"{common}:3：错误：{DAMAGED_UTF16}"]


# --- warnings about text the clerk would lose -------------------------------------------------


CUT = (
    "被当作注释，不会出现在报告中（空格后的“#”表示注释）：如果这是报告中的文字，请给整段文字加上引号，或改用“|”多行写法"
)


FOLDED = "这段文字写成了多行，但没有用“|”，各行会被连成一段：如要按行分段，请写成“键: |”（列表项写“- |”），下面每行缩进写一段"


def warnings(text: str) -> list[str]:
    return [str(d) for d in parse(text, "文.yaml").notes if d.severity is Severity.WARNING]


def test_text_cut_by_a_comment_is_warned_with_its_line():
    assert warnings("单位名称: 甲\n职能职责:\n  - 发放2150张 #比上年多\n") == [
        f"文.yaml:3：职能职责[1]：警告：“#比上年多”{CUT}"
    ]


def test_comments_that_lose_nothing_are_not_warned():
    text = (
        "# 注释单独一行\n"
        "单位名称: 甲  # 有意的注释：两个空格再“# ”\n"
        "年度: 2024 #数字后的注释\n"
        "落款:\n  日期: 2025-01-01 #日期后的注释\n"
        "设置:\n  生成附表: 否 #是否后的注释\n  金额单位: #空值后的注释\n"
        "数据:\n  x: true #布尔值后的注释\n"
        "职能职责:\n  - 1#楼维修\n  - '引号里的 #号'\n  - |\n    多行写法里的 #号\n"
    )
    assert warnings(text) == []


def test_text_over_several_lines_without_a_bar_is_warned_with_its_line():
    assert warnings("单位名称: 甲\n绩效目标:\n  第一行\n  第二行\n") == [f"文.yaml:3：绩效目标：警告：{FOLDED}"]
    assert warnings('单位名称: 甲\n职能职责:\n  - "第一行\n    第二行"\n') == [
        f"文.yaml:3：职能职责[1]：警告：{FOLDED}"
    ]


def test_a_quoted_text_whose_paragraphs_are_kept_is_not_warned():
    """How PyYAML writes a text with line breaks: a blank line for each, nothing joined."""
    assert warnings("绩效目标: '第一段\n\n  第二段'\n") == []


def test_files_written_by_reportgen_init_give_no_warnings(tmp_path):
    path = write(tmp_path, "2025.yaml", skeleton("测试单位", 2025))
    assert [d for d in load(path).notes if d.severity is Severity.WARNING] == []


@pytest.mark.parametrize("example", ["通道/2024.yaml", "衡南/2021.yaml", "乐至/2020.yaml"])
def test_the_shipped_examples_and_their_next_years_give_no_warnings(tmp_path, example):
    assert load(DATA / example).notes == []
    path = write(tmp_path, "next.yaml", rollover(DATA / example, 2030))
    assert load(path).notes == []


# --- anything at all: only ReportgenError, only encodable text --------------------------------


PIECES = [
    *"a键[]{},~#|>@`'\"\\\n\r\t\ufeff\ud800",
    *(": ", "  ", "- ", "? ", "<<: ", "&x ", "*x", "!!int ", "!!bool ", "!!timestamp ", "!!binary ", "!!set "),
    *("!foo ", "! ", "yes", "1.5", "1e5", "2024-02-30", "9" * 50, " #注", '"\\x00"', '"\\ud800"'),
    *("---\n", "...\n", "%YAML 1.1\n", "%TAG ! !x\n", "\x85", "\u2028"),
]


def assert_clean(value) -> None:
    """Every text in the data can be written to a document."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert_clean(key)
            assert_clean(item)
    elif isinstance(value, list):
        for item in value:
            assert_clean(item)
    elif isinstance(value, str):
        value.encode("utf-8")
        assert yaml.reader.Reader.NON_PRINTABLE.search(value) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_yaml_soup_is_loaded_or_refused(pieces):
    try:
        doc = parse("".join(pieces), "汤.yaml")
    except ReportgenError as exc:
        assert all(d.message for d in exc.diagnostics)
    else:
        assert_clean(doc.data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_decoded_or_refused(raw):
    try:
        text, _ = decode(raw, "字节.yaml")
    except ReportgenError:
        return
    text.encode("utf-8")
    try:
        doc = parse(text, "字节.yaml")
    except ReportgenError:
        return
    assert_clean(doc.data)
