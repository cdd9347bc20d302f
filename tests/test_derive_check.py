"""Derived figures and the 勾稽 checks, on small hand-made inputs."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import oracles
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.documents.filters import change_phrase
from reportgen.errors import Severity
from reportgen.figures.check import check
from reportgen.figures.derive import derive
from reportgen.figures.model import Figure, grade_of
from reportgen.outline.model import shipped
from reportgen.read.load import parse
from reportgen.read.validate import validate

HEAD = "单位名称: 测试县公安局\n年度: 2024\n"


def derived(text: str):
    doc = parse(HEAD + text, "t.yaml")
    report = validate(doc)
    figures = derive(report)
    return figures, check(doc, report, figures, shipped())


def messages(findings, severity):
    return [f"{f.path}:{f.message}" for f in findings if f.severity is severity]


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.9", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(score: str, grade: str) -> None:
    assert grade_of(D(score)) == grade


def test_figure_formulas() -> None:
    f = Figure(
        "x", (), initial=D("5521.28"), adjusted=D("6304.13"), spent=D("6304.03"), previous=D(5000), whole=D(10000)
    )
    assert f.budget == D("6304.13")
    assert f.adjustment == D("782.85")
    assert f.rate == D("6304.03") / D("6304.13")
    assert f.change == D("1304.03")
    assert f.change_rate == D("1304.03") / D("5000.00")
    assert f.share == D("0.630403")
    assert f.saving == D("0.10")
    assert f.saving_rate == D("0.10") / D("6304.13")


def test_rate_falls_back_to_initial_budget_and_is_undefined_at_zero() -> None:
    assert Figure("x", (), initial=D(40), spent=D("37.54")).rate == D("0.9385")
    assert Figure("x", (), initial=D(0), spent=D(5)).rate is None
    assert Figure("x", (), spent=D(5), previous=D(0)).change_rate is None


def test_omitted_totals_are_computed_from_parts() -> None:
    figures, findings = derived(
        "预算:\n  年初预算数: 300\n"
        "基本支出:\n  年初预算数: 200\n  全年预算数: 200\n  经济分类:\n    工资福利支出: 150.25\n    商品和服务支出: 49.75\n"
        "项目支出:\n  项目:\n"
        "    - {名称: 甲, 年初预算数: 100, 执行数: 80}\n"
        "    - {名称: 乙, 年中追加: 是, 全年预算数: 20, 执行数: 20}\n"
    )
    assert figures.basic.spent == D(200)
    assert figures.projects.spent == D(100)
    assert figures.projects.initial == D(100)  # the 年中追加 project is not in 年初
    assert figures.projects.adjusted == D(120)
    assert figures.project_count == 1
    assert figures.budget.spent == D(300)
    assert figures.budget.adjusted == D(320)  # known only because every part's is known
    assert figures.basic.share == D(200) / D(300)
    assert not messages(findings, Severity.ERROR)


def test_given_total_is_checked_and_rounding_is_a_note() -> None:
    _, findings = derived(
        "预算:\n  全年预算数: 10\n  执行数: 100.01\n基本支出:\n  执行数: 60\n项目支出:\n  执行数: 40\n"
    )
    notes = messages(findings, Severity.NOTE)
    assert len(notes) == 1 and "尾差" in notes[0] and "相差0.01万元" in notes[0]
    _, findings = derived(
        "预算:\n  全年预算数: 10\n  执行数: 100.5\n基本支出:\n  执行数: 60\n项目支出:\n  执行数: 40\n"
    )
    errors = messages(findings, Severity.ERROR)
    assert len(errors) == 1 and "合计与各项不符" in errors[0]


def test_three_public_totals_and_car_parts() -> None:
    figures, findings = derived(
        "预算:\n  年初预算数: 1000\n  执行数: 900\n"
        "三公经费:\n  公务接待费: {预算数: 4, 决算数: 0.53, 上年决算数: 0.63}\n"
        "  公务用车费:\n    预算数: 258.86\n    上年决算数: 252.76\n"
        "    购置费: {决算数: 63.25}\n    运行维护费: {决算数: 195.61}\n"
    )
    total = figures.three_public.total
    assert figures.three_public.cars.spent == D("258.86")
    assert total.spent == D("259.39")
    assert total.initial == D("262.86")
    assert total.previous == D("253.39")
    assert total.rate == D("259.39") / D("262.86")
    assert figures.three_public.reception.share == D("0.53") / D("259.39")
    assert not messages(findings, Severity.ERROR)


def test_staff_breakdown_is_summed_and_over_establishment_warned() -> None:
    figures, findings = derived(
        "预算:\n  年初预算数: 1\n  执行数: 1\n"
        "人员编制:\n  在职人员:\n    编制数: 450\n    构成: {在职: 381, 乡镇户政员: 39}\n"
        "  辅警:\n    编制数: 302\n    实有人数: 305\n"
    )
    assert figures.staff.serving.actual == 420  # seed 000 printed 416
    warnings = messages(findings, Severity.WARNING)
    assert any("辅警实有305人超过编制数302人" in w for w in warnings)
    assert not any("在职人员" in w and "超编" in w for w in warnings)


def test_staff_total_mismatch_has_no_rounding_tolerance() -> None:
    _, findings = derived(
        "预算:\n  年初预算数: 1\n  执行数: 1\n"
        "人员编制:\n  在职人员:\n    实有人数: 416\n    构成: {在职: 381, 乡镇户政员: 39}\n"
    )
    errors = messages(findings, Severity.ERROR)
    assert len(errors) == 1 and "填写为416人" in errors[0] and "之和为420人" in errors[0]


def test_execution_rate_warnings_need_a_reason() -> None:
    _, findings = derived(
        "预算:\n  年初预算数: 100\n  执行数: 100\n"
        "项目支出:\n  项目:\n"
        "    - {名称: 低, 年初预算数: 100, 执行数: 50}\n"
        "    - {名称: 高, 年初预算数: 10, 执行数: 12}\n"
        "    - {名称: 有说明, 年初预算数: 100, 执行数: 10, 偏差说明: 工程延期}\n"
    )
    warnings = messages(findings, Severity.WARNING)
    assert any("低执行率50%低于90%" in w for w in warnings)
    assert any("高执行数12.00万元大于预算数10.00万元（执行率120%）" in w for w in warnings)
    assert not any("有说明" in w for w in warnings)


@pytest.mark.parametrize(
    ("budget", "spent", "expected"),
    [
        ("100000", "89999.60", None),  # shows as 90.00%: not below 90%
        ("100000", "89990", "执行率89.99%低于90%"),
        ("10000", "10000.40", "执行数10000.40万元大于预算数10000.00万元（执行率100.00%）"),
        ("0", "5", "执行数5.00万元大于预算数0.00万元（预算数为0）"),
    ],
)
def test_execution_thresholds_follow_the_shown_figures(budget: str, spent: str, expected: str | None) -> None:
    _, findings = derived(f"预算:\n  年初预算数: {budget}\n  执行数: {spent}\n")
    warnings = [w for w in messages(findings, Severity.WARNING) if "偏差说明" in w]
    if expected is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and expected in warnings[0]


def test_stated_grade_must_match_score() -> None:
    _, findings = derived("预算:\n  年初预算数: 1\n  执行数: 1\n绩效自评:\n  自评得分: 89\n  等级: 优\n")
    errors = messages(findings, Severity.ERROR)
    assert len(errors) == 1 and "对应的等级是“良”" in errors[0]


def test_amounts_in_yuan_are_converted_once() -> None:
    figures, _ = derived("设置:\n  金额单位: 元\n预算:\n  年初预算数: 1234567.8\n  执行数: 1000000\n")
    assert figures.budget.initial == D("123.45678")
    assert figures.budget.spent == D(100)


def test_findings_carry_file_line_and_path() -> None:
    _, findings = derived("预算:\n  年初预算数: 1\n  执行数: 1\n绩效自评:\n  自评得分: 89\n  等级: 优\n")
    [error] = [f for f in findings if f.severity is Severity.ERROR]
    assert (error.file, error.line, error.path) == ("t.yaml", 8, "绩效自评.等级")


def test_a_section_left_out_is_not_a_mismatch() -> None:
    figures, findings = derived(
        "预算:\n  年初预算数: 100\n  执行数: 95\n项目支出:\n  项目:\n    - {名称: 甲, 年初预算数: 30, 执行数: 30}\n"
    )
    assert not messages(findings, Severity.ERROR)
    assert figures.budget.spent == D(95)


def test_project_with_only_full_year_budget_counts_in_initial() -> None:
    figures, _ = derived(
        "预算:\n  年初预算数: 150\n  执行数: 150\n"
        "项目支出:\n  项目:\n    - {名称: 甲, 年初预算数: 50, 执行数: 50}\n    - {名称: 乙, 全年预算数: 100, 执行数: 100}\n"
    )
    assert figures.projects.initial == D(150)
    assert figures.projects.adjustment == D(0)


def test_missing_figures_are_warned() -> None:
    _, findings = derived(
        "预算:\n  年初预算数: 1\n  执行数: 1\n"
        "人员编制:\n  在职人员:\n    编制数: 10\n"
        "三公经费:\n  公务接待费:\n    预算数: 4\n"
        "政府性基金:\n  全年预算数: 100\n"
    )
    warnings = messages(findings, Severity.WARNING)
    assert any("在职人员未填写实有人数" in w for w in warnings)
    assert any("公务接待费未填写决算数" in w for w in warnings)
    assert any("政府性基金填写了预算数，但未填写执行数" in w for w in warnings)
    assert any("未填写“绩效目标”" in w for w in warnings)


def test_blank_keys_count_as_not_filled() -> None:
    figures, findings = derived("预算:\n  年初预算数: 1\n  执行数: 1\n绩效目标:\n职能职责:\n基本支出:\n")
    assert not messages(findings, Severity.ERROR)
    assert figures.basic is None


amounts = st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False)


@given(now=amounts, before=amounts)
def test_phrase_agrees_with_derived_change(now: D, before: D) -> None:
    """Inputs in 元 give more than two decimals: the phrase and 增减额/增减率 must still agree."""
    figure = Figure("x", (), spent=now, previous=before)
    if oracles.cents(before) > 0:
        assert change_phrase(now, before) == oracles.change(now, before)
        if oracles.cents(now - before) != 0:
            assert oracles.amount(figure.change) == oracles.amount(now - before)
            exact = Fraction(oracles.cents(now - before), oracles.cents(before))  # from the amounts as printed
            assert oracles.rate(Fraction(figure.change_rate)) == oracles.rate(exact)
