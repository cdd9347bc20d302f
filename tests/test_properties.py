"""Property-based tests: random valid inputs print the right figures; random damage never crashes."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import oracles
from conftest import DATA, docx_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reportgen.commands.cli import app
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


def money(value: Decimal) -> str:
    return f"{oracles.amount(value)}万元"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(initial=amounts, adjusted=amounts, spent=amounts, reception=amounts, reception_before=amounts)
def test_random_budgets_print_independently_recomputed_figures(initial, adjusted, spent, reception, reception_before):
    text = (
        "单位名称: 随机县公安局\n年度: 2024\n"
        f"预算:\n  年初预算数: {initial}\n  全年预算数: {adjusted}\n  执行数: {spent}\n  偏差说明: 随机\n"
        f"三公经费:\n  公务接待费:\n    决算数: {reception}\n    上年决算数: {reception_before}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "随机.yaml"
        path.write_text(text, encoding="utf-8")
        document = build(path, Options(Path(folder) / "out")).outputs[0]
        printed = docx_text(document)
    assert f"年初预算{money(initial)}，全年预算{money(adjusted)}" in printed
    assert f"全年预算执行数{money(spent)}，预算执行率{oracles.percent(spent, adjusted)}。" in printed
    assert (
        f"公务接待费决算{money(reception)}，占“三公”经费的100%，{oracles.change(reception, reception_before)}"
        in printed
    )


SOURCE = (DATA / "通道/2024.yaml").read_text(encoding="utf-8")
DAMAGE = [":", "：", " ", "\t", "-", "{", "}", '"', "'", "9", "一", "\x0b", "\n", "&", "*", "!", "#", "{{", "%"]


@st.composite
def damaged(draw) -> str:
    lines = SOURCE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "truncate":
            lines = lines[: index + 1]
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(st.sampled_from(DAMAGE)) + line[at:]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=damaged())
def test_damaged_files_never_crash(text):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "损坏.yaml"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["build", str(path), "-o", str(Path(folder) / "out")])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:
            assert not list((Path(folder) / "out").rglob("*.docx"))
