"""Every entry of every table that turns a library's message into Chinese is triggered here, with the installed versions.

pydantic's errors are explained by their type, click's by exception class and
jinja's by class and the name they carry.  Where a library says what went
wrong only in English words (PyYAML's problems, jinja's syntax errors, some
of click's usage errors, the gettext texts of --help), reportgen keeps one
explicit table per library.  An upgrade that renames a type or rewords a
message must fail here instead of quietly falling back to English; and what
no entry knows still comes out in Chinese, with the library's words after it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import MINIMAL
from pydantic import ValidationError

from reportgen.commands import clitext
from reportgen.documents import narrative
from reportgen.errors import ReportgenError
from reportgen.model.schema import Report
from reportgen.read import load as load_module
from reportgen.read import syntax as syntax_module
from reportgen.read import validate as validate_module

YAML_TRIGGERS = {
    "found character '\\t' that cannot start any token": "a: 1\nb:\n\tc: 2\n",
    "could not find expected ':'": "a: b\nc\nd: e\n",
    "mapping values are not allowed here": "a: b: c\n",
    "found unexpected end of stream": 'a: "unclosed\n',
    "expected <block end>, but found '<block mapping start>'": "a:\n  b: 1\n c: 2\n",
    "expected <block end>, but found '-'": "a: b\n- c\n",
    "expected <block end>, but found '<block sequence start>'": "a:\n  - 1\n - 2\n",
    "expected <block end>, but found '}'": "a: {b: 1}}\n",
    "expected alphabetic or numeric character": "a: &\n",
    "expected ',' or '}'": "a: {b: 1\nc: 2\n",
    "sequence entries are not allowed here": "a: - b\n",
    "expected <block end>, but found '<scalar>'": "a: 'x'y\n",
    "found incompatible YAML document": "%YAML 2.0\n---\na: 1\n",
    "found unknown escape character": 'a: "D:\\模板"\n',
    "expected chomping or indentation indicators": "a: |x\n  more\n",
    "expected a comment or a line break": "a: | text\n  more\n",
    "that cannot start any token": "a: @x\n",
}


def test_every_yaml_problem_has_a_trigger():
    assert set(YAML_TRIGGERS) == set(syntax_module.YAML_PROBLEMS)


@pytest.mark.parametrize("problem", list(YAML_TRIGGERS))
def test_each_yaml_problem_is_still_worded_so(problem, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(YAML_TRIGGERS[problem], encoding="utf-8")
    with pytest.raises(ReportgenError) as refused:
        load_module.load(path)
    assert refused.value.diagnostics[0].message == syntax_module.YAML_PROBLEMS[problem]


def test_an_unknown_yaml_problem_still_comes_out_in_chinese_with_the_librarys_words(tmp_path, monkeypatch):
    monkeypatch.setattr(syntax_module, "YAML_PROBLEMS", {})
    path = tmp_path / "a.yaml"
    path.write_text("a: b: c\n", encoding="utf-8")
    with pytest.raises(ReportgenError) as refused:
        load_module.load(path)
    assert refused.value.diagnostics[0].message == "YAML 格式错误（mapping values are not allowed here）"


JINJA_TRIGGERS = {
    "unexpected end of template": "{% if 年度 %}",
    "unexpected '}'": "{{ 年度 }",
    "Encountered unknown tag": "{% 年度 %}",
    "expected token": "{{ 年度 | }}",
    "No filter named": "{{ 年度 | 无此过滤器 }}",
    "No test named": "{{ 年度 is 无此判断 }}",
    "Expected an expression": "{{ }}",
}


def _failure(text: str) -> str:
    env = narrative.environment("增长/下降", autoescape=False)
    with pytest.raises(Exception) as failed:
        env.from_string(text).render({"年度": 2024, "预算": {"执行数": 1}})
    return narrative.describe_failure(failed.value, text)


def test_every_jinja_syntax_entry_has_a_trigger():
    assert set(JINJA_TRIGGERS) == set(narrative._SYNTAX)


@pytest.mark.parametrize("wording", list(JINJA_TRIGGERS))
def test_each_jinja_syntax_error_is_still_worded_so(wording):
    assert f"（{narrative._SYNTAX[wording]}）" in _failure(JINJA_TRIGGERS[wording])


def test_jinja_writes_the_end_of_a_template_both_ways():
    assert "占位符没有闭合" in _failure("{{ 年度 ")  # “unexpected end of template, expected …”


def test_a_jinja_syntax_error_no_entry_knows_quotes_jinja_after_the_chinese(monkeypatch):
    monkeypatch.setattr(narrative, "_SYNTAX", {})
    message = _failure("{{ 年度 | }}")
    assert message.startswith("占位符写法有误（写法无法识别），应写作 {{ 名称 }} 或 {{ 名称 | 过滤器 }}（原文：")
    assert "expected token" in message


def test_an_undefined_name_is_read_from_the_error_not_its_wording():
    assert "名称“无此名”不存在" in _failure("{{ 无此名 }}")
    assert "名称“无此项”不存在" in _failure("{{ 预算.无此项 }}")


def test_a_missing_item_is_named():
    """jinja words it “has no element 0”, which the old pattern missed: the message said 名称“”."""
    assert _failure("{{ 预算[0] }}").startswith("占位符“{{ 预算[0] }}”中的名称“0”不存在")


def test_each_jinja_error_class_reportgen_reads_is_raised_so():
    env = narrative.environment("增长/下降", autoescape=False)
    raised = {}
    for text in ("{{ 无此名 }}", "{{ 年度.__class__ }}", "{% include '其他.txt' %}", "{% import '其他.txt' as x %}"):
        with pytest.raises(Exception) as failed:
            env.from_string(text).render({"年度": 2024})
        raised[text] = failed.value
    assert isinstance(raised["{{ 无此名 }}"], narrative.MissingName)
    assert raised["{{ 无此名 }}"].name == "无此名"
    assert isinstance(raised["{{ 年度.__class__ }}"], narrative.UnsafeAttribute)
    assert raised["{{ 年度.__class__ }}"].name == "__class__"
    assert isinstance(raised["{% include '其他.txt' %}"], narrative.NoOtherFiles)
    assert isinstance(raised["{% import '其他.txt' as x %}"], narrative.NoOtherFiles)


def test_jinjas_other_failures_reportgen_explains():
    assert "不允许的内部属性“__class__”" in _failure("{{ 年度.__class__ }}")
    assert _failure("{% include '其他.txt' %}") == "占位符不能引用或读取其他文件"
    assert _failure("{% include '其他.txt' ignore missing %}") == "占位符不能引用或读取其他文件"
    assert "数字只能与数字运算" in _failure("{{ 年度 + '年' }}")  # Python's “unsupported operand”


CLI_TRIGGERS = (  # one per clitext.USAGE_WORDINGS entry, in order
    (["nosuch"], "没有命令“nosuch”"),
    (["check", "a.yaml", "b.yaml"], "多余的参数：b.yaml（一次只处理一个文件）"),
    (["build", "a.yaml", "-o"], "选项 -o 后面需要一个值"),
)


@pytest.fixture
def usage(monkeypatch, capsys):
    from reportgen.commands import cli

    def run(*args: str) -> str:
        monkeypatch.setattr("sys.argv", ["reportgen", *args])
        with pytest.raises(SystemExit) as ended:
            cli.main()
        assert ended.value.code == 2
        return capsys.readouterr().err

    return run


def test_every_click_wording_has_a_trigger():
    assert len(CLI_TRIGGERS) == len(clitext.USAGE_WORDINGS)


@pytest.mark.parametrize(("args", "expected"), CLI_TRIGGERS)
def test_each_click_usage_error_is_still_worded_so(args, expected, usage):
    assert f"命令用法有误：{expected}" in usage(*args)


def test_a_suggested_command_is_read_from_typers_wording(usage):
    assert "命令用法有误：没有命令“buidl”，是否应为“build”？" in usage("buidl")


def test_a_usage_error_no_entry_knows_comes_after_the_chinese(usage, monkeypatch):
    monkeypatch.setattr(clitext, "USAGE_WORDINGS", ())
    assert "命令用法有误：Got unexpected extra argument(s) (b.yaml)" in usage("check", "a.yaml", "b.yaml")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["batch", ".", "--jobs", "abc"], "--jobs/-j 应为整数，实际为“abc”"),  # int_parsing
        (["batch", ".", "--jobs", "1.5"], "--jobs/-j 应为整数，实际为“1.5”"),  # int_from_float
        (["batch", "无此文件夹"], "文件夹“无此文件夹”不存在，请检查路径"),  # does not exist
        (["batch", "README.md"], "文件夹“README.md”是一个文件，不是文件夹"),  # is a file
    ],
)
def test_typed_cli_values_are_explained_by_their_error_type(args, expected, usage, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)
    assert f"命令用法有误：{expected}" in usage(*args)


def test_every_cli_value_type_has_a_trigger():
    """The pydantic types typer reports for our options: only the integer options can be mistyped."""
    assert set(clitext.EXPECTED) == {"int_parsing", "int_from_float"}
    assert set(clitext._PATH_WORDS) == {"does not exist", "is a file"}


def test_every_help_text_is_one_typer_still_looks_up(usage, monkeypatch, capsys):
    """gettext msgids: running every command's --help (and a group without its command), the installed
    typer must look each of them up, and print the Chinese."""
    from reportgen.commands import cli

    looked_up: set[str] = set()
    texts = clitext.TEXTS

    class Recording(dict):
        def get(self, key, default=None):
            looked_up.add(key)
            return texts.get(key, default)

    monkeypatch.setattr(clitext, "TEXTS", Recording())
    printed = usage("template")  # a group without its command
    for args in _command_paths():
        monkeypatch.setattr("sys.argv", ["reportgen", *args, "--help"])
        with pytest.raises(SystemExit):
            cli.main()
        printed += capsys.readouterr().out
    assert sorted(set(texts) - looked_up) == []
    assert all(chinese.split("{")[0] in printed for chinese in texts.values())


def _command_paths() -> list[list[str]]:
    """Every command and group of the installed CLI, as typed after ``reportgen``."""
    import typer.main

    from reportgen.commands import cli

    paths: list[list[str]] = []
    pending: list[tuple[list[str], object]] = [([], typer.main.get_command(cli.app))]
    while pending:
        path, command = pending.pop()
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            pending.append(([*path, name], sub))
    return paths


def _with(text: str, line: str) -> str:
    return MINIMAL.replace(text, line)


VALIDATION_TRIGGERS = {  # every validate.MESSAGES entry, by pydantic error type: (input file, what the clerk reads)
    "missing": ("单位名称: 甲\n预算: {执行数: 1}\n", "缺少必填字段“年度”"),
    "extra_forbidden": (MINIMAL + "前言x: 1\n", "未知字段“前言x”，是否应为“前言”？"),
    "decimal_type": (_with("年初预算数: 100", "年初预算数: [1]"), "应为数字，实际为列表"),
    "finite_number": (_with("年初预算数: 100", "年初预算数: .nan"), "应为有限的数字"),
    "int_type": (_with("年度: 2024", "年度: [2024]"), "应为整数，实际为列表"),
    "string_type": (_with("单位名称: 测试县公安局", "单位名称: [甲]"), "应为文字，实际为列表"),
    "list_type": (MINIMAL + "职能职责: {a: 1}\n", "应为列表（每项以“- ”开头）"),
    "dict_type": (MINIMAL + "数据: [1]\n", "应为“键: 值”的映射，实际为列表"),
    "model_type": (MINIMAL + "落款: 甲\n", "应为“键: 值”的映射，实际为“甲”"),
    "date_from_datetime_inexact": (MINIMAL + "落款:\n  日期: 2025-01-01 10:00:00\n", "应为日期（不带时刻"),
    "bool_parsing": (MINIMAL + "汇总下级: 也许\n", "应为是 或 否，实际为“也许”"),
    "bool_type": (MINIMAL + "汇总下级: [是]\n", "应为是 或 否，实际为列表"),
    "greater_than": (MINIMAL + "设置: {总分值: 0}\n", "应大于0，实际为“0”"),
    "greater_than_equal": (_with("年度: 2024", "年度: 1999"), "应不小于2000，实际为“1999”"),
    "less_than_equal": (_with("自评得分: 91", "自评得分: 100.5"), "应不大于100，实际为“100.5”"),
    "decimal_max_places": (_with("自评得分: 91", "自评得分: 90.125"), "最多2位小数，实际为“90.125”"),
    "too_short": (_with("单位名称: 测试县公安局", "单位名称: ''"), "不能为空"),
    "string_too_long": (_with("测试县公安局", "局" * 61), "最多60个字，实际有61个字"),
    "literal_error": (MINIMAL + "设置: {金额单位: 美元}\n", "应为“万元”、“元”之一，实际为“美元”"),
    "string_pattern_mismatch": (MINIMAL + "设置: {增减动词: 增长}\n", "格式不符合要求，实际为“增长”（"),
    "value_error": (_with("年初预算数: 100", "年初预算数: 一百"), "请用阿拉伯数字书写，实际为“一百”"),
}


def test_every_pydantic_error_type_has_a_trigger():
    assert set(VALIDATION_TRIGGERS) == set(validate_module.MESSAGES)


def _validation(text: str) -> tuple[set[str], list[str]]:
    """The error types the installed pydantic reports for a file, and the messages reportgen gives."""
    doc = load_module.parse(text, "单位.yaml")
    with pytest.raises(ValidationError) as raw:
        Report.model_validate(validate_module.drop_blanks(doc.data))
    with pytest.raises(ReportgenError) as refused:
        validate_module.validate(doc)
    return {error["type"] for error in raw.value.errors()}, [d.message for d in refused.value.diagnostics]


@pytest.mark.parametrize("kind", list(VALIDATION_TRIGGERS))
def test_each_pydantic_error_type_is_still_raised_and_explained(kind):
    text, expected = VALIDATION_TRIGGERS[kind]
    kinds, messages = _validation(text)
    assert kind in kinds
    assert any(expected in message for message in messages), messages


def test_a_pydantic_error_type_no_entry_knows_keeps_pydantics_words(monkeypatch):
    monkeypatch.setattr(validate_module, "MESSAGES", {})
    _, messages = _validation(MINIMAL + "设置: {金额单位: 美元}\n")
    assert messages == ["取值不符合要求，实际为“美元”（Input should be '万元' or '元'）"]


def test_a_validators_english_refusal_still_comes_out_in_chinese():
    error = {"type": "value_error", "loc": ("年度",), "msg": "Value error, boom", "input": 1}
    error["ctx"] = {"error": ValueError("boom")}
    assert validate_module._message(error, ("年度",)) == "取值不符合要求，实际为“1”（Value error, boom）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "共{{ 数据.110警情 | 整数 }}起",
            (
                "占位符“{{ 数据.110警情 | 整数 }}”中的名称“110警情”以数字开头，不能写在“.”之后；"
                '请写作“{{ 数据["110警情"] | 整数 }}”'
            ),
        ),
        ("{% if 数据.2b %}有{% endif %}", '不能写在“.”之后；请写作“{% if 数据["2b"] %}”'),
        ("{{ 数据.110 }}", '名称“110”不存在；名称以数字开头时请写在方括号和引号里，如 数据["110"]'),
    ],
)
def test_a_name_beginning_with_a_digit_is_shown_in_brackets(text, expected):
    assert expected in _failure_with(text, {"数据": {"110": Decimal(5)}})


def test_a_name_beginning_with_a_digit_is_written_in_brackets():
    env = narrative.environment("增长/下降", autoescape=False)
    assert env.from_string('{{ 数据["110警情"] | 整数 }}起').render({"数据": {"110警情": 5}}) == "5起"
    assert '{{ 数据["110警情"] | 万元 }}' in _failure_with("{{ 数据 }}", {"数据": {"110警情": Decimal(5)}})


def _failure_with(text: str, context: dict) -> str:
    env = narrative.environment("增长/下降", autoescape=False)
    with pytest.raises(Exception) as failed:
        env.from_string(text).render(context)
    return narrative.describe_failure(failed.value, text)
