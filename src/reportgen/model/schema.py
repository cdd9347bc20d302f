"""The input file, declared once: every key a clerk may write, with its meaning.

Keys are the report's own Chinese terms (aliases); attributes stay English.
Each field's docstring is its Chinese description (shown in error messages,
the JSON schema and the README).  The field types are in ``fields.py``; the
project table (goals, indicators, sources of funds) in ``indicators.py``; the budget in ``budget.py``; the
province rules on its scores (设置.评分规则) in ``rules.py``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Discriminator, Field, Tag, model_validator

from reportgen.model.budget import (
    BasicSpending,
    Budget,
    FunctionClass,
    OtherBudget,
    ProjectSpending,
    ThreePublic,
)
from reportgen.model.fields import (
    Count,
    Date,
    Duty,
    Model,
    Money,
    Note,
    Number,
    Paragraphs,
    Score,
    Text,
    YesNo,
    numeral,
    whole_number,
    yes_no,
)
from reportgen.model.indicators import DepartmentIndicator
from reportgen.model.rules import ScoringRules

MIN_YEAR, MAX_YEAR = 2000, 2099
if TYPE_CHECKING:  # made by functions, which a type checker cannot read as types
    Year = int
    TotalWeight = Decimal
else:
    Year = whole_number(MIN_YEAR, MAX_YEAR)
    TotalWeight = numeral(gt=0, le=1000, decimal_places=2)

MAX_UNIT_NAME = 60
"""The longest unit name; it also names the output folder, which Windows limits."""


class Settings(Model):
    amount_unit: Literal["万元", "元"] = Field("万元", alias="金额单位")
    """文件中金额的单位：万元（默认）或 元（元会自动除以10000换算为万元）。"""
    change_verbs: Note = Field("增长/下降", alias="增减动词", pattern=r"^[^/]+/[^/]+$")
    """同比增减的措辞，写成“增长/下降”“上升/下降”或“增加/减少”。"""
    table_layout: Literal["四川", "财政部"] = Field("四川", alias="项目表格式")
    """项目表的格式：四川（项目支出绩效目标完成情况表）或 财政部（项目支出绩效自评表，含分值、得分）。"""
    rate_weight: Score = Field(Decimal(10), alias="执行率分值")
    """项目表中预算执行率的分值，默认10分（财政部《项目支出绩效评价管理办法》(财预〔2020〕10号) 附件项目支出绩效自评表中“年度资金总额”的分值）。"""
    attachments: YesNo = Field(True, alias="生成附表")
    """是（默认）：报告后附“部门整体支出绩效评价基础数据表”和（填写了 绩效自评.指标 时）“部门整体支出绩效自评表”。"""
    total_weight: TotalWeight = Field(Decimal(100), alias="总分值")
    """项目表的总分值，默认100分；执行率分值与各指标分值之和应等于它。"""
    rules: ScoringRules = Field(default_factory=ScoringRules, alias="评分规则")
    """项目表评分的省份规则：执行率封顶、偏离扣分、得分小数位；默认都不用，见 README“评分规则”。"""
    outline: Text = Field("湖南", alias="提纲")
    """报告的提纲：湖南（默认）、湖南2024、湖南旧版、四川（reportgen 提纲 列出各自的章节），或自己的提纲文件（如 我的提纲.yaml，路径相对于本文件所在文件夹）。"""


class OrgGroup(Model):
    kind: Text = Field(alias="类别")
    """机构类别，如 下属机构、派出所、检查站。"""
    names: list[Text] | None = Field(None, alias="名称")
    """该类别下各机构的名称；填写后数量自动计算。"""
    count: Count | None = Field(None, alias="数量")
    """机构个数；填写了名称时可省略。"""

    @model_validator(mode="after")
    def _count_or_names(self) -> OrgGroup:
        if self.names is None and self.count is None:
            raise ValueError("应填写“名称”或“数量”之一")
        return self


class Organisation(Model):
    overview: Paragraphs = Field(default_factory=list, alias="概述")
    """机构设置的文字说明（可选）。"""
    groups: list[OrgGroup] = Field(default_factory=list, alias="内设机构")
    """按类别列出的机构，如 派出所 及其名称。"""
    remarks: Paragraphs = Field(default_factory=list, alias="说明")
    """列出机构之后的补充说明，如单独核算的单位。"""


class StaffGroup(Model):
    authorised: Count | None = Field(None, alias="编制数")
    """核定编制数。"""
    actual: Count | None = Field(None, alias="实有人数")
    """年底实有人数；填写了“构成”时可省略，自动合计。"""
    breakdown: dict[Text, Count] = Field(default_factory=dict, alias="构成")
    """实有人数的完整构成（各项之和应等于实有人数），如 民警: 338。"""
    of_which: dict[Text, Count] = Field(default_factory=dict, alias="其中")
    """实有人数中需单独说明的部分（不要求加总），如 户政员: 8。"""
    remark: Note | None = Field(None, alias="说明")
    """补充说明，如“不含交警”。"""


class Staff(Model):
    as_of: Date | None = Field(None, alias="截至日期")
    """人数的统计时点，默认为年度的12月31日。"""
    serving: StaffGroup | None = Field(None, alias="在职人员")
    """在职（编制内）人员。"""
    auxiliary: StaffGroup | None = Field(None, alias="辅警")
    """辅警及其他辅助人员。"""
    retired: StaffGroup | None = Field(None, alias="退休人员")
    """退休人员。"""


class YearOnYear(Model):
    actual: Money = Field(alias="决算数")
    """本年决算数（万元）。"""
    previous: Money | None = Field(None, alias="上年决算数")
    """上年决算数（万元）。"""
    reason: Note | None = Field(None, alias="变动原因")
    """增减变动的主要原因。"""


class Measure(Model):
    current: Number = Field(alias="本年")
    """本年的数。"""
    previous: Number | None = Field(None, alias="上年")
    """上年的数；填写后叙述中可写 较上年（如 较上年减少150起，下降10.71%）。"""
    unit: Text = Field(alias="单位")
    """计量单位，如 起、件、人次，印在数字之后。"""


NUMBER_TAG, MEASURE_TAG = "<number>", "<measure>"
"""How pydantic names the two forms of a 数据 entry in an error's location; a message leaves them out."""


def _data_kind(value: Any) -> str:
    """A 数据 entry written as “名称: {本年: …, 单位: …}” is a measure; anything else is read as a plain number."""
    return MEASURE_TAG if isinstance(value, dict | Measure) else NUMBER_TAG


DataValue = Annotated[
    Annotated[Number, Tag(NUMBER_TAG)] | Annotated[Measure, Tag(MEASURE_TAG)], Discriminator(_data_kind)
]


def _text_or_point(schema: dict[str, Any]) -> None:
    """In the JSON schema a point may also be plain text, as the validator accepts."""
    as_object = dict(schema)
    schema.clear()
    schema.update({"title": as_object.get("title"), "anyOf": [{"type": "string"}, as_object]})


class SubPoint(Model):
    model_config = ConfigDict(json_schema_extra=_text_or_point)

    title: Note | None = Field(None, alias="标题")
    """要点的标题（一句话），可选。"""
    body: Paragraphs = Field(default_factory=list, alias="内容")
    """要点的内容，每行一段。"""

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        return value if isinstance(value, dict | list) or value is None else {"内容": value}


class Point(SubPoint):
    children: list[SubPoint] = Field(default_factory=list, alias="下级")
    """下一级要点，编号自动生成（如 1. 下的 （1））。"""


def _narrative_key(value: str) -> str:
    """A narrative's name is written into the generated template (``叙述["…"]``): nothing that could end the text."""
    if any(char in value for char in '"\\{}\n'):
        raise ValueError("叙述的名称中不能有引号、反斜杠、“{”“}”或换行")
    return value


NarrativeKey = Annotated[Text, AfterValidator(_narrative_key)]


def _narrative(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


Narrative = Annotated[list[Text | Point], BeforeValidator(_narrative, json_schema_input_type=str | list[str | Point])]
"""A section's narrative: plain paragraphs (text) and numbered points (标题/内容/下级)."""


class GoalItem(Model):
    name: Text = Field(alias="名称")
    """分项名称，如 打击犯罪、公共安全。"""
    goals: Paragraphs = Field(default_factory=list, alias="绩效目标")
    """该项的绩效目标，每行一段。"""
    indicators: Paragraphs = Field(default_factory=list, alias="绩效指标")
    """该项的绩效指标（文字），每行一段。"""


Grade = Literal["优", "良", "中", "差"]


class Evaluation(Model):
    score: Score | None = Field(None, alias="自评得分")
    """部门整体支出绩效自评得分（0–100，最多两位小数）。"""
    grade: Grade | None = Field(None, alias="等级")
    """可不填，由得分自动评定（≥90 优，≥80 良，≥60 中，<60 差）；填写时会核对。"""
    overview: Paragraphs = Field(default_factory=list, alias="概述")
    """绩效情况总述。"""
    achievements: list[Point] = Field(default_factory=list, alias="成绩")
    """主要工作成效，逐条列出。"""
    indicators: list[DepartmentIndicator] = Field(default_factory=list, alias="指标")
    """部门整体支出绩效自评表（附件2）的指标、分值和得分；填写后自评得分可不填，由得分合计。"""


class Signature(Model):
    unit: Note | None = Field(None, alias="单位")
    """落款单位，默认为单位名称。"""
    date: Date | None = Field(None, alias="日期")
    """成文日期，如 2025-05-29；不填时留空待手写。"""
    head: Note | None = Field(None, alias="负责人")
    """主要负责人姓名（提纲有封面时印在封面“主要负责人（签字）”处），可不填、留待签字。"""


class Report(Model):
    """一个单位一个年度的部门整体支出绩效自评报告的全部输入。"""

    @model_validator(mode="before")
    @classmethod
    def _parent_budget(cls, data: Any) -> Any:
        """A parent unit (汇总下级: 是) may leave 预算 out: its totals come from its sub-units."""
        budget, rollup = (cls.model_fields[name].alias or name for name in ("budget", "rollup"))
        if isinstance(data, dict) and data.get(budget) is None and yes_no(data.get(rollup)) is True:
            return {**data, budget: {}}
        return data

    unit: Text = Field(alias="单位名称", max_length=MAX_UNIT_NAME)
    """单位全称，如 通道侗族自治县公安局。"""
    year: Year = Field(alias="年度")
    """评价的预算年度，如 2024。"""
    settings: Settings = Field(default_factory=Settings, alias="设置")
    """金额单位、措辞等设置。"""
    rollup: YesNo = Field(False, alias="汇总下级")
    """是：本单位是上级单位；批量生成（reportgen batch）时，未填的预算、执行、“三公”合计取本文件夹中其他单位之和，已填的与之核对。"""
    template: Note | None = Field(None, alias="模板")
    """自定义的报告模板（.docx，可用 reportgen template export 导出默认模板修改），路径相对于本文件所在文件夹。"""
    title: Note | None = Field(None, alias="标题")
    """报告标题，默认为“单位名称+年度+年度部门整体支出绩效自评报告”；太长时自动在词间分行（单位名称后、年度后、“绩效自评报告”前等），也可自己分行：写成多行（“标题: |”，下面每行一行）。"""
    preface: Paragraphs = Field(default_factory=list, alias="前言")
    """正文前的引言段落。"""
    organisation: Organisation | None = Field(None, alias="机构设置")
    """（一）机构设置情况。"""
    staff: Staff | None = Field(None, alias="人员编制")
    """（二）人员编制情况。"""
    duties: list[Duty] = Field(default_factory=list, alias="职能职责")
    """（三）主要职能职责，每项一条，编号自动生成。"""
    goals: Paragraphs = Field(default_factory=list, alias="绩效目标")
    """（四）绩效目标设定情况。"""
    goal_items: list[GoalItem] = Field(default_factory=list, alias="分项绩效目标")
    """分项列出的绩效目标（提纲用到内容块“分项绩效目标”时），每项写名称、绩效目标和绩效指标。"""
    budget: Budget = Field(default_factory=Budget, alias="预算")
    """二（一）预算执行总体情况。"""
    basic: BasicSpending | None = Field(None, alias="基本支出")
    """二（二）1. 基本支出。"""
    projects: ProjectSpending | None = Field(None, alias="项目支出")
    """二（二）2. 项目支出。"""
    functions: list[FunctionClass] = Field(default_factory=list, alias="支出功能分类")
    """按功能分类（类、项）的支出决算。"""
    running_costs: YearOnYear | None = Field(None, alias="机关运行经费")
    """机关运行经费及其同比。"""
    three_public: ThreePublic | None = Field(None, alias="三公经费")
    """二（三）“三公”经费使用和管理情况。"""
    government_funds: OtherBudget | None = Field(None, alias="政府性基金")
    """三、政府性基金预算支出情况。"""
    state_capital: OtherBudget | None = Field(None, alias="国有资本经营")
    """四、国有资本经营预算支出情况。"""
    social_insurance: OtherBudget | None = Field(None, alias="社会保险基金")
    """五、社会保险基金预算支出情况。"""
    evaluation: Evaluation = Field(default_factory=Evaluation, alias="绩效自评")
    """六、部门整体支出绩效情况：得分、等级和主要成效。"""
    problems: list[Point] = Field(default_factory=list, alias="存在的问题")
    """七、存在的问题及原因分析。"""
    measures: list[Point] = Field(default_factory=list, alias="改进措施")
    """八、下一步改进措施。"""
    other_matters: Paragraphs = Field(default_factory=list, alias="其他需要说明的情况")
    """九、其他需要说明的情况；不填时写“无。”。"""
    narrative: dict[NarrativeKey, Narrative] = Field(default_factory=dict, alias="叙述")
    """提纲中以“文字”指定的各节叙述，按名称填写，如 评价工作开展情况、自评结果应用；每项可写段落，或带“标题”“内容”“下级”的要点（自动编号）。"""
    attachments: list[Text] = Field(default_factory=list, alias="附件")
    """附件名称列表。"""
    signature: Signature = Field(default_factory=Signature, alias="落款")
    """落款单位和日期。"""
    data: dict[Text, DataValue] = Field(default_factory=dict, alias="数据")
    """叙述中要引用或计算的其他数字，如 走访问题数: 58（叙述中写 {{ 数据.走访问题数 | 整数 }}）；带上年数和单位时写 交通事故: {本年: 1250, 上年: 1400, 单位: 起}（{{ 数据.交通事故 }} 印作 1250起，{{ 数据.交通事故.较上年 }} 印作 较上年减少150起，下降10.71%）。"""
