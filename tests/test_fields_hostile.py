"""Hostile values in every kind of field and placeholder: read as meant, or refused in located Chinese.

Each case here was found by trying huge, negative, non-finite, empty, wrongly
typed, invisible and look-alike values at every field of data/通道/2024.yaml
and in placeholders: before, each crashed, printed a Python repr, was
misread without a word, or answered in English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from conftest import DATA, MINIMAL, docx_text
from docx import Document as WordDocument
from pydantic import ValidationError

from reportgen.documents.filters import (
    NotShowable,
    PlaceholderError,
    amount,
    change_phrase,
    chinese_date,
    enumerate_as,
    integer,
    percent,
    score,
    sentence,
    wan_yuan,
)
from reportgen.documents.narrative import environment
from reportgen.errors import ReportgenError
from reportgen.model.jsonschema import input_schema
from reportgen.model.schema import Report
from reportgen.read.load import parse
from reportgen.read.validate import _BOUNDS, _EXPECTED, validate

FILE = "单位.yaml"


def refusal(text: str) -> str:
    """The one error message for ``text`` (a whole input file), as printed: ``file:line：path：错误：message``."""
    with pytest.raises(ReportgenError) as caught:
        validate(parse(text, FILE))
    errors = [str(d) for d in caught.value.diagnostics]
    assert len(errors) == 1, errors
    return errors[0]


def accepted(text: str) -> Report:
    return validate(parse(text, FILE))


def with_budget(line: str) -> str:
    """MINIMAL with its 年初预算数 (line 4) written as ``line``."""
    return MINIMAL.replace("年初预算数: 100", line)


# --- every pydantic error type the schema produces has its own Chinese message -------------------

ERROR_TYPES = [
    (
        "missing",
        "单位名称: 测试\n预算: {执行数: 1}\n",
        "单位.yaml：年度：错误：缺少必填字段“年度”（评价的预算年度，如 2024）",
    ),
    ("extra_forbidden", MINIMAL + "前言x: 1\n", "单位.yaml:8：前言x：错误：未知字段“前言x”，是否应为“前言”？"),
    ("decimal_type", with_budget("年初预算数: [1]"), "单位.yaml:4：预算.年初预算数：错误：应为数字，实际为列表"),
    (
        "finite_number",
        with_budget("年初预算数: .nan"),
        "单位.yaml:4：预算.年初预算数：错误：应为有限的数字，实际为“NaN”（不是数字）",
    ),
    ("int_type", MINIMAL.replace("年度: 2024", "年度: [2024]"), "单位.yaml:2：年度：错误：应为整数，实际为列表"),
    (
        "string_type",
        MINIMAL.replace("单位名称: 测试县公安局", "单位名称: [甲]"),
        "单位.yaml:1：单位名称：错误：应为文字，实际为列表",
    ),
    (
        "list_type",
        MINIMAL + "职能职责: {甲: 1}\n",
        "单位.yaml:8：职能职责：错误：应为列表（每项以“- ”开头），实际为“键: 值”的映射",
    ),
    ("dict_type", MINIMAL + "数据: [1]\n", "单位.yaml:8：数据：错误：应为“键: 值”的映射，实际为列表"),
    ("model_type", MINIMAL + "落款: 甲\n", "单位.yaml:8：落款：错误：应为“键: 值”的映射，实际为“甲”"),
    (
        "date_from_datetime_inexact",
        MINIMAL + "落款: {日期: 2025-05-29 10:30:00}\n",
        "单位.yaml:8：落款.日期：错误：应为日期（不带时刻，写作 2024-05-29），实际为“2025-05-29 10:30:00”",
    ),
    ("bool_parsing", MINIMAL + "汇总下级: 也许\n", "单位.yaml:8：汇总下级：错误：应为是 或 否，实际为“也许”"),
    ("bool_type", MINIMAL + "汇总下级: [是]\n", "单位.yaml:8：汇总下级：错误：应为是 或 否，实际为列表"),
    ("greater_than", MINIMAL + "设置: {总分值: 0}\n", "单位.yaml:8：设置.总分值：错误：应大于0，实际为“0”"),
    (
        "greater_than_equal",
        MINIMAL.replace("年度: 2024", "年度: 1999"),
        "单位.yaml:2：年度：错误：应不小于2000，实际为“1999”",
    ),
    (
        "less_than_equal",
        MINIMAL.replace("自评得分: 91", "自评得分: 100.5"),
        "单位.yaml:7：绩效自评.自评得分：错误：应不大于100，实际为“100.5”",
    ),
    (
        "decimal_max_places",
        MINIMAL.replace("自评得分: 91", "自评得分: 90.125"),
        "单位.yaml:7：绩效自评.自评得分：错误：最多2位小数，实际为“90.125”",
    ),
    ("too_short", MINIMAL.replace("单位名称: 测试县公安局", "单位名称: ''"), "单位.yaml:1：单位名称：错误：不能为空"),
    (
        "string_too_long",
        MINIMAL.replace("测试县公安局", "局" * 61),
        "单位.yaml:1：单位名称：错误：最多60个字，实际有61个字",
    ),
    (
        "literal_error",
        MINIMAL + "设置: {金额单位: 美元}\n",
        "单位.yaml:8：设置.金额单位：错误：应为“万元”、“元”之一，实际为“美元”",
    ),
    (
        "string_pattern_mismatch",
        MINIMAL + "设置: {增减动词: 增长}\n",
        "单位.yaml:8：设置.增减动词：错误：格式不符合要求，实际为“增长”（同比增减的措辞，写成“增长/下降”“上升/下降”或“增加/减少”）",
    ),
    (
        "value_error",
        with_budget("年初预算数: 一百"),
        "单位.yaml:4：预算.年初预算数：错误：请用阿拉伯数字书写，实际为“一百”",
    ),
]


@pytest.mark.parametrize(("kind", "text", "message"), ERROR_TYPES, ids=[c[0] for c in ERROR_TYPES])
def test_each_pydantic_error_type_has_a_chinese_message(kind, text, message):
    with pytest.raises(ValidationError) as raw:
        Report.model_validate(parse(text, FILE).data)
    assert kind in {error["type"] for error in raw.value.errors()}
    assert refusal(text) == message


def test_every_mapped_error_type_is_triggered_above():
    tested = {kind for kind, _, _ in ERROR_TYPES}
    assert set(_EXPECTED) | set(_BOUNDS) <= tested


def test_the_json_schema_states_each_numeric_range():
    schema = input_schema()
    assert schema["properties"]["年度"] | {"minimum": 2000, "maximum": 2099} == schema["properties"]["年度"]
    count = schema["$defs"]["StaffGroup"]["properties"]["编制数"]["anyOf"]
    assert {"type": "integer", "minimum": 0, "maximum": 1_000_000} in count
    score_options = schema["$defs"]["Evaluation"]["properties"]["自评得分"]["anyOf"]
    assert {"type": "number", "minimum": 0, "maximum": 100} in score_options


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ('"2024-02-30"', "2024年2月只有29天，实际为“2024-02-30”"),
        ('"2023-02-29"', "2023年2月只有28天，实际为“2023-02-29”"),
        ("2024年4月31日", "2024年4月只有30天，实际为“2024年4月31日”"),
        ('"2024-13-01"', "月份应为1到12，实际为“2024-13-01”"),
        ('"2024.0.10"', "月份应为1到12，实际为“2024.0.10”"),
        ('"2024/05/00"', "2024年5月只有31天，实际为“2024/05/00”"),
    ],
)
def test_a_date_that_does_not_exist_is_named(written, reason):
    message = refusal(MINIMAL + f"人员编制:\n  截至日期: {written}\n")
    assert message == f"单位.yaml:9：人员编制.截至日期：错误：不是有效的日期：{reason}"


@pytest.mark.parametrize("written", ["0", "1716940800", '"20240529"', "2024年", "2024-1²-01", "'٢٠٢٤-٠٥-٢٩'"])
def test_anything_but_a_written_date_is_refused_not_read_as_seconds(written):
    message = refusal(MINIMAL + f"落款:\n  日期: {written}\n")
    assert message.startswith("单位.yaml:9：落款.日期：错误：应为日期（写作 2024-05-29），实际为“")


def test_leap_day_and_full_width_dates_are_read():
    report = accepted(MINIMAL + "落款:\n  日期: ２０２４年２月２９日\n人员编制:\n  截至日期: 2024.12.31\n")
    assert report.signature.date == dt.date(2024, 2, 29)
    assert report.staff is not None and report.staff.as_of == dt.date(2024, 12, 31)


# --- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("１２３４．５６", "1234.56"),
        ("1,234.56", "1234.56"),
        ("１，２３４．５６", "1234.56"),
        ('" 1234.56 "', "1234.56"),
        ('"\u30001234.56"', "1234.56"),
        ("1234.56万元", "1234.56"),
        ("1234.56 万元", "1234.56"),
        ("-0.0", "0"),
    ],
)
def test_numbers_typed_as_clerks_type_them_are_read_exactly(written, value):
    report = accepted(with_budget(f"年初预算数: {written}"))
    assert report.budget.initial == D(value)
    assert str(report.budget.initial) != "-0.0"


@pytest.mark.parametrize("written", ["10²", "⑤", "12 34", "'٣'", "½", "'1_000'", "'1 234.56'", "五", "'0x10'", "1.2.3"])
def test_look_alike_numbers_are_refused_not_misread(written):
    message = refusal(with_budget(f"年初预算数: {written}"))
    assert message.startswith("单位.yaml:4：预算.年初预算数：错误：")
    assert re.search(r"应为数字，实际为“.+”|请用阿拉伯数字书写", message), message


def test_amounts_are_bounded_with_the_range_said():
    message = refusal(with_budget("年初预算数: 1.0e+14"))
    assert message == (
        "单位.yaml:4：预算.年初预算数：错误：数额过大，实际为“1.0E+14”：应不超过10000000000000，"
        "请检查是否多输了位数（金额单位为万元，或 设置.金额单位 所写的单位）"
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1.0e+26", "应不大于1000000，实际为“1.0E+26”"),
        ("1.0e+999999999", "数字位数过多（应不超过40位），实际为“1.0e+999999999”：请检查是否粘贴错误"),
        ('"' + "9" * 5000 + '"', "应不大于1000000，实际为“999999999999999999999999999999…”"),
        ("1000001", "应不大于1000000，实际为“1000001”"),
        ("-3", "不能为负数，实际为“-3”"),
        ("10.5", "应为整数，实际为“10.5”"),
        ("yes", "应为整数，实际为是/否"),
        ("⑤人", "应为整数，实际为“⑤人”"),
        ("三人", "请用阿拉伯数字书写，实际为“三人”"),
    ],
)
def test_counts_are_whole_and_bounded(written, message):
    text = MINIMAL + f"人员编制:\n  在职人员:\n    编制数: {written}\n"
    assert refusal(text) == f"单位.yaml:10：人员编制.在职人员.编制数：错误：{message}"


def test_counts_accept_full_width_separators_and_a_unit():
    report = accepted(MINIMAL + "人员编制:\n  在职人员:\n    编制数: １５２名\n    实有人数: '1,048人'\n")
    assert report.staff is not None and report.staff.serving is not None
    assert (report.staff.serving.authorised, report.staff.serving.actual) == (152, 1048)


def test_a_whole_decimal_count_is_an_integer():
    report = accepted(MINIMAL + "人员编制:\n  在职人员:\n    编制数: 152.0\n")
    assert report.staff is not None and report.staff.serving is not None
    assert report.staff.serving.authorised == 152 and type(report.staff.serving.authorised) is int


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("'٩١'", "应为数字，实际为“٩١”"),
        ("'9" + "9" * 4999 + "'", "应不大于100，实际为“999999999999999999999999999999…”"),
        ("-0.5", "不能为负数，实际为“-0.5”"),
    ],
)
def test_scores_are_read_like_amounts_and_bounded(written, message):
    assert refusal(MINIMAL.replace("自评得分: 91", f"自评得分: {written}")) == (
        f"单位.yaml:7：绩效自评.自评得分：错误：{message}"
    )


# --- text -----------------------------------------------------------------------------------------


def test_unquoted_dates_and_numbers_in_text_are_kept_as_written():
    report = accepted(
        MINIMAL + "其他需要说明的情况: 2024-12-31\n附件: [110, 95.50, 2024-01-05, 2024-1-5]\n标题: 2024\n"
    )
    assert report.other_matters == ["2024-12-31"]
    assert report.attachments == ["110", "95.50", "2024-01-05", "2024-1-5"]
    assert report.title == "2024"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("yes", "应为文字，实际为是/否：不加引号的 yes、no、on、off、true、false 会被读作是/否，要写这些词请加引号"),
        ("1.5e+3", "应为文字，实际为数字“1.5E+3”：要原样写出，请加引号"),
        (".inf", "应为文字，实际为数字无穷大：要原样写出，请加引号"),
    ],
)
def test_text_that_yaml_cannot_give_back_as_written_is_refused(written, message):
    assert refusal(MINIMAL + f"标题: {written}\n") == f"单位.yaml:8：标题：错误：{message}"


def test_an_unquoted_date_as_an_indicator_value_reaches_the_project_table(cli, write_yaml, tmp_path):
    project = (
        "项目支出:\n  执行数: 10\n  项目:\n    - 名称: 甲\n      年初预算数: 10\n      执行数: 10\n"
        "      年度目标: {预期: 按期完成}\n      绩效指标:\n"
        "        - {一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 完成时间, 预期指标值: 2024-12-31, 实际完成值: 2024-11-30}\n"
        "        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 办案数, 预期指标值: 100, 实际完成值: 98.5}\n"
    )
    run = cli("build", write_yaml(MINIMAL + project), "-o", tmp_path / "out")
    assert run.exit_code == 0, run.output
    table = docx_text(next((tmp_path / "out").rglob("*完成情况表.docx")))
    assert "2024-12-31\n2024-11-30" in table
    assert "100\n98.5" in table


@pytest.mark.parametrize(
    ("escaped", "message"),
    [
        ("甲\\u202e乙", "第2个字处含有改变文字方向的不可见字符（U+202E），多是从 Word 或网页粘贴带来的，请删除"),
        ("\\u2066甲", "第1个字处含有改变文字方向的不可见字符（U+2066），多是从 Word 或网页粘贴带来的，请删除"),
        ("甲\\x01", "文字中含有不可见的控制字符或无效字符（#x0001），多是双引号里的转义写法"),
        ("甲\\x85乙", "第2个字处含有不可见的控制字符（U+0085），多是从 Word 或网页粘贴带来的，请删除"),
        ("甲\\uffff", "文字中含有不可见的控制字符或无效字符（#xffff），多是双引号里的转义写法"),
    ],
)
def test_invisible_controls_in_text_are_refused_where_they_stand(escaped, message):
    assert refusal(MINIMAL + f'标题: "{escaped}"\n').startswith(f"单位.yaml:8：标题：错误：{message}")


def test_harmless_invisible_characters_and_line_separators_are_kept():
    report = accepted(MINIMAL + '标题: "甲\\u200b乙"\n前言: "第一段\\u2028第二段"\n')
    assert report.title == "甲\u200b乙"
    assert report.preface == ["第一段", "第二段"]


def test_a_bad_name_in_a_mapping_is_located_at_its_entry():
    message = refusal(MINIMAL + '人员编制:\n  在职人员:\n    构成:\n      民警: 3\n      "辅\\u202e": 2\n')
    assert message == (
        "单位.yaml:12：人员编制.在职人员.构成.辅[U+202E]：错误：名称“辅[U+202E]”不可用："
        "第2个字处含有改变文字方向的不可见字符（U+202E），多是从 Word 或网页粘贴带来的，请删除"
    )


def test_a_key_with_a_surrogate_is_located_and_printable():
    message = refusal(MINIMAL + '人员编制:\n  在职人员:\n    "\\ud800键": 1\n')
    assert message.startswith(
        "单位.yaml:10：人员编制.在职人员.[U+D800]键：错误：文字中含有不可见的控制字符或无效字符（#xd800）"
    )
    assert message.encode("utf-8")


def test_a_pasted_number_alone_is_kept_as_a_duty():
    assert accepted(MINIMAL + "职能职责: ['1、', '2、负责治安']\n").duties == ["1、", "负责治安"]


# --- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: percent(0.0267), "2.67%"),
        (lambda: percent(56, 58.0), "96.55%"),
        (lambda: wan_yuan(1234.5), "1234.50万元"),
        (lambda: amount(0.1 + 0.2), "0.30"),
        (lambda: score(96.90), "96.9"),
        (lambda: integer(1e3), "1000"),
        (lambda: amount(D("-0.001")), "0.00"),
        (lambda: wan_yuan(D("-0.004")), "0.00万元"),
        (lambda: percent(D("-0.00001")), "0.00%"),
        (lambda: percent(-0.0), "0%"),
        (lambda: integer(D("-0.4")), "0"),
        (lambda: score(D("-0.001")), "0"),
        (lambda: change_phrase(D("-0.001"), D("0.001")), "本年与上年均未发生"),
        (lambda: enumerate_as(3.0, "（一）"), "（三）"),
        (lambda: enumerate_as(D(999), "一、"), "九百九十九、"),
        (lambda: enumerate_as("12", "1."), "12."),
    ],
)
def test_filters_read_literals_exactly_and_never_show_negative_zero(call, expected):
    assert call() == expected


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wan_yuan(float("inf")), "数字超出可显示的范围（绝对值应小于1000000000000000000），实际为无穷大"),
        (
            lambda: percent(float("nan")),
            "数字超出可显示的范围（绝对值应小于1000000000000000000），实际为NaN（不是数字）",
        ),
        (lambda: amount(D("NaN")), "数字超出可显示的范围（绝对值应小于1000000000000000000），实际为NaN（不是数字）"),
        (lambda: integer(10**30), "数字超出可显示的范围（绝对值应小于1000000000000000000），实际为一个31位的数"),
        (lambda: amount("Infinity"), "应为数字，实际为“Infinity”"),
        (lambda: amount("１２"), "应为数字，实际为“１２”"),
        (lambda: amount({"执行数": 1}), "应为数字，实际为一组数据"),
        (lambda: percent(1, [2]), "应为数字，实际为列表"),
        (lambda: score(True), "应为数字，实际为是/否"),
        (lambda: enumerate_as(100000), "编号应为1到999之间的整数，实际为“100000”"),
        (lambda: enumerate_as(0), "编号应为1到999之间的整数，实际为“0”"),
        (lambda: enumerate_as(-1), "编号应为1到999之间的整数，实际为“-1”"),
        (lambda: enumerate_as(2.5), "编号应为1到999之间的整数，实际为“2.5”"),
        (lambda: enumerate_as("x"), "编号应为1到999之间的整数，实际为“x”"),
        (lambda: enumerate_as(None), "编号应为1到999之间的整数，实际为空值"),
        (lambda: enumerate_as(1, ["1."]), "未知的编号样式列表，可用：一、 （一） 1. 1、 （1） 一是 ⑴"),
        (lambda: sentence({"a": 1}), "“成句”用于文字，实际为一组数据"),
        (lambda: sentence(D("1.5")), "“成句”用于文字，实际为“1.5”"),
        (lambda: chinese_date("2024-05-29"), "应为日期，实际为“2024-05-29”"),
        (lambda: change_phrase(1, 2, 5), "增减的单位应为文字，实际为“5”"),
        (lambda: change_phrase(1, 2, verbs=None), "增减动词应写成“增长/下降”的形式，实际为空值"),
    ],
)
def test_filters_refuse_what_they_cannot_show_in_chinese(call, message):
    with pytest.raises(PlaceholderError) as caught:
        call()
    assert str(caught.value) == message


# --- what a placeholder may print -----------------------------------------------------------------


def render(text: str, **context) -> str:
    return environment("增长/下降", autoescape=False).from_string(text).render(**context)


def test_a_placeholder_prints_text_whole_numbers_dates_and_yes_no():
    shown = render("{{ a }}|{{ n }}|{{ d }}|{{ b }}", a="文字", n=148, d=dt.date(2025, 5, 29), b=True)
    assert shown == "文字|148|2025年5月29日|是"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"执行数": D(1)}, "占位符的值是一组数据，不能直接显示；请写出其中一项"),
        ([1, 2], "占位符的值是一个列表，不能直接显示；请写出其中一项"),
        (
            D("1.5"),
            "占位符的值是数字，数字要用过滤器显示，如 {{ 名称 | 万元 }}、{{ 名称 | 百分比 }}、{{ 名称 | 整数 }}",
        ),
        (
            float("inf"),
            "占位符的值是数字，数字要用过滤器显示，如 {{ 名称 | 万元 }}、{{ 名称 | 百分比 }}、{{ 名称 | 整数 }}",
        ),
        (10**20, "占位符的值是数字，数字要用过滤器显示，如 {{ 名称 | 万元 }}、{{ 名称 | 百分比 }}、{{ 名称 | 整数 }}"),
        (None, "占位符的值为空（未填写或无法计算）"),
        (object(), "占位符的值是程序内部的对象，不能显示；请检查占位符中的名称"),
        ("<function f at 0x7f00aa11>", "占位符的值是程序内部的写法（“<function f at 0x7f00aa11>”），不能直接显示"),
        ("[Decimal('1.5')]", "占位符的值是程序内部的写法（“[Decimal('1.5')]”），不能直接显示"),
    ],
)
def test_a_placeholder_never_prints_a_python_repr(value, message):
    with pytest.raises(NotShowable) as caught:
        render("{{ x }}", x=value)
    assert str(caught.value).startswith(message)


def build_refusal(cli, write_yaml, tmp_path, narrative: str) -> str:
    run = cli("build", write_yaml(MINIMAL + f"绩效目标: '{narrative}'\n"), "-o", tmp_path / "out")
    assert run.exit_code == 2, run.output
    assert not list((tmp_path / "out").rglob("*.docx"))
    return run.output


@pytest.mark.parametrize(
    ("narrative", "message"),
    [
        (
            "预算{{ 预算 }}",
            "占位符“{{ 预算 }}”的值是一组数据，不能直接显示；请写出其中一项，如 {{ 预算.执行数 | 万元 }}",
        ),
        (
            "{{ 预算.执行数 | 万元 }}，{{ 落款 }}",
            "占位符“{{ 落款 }}”的值是一组数据，不能直接显示；请写出其中一项，如 {{ 落款.单位 }}",
        ),
        ("{{ 预算.执行率 }}", "占位符“{{ 预算.执行率 }}”的值是数字，数字要用过滤器显示，如 {{ 预算.执行率 | 万元 }}"),
        ("{{ 预算.资金来源 }}", "占位符“{{ 预算.资金来源 }}”的值是一个列表，不能直接显示；请写出其中一项"),
        ("{{ cycler }}", "占位符“{{ cycler }}”的值是程序内部的对象，不能显示；请检查占位符中的名称"),
        ("{{ 预算.update }}", "占位符试图访问不允许的内部属性“update”，已拒绝"),
        ("{{ (10 ** 100) ** 100 }}", "占位符“{{ (10 ** 100) ** 100 }}”的值是数字"),
        ("{{ 1e400 }}", "占位符中的数字超出范围（无穷大或不是数字）"),
        ("{{ 预算.执行数 | 万元(1, 2) }}", "占位符无法计算：过滤器“万元”的参数不对"),
        ("{{ 预算.执行数 | 增减(1, 2, 3, 4, 5) }}", "占位符无法计算：过滤器“增减”的参数不对"),
        (
            "{{ 预算.执行数 | 万圆 }}",
            "占位符写法有误（过滤器名称写错了，可用的有：金额、万元、百分比、整数、增减、中文日期、编号、成句、得分）",
        ),
        ("{{ 预算.执行数 is 偶数 }}", "占位符写法有误（“is”后面的判断写错了）"),
        ("{{ 预算.执行数 + }}", "占位符写法有误（写法无法识别）"),
        ("{{ 1 < 预算 }}", "占位符无法计算：其中的名称、运算或过滤器用得不对"),
        ("{{ 预算.items.__self__ }}", "占位符试图访问不允许的内部属性“__self__”，已拒绝"),
    ],
)
def test_placeholder_mistakes_are_named_in_chinese(cli, write_yaml, tmp_path, narrative, message):
    output = build_refusal(cli, write_yaml, tmp_path, narrative)
    assert f"2024.yaml:8：绩效目标[1]：错误：{message}" in output


def test_a_custom_word_template_printing_a_whole_section_is_refused(cli, tmp_path):
    folder = tmp_path / "模板"
    assert cli("template", "export", folder).exit_code == 0
    document = WordDocument(str(folder / "部门整体支出绩效自评报告.docx"))
    document.add_paragraph("预算：{{ 预算 }}")
    custom = tmp_path / "我的模板.docx"
    document.save(str(custom))
    run = cli("build", DATA / "通道/2024.yaml", "-o", tmp_path / "out", "--template", custom)
    assert run.exit_code == 2, run.output
    assert f"{custom}：错误：模板中的占位符无法填充：占位符的值是一组数据，不能直接显示；请写出其中一项" in run.output
    assert not list((tmp_path / "out").rglob("*.docx"))


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("落款:\n  日期: 2024-02-30\n", "2024.yaml:9：落款.日期：错误：日期不存在"),
        (
            "人员编制:\n  在职人员:\n    编制数: " + "9" * 5000 + "\n",
            "2024.yaml:10：人员编制.在职人员.编制数：错误：数字位数过多",
        ),
    ],
    ids=["impossible-date", "5000-digit-count"],
)
def test_unquoted_impossible_dates_and_endless_integers_are_refused(cli, write_yaml, tmp_path, line, where):
    run = cli("build", write_yaml(MINIMAL + line), "-o", tmp_path / "out")
    assert run.exit_code == 2, run.output
    assert where in run.output
