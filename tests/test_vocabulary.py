"""One vocabulary: every path the code reports names a real field of the schema, and the derived figures are listed once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from reportgen.figures.check import CHECKS
from reportgen.figures.formulas import DERIVED
from reportgen.figures.model import Figure, Figures
from reportgen.model.budget import Budget
from reportgen.model.paths import UnknownField, key_of, path_of, resolves
from reportgen.model.schema import Report
from reportgen.outline.model import shipped
from reportgen.pipeline.build import prepare
from reportgen.pipeline.rollup import ROLLED_UP

EXAMPLES = sorted(DATA.glob("*/*.yaml"))
README = Path(__file__).parent.parent / "README.md"

# a file that exercises every block the examples leave out (economic classes, funds, staff breakdown, other budgets)
EVERYTHING = """\
单位名称: 测试局
年度: 2024
人员编制:
  在职人员: {编制数: 10, 构成: {民警: 8, 文职: 3}, 其中: {女: 12}}
  辅警: {实有人数: 5}
机构设置:
  内设机构:
    - {类别: 派出所, 名称: [甲所, 乙所], 数量: 3}
预算:
  年初预算数: 100
  资金来源: {当年财政拨款: 100, 上年结转: 1}
  执行数: 80
基本支出:
  年初预算数: 50
  执行数: 40
  经济分类: {工资福利支出: 30, 商品和服务支出: 9}
  人员经费: 30
  公用经费: 9
项目支出:
  年初预算数: 50
  执行数: 40
  项目:
    - 名称: 甲项目
      年初预算数: 50
      执行数: 41
      资金来源: {财政拨款: {年初预算数: 40, 执行数: 30}, 上年结转: {年初预算数: 9, 执行数: 10}}
      绩效指标:
        - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 办案数, 预期指标值: "≥10", 实际完成值: "12", 分值: 80}
支出功能分类:
  - 名称: 公共安全支出
    执行数: 79
    明细:
      - {名称: 行政运行, 执行数: 70}
三公经费:
  公务接待费: {预算数: 1, 决算数: 2}
  公务用车费:
    购置费: {决算数: 1}
    运行维护费: {}
  合计: {决算数: 9}
政府性基金:
  年初预算数: 10
绩效自评:
  自评得分: 95
  等级: 良
落款:
  日期: 2024-06-01
"""


def _figure_paths(figures: Figures) -> list[tuple[str | int, ...]]:
    lines: list[Figure | None] = [
        figures.budget,
        figures.income,
        figures.basic,
        figures.personnel,
        figures.public,
        figures.projects,
        figures.running_costs,
        *figures.basic_classes,
        *figures.project_classes,
        *(item.figure for item in figures.project_items),
        *(f.figure for f in figures.functions),
        *(item for f in figures.functions for item in f.items),
        *vars(figures.other_budgets).values(),
    ]
    if figures.three_public:
        lines += [figures.three_public.total, *figures.three_public.items(), *figures.three_public.car_parts()]
    paths = [line.path for line in lines if line is not None] + [s.path for s in figures.staff.groups()]
    paths += [s.path for s in figures.sums] + [p for s in figures.sums for p, _ in s.parts]
    return paths + sorted(figures.typed, key=str)


@pytest.mark.parametrize("source", [*EXAMPLES, None], ids=[*(str(e.relative_to(DATA)) for e in EXAMPLES), "everything"])
def test_every_path_used_by_derive_and_check_names_a_schema_field(source, write_yaml):
    from reportgen.figures.derive import derive
    from reportgen.read.inherit import load_unit
    from reportgen.read.validate import validate

    doc = load_unit(source or write_yaml(EVERYTHING))
    report = validate(doc)
    figures = derive(report)
    findings = [f.path for run in CHECKS for f in run(report, figures, shipped())]
    paths = _figure_paths(figures) + findings
    assert len(paths) > 20
    unknown = [p for p in paths if not resolves(p)]
    assert unknown == []
    if source is None:  # the file above reaches the checks that report a field
        assert len(findings) >= 8, findings


def test_the_checklist_points_only_at_schema_fields():
    from reportgen.documents.checklist import checklist_rows
    from reportgen.pipeline.build import printed_figures

    for example in EXAMPLES:
        for row in checklist_rows(printed_figures(prepare(example))[0]):
            if row.source == "输入":
                written = row.basis.split(" ", 1)[1]
                assert resolves(_parse(written)), (example, row)


def _parse(formatted: str) -> tuple[str | int, ...]:
    """``项目支出.项目[1].执行数`` → ``('项目支出', '项目', 0, '执行数')``."""
    path: list[str | int] = []
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", formatted):
        path.append(int(index) - 1 if index else key)
    return tuple(path)


def test_a_mistyped_attribute_fails_at_once():
    with pytest.raises(UnknownField):
        path_of("budget", "spend")
    with pytest.raises(UnknownField):
        key_of(Budget, "执行数")  # keys are not attributes
    with pytest.raises(UnknownField):
        path_of("budget", "spent", "more")  # inside a value
    assert path_of("projects", "projects", 2, "funds", "appropriation", "spent") == (
        "项目支出",
        "项目",
        2,
        "资金来源",
        "财政拨款",
        "执行数",
    )
    assert not resolves(("预算", "执行术"))


def test_roll_up_names_schema_fields():
    assert [path_of(*field) for field in ROLLED_UP][:3] == [
        ("预算", "年初预算数"),
        ("预算", "全年预算数"),
        ("预算", "执行数"),
    ]


def test_the_readme_states_each_derived_figure_as_the_table_does():
    text = README.read_text(encoding="utf-8")
    rules = text.split("## 计算规则", 1)[1].split("\n## ", 1)[0]
    for derived in DERIVED:
        assert f"{derived.name} = {derived.formula}" in rules, derived.name


def test_the_template_context_offers_each_derived_figure():
    from reportgen.documents.context import build_context

    checked = prepare(DATA / "通道/2024.yaml")
    context = build_context(checked.report, checked.figures, checked.outline)
    for derived in DERIVED:
        assert derived.name in context["预算"]
        assert context["预算"][derived.name] == derived.value(checked.figures.budget)
    assert set(Report.model_fields) >= {"budget", "three_public"}
