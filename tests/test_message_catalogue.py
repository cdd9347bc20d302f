"""Every entry of every table that turns a library's message into Chinese is triggered here, with the installed versions.

Where a library says what went wrong only in English words (PyYAML's
problems, jinja's syntax errors, click's usage errors, the gettext texts of
--help), reportgen keeps one explicit table per library.  An upgrade that
rewords a message must fail here instead of quietly falling back to English.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from reportgen.commands import clitext
from reportgen.documents import narrative
from reportgen.errors import ReportgenError
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


def test_jinjas_other_wordings_reportgen_reads():
    assert "名称“无此名”不存在" in _failure("{{ 无此名 }}")  # MISSING_NAME: '…' is undefined
    assert "名称“无此项”不存在" in _failure("{{ 预算.无此项 }}")  # MISSING_NAME: has no attribute '…'
    assert "不允许的内部属性“__class__”" in _failure("{{ 年度.__class__ }}")  # _UNSAFE_ATTRIBUTE
    assert _failure("{% include '其他.txt' %}") == "占位符不能引用或读取其他文件"  # no loader
    assert "数字只能与数字运算" in _failure("{{ 年度 + '年' }}")  # unsupported operand


CLI_TRIGGERS = {
    "No such command": (["nosuch"], "没有命令“nosuch”"),
    "Got unexpected extra argument": (["check", "a.yaml", "b.yaml"], "多余的参数：b.yaml（一次只处理一个文件）"),
    "requires an argument": (["build", "a.yaml", "-o"], "选项 -o 后面需要一个值"),
}


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


def test_every_click_pattern_has_a_trigger():
    assert len(CLI_TRIGGERS) == len(clitext._ERROR_PATTERNS)
    for (pattern, _), wording in zip(clitext._ERROR_PATTERNS, CLI_TRIGGERS, strict=True):
        assert wording.split()[0] in pattern.pattern


@pytest.mark.parametrize("wording", list(CLI_TRIGGERS))
def test_each_click_usage_error_is_still_worded_so(wording, usage):
    args, expected = CLI_TRIGGERS[wording]
    assert f"命令用法有误：{expected}" in usage(*args)


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


def test_every_help_text_is_one_typer_still_looks_up():
    """gettext msgids: each English text must still be in the installed typer (which carries click)."""
    folder = Path(typer.__file__).parent
    source = "".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.py"))
    missing = [text for text in clitext.TEXTS if text not in source]
    assert missing == []


VALIDATION_TRIGGERS = {  # validate._EXPECTED, by pydantic error type
    "decimal_type": "预算:\n  年初预算数: [1]\n",
    "finite_number": "预算:\n  年初预算数: .nan\n",
    "int_type": "人员编制:\n  在职人员:\n    编制数: [1]\n",
    "string_type": "单位名称: [甲]\n",
    "list_type": "职能职责: {a: 1}\n",
    "dict_type": "数据: [1]\n",
    "model_type": "预算: [1]\n",
    "date_from_datetime_inexact": "落款:\n  日期: 2025-01-01 10:00:00\n",
    "bool_parsing": "汇总下级: 也许\n",
    "bool_type": "汇总下级: [是]\n",
}


@pytest.mark.parametrize("kind", list(VALIDATION_TRIGGERS))
def test_each_pydantic_error_type_is_explained(kind, write_yaml):
    from reportgen.pipeline.build import prepare

    base = "单位名称: 甲\n年度: 2024\n预算:\n  年初预算数: 1\n  执行数: 1\n"
    text = VALIDATION_TRIGGERS[kind]
    top = text.split(":", 1)[0]
    kept = "".join(block for block in _blocks(base) if not block.startswith(top + ":"))
    with pytest.raises(ReportgenError) as refused:
        prepare(write_yaml(kept + text))
    messages = [d.message for d in refused.value.diagnostics]
    assert any(f"应为{validate_module._EXPECTED[kind]}" in m for m in messages), messages


def _blocks(text: str) -> list[str]:
    blocks: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith(" ") and blocks:
            blocks[-1] += line
        else:
            blocks.append(line)
    return blocks


def test_every_pydantic_error_type_has_a_trigger():
    assert set(VALIDATION_TRIGGERS) == set(validate_module._EXPECTED)
