"""The standard blocks a section can hold: what each prints from, and whether a report without it is incomplete.

A block is named as the clerk's outline names it (its YAML key); it prints
from one field of the input (``field``), and a ``required`` block the file
leaves out is printed as 【待补充】 and warned about.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    field: str
    """The ``Report`` attribute the block prints from."""
    required: bool = False
    """Left out, the block prints 【待补充】 and the file is warned about it."""


BLOCKS: dict[str, Block] = {
    "机构设置": Block("organisation", required=True),
    "人员编制": Block("staff", required=True),
    "职能职责": Block("duties", required=True),
    "绩效目标": Block("goals", required=True),
    "预算执行总体情况": Block("budget"),
    "基本支出": Block("basic", required=True),
    "项目支出": Block("projects", required=True),
    "支出功能分类": Block("functions"),
    "机关运行经费": Block("running_costs"),
    "三公经费": Block("three_public", required=True),
    "政府性基金": Block("government_funds"),
    "国有资本经营": Block("state_capital"),
    "社会保险基金": Block("social_insurance"),
    "绩效自评": Block("evaluation"),
    "存在的问题": Block("problems", required=True),
    "改进措施": Block("measures", required=True),
    "其他需要说明的情况": Block("other_matters"),
}
