"""设置.评分规则: execution-rate caps, the 偏离 deduction and the score's decimals (all off by default)."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from openpyxl import load_workbook

from reportgen.errors import Severity
from reportgen.figures.scoring import score_project
from reportgen.model.indicators import Indicator
from reportgen.model.schema import Settings
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

PROVINCE = {
    "执行率封顶": [
        {"低于": "80%", "最高": 89},
        {"低于": "70%", "最高": 79},
        {"低于": 60, "最高": 69},
        {"低于": "50%", "最高": 59},
    ]
}


def settings(**rules: Any) -> Settings:
    return Settings.model_validate({"评分规则": rules})


def row(target: str, actual: str, weight: int, **more: object) -> Indicator:
    data = {"一级指标": "产出指标", "二级指标": "数量指标", "三级指标": "x", "预期指标值": target, "实际完成值": actual}
    return Indicator.model_validate({**data, "分值": weight, **more})


FULL = [row("≥10个", "10个", 90)]


@pytest.mark.parametrize(
    ("rate", "total"),
    [
        ("0.95", "99.5"),  # no row applies
        ("0.80", "98"),  # 80% is not below 80%
        ("0.7999", "89"),  # shown as 79.99%: below 80%
        ("0.75", "89"),
        ("0.65", "79"),
        ("0.55", "69"),
        ("0.40", "59"),  # the lowest row that applies
    ],
)
def test_the_total_is_capped_by_the_execution_rate(rate: str, total: str) -> None:
    score = score_project(FULL, D(rate), settings(**PROVINCE), 2024)
    assert score is not None and score.total == D(total)


def test_a_cap_above_the_sum_changes_nothing() -> None:
    score = score_project([row("≥10个", "5个", 90)], D("0.75"), settings(**PROVINCE), 2024)
    assert score is not None and score.summed == D("52.5") and score.total == D("52.5")
    assert score.cap is not None and score.cap.most == D(89)


def test_a_cap_is_scaled_to_the_tables_total_weight() -> None:
    rules = Settings.model_validate({"总分值": 50, "评分规则": PROVINCE})
    score = score_project([row("≥10个", "10个", 40)], D("0.75"), rules, 2024)
    assert score is not None and score.total == D("44.5")  # 89 of 100 is 44.5 of 50


def test_no_rules_no_change() -> None:
    score = score_project([row("≥10个", "20个", 90)], D("0.5"), Settings.model_validate({}), 2024)
    assert score is not None and score.total == D(95) and score.cap is None
    assert score.indicators[0].deducted is None


@pytest.mark.parametrize(
    ("target", "actual", "deducted"),
    [
        ("≥10个", "13个", "2"),  # exactly 30% over
        ("≥10个", "12.9个", None),
        ("≤24小时", "16小时", "2"),  # a ≤ indicator 33% under its ceiling
        ("≤24小时", "20小时", None),
        ("90%-95%", "99%", None),  # a range is not a target to pass
        ("12月底前", "6月", None),  # a time indicator
        ("0起", "3起", None),  # no share of 0
    ],
)
def test_overshoot_deducts_fixed_points(target: str, actual: str, deducted: str | None) -> None:
    rules = settings(偏离扣分={"超出目标": "30%", "扣分": 2})
    score = score_project([row(target, actual, 10)], D(1), rules, 2024)
    assert score is not None
    result = score.indicators[0]
    assert result.deducted == (None if deducted is None else D(deducted))
    if deducted is not None:
        assert result.computed == D(10) - D(deducted)


def test_overshoot_deducts_a_share_and_never_below_zero() -> None:
    share = settings(偏离扣分={"超出目标": "30%", "扣分比例": "25%"})
    score = score_project([row("≥10个", "20个", 30)], D(1), share, 2024)
    assert score is not None and score.indicators[0].computed == D("22.5")
    points = settings(偏离扣分={"超出目标": "30%", "扣分": 5})
    score = score_project([row("≥10个", "20个", 3)], D(1), points, 2024)
    assert score is not None and score.indicators[0].computed == D(0) and score.indicators[0].deducted == D(3)


def test_a_stated_score_is_kept() -> None:
    rules = settings(偏离扣分={"超出目标": "30%", "扣分": 2})
    score = score_project([row("≥10个", "20个", 90, 得分=90)], D(1), rules, 2024)
    assert score is not None and score.indicators[0].used == D(90) and score.indicators[0].computed == D(88)


@pytest.mark.parametrize(("places", "total"), [(2, "96.67"), (1, "96.7"), (0, "97")])
def test_score_decimals(places: int, total: str) -> None:
    score = score_project([row("≥3个", "2个", 10), row("≥1个", "1个", 80)], D(1), settings(得分小数位=places), 2024)
    assert score is not None and score.total == D(total)


RULES = """\
设置:
  项目表格式: 财政部
  评分规则:
    执行率封顶:
      - {低于: 90%, 最高: 95}
    偏离扣分: {超出目标: 20%, 扣分: 2}
"""


def test_the_example_with_rules_explains_cap_and_deduction(tmp_path: Path) -> None:
    """通道 2024 under a (made-up) stricter table: the checking sheet and the 提示 say why a total is lower."""
    folder = tmp_path / "通道"
    shutil.copytree(DATA / "通道", folder)
    source = folder / "2024.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("设置:\n  项目表格式: 财政部", RULES.rstrip("\n"), 1), encoding="utf-8")
    result = build(source, Options(tmp_path / "out", checklist=True))
    [sheet_path] = [p for p in result.outputs if p.suffix == ".xlsx"]
    sheet = load_workbook(sheet_path).active
    rows = {(r[2], r[3]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    capped = rows[("城市电子监控维护运行费", "总分")]
    assert capped[4] == "95"
    assert capped[7].endswith("= 98.97；执行率低于90%，按设置.评分规则.执行率封顶最高95分")
    deducted = rows[("禁毒办运转工作经费·禁毒宣传活动场次", "得分")]
    assert deducted[4] == "13" and deducted[7].endswith("偏离扣2分（设置.评分规则.偏离扣分）")
    assert rows[("禁毒办运转工作经费", "总分")][4] == "96.56"
    notes = [d.message for d in result.diagnostics if d.severity is Severity.NOTE]
    assert any(
        "项目“城市电子监控维护运行费”执行率89.73%低于90%，按 设置.评分规则.执行率封顶 总分最高95分：" in m
        and "各项得分合计98.97分，总分记为95分" in m
        for m in notes
    ), notes
    assert any(
        "指标“禁毒宣传活动场次”实际完成值“24场”超出预期“≥20场”20%及以上（偏离），" in m and "扣2分" in m for m in notes
    )


def test_a_score_stays_between_zero_and_its_weight_at_any_decimals() -> None:
    """With 得分小数位 0, 2.5 points rounded to 3 (above the 分值), and a 3-point deduction took it to −1."""
    rules = settings(得分小数位=0, 偏离扣分={"超出目标": "10%", "扣分": 3})
    score = score_project([row("≥20场", "24场", 2.5)], D(1), rules, 2024)  # type: ignore[arg-type]
    assert score is not None and score.indicators[0].computed == D(0) and score.indicators[0].deducted == D("2.5")
    plain = score_project([row("≥20场", "20场", 2.5)], D(1), settings(得分小数位=0), 2024)  # type: ignore[arg-type]
    assert plain is not None and plain.indicators[0].computed == D("2.5")


def test_a_time_indicator_met_early_is_not_overshoot() -> None:
    rules = settings(偏离扣分={"超出目标": "10%", "扣分": 2})
    timely = Indicator.model_validate(
        {"一级指标": "产出指标", "二级指标": "时效指标", "三级指标": "修复时限", "预期指标值": "≤24小时",
         "实际完成值": "20小时", "分值": 10}
    )  # fmt: skip
    score = score_project([timely], D(1), rules, 2024)
    assert score is not None and score.indicators[0].deducted is None and score.indicators[0].computed == D(10)
