"""The budget part of the input file: 预算, 基本支出, 项目支出 (with each project), 支出功能分类, “三公”经费, 其他预算.

Split from ``schema.py``, which declares the rest of the file and the report as a whole.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from reportgen.model.fields import (
    Model,
    Money,
    Note,
    Paragraphs,
    Score,
    Text,
    YesNo,
)
from reportgen.model.indicators import FundSources, Goals, Indicator


class BudgetBlock(Model):
    initial: Money | None = Field(None, alias="年初预算数")
    """年初批复的预算数（万元）。"""
    adjusted: Money | None = Field(None, alias="全年预算数")
    """调整后的全年预算数（万元）；执行率以它为分母，未填时用年初预算数。"""
    spent: Money | None = Field(None, alias="执行数")
    """全年实际支出（执行数、决算数，万元）。"""
    previous: Money | None = Field(None, alias="上年执行数")
    """上年同口径支出（万元），用于计算同比增减。"""
    deviation: Note | None = Field(None, alias="偏差说明")
    """执行数与预算数差异的原因（超支或执行率低于90%时应填写）。"""


class EconomicClasses(Model):
    salaries: Money | None = Field(None, alias="工资福利支出")
    """工资福利支出（万元）。"""
    goods_services: Money | None = Field(None, alias="商品和服务支出")
    """商品和服务支出（万元）。"""
    households: Money | None = Field(None, alias="对个人和家庭的补助")
    """对个人和家庭的补助（万元）。"""
    capital: Money | None = Field(None, alias="资本性支出")
    """资本性支出（万元）。"""
    other: Money | None = Field(None, alias="其他支出")
    """其他支出（万元）。"""


class BasicSpending(BudgetBlock):
    uses: Paragraphs = Field(default_factory=list, alias="用途")
    """基本支出的范围和主要用途。"""
    classes: EconomicClasses | None = Field(None, alias="经济分类")
    """按经济分类的执行数，各项之和应等于执行数。"""
    personnel: Money | None = Field(None, alias="人员经费")
    """人员经费（万元），与公用经费之和应等于执行数。"""
    public: Money | None = Field(None, alias="公用经费")
    """日常公用经费（万元）。"""


class Project(Model):
    name: Text = Field(alias="名称")
    """项目名称。"""
    initial: Money | None = Field(None, alias="年初预算数")
    """年初预算数（万元）；年中追加的项目可不填（视为0）。"""
    adjusted: Money | None = Field(None, alias="全年预算数")
    """调整后的全年预算数（万元），未填时等于年初预算数。"""
    spent: Money = Field(alias="执行数")
    """全年执行数（万元）。"""
    added_midyear: YesNo = Field(False, alias="年中追加")
    """是：该项目是年中追加的，不计入年初申报的项目个数。"""
    deviation: Note | None = Field(None, alias="偏差说明")
    """执行率低于90%或超支的原因。"""
    remarks: Paragraphs = Field(default_factory=list, alias="说明")
    """项目实施情况和效果的简要说明（可选），写在该项目的数字之后。"""
    budget_unit: Note | None = Field(None, alias="预算单位")
    """项目表中的预算单位（实施单位），默认为单位名称。"""
    funds: FundSources | None = Field(None, alias="资金来源")
    """项目资金的来源：财政拨款、上年结转、其他资金；各项之和应等于项目的预算数和执行数。"""
    goals: Goals | None = Field(None, alias="年度目标")
    """项目表中的年度目标：预期 和 实际。"""
    indicators: list[Indicator] = Field(default_factory=list, alias="绩效指标")
    """项目表中的绩效指标，每行一个三级指标；相邻的相同一级、二级指标在表中合并单元格。"""
    merge_cells: YesNo = Field(True, alias="合并指标单元格")
    """否：一级、二级指标逐行重复书写，不合并单元格。"""
    score: Score | None = Field(None, alias="自评得分")
    """项目自评得分；填写分值时自动计算，两者都有时会核对。"""

    @model_validator(mode="after")
    def _some_budget(self) -> Project:
        if self.initial is None and self.adjusted is None:
            raise ValueError("应填写“年初预算数”或“全年预算数”")
        return self


class ProjectSpending(BudgetBlock):
    purpose: Paragraphs = Field(default_factory=list, alias="用途")
    """项目支出的总体用途说明。"""
    classes: EconomicClasses | None = Field(None, alias="经济分类")
    """按经济分类的执行数，各项之和应等于执行数。"""
    projects: list[Project] = Field(default_factory=list, alias="项目")
    """逐个项目的预算和执行情况。"""
    key_projects_only: YesNo = Field(False, alias="仅列重点项目")
    """是：“项目”只列出重点项目，不要求各项目之和等于项目支出合计。"""


class FunctionItem(Model):
    name: Text = Field(alias="名称")
    """科目名称，如 行政运行。"""
    budget: Money | None = Field(None, alias="全年预算数")
    """该科目的全年预算数（万元），用于“完成预算”比例。"""
    spent: Money = Field(alias="执行数")
    """该科目的决算数（万元）。"""


class FunctionClass(Model):
    name: Text = Field(alias="名称")
    """功能分类（类级）名称，如 公共安全支出。"""
    spent: Money | None = Field(None, alias="执行数")
    """该类的决算数（万元）；未填时由明细合计。"""
    items: list[FunctionItem] = Field(default_factory=list, alias="明细")
    """该类下的项级科目。"""


class PublicItem(Model):
    budget: Money | None = Field(None, alias="预算数")
    """预算数（万元）。"""
    actual: Money | None = Field(None, alias="决算数")
    """决算数（实际支出，万元）。"""
    previous: Money | None = Field(None, alias="上年决算数")
    """上年决算数（万元）。"""


class CarItem(PublicItem):
    purchase: PublicItem | None = Field(None, alias="购置费")
    """其中：公务用车购置费。"""
    upkeep: PublicItem | None = Field(None, alias="运行维护费")
    """其中：公务用车运行维护费。"""


class ThreePublic(Model):
    TITLES: ClassVar[dict[str, str]] = {
        "abroad": "因公出国（境）费",
        "cars": "公务用车购置及运行维护费",
        "total": "“三公”经费",
    }
    """How the report names an item where it differs from its key."""

    abroad: PublicItem | None = Field(None, alias="因公出国费")
    """因公出国（境）费。"""
    reception: PublicItem | None = Field(None, alias="公务接待费")
    """公务接待费。"""
    cars: CarItem | None = Field(None, alias="公务用车费")
    """公务用车购置及运行维护费。"""
    total: PublicItem | None = Field(None, alias="合计")
    """“三公”经费合计；未填的栏目由各项相加，已填的会与各项之和核对。"""
    remarks: Paragraphs = Field(default_factory=list, alias="说明")
    """管理和使用情况、增减原因等说明。"""


class OtherBudget(Model):
    initial: Money | None = Field(None, alias="年初预算数")
    """年初预算数（万元）。"""
    adjusted: Money | None = Field(None, alias="全年预算数")
    """全年预算数（万元）。"""
    spent: Money | None = Field(None, alias="执行数")
    """执行数（万元）。"""
    remarks: Paragraphs = Field(default_factory=list, alias="说明")
    """说明；不填金额也不填说明时，报告写“我单位无……”。"""


class Budget(Model):
    initial: Money | None = Field(None, alias="年初预算数")
    """本部门年初预算收入（万元）。"""
    adjusted: Money | None = Field(None, alias="全年预算数")
    """调整后的全年预算数（万元）；未填时由“资金来源”合计，执行率以它为分母。"""
    sources: dict[Text, Money] = Field(default_factory=dict, alias="资金来源")
    """全年预算的来源构成，如 当年财政拨款、上年结转，各项之和应等于全年预算数。"""
    spent: Money | None = Field(None, alias="执行数")
    """全年预算执行数（万元）；未填时由基本支出与项目支出的执行数相加。"""
    previous: Money | None = Field(None, alias="上年执行数")
    """上年支出总计（万元），用于同比。"""
    income: Money | None = Field(None, alias="本年收入数")
    """本年收入合计（决算，万元），可选。"""
    previous_income: Money | None = Field(None, alias="上年收入数")
    """上年收入合计（决算，万元），可选。"""
    carried_forward: Money | None = Field(None, alias="结转结余")
    """年末结转和结余（万元），可选。"""
    uses: Paragraphs = Field(default_factory=list, alias="主要用途")
    """资金的主要用途。"""
    management: Paragraphs = Field(default_factory=list, alias="管理情况")
    """资金使用和管理情况（制度、专款专用等）。"""
    deviation: Note | None = Field(None, alias="偏差说明")
    """执行数与预算数差异较大时的原因。"""
