"""The project table's input: sources of funds, annual goals and performance indicators.

Indicator categories follow 财预〔2020〕10号 and 财预〔2021〕101号 (domain.md §1.2);
both sets are accepted, and a category outside them is an error that names
the nearest valid one.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from reportgen.model.fields import Model, Money, Note, Score, Text

CATEGORIES_2020: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
CATEGORIES_2021: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标"),
    "满意度指标": ("服务对象满意度指标",),
}
CATEGORIES: dict[str, tuple[str, ...]] = {
    level1: tuple(dict.fromkeys(CATEGORIES_2020.get(level1, ()) + CATEGORIES_2021.get(level1, ())))
    for level1 in dict.fromkeys([*CATEGORIES_2020, *CATEGORIES_2021])
}

_NATURES = {">=": "≥", "＞＝": "≥", "≧": "≥", "<=": "≤", "＜＝": "≤", "≦": "≤", "==": "=", "＝": "="}


Nature = Annotated[Literal["≥", "≤", "="], BeforeValidator(lambda v: _NATURES.get(v, v) if isinstance(v, str) else v)]
Band = Literal["达成", "部分达成", "未达成"]


def _suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.3)
    hint = f"，是否应为“{close[0]}”？" if close else ""
    return f"{hint}可用的有：{'、'.join(choices)}"


class Indicator(Model):
    level1: Text = Field(alias="一级指标")
    """一级指标：产出指标、成本指标、效益指标、满意度指标。"""
    level2: Text = Field(alias="二级指标")
    """二级指标，如 数量指标、社会效益指标（须属于其一级指标）。"""
    name: Text = Field(alias="三级指标")
    """三级指标（具体指标名称）。"""
    nature: Nature | None = Field(None, alias="指标性质")
    """≥（越大越好）、≤（越小越好）或 =；不填时按预期指标值前的符号判断。"""
    target: Text = Field(alias="预期指标值")
    """年度指标值（预期），数字或文字，如 12处、≥90%、明显减少。"""
    actual: Text | None = Field(None, alias="实际完成值")
    """实际完成指标值。"""
    unit: Note | None = Field(None, alias="度量单位")
    """度量单位，如 处、个、%。"""
    weight: Score | None = Field(None, alias="分值")
    """该指标的分值（各指标分值与执行率分值之和应为100）。"""
    score: Score | None = Field(None, alias="得分")
    """填写的得分；不填时自动计算，填写时会与计算结果核对。"""
    band: Band | None = Field(None, alias="完成情况")
    """定性指标的完成情况：达成（80–100%）、部分达成（60–80%）、未达成（0–60%）。"""
    reason: Note | None = Field(None, alias="偏差原因")
    """未完成时的偏差原因分析及改进措施。"""

    @model_validator(mode="after")
    def _known_categories(self) -> Indicator:
        if self.level1 not in CATEGORIES:
            raise ValueError(f"未知的一级指标“{self.level1}”{_suggest(self.level1, tuple(CATEGORIES))}")
        allowed = CATEGORIES[self.level1]
        if self.level2 not in allowed:
            raise ValueError(f"“{self.level1}”下没有二级指标“{self.level2}”{_suggest(self.level2, allowed)}")
        if self.score is not None and self.weight is None:
            raise ValueError("填写了得分，也应填写分值")
        if self.score is not None and self.weight is not None and self.score > self.weight:
            raise ValueError(f"得分{self.score}超过分值{self.weight}")
        return self


class FundLine(Model):
    initial: Money | None = Field(None, alias="年初预算数")
    """年初预算数（万元）。"""
    adjusted: Money | None = Field(None, alias="全年预算数")
    """全年预算数（万元）。"""
    spent: Money | None = Field(None, alias="执行数")
    """全年执行数（万元）。"""


FUND_LINES = (("财政拨款", "appropriation"), ("上年结转", "carried_over"), ("其他资金", "other"))
"""The sources of a project's funds: label and attribute of ``FundSources``."""


class FundSources(Model):
    appropriation: FundLine | None = Field(None, alias="财政拨款")
    """其中：当年财政拨款。"""
    carried_over: FundLine | None = Field(None, alias="上年结转")
    """其中：上年结转资金。"""
    other: FundLine | None = Field(None, alias="其他资金")
    """其中：其他资金。"""


class Goals(Model):
    expected: Text = Field(alias="预期")
    """年度预期目标。"""
    achieved: Text | None = Field(None, alias="实际")
    """实际完成情况。"""


class DepartmentIndicator(Model):
    """One row of the 部门整体支出绩效自评表; categories follow the province's own index system."""

    level1: Text = Field(alias="一级指标")
    """一级指标，如 投入、过程、产出、效果。"""
    level2: Text = Field(alias="二级指标")
    """二级指标，如 预算编制、预算执行。"""
    name: Text = Field(alias="三级指标")
    """三级指标。"""
    weight: Score = Field(alias="分值")
    """分值；各行分值之和应为100。"""
    score: Score = Field(alias="得分")
    """得分；各行得分之和即部门整体自评得分。"""
    reason: Note | None = Field(None, alias="扣分原因")
    """未得满分的原因。"""

    @model_validator(mode="after")
    def _score_within_weight(self) -> DepartmentIndicator:
        if self.score > self.weight:
            raise ValueError(f"得分{self.score}超过分值{self.weight}")
        return self
