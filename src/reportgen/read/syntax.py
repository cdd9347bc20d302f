"""YAML syntax errors in the clerk's terms: PyYAML's problem texts translated, and a scan of the lines for the usual slips."""

from __future__ import annotations

import re

import yaml

from reportgen.errors import Diagnostic, ReportgenError, Severity

YAML_PROBLEMS = {  # PyYAML's problem texts (its pure parser words every message): tests/test_message_catalogue.py
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "could not find expected ':'": "缺少冒号“:”，或上一行的引号未闭合",
    "mapping values are not allowed here": "此处不能写“键: 值”：可能是缩进不对，或值中有未加引号的冒号",
    "found unexpected end of stream": "引号未闭合",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '-'": "列表项“-”的缩进不一致",
    "expected alphabetic or numeric character": "锚点或引用（&名称、*名称）只能用英文字母和数字",
    "expected ',' or '}'": "一行写法“{…}”里多了花括号或少了逗号；含 {{ 占位符 }} 的内容请改用多行写法",
    "sequence entries are not allowed here": "此处不能出现列表项“- ”：可能是缩进不对",
    "expected <block end>, but found '<scalar>'": "缩进不一致，或上一行的引号未闭合",
    "expected <block end>, but found '<block sequence start>'": "列表项“-”的缩进不一致",
    "expected <block end>, but found '}'": "多了一个“}”：一行写法“{…}”的花括号要成对",
    "expected a comment or a line break": "这一行在写完的内容后面还有多余的文字（如“|”后面同一行写了文字）：请把文字写到下一行并缩进",
    "found incompatible YAML document": "文件开头的“%YAML”版本声明不受支持：请删去这一行",
    "found unknown escape character": (
        "双引号里的“\\”后面跟了无法识别的字符（如 Windows 路径 D:\\模板）：请改用单引号，或把“\\”写成“\\\\”"
    ),
    "expected chomping or indentation indicators": "“|”或“>”后面同一行不能再写文字：请把文字写到下一行并缩进",
    "that cannot start any token": "这个字符（如 @、`）不能写在开头：请给整段文字加上引号",
}
_UNCLOSED = "found unexpected end of stream"
"""An unclosed quote: PyYAML finds it at the end of the file, and names where the quote opened."""

ODD_BREAK = re.compile("[\x85\u2028\u2029]")
_FULLWIDTH_COLON = re.compile(r"^\s*(?:-\s+)?[^:#\s][^:#]*：")
_NO_SPACE_COLON = re.compile(r"^\s*(?:-\s+)?[^:#\s\"'][^:#\"']*:[^\s/]")
_LONG_KEY = re.compile(r"^\s*(?:-\s+)?[^:#]{1024,}:(?:\s|$)")
"""YAML reads a key of more than 1024 characters as no key at all."""


_TAB_INDENT = re.compile(r"^ *\t")
_KEY_WITH_FULLWIDTH_COLON = re.compile(r"^\s*[^\s:：#\-\"'][^\s:：#]{0,30}：")
_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _line_problems(text: str, reported: int | None) -> list[tuple[int, str]]:
    """Other lines with a mistake the parser would stop at next: a Tab indent, a key followed by “：”.

    The parser stops at its first error; these two are certain enough to be
    named at once, so a clerk fixes them in one pass.  Text inside a ``|``
    block, and list items (whose text may well hold a “：”), are not looked at.
    """
    found: list[tuple[int, str]] = []
    block_indent: int | None = None
    for number, content in enumerate(text.split("\n"), start=1):
        indent = len(content) - len(content.lstrip(" "))
        if block_indent is not None and (not content.strip() or indent > block_indent):
            continue
        block_indent = indent if _BLOCK_START.search(content) else None
        if number == reported:
            continue
        if _TAB_INDENT.match(content):
            found.append((number, "不能用制表符（Tab）缩进，请改用空格"))
        elif ": " not in content and _KEY_WITH_FULLWIDTH_COLON.match(content):
            found.append((number, "键后面的冒号是中文全角“：”，应为英文冒号“:”再加一个空格"))
    return found


def _line_hint(text: str, line: int | None) -> tuple[int, str] | None:
    """The commonest causes of a parse error a line late: a “：”, a “:” without a space, a runaway key."""
    if line is None:
        return None
    lines = text.splitlines()
    for number in (line, line - 1):
        if 1 <= number <= len(lines):
            content = lines[number - 1]
            if _FULLWIDTH_COLON.match(content):
                return number, "键后面的冒号是中文全角“：”，应为英文冒号“:”再加一个空格"
            if _NO_SPACE_COLON.match(content):
                return number, "英文冒号“:”后面要加一个空格"
            if _LONG_KEY.match(content):
                return number, "键太长：冒号前的键最多1024个字，请检查是否把文字误写成了键"
    return None


def syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> ReportgenError:
    """PyYAML's complaint, in Chinese and at the line that helps, with what else a scan of the lines finds."""
    problem = str(exc.problem or exc.context or "")
    wording = next((en for en in YAML_PROBLEMS if en in problem), None)
    # an unclosed quote is found at the end of the file; where it opened is what helps
    mark = exc.context_mark if wording == _UNCLOSED and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    line = mark.line + 1 if mark else None
    known = YAML_PROBLEMS[wording] if wording is not None else None
    hint = _line_hint(text, line)
    if hint:
        line, known = hint
    first = Diagnostic(Severity.ERROR, known or f"YAML 格式错误（{problem}）", file, line)
    others = [Diagnostic(Severity.ERROR, message, file, number) for number, message in _line_problems(text, line)]
    return ReportgenError([first, *others])
