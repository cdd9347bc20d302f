"""设置.评分规则: province rules on the project table's scores, all off unless a file writes them.

Seen in provincial 预算管理一体化 systems' self-evaluation manuals (domain.md §2.3,
[practice]): the total is capped by the 执行率, and an indicator that overshoots
its target counts as 偏离 and loses points.  Each province has its own table,
so the clerk writes it; nothing here is a default.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field, field_validator, model_validator

from reportgen.model.fields import Model, Score, percentage, whole_number

if TYPE_CHECKING:  # made by functions, which a type checker cannot read as types
    Percent = Decimal
    Places = int
else:
    Percent = percentage(gt=0, le=100, decimal_places=2)
    Places = whole_number(0, 2)


class RateCap(Model):
    """One row of a province's table: 执行率 below ``below`` → the total at most ``most``."""

    below: Percent = Field(alias="低于")
    """执行率（按显示的两位小数）低于此百分比时封顶，如 80%。"""
    most: Score = Field(alias="最高")
    """此时项目总分最高为多少分（按100分计；总分值不是100时按比例换算），如 89。"""


class Overshoot(Model):
    """偏离: a quantitative indicator whose result passes its target by ``threshold`` or more."""

    threshold: Percent = Field(alias="超出目标")
    """实际完成值超出预期指标值达到此比例即为偏离（≥ 类高出、≤ 类低于），如 30%；不超过100%。"""
    points: Score | None = Field(None, alias="扣分")
    """每个偏离指标扣的分数，如 2（不低于0分）；与“扣分比例”二选一。"""
    share: Percent | None = Field(None, alias="扣分比例")
    """每个偏离指标按其分值扣的比例，如 20%（分值10分扣2分）；与“扣分”二选一。"""

    @model_validator(mode="after")
    def _points_or_share(self) -> Overshoot:
        if (self.points is None) == (self.share is None):
            raise ValueError(
                "应填写“扣分”或“扣分比例”之一，实际" + ("两者都填了" if self.points is not None else "都未填写")
            )
        return self


class ScoringRules(Model):
    caps: list[RateCap] = Field(default_factory=list, alias="执行率封顶")
    """按执行率限制项目总分（部分省份预算管理一体化系统的自评规则，默认不限制），每行 {低于: 80%, 最高: 89}，按“低于”从大到小排列，如 低于80%最高89、低于70%最高79、低于60%最高69、低于50%最高59；执行率落在几行时按最低的“最高”封顶。"""
    overshoot: Overshoot | None = Field(None, alias="偏离扣分")
    """定量指标实际完成值超出目标过多（偏离）时扣分（部分省份自评系统的规则，默认不扣），如 {超出目标: 30%, 扣分: 2}；扣后不低于0分；填写了得分的指标保留所填得分，并与扣分后的计算结果核对。"""
    places: Places = Field(2, alias="得分小数位")
    """各项得分保留的小数位数：2（默认）、1 或 0，四舍五入。"""

    @field_validator("caps")
    @classmethod
    def _caps_in_order(cls, caps: list[RateCap]) -> list[RateCap]:
        for number, (upper, lower) in enumerate(itertools.pairwise(caps), start=2):
            if lower.below >= upper.below:
                raise ValueError(
                    f"应按“低于”从大到小排列，实际第{number}行低于{lower.below:f}%，不小于上一行的{upper.below:f}%"
                )
            if lower.most > upper.most:
                raise ValueError(
                    f"执行率越低最高分应越低，实际第{number}行最高{lower.most:f}分，高于上一行的{upper.most:f}分"
                )
        return caps
