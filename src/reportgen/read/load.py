"""Stage 1: read a YAML file into plain data, remembering the line of every field.

The file is someone else's: whatever it holds, reading it ends in data or in
a ``ReportgenError`` naming the file and line, never in another exception.
Its size is bounded while reading (``decode``), its encoding is found or
refused, and its nesting is bounded before anything recursive runs
(``compose``).  Numbers written with a decimal point become ``Decimal``
straight from their text, never float (``values``).  Every field path maps
to the line where it was written, so later stages can say ``2024.yaml:17``;
a syntax error is said in Chinese at the line that helps (``syntax``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from reportgen.errors import ReportgenError, fail
from reportgen.read.compose import compose
from reportgen.read.decode import read_text, unify_line_ends
from reportgen.read.document import Document
from reportgen.read.syntax import ODD_BREAK, syntax_error
from reportgen.read.values import Builder, kind_of


def load(path: Path, keep_going: bool = False) -> Document:
    """Read and parse one YAML input file (``keep_going``: see ``parse``)."""
    text, notes = read_text(path)
    doc = parse(text, str(path), keep_going)
    doc.notes[:0] = notes
    return doc


def parse(text: str, file: str, keep_going: bool = False) -> Document:
    """Parse YAML text; every syntax problem becomes a located Chinese message.

    A value that cannot be read (a bad tag, an impossible date) is refused;
    with ``keep_going`` it is kept in ``Document.errors`` instead of raised,
    so that validation can add what else is wrong in the same run.
    """
    text = unify_line_ends(text)
    odd_break = ODD_BREAK.search(text)
    if odd_break is not None:  # YAML counts it as a line end, an editor does not: every line after would be off
        message = (
            f"文件含有特殊的换行符（#x{ord(odd_break.group()):04x}），多是从网页或 Word 复制带来的："
            "请删除该处，或改为普通的换行"
        )
        raise fail(message, file, text.count("\n", 0, odd_break.start()) + 1)
    try:
        node = compose(text, file)
    except yaml.reader.ReaderError as exc:
        where = text.count("\n", 0, exc.position) + 1
        message = f"文件含有不可见的控制字符（#x{exc.character:04x}），多是从 Word 粘贴带来的，请删除该处"
        raise fail(message, file, where) from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise fail(f"YAML 格式错误（{exc}）", file) from None
    builder = Builder(file, text)
    data = builder.build(node, ()) if node is not None else None
    if node is None or data is None:
        raise fail("文件是空的（或只有注释），应至少填写 单位名称 和 年度", file)
    if not isinstance(data, dict):
        raise fail(f"文件的顶层应为“键: 值”的映射，实际为{kind_of(data)}", file, node.start_mark.line + 1)
    if builder.errors and not keep_going:
        raise ReportgenError(builder.errors)
    return Document(file, data, builder.lines, builder.warnings, errors=builder.errors)
