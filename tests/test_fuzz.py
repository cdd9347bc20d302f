"""Fuzz: every field of the shipped examples, and the files themselves, mutated with hostile values.

The contract for an untrusted data file: ``reportgen build FILE -o OUT`` and
``reportgen check FILE`` exit 0 (accepted) or 2 (refused, with a Chinese
message) - never 1, which is what an uncaught exception becomes ("程序内部错误
… 这不是数据文件的问题"), never a traceback; and a refused build writes no
.docx or .xlsx.

The mutations are made in the YAML *text*, at the place the composed node
tree says each field stands, so they can carry what plain data cannot: tags,
anchors and aliases, merge keys, deep nesting, escapes in double quotes.

* every field path of the three examples (every mapping value and list item,
  the whole document included) gets one hostile value, taken in rotation;
* every mapping gets one hostile key inserted (the top-level mapping gets all
  of them, since that is where 继承 and 模板 mean something);
* a fixed random sample of further (field, value) pairs, half on text fields
  and half on number fields (seeded, so the same cases run every time);
* a few file-level mutations: byte flips and truncation of every example,
  UTF-16/UTF-32 with and without BOM, GB18030, other line endings.

Everything is deterministic (fixed seeds, no hypothesis database).  Each case
is one in-process ``build --核对表``, and on every other case a ``check``; the
1365 cases take about 35-40 s on 2 cores.  A failure names the example, the
field path, the hostile value, the command, its exit code, where in reportgen
the exception was raised, the traceback's last frames and the output.

Sizes that take minutes or gigabytes are kept out (a run must stay short):
an exponent of 1.0e+999999 on a count (about 1-2 minutes; 1.0e+9999999 runs
for more than 5), ``'{:>100000000}'.format(1)`` and ``('x' * 10000) * 10000`` in a
narrative, one alias repeated thousands of times over a long text, a 5 MB
file.  They stand here in smaller sizes that take the same code paths.
"""

from __future__ import annotations

import os
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
import typer.testing
import yaml
from conftest import DATA
from typer.testing import CliRunner

from reportgen.commands.cli import app

EXAMPLES = {"tongdao": "通道/2024.yaml", "lezhi": "乐至/2020.yaml", "hengnan": "衡南/2021.yaml"}
ENCODED = "hengnan"
"""The example also tried in other encodings and line endings (the smallest: what is read is the same for all)."""

SEED = 20240531
SAMPLE = 10
"""Extra (field, hostile value) pairs per example, drawn with ``SEED``, beyond the one value per field of the rotation."""
# Every build also writes the 数据核对表 (.xlsx), where formula-like text and control characters matter.
# ``check`` runs on every other case (every hostile value falls on both halves) and after any build that
# failed: it does all a build does but write, so running it on every case would double the time for little.
SLOW_SECONDS = 10
"""A single command taking longer than this is reported: an input that stalls the tool is a bug too."""

SELF = "\0SELF\0"
"""Stands for the mutated file's own name in a hostile value (继承: itself, 模板: itself)."""


def _dq(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (the escapes in ``text`` are kept as written)."""
    return '"' + text + '"'


def _anchor_bomb() -> str:
    levels = ["&l0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 7):
        levels.append(f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    return "[" + ", ".join(levels) + "]"


# (name, YAML fragment).  Every fragment is one line and valid both after “key: ”
# in block style and inside a flow collection, so it lands where the field is.
HOSTILE_VALUES: list[tuple[str, str]] = [
    # tags
    ("tag_bool_maybe", '!!bool "maybe"'),
    ("tag_binary", "!!binary aGVsbG8="),
    ("tag_python_object", '!!python/object:os.system "true"'),
    ("tag_python_apply", '!!python/object/apply:os.system ["true"]'),
    ("tag_local", "!foo bar"),
    ("tag_set", "!!set {a: null, b: null}"),
    ("tag_omap", "!!omap [a: 1, b: 2]"),
    ("tag_timestamp_bad", '!!timestamp "2024-02-30"'),
    ("tag_int_hex", '!!int "0x1F"'),
    ("tag_int_empty", '!!int ""'),
    ("tag_float_text", '!!float "abc"'),
    ("tag_float_empty", '!!float ""'),
    ("tag_str_number", "!!str 100"),
    ("tag_null_text", '!!null "x"'),
    ("tag_map_on_scalar", '!!map "x"'),
    ("tag_seq_on_map", "!!seq {a: 1}"),
    ("tag_verbatim", "!<tag:yaml.org,2002:str> x"),
    # anchors, aliases, merge keys
    ("anchor_self_seq", "&a [1, *a]"),
    ("anchor_self_map", "&m {k: *m}"),
    ("merge_self", "&m {<<: *m}"),
    ("alias_undefined", "*nope"),
    ("alias_bomb", _anchor_bomb()),
    ("merge_scalar", "{<<: 5}"),
    ("merge_scalars", "{<<: [1, 2]}"),
    ("merge_null", "{<<: ~}"),
    # nesting
    ("nest_seq_600", "[" * 600 + "]" * 600),
    ("nest_seq_5000", "[" * 5000 + "]" * 5000),
    ("nest_map_600", "{a: " * 600 + "1" + "}" * 600),
    # numbers
    ("int_5000_digits", "1" * 5000),
    ("int_neg_5000_digits", "-" + "9" * 5000),
    ("decimal_5000_digits", "1" * 5000 + ".5"),
    ("float_1e26", "1.0e+26"),
    ("plain_1e26", "1e26"),
    ("float_huge_exponent", "1.0e+9999"),  # 1.0e+999999 takes ~40 s, 1.0e+9999999 minutes (see the report)
    ("float_tiny_exponent", "1.0e-9999"),
    ("nan", ".nan"),
    ("neg_inf", "-.inf"),
    ("inf", ".inf"),
    ("negative", "-1"),
    ("negative_cents", "-0.01"),
    ("zero", "0"),
    ("negative_zero", "-0.0"),
    ("many_decimals", "0.000000000000000000000000001"),
    ("octal", "010"),
    ("hex", "0x10"),
    ("sexagesimal", "1:30"),
    ("thousands_separator", '"5,521.28"'),
    ("fullwidth_digits", "５５２１"),
    ("with_unit", "5521.28万元"),
    ("underscores", "1_000.5"),
    ("year_99999", "99999"),
    # empty
    ("empty", ""),
    ("tilde", "~"),
    ("empty_quoted", '""'),
    ("blank_quoted", '"   "'),
    ("bool_yes", "yes"),
    ("bool_false", "false"),
    ("bool_chinese", "是"),
    # long text
    ("long_ascii_100kb", "x" * 100_000),
    ("long_cjk_100kb", _dq("长" * 34_000)),
    # unicode
    ("lone_surrogate", _dq("\\ud800")),
    ("lone_low_surrogate", _dq("名称\\udfff")),
    ("zero_width", _dq("\\u200b")),
    ("zero_width_inside", _dq("预\\u200b算\\ufeff")),
    ("rtl_override", _dq("\\u202e名称")),
    ("nul_escaped", _dq("a\\0b")),
    ("controls_escaped", _dq("\\x01\\x07\\x1b[31m\\x7f\\x85")),
    ("noncharacters", _dq("\\uffff\\ufffe")),
    ("astral", _dq("\\U0001F600\\U0001D54F")),
    ("combining", _dq("e\\u0301\\u0301\\u0301")),
    ("line_separators", _dq("a\\u2028b\\u2029c")),
    # dates
    ("date_feb30", "2024-02-30"),
    ("date_month13", "2024-13-01"),
    ("date_year0", "0000-01-01"),
    ("datetime_hour25", "2024-12-31 25:00:00"),
    ("datetime", "2024-12-31T23:59:59Z"),
    ("date_1900", "1900-01-01"),
    # shapes
    ("list", "[1, 2]"),
    ("map", "{a: 1}"),
    ("empty_list", "[]"),
    ("empty_map", "{}"),
    ("list_of_maps", "[{}, {a: [1]}]"),
    ("complex_key", "{[a, b]: c}"),
    ("null_key", "{~: 1}"),
    # placeholders (the sizes that take minutes are in the module's report, not here)
    ("ph_div_zero", _dq("{{ 1/0 }}")),
    ("ph_whole_mapping", _dq("{{ 预算 }}")),
    ("ph_raw_decimal", _dq("{{ 预算.执行数 }}")),
    ("ph_range_100001", _dq("{{ range(100001)|list }}")),
    ("ph_format_pad_1e6", _dq("{{ '{:>1000000}'.format(1) }}")),
    ("ph_include", _dq("{% include 'x' %}")),
    ("ph_import", _dq("{% import 'x' as y %}")),
    ("ph_truncate_negative", _dq("{{ 'x'|truncate(-1) }}")),
    ("ph_macro_recursion", _dq("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")),
    ("ph_dunder", _dq("{{ ''.__class__.__mro__ }}")),
    ("ph_power", _dq("{{ 9**9**9 }}")),
    ("ph_repeat", _dq("{{ 'a' * 100000 }}")),
    ("ph_unclosed", _dq("{{ 预算.执行数")),
    ("ph_raw_unclosed", _dq("{% raw %}{{")),
    ("ph_docxtpl_tag", _dq("{%p if 1 %}")),
    ("ph_percent_zero", _dq("{{ 预算.执行数 | 百分比(0) }}")),
    ("ph_amount_text", _dq("{{ 'abc' | 万元 }}")),
    ("ph_amount_huge", _dq("{{ '1e999999999' | 万元 }}")),
    ("ph_date_text", _dq("{{ 'x' | 中文日期 }}")),
    ("ph_change_text", _dq("{{ 预算.执行数 | 增减('x') }}")),
    ("ph_enum_negative", _dq("{{ -1 | 编号('一、') }}")),
    ("ph_enum_huge", _dq("{{ 10**50 | 编号('（一）') }}")),
    ("ph_undefined", _dq("{{ 不存在的名称 }}")),
    # text the documents must carry safely
    ("formula_hyperlink", _dq('=HYPERLINK(\\"http://x\\", \\"点击\\")')),
    ("formula_cmd", _dq("=cmd|' /C calc'!A0")),
    ("formula_plus", _dq("+1+1")),
    ("formula_at", _dq("@SUM(1)")),
    ("dash_quoted", _dq("-rf")),
    ("dash_plain", "-x"),
    ("dash_dash", _dq("--help")),
    ("path_traversal", _dq("../../../etc/passwd")),
    ("path_absolute", _dq("/tmp/reportgen-fuzz")),
    ("dot", _dq(".")),
    ("dotdot", _dq("..")),
    ("windows_reserved", _dq("CON")),
    ("path_chars", _dq("a/b\\\\c:d*e?f<g>h|")),
    ("xml_markup", _dq("</w:t></w:r><w:r><w:t>x&amp;<![CDATA[")),
    ("document_marker", _dq("---")),
    ("self_name", SELF),
]

# (name, key, value): inserted as a new entry at the start of a mapping.  key None: the mapping's own first key
# again; a key written “? key” is an explicit key (an implicit one may not be longer than 1024 characters).
HOSTILE_KEYS: list[tuple[str, str | None, str]] = [
    ("merge_int", "<<", "5"),
    ("merge_list", "<<", "[1, 2]"),
    ("merge_map", "<<", "{单位名称: 合并}"),
    ("merge_null", "<<", "~"),
    ("merge_undefined", "<<", "*nope"),
    ("digit_key", "1abc", "x"),
    ("int_key", "2024", "x"),
    ("huge_int_key", "? " + "1" * 5000, "x"),
    ("float_key", "1.5", "x"),
    ("nan_key", ".nan", "x"),
    ("bad_date_key", "2024-02-30", "x"),
    ("date_key", "2024-01-01", "x"),
    ("null_key", "~", "x"),
    ("bool_key", "yes", "x"),
    ("empty_key", '""', "x"),
    ("dash_key", "-名称", "x"),
    ("rtl_key", _dq("\\u202e名称"), "x"),
    ("zero_width_key", _dq("名称\\u200b"), "x"),
    ("surrogate_key", _dq("\\ud800"), "x"),
    ("nul_key", _dq("\\0"), "x"),
    ("binary_tag_key", "!!binary aGk=", "x"),
    ("local_tag_key", "!foo k", "x"),
    ("seq_key", "[a, b]", "x"),
    ("map_key", "{a: b}", "x"),
    ("placeholder_key", _dq("{{ 1/0 }}"), "x"),
    ("formula_key", _dq('=HYPERLINK(\\"x\\")'), "1"),
    ("long_key", "? " + "k" * 2000, "x"),
    ("duplicate_key", None, "x"),
    ("inherit_self", "继承", SELF),
    ("inherit_missing", "继承", "不存在.yaml"),
    ("inherit_devnull", "继承", "/dev/null"),
    ("inherit_folder", "继承", "."),
    ("inherit_list", "继承", "[a]"),
    ("inherit_nul", "继承", _dq("a\\0b")),
    ("inherit_long", "继承", "a" * 5000),
    ("template_self", "模板", SELF),
    ("template_folder", "模板", "."),
    ("template_devnull", "模板", "/dev/null"),
    ("template_missing", "模板", "x.docx"),
    ("template_traversal", "模板", "../../../../../../etc/hostname"),
    ("verbs", "设置", '{增减动词: "{{/}}"}'),
    ("unknown_key", "未知字段", "1"),
]


# ---------------------------------------------------------------- the examples' node trees


@dataclass(frozen=True)
class Field:
    path: tuple[str | int, ...]
    start: int
    end: int
    kind: str  # "text", "number", "other" (what the example has there)


@dataclass(frozen=True)
class Mapping:
    path: tuple[str | int, ...]
    at: int
    """Where a new entry goes: the first key (block style) or just after “{” (flow style)."""
    indent: int
    flow: bool
    first_key: str | None


def format_path(path: tuple[str | int, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（整个文件）"


def _end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends.

    The end mark of a block collection or block scalar lies after the blank lines (and, for a
    collection, the comment lines) that follow it; a replacement must leave those, and the next
    key's indentation, in place.
    """
    body = text[node.start_mark.index : node.end_mark.index].rstrip()
    if not isinstance(node, yaml.ScalarNode):  # in a block scalar, a line starting with “#” is text
        while "\n" in body and body.rsplit("\n", 1)[1].lstrip().startswith("#"):
            body = body.rsplit("\n", 1)[0].rstrip()
    return node.start_mark.index + len(body)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            return "number"
        if node.tag == "tag:yaml.org,2002:str":
            return "text"
    return "other"


def example_tree(text: str) -> tuple[list[Field], list[Mapping]]:
    """Every field path (mapping values, list items, the root) and every mapping of an example, with positions.

    A node reached again through an alias is listed once, where it is written.
    """
    fields: list[Field] = []
    mappings: list[Mapping] = []
    seen: set[int] = set()

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        fields.append(Field(path, node.start_mark.index, _end(text, node), _kind(node)))
        if isinstance(node, yaml.MappingNode):
            flow = bool(node.flow_style)
            at = node.start_mark.index + 1 if flow else node.start_mark.index
            first = node.value[0][0].value if node.value else None
            mappings.append(Mapping(path, at, node.start_mark.column, flow, first))
            for key, value in node.value:
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, path + (index,))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return fields, mappings


# ---------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    example: str
    where: str
    """The field path, mapping or file-level operation mutated."""
    hostile: str
    """What was put there, shown (shortened) in a failure."""
    make: Callable[[str], bytes]
    """The mutated file's bytes, given the file's own name."""


def _short(text: str, limit: int = 160) -> str:
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[: limit - 30]}…{shown[-20:]} ({len(text)} chars)"


def _replace(text: str, start: int, end: int, value: str) -> Callable[[str], bytes]:
    return lambda name: (text[:start] + value.replace(SELF, name) + text[end:]).encode("utf-8", "surrogatepass")


def _insert(text: str, mapping: Mapping, key: str | None, value: str) -> Callable[[str], bytes]:
    key = key if key is not None else (mapping.first_key or "x")
    indent = " " * mapping.indent
    if mapping.flow:
        entry = f" {key} : {value}," if key.startswith("? ") else f" {key}: {value},"
    elif key.startswith("? "):
        entry = f"{key}\n{indent}: {value}\n{indent}"
    else:
        entry = f"{key}: {value}\n{indent}"
    return _replace(text, mapping.at, mapping.at, entry)


def _file_level(short: str, text: str, rng: random.Random) -> list[Case]:
    """Byte flips and truncations of every example; other encodings and line endings of the smallest one."""
    raw = text.encode("utf-8")
    cases = []
    for n in range(4):
        flipped = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        cases.append(Case(short, f"byte flips #{n + 1}", "random bytes", lambda _n, b=bytes(flipped): b))
    for _ in range(4):
        cut = rng.randrange(1, len(raw))
        cases.append(Case(short, f"truncated at byte {cut}", "truncation", lambda _n, b=raw[:cut]: b))
    if short != ENCODED:
        return cases
    encodings = {
        "utf-16 (BOM)": "utf-16",
        "utf-16-le (no BOM)": "utf-16-le",
        "utf-16-be (no BOM)": "utf-16-be",
        "utf-16-be (BOM)": "BOM:utf-16-be",
        "utf-32 (BOM)": "utf-32",
        "utf-32-le (no BOM)": "utf-32-le",
        "utf-32-be (BOM)": "BOM:utf-32-be",
        "utf-8 (BOM)": "utf-8-sig",
        "gb18030": "gb18030",
        "big5 (lossy)": "big5",
    }
    for label, codec in encodings.items():
        bom = codec.startswith("BOM:")
        codec = codec.removeprefix("BOM:")
        data = ("\ufeff" if bom else "") + text
        encoded = data.encode(codec, "replace")
        cases.append(Case(short, f"encoded as {label}", "encoding", lambda _n, b=encoded: b))
    for label, newline in {"CRLF": "\r\n", "CR": "\r", "NEL": "\x85", "LS": "\u2028"}.items():
        encoded = text.replace("\n", newline).encode("utf-8")
        cases.append(Case(short, f"line endings {label}", "line endings", lambda _n, b=encoded: b))
    extras = {
        "empty file": b"",
        "only a BOM": b"\xef\xbb\xbf",
        "NUL inside": raw[:40] + b"\x00" + raw[40:],
        "two documents": raw + b"\n---\n" + raw,
        "document end marker": b"...\n" + raw,
        # libyaml stops at the error; the pure-Python parser then reads the file again, recursively
        "5000 unclosed brackets": raw + "\n嵌套: ".encode() + b"[" * 5000 + b"\n",
    }
    cases += [Case(short, label, "file", lambda _n, b=b: b) for label, b in extras.items()]
    return cases


def _value_case(short: str, text: str, field: Field, name: str, value: str) -> Case:
    return Case(
        short, format_path(field.path), f"{name}: {_short(value)}", _replace(text, field.start, field.end, value)
    )


def all_cases() -> list[Case]:
    cases: list[Case] = []
    rotation = key_rotation = 0
    rng = random.Random(SEED)
    for short, relative in EXAMPLES.items():
        text = (DATA / relative).read_text(encoding="utf-8")
        fields, mappings = example_tree(text)
        for field in fields:  # every path once, hostile values in rotation
            name, value = HOSTILE_VALUES[rotation % len(HOSTILE_VALUES)]
            rotation += 1
            cases.append(_value_case(short, text, field, name, value))
        for _ in range(SAMPLE):  # the seeded sample: half on text fields, half on number fields
            kind = rng.choice(("text", "number"))
            field = rng.choice([f for f in fields if f.kind == kind])
            name, value = rng.choice(HOSTILE_VALUES)
            cases.append(_value_case(short, text, field, name, value))
        for mapping in mappings:  # a hostile key in every mapping; all of them at the top level
            chosen = HOSTILE_KEYS if not mapping.path else [HOSTILE_KEYS[key_rotation % len(HOSTILE_KEYS)]]
            key_rotation += 0 if not mapping.path else 1
            for name, key, value in chosen:
                label = f"{name}: {_short(f'{key}: {value}')}"
                cases.append(
                    Case(short, f"new key in {format_path(mapping.path)}", label, _insert(text, mapping, key, value))
                )
        cases += _file_level(short, text, rng)
    return cases


CASES = all_cases()


def _case_id(index: int, case: Case) -> str:
    return f"{case.example}-{index:04d}-{case.hostile.split(':', 1)[0].replace(' ', '_')}"


# ---------------------------------------------------------------- running


@dataclass
class Outcome:
    command: str
    exit_code: int
    output: str
    error: str
    """For an uncaught exception: its type, where in reportgen it was raised, and the traceback's last frames."""
    seconds: float


def _origin(frames: traceback.StackSummary) -> str:
    """The innermost frame in reportgen's own code (the exception may surface from a library it called)."""
    ours = [f for f in frames if "/reportgen/" in f.filename.replace("\\", "/")]
    frame = (ours or list(frames))[-1]
    return f"{frame.filename.split('/src/')[-1]}:{frame.lineno} ({frame.name})"


def _run(runner: CliRunner, args: list[str]) -> Outcome:
    started = time.perf_counter()
    result = runner.invoke(app, args)
    seconds = time.perf_counter() - started
    error = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc_type, exc, tb = result.exc_info
        frames = traceback.extract_tb(tb)
        error = f"{exc_type.__name__} raised in {_origin(frames)}: {_short(str(exc), 300)}\n" + "".join(
            traceback.format_list(frames[-6:])
        )
    return Outcome(args[0], result.exit_code, result.output, error, seconds)


def _problems(outcome: Outcome, out: Path | None) -> list[str]:
    found = []
    if outcome.error:
        found.append("uncaught exception")
    if outcome.exit_code not in (0, 2):
        found.append(f"exit code {outcome.exit_code}")
    for marker in ("Traceback", "程序内部错误"):
        if marker in outcome.output:
            found.append(f"“{marker}” in the output")
    if outcome.exit_code == 2 and out is not None:
        written = sorted(p.name for p in out.rglob("*") if p.suffix in (".docx", ".xlsx"))
        if written:
            found.append(f"refused but wrote {written}")
    if outcome.seconds > SLOW_SECONDS:
        found.append(f"took {outcome.seconds:.1f} s")
    return found


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the module (a tmp_path per case costs as much as a refused file's run)."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def runner():
    """A CliRunner that builds the click command once, writing without fsync.

    typer's runner rebuilds the command from the app on every invoke (about 8 ms, half of a refused
    file's run), and an fsync per document costs more than rendering it on a slow disk: neither is what
    this test is about.
    """
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        if hasattr(typer.testing, "_get_command"):
            patch.setattr(typer.testing, "_get_command", lambda _app: command)
        patch.setattr(os, "fsync", lambda _fd: None)
        yield CliRunner()


@pytest.mark.parametrize("index", range(len(CASES)), ids=[_case_id(i, c) for i, c in enumerate(CASES)])
def test_hostile_input_is_accepted_or_refused_never_crashes(index: int, runner: CliRunner, folder: Path):
    case = CASES[index]
    name = Path(EXAMPLES[case.example]).name
    here = folder / f"{index:04d}"
    here.mkdir()
    path = here / name
    path.write_bytes(case.make(name))
    out = here / "out"
    build = ["build", str(path), "-o", str(out), "--核对表"]
    report: list[str] = []

    def run(args: list[str], documents: Path | None) -> Outcome:
        outcome = _run(runner, args)
        problems = _problems(outcome, documents)
        if problems:
            report.append(
                f"--- reportgen {' '.join(path.name if a == str(path) else a for a in args)}: {'; '.join(problems)} "
                f"(exit {outcome.exit_code}, {outcome.seconds:.2f} s)\n"
                f"{outcome.error}output: {outcome.output[:1500]}"
            )
        return outcome

    if run(build, out).exit_code not in (0, 2) or index % 2 == 0:  # and after any build that failed
        run(["check", str(path)], None)
    assert not report, (
        f"\nexample: data/{EXAMPLES[case.example]}\nfield:   {case.where}\nhostile: {case.hostile}\n"
        + "\n".join(report)
    )


def test_the_fuzz_covers_every_path_of_every_example():
    for short, relative in EXAMPLES.items():
        fields, mappings = example_tree((DATA / relative).read_text(encoding="utf-8"))
        mutated = {c.where for c in CASES if c.example == short}
        assert {format_path(f.path) for f in fields} <= mutated
        assert {f"new key in {format_path(m.path)}" for m in mappings} <= mutated
    assert len(CASES) > 1250
