"""The standard blocks a section can hold: what each prints from, and whether a report without it is incomplete.

A block is named as the clerk's outline names it (its YAML key); its text is
in ``内容块.txt`` beside this file.  It prints from one field of the input
(``field``); a ``required`` block the file leaves out is printed as 【待补充】
and warned about.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    field: str | None
    """The ``Report`` attribute the block prints from (None: the figures every file has)."""
    required: bool = False
    """Left out, the block prints 【待补充】 and the file is warned about it."""
    present: str = ""
    """A template condition true when there is something to print (for an optional section); default: the field."""
    points: str = "1."
    """How the block numbers its items (职能职责, 存在的问题 …), unless the outline's 要点编号 says otherwise."""
    totals: frozenset[str] = frozenset()
    """Which of the unit's overall figures it prints: 预算数 and/or 执行数 (demanded only where printed)."""
    reads: tuple[str, ...] = ()
    """Other ``Report`` attributes it prints from (支出构成 prints 基本支出 and 项目支出 too)."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Every ``Report`` attribute the block prints from."""
        return (*([self.field] if self.field else []), *self.reads)


BUDGET_AND_SPENT = frozenset({"预算数", "执行数"})

BLOCKS: dict[str, Block] = {
    "机构设置": Block("organisation", required=True),
    "人员编制": Block("staff", required=True),
    "职能职责": Block("duties", required=True),
    "职能职责表": Block("duties", required=True),
    "绩效目标": Block("goals", required=True),
    "分项绩效目标": Block("goal_items", required=True),
    "预算执行总体情况": Block("budget", totals=BUDGET_AND_SPENT),
    "预算安排": Block("budget", totals=frozenset({"预算数"}), reads=("basic", "projects")),
    "收入情况": Block("budget", totals=frozenset({"预算数"})),
    "支出构成": Block("budget", totals=frozenset({"执行数"}), reads=("basic", "projects")),
    "基本支出": Block("basic", required=True),
    "项目支出": Block("projects", required=True),
    "经济分类": Block(
        None,
        reads=("basic", "projects"),
        present="(基本支出 and 基本支出.经济分类) or (项目支出 and 项目支出.经济分类)",
    ),
    "支出功能分类": Block("functions", required=True),
    "机关运行经费": Block("running_costs", required=True),
    "三公经费": Block("three_public", required=True),
    "政府性基金": Block("government_funds"),
    "国有资本经营": Block("state_capital"),
    "社会保险基金": Block("social_insurance"),
    "自评得分": Block("evaluation", present="绩效自评.自评得分 is not none"),
    "工作成绩": Block("evaluation", present="绩效自评.概述 or 绩效自评.成绩"),
    "绩效自评": Block("evaluation"),
    "存在的问题": Block("problems", required=True),
    "改进措施": Block("measures", required=True),
    "其他需要说明的情况": Block("other_matters"),
}
"""Every block an outline's 内容 may name, in the order the README lists them."""

TABLE_FIELDS = ("budget", "basic", "projects", "staff", "three_public", "running_costs", "evaluation")
"""The ``Report`` attributes the attached 基础数据表 and 自评表 print from (documents/attachments.py)."""

FRAME = ("封面", "标题", "落款", "附表")
"""The fixed parts of every report (in ``内容块.txt`` too), placed by the outline, never named in a section."""
