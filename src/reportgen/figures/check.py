"""Stage 4: the 勾稽关系 a finance reviewer checks first.

Each check is a small function over the validated report and its derived
figures, yielding findings; ``check`` runs them all and locates each finding
in the input file.  Parts that miss their total by at most 0.01 per part are
尾差 (rounding) and only noted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from reportgen.documents.filters import amount, integer, percent
from reportgen.documents.filters import score as score_text
from reportgen.documents.tables import has_table
from reportgen.errors import Diagnostic, Severity
from reportgen.figures.crosscheck import check_typed_figures
from reportgen.figures.deadlines import on_time, reads_as_time
from reportgen.figures.model import Figure, Figures, Finding, ProjectFigure, Sum
from reportgen.figures.scoring import BAND_RANGE
from reportgen.model.budget import Budget, BudgetBlock, Project, PublicItem
from reportgen.model.indicators import Indicator
from reportgen.model.paths import key_of, path_of
from reportgen.model.schema import Report, StaffGroup
from reportgen.money import CENT, HUNDRED, ZERO, shown
from reportgen.outline.blocks import BLOCKS, BUDGET_AND_SPENT, TABLE_FIELDS
from reportgen.outline.model import Outline, Section, headings
from reportgen.read.document import Document, PathKey, format_path

LOW_RATE = Decimal(90)
"""执行率 (in percent, as shown) below which the form wants a reason."""


Check = Callable[[Report, Figures, Outline], Iterable[Finding]]


def _parts_label(parts: tuple[tuple[PathKey, Decimal], ...]) -> str:
    labels = [format_path(p) for p, _ in parts]
    if len(labels) > 4:
        return f"{labels[0]}至{labels[-1]}共{len(labels)}项"
    return "、".join(labels)


def _sum_finding(relation: Sum) -> Finding | None:
    given, computed = relation.given, relation.computed
    if given is None or computed is None or given == computed:
        return None
    fmt = integer if relation.whole_numbers else amount
    unit = "人" if relation.whole_numbers else "万元"
    diff = abs(given - computed)
    said = "填写为" if relation.stated else "按另一组明细合计为"
    parts = _parts_label(relation.parts)
    text = f"{said}{fmt(given)}{unit}，而{parts}之和为{fmt(computed)}{unit}，相差{fmt(diff)}{unit}"
    tolerance = ZERO if relation.whole_numbers else CENT * len(relation.parts)
    if shown(diff) <= tolerance:
        return Finding(Severity.NOTE, relation.path, f"{text}，属尾差（四舍五入造成），可不调整")
    return Finding(Severity.ERROR, relation.path, f"{text}：合计与各项不符，请核对")


def check_sums(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """Given totals against their parts."""
    for relation in figures.sums:
        finding = _sum_finding(relation)
        if finding:
            yield finding


def printed_totals(report: Report, outline: Outline) -> dict[str, str]:
    """Where the documents first print the unit's overall 预算数 and 执行数: a section, or the attached tables."""
    where: dict[str, str] = {}
    for place in headings(outline):
        for name in place.section.blocks:
            for total in BLOCKS[name].totals:
                where.setdefault(total, f"报告“{place.cited}”")
    if outline.tables and report.settings.attachments:
        for total in BUDGET_AND_SPENT:
            where.setdefault(total, "附表“部门整体支出绩效评价基础数据表”")
    return where


def check_required_totals(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """The overall budget and spending must be known, given or computed, where the documents print them."""
    printed = printed_totals(report, outline)
    if figures.budget.budget is None and "预算数" in printed:
        message = f"缺少预算数（{printed['预算数']}要印它）：应填写“年初预算数”或“全年预算数”（或“资金来源”）"
        yield Finding(Severity.ERROR, path_of("budget"), message)
    if figures.budget.spent is None and "执行数" in printed:
        message = f"缺少执行数（{printed['执行数']}要印它）：应填写“预算.执行数”，或填写基本支出和项目支出的执行数"
        yield Finding(Severity.ERROR, path_of("budget"), message)


def _execution(figure: Figure | None, block: Budget | BudgetBlock | Project | None) -> Iterable[Finding]:
    """Spending above budget, or a rate that shows below 90%, wants a reason (in the block's 偏差说明)."""
    if figure is None or block is None or figure.spent is None or figure.budget is None or block.deviation:
        return
    spent, budget = shown(figure.spent), shown(figure.budget)
    where = figure.path + (key_of(BudgetBlock, "deviation"),)
    if spent > budget:
        rate = f"执行率{percent(figure.rate)}" if figure.rate is not None else "预算数为0"
        yield Finding(
            Severity.WARNING,
            where,
            f"{figure.name}执行数{amount(spent)}万元大于预算数{amount(budget)}万元（{rate}），请在“偏差说明”中写明原因",
        )
    elif figure.rate is not None and shown(figure.rate * HUNDRED) < LOW_RATE:
        yield Finding(
            Severity.WARNING, where, f"{figure.name}执行率{percent(figure.rate)}低于90%，请在“偏差说明”中写明原因"
        )


def check_execution_rates(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """执行数 above 预算数, or 执行率 under 90%, wants a reason."""
    yield from _execution(figures.budget, report.budget)
    yield from _execution(figures.basic, report.basic)
    yield from _execution(figures.projects, report.projects)
    for item, project in zip(figures.project_items, report.projects.projects if report.projects else [], strict=True):
        yield from _execution(item.figure, project)


def check_three_public(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """“三公”经费 should stay within budget, and each item needs its 决算数."""
    public = figures.three_public
    if public is None:
        return
    if not public.items():
        yield Finding(
            Severity.WARNING,
            path_of("three_public"),
            "“三公”经费没有填写任何一项（因公出国费、公务接待费、公务用车费）",
        )
    actual = key_of(PublicItem, "actual")
    for figure in [public.total, *public.items(), *public.car_parts()]:
        if figure.spent is None:
            if figure is not public.total:
                yield Finding(Severity.WARNING, figure.path + (actual,), f"{figure.name}未填写决算数")
        elif figure.budget is not None and shown(figure.spent) > shown(figure.budget):
            yield Finding(
                Severity.WARNING,
                figure.path + (actual,),
                f"{figure.name}决算数{amount(figure.spent)}万元超过预算数{amount(figure.budget)}万元",
            )


def check_other_budgets(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """A 政府性基金 (etc.) budget without its 执行数 cannot be reported."""
    for figure in vars(figures.other_budgets).values():
        if figure is not None and figure.spent is None:
            yield Finding(
                Severity.WARNING,
                figure.path + (key_of(BudgetBlock, "spent"),),
                f"{figure.name}填写了预算数，但未填写执行数",
            )


def check_staff(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """实有 above 编制 is 超编; an “其中” part cannot exceed its total."""
    actual_key = key_of(StaffGroup, "actual")
    for staff in figures.staff.groups():
        label = staff.name
        if staff.actual is None:
            yield Finding(Severity.WARNING, staff.path + (actual_key,), f"{label}未填写实有人数（或其构成）")
        elif staff.actual is not None and staff.authorised is not None and staff.actual > staff.authorised:
            yield Finding(
                Severity.WARNING,
                staff.path + (actual_key,),
                f"{label}实有{staff.actual}人超过编制数{staff.authorised}人（超编），请核实",
            )
    if report.staff is None:
        return
    for name, staff in vars(figures.staff).items():
        group: StaffGroup | None = getattr(report.staff, name)
        if group is None or staff is None or staff.actual is None:
            continue
        for part, count in group.of_which.items():
            if count > staff.actual:
                yield Finding(
                    Severity.ERROR,
                    staff.path + (key_of(StaffGroup, "of_which"), part),
                    f"其中{part}{count}人超过{staff.name}实有人数{staff.actual}人",
                )


def check_organisation(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """A group's 数量 must match its list of 名称."""
    if report.organisation is None:
        return
    for index, group in enumerate(report.organisation.groups):
        if group.names is not None and group.count is not None and group.count != len(group.names):
            yield Finding(
                Severity.ERROR,
                path_of("organisation", "groups", index, "count"),
                f"数量填写为{group.count}个，但列出的名称有{len(group.names)}个",
            )


def check_evaluation(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """The stated grade must follow from the score; a report needs a score; the 自评表 must add up."""
    evaluation = report.evaluation
    if figures.score is None:
        place = next((p.cited for p in headings(outline) if {"绩效自评", "自评得分"} & set(p.section.blocks)), None)
        where = f"报告“{place}”处" if place else "报告"
        yield Finding(Severity.WARNING, path_of("evaluation", "score"), f"未填写自评得分，{where}将不写得分和等级")
    elif evaluation.grade is not None and evaluation.grade != figures.grade:
        yield Finding(
            Severity.ERROR,
            path_of("evaluation", "grade"),
            f"自评得分{score_text(figures.score)}分对应的等级是“{figures.grade}”，填写的是“{evaluation.grade}”",
        )
    if not evaluation.indicators:
        return
    weights = sum((row.weight for row in evaluation.indicators), ZERO)
    if weights != HUNDRED:
        yield Finding(
            Severity.WARNING,
            path_of("evaluation", "indicators"),
            f"自评表各指标分值合计{score_text(weights)}分，应为100分",
        )
    scored = sum((row.score for row in evaluation.indicators), ZERO)
    if evaluation.score is not None and scored != evaluation.score:
        yield Finding(
            Severity.WARNING,
            path_of("evaluation", "score"),
            f"填写自评得分{score_text(evaluation.score)}分，自评表各指标得分合计为{score_text(scored)}分，请核对",
        )


def _project_table(index: int, project: Project, item: ProjectFigure, report: Report) -> Iterable[Finding]:
    path, year, rules = path_of("projects", "projects", index), report.year, report.settings.rules
    name = project.name
    if bool(project.goals) != bool(project.indicators):
        missing = "绩效指标" if project.goals else "年度目标"
        yield Finding(Severity.WARNING, path, f"项目“{name}”的完成情况表缺少“{missing}”")
    score = item.score
    if score is None:
        return
    if score.weights != score.total_weight:
        yield Finding(
            Severity.WARNING,
            path + (key_of(Project, "indicators"),),
            f"项目“{name}”的分值合计{score_text(score.weights)}分（含执行率{score_text(score.rate_weight)}分），"
            f"应为{score_text(score.total_weight)}分",
        )
    if score.rate_score is None:
        yield Finding(Severity.WARNING, path, f"项目“{name}”的执行率无法计算（预算数为0或未填写），总分无法计算")
    for j, (indicator, result) in enumerate(zip(project.indicators, score.indicators, strict=True)):
        where = path + (key_of(Project, "indicators"), j)
        label = f"项目“{name}”的指标“{indicator.name}”"
        if result.weight is None:
            yield Finding(
                Severity.WARNING, where + (key_of(Indicator, "weight"),), f"{label}未填写分值（本表其他指标有分值）"
            )
        elif result.used is None:
            missing = "实际完成值" if indicator.actual is None else "“得分”或“完成情况”"
            yield Finding(Severity.WARNING, where, f"{label}无法自动评分：请填写{missing}")
        if result.deducted is not None and rules.overshoot is not None:
            yield Finding(
                Severity.NOTE,
                where,
                f"{label}实际完成值“{indicator.actual}”超出预期“{indicator.target}”"
                f"{percent(rules.overshoot.threshold / HUNDRED)}及以上（偏离），"
                f"按 设置.评分规则.偏离扣分 扣{score_text(result.deducted)}分",
            )
        if (
            result.weight is not None
            and indicator.band is None
            and indicator.actual is not None
            and (reads_as_time(indicator.target, year) or reads_as_time(indicator.actual, year))
            and on_time(indicator.target, indicator.actual, year) is None
        ):
            yield Finding(
                Severity.NOTE,
                where,
                f"{label}的预期“{indicator.target}”和实际“{indicator.actual}”未能都识别为日期或期限"
                "（如 12月底前、2024年12月31日前、次年3月底、第四季度、按期、延期），按一般规则评分，请核对",
            )
        if indicator.band and result.stated is not None and result.weight:
            low, high = BAND_RANGE[indicator.band]
            if not low * result.weight <= result.stated <= high * result.weight:
                yield Finding(
                    Severity.WARNING,
                    where + (key_of(Indicator, "score"),),
                    f"{label}完成情况为“{indicator.band}”，得分应在{score_text(low * result.weight)}至"
                    f"{score_text(high * result.weight)}分之间",
                )
        elif result.stated is not None and result.computed is not None and result.stated != result.computed:
            yield Finding(
                Severity.WARNING,
                where + (key_of(Indicator, "score"),),
                f"{label}填写得分{score_text(result.stated)}分，按实际完成值计算为{score_text(result.computed)}分，请核对",
            )
    total = score.total
    if score.cap is not None and score.summed is not None and total is not None and total < score.summed:
        yield Finding(
            Severity.NOTE,
            path,
            f"项目“{name}”执行率{percent(item.figure.rate)}低于{percent(score.cap.below / HUNDRED)}，"
            f"按 设置.评分规则.执行率封顶 总分最高{score_text(total)}分：各项得分合计{score_text(score.summed)}分，"
            f"总分记为{score_text(total)}分",
        )
    if project.score is not None and total is not None and project.score != total:
        yield Finding(
            Severity.WARNING,
            path + (key_of(Project, "score"),),
            f"项目“{name}”填写自评得分{score_text(project.score)}分，按各项得分合计为{score_text(total)}分，请核对",
        )


def check_project_tables(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """Project tables: both parts present, weights adding up, stated scores matching the rules."""
    if report.projects is None:
        return
    projects = report.projects.projects
    tabled = [has_table(p) for p in projects]
    for index, (project, item) in enumerate(zip(projects, figures.project_items, strict=True)):
        yield from _project_table(index, project, item, report)
        if any(tabled) and not tabled[index]:
            yield Finding(
                Severity.NOTE,
                path_of("projects", "projects", index),
                f"项目“{project.name}”没有填写年度目标和绩效指标，不生成它的完成情况表",
            )


def block_given(report: Report, block: str) -> bool:
    """Whether the file fills ``block`` (a block of figures every file has counts as filled)."""
    name = BLOCKS[block].field
    return name is None or getattr(report, name) not in (None, [])


def section_given(report: Report, section: Section) -> bool:
    """Whether an optional section has something to print."""
    given = any(block_given(report, block) for block in section.blocks)
    return given or (section.text is not None and bool(report.narrative.get(section.text)))


def check_completeness(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """A section the outline requires but the file leaves out shows 【待补充】 in the report."""
    for place in headings(outline, lambda section: section_given(report, section)):
        section = place.section
        for block in section.blocks:
            field = BLOCKS[block].field
            if field is not None and BLOCKS[block].required and not block_given(report, block):
                (key,) = path_of(field)
                yield Finding(Severity.WARNING, (key,), f"未填写“{key}”，报告“{place.cited}”处将显示【待补充】")
        required = not section.optional and not section.blocks  # a text beside a block may be left out
        if section.text is not None and required and not report.narrative.get(section.text):
            path = (*path_of("narrative"), section.text)
            message = f"未填写“{format_path(path)}”，报告“{place.cited}”处将显示【待补充】"
            yield Finding(Severity.WARNING, path, message)


def check_unprinted(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """Something filled in that the chosen outline never prints is said, so that no text vanishes unnoticed."""
    sections = [place.section for place in headings(outline)]
    printed = {name for section in sections for block in section.blocks for name in BLOCKS[block].fields}
    if outline.tables and report.settings.attachments:
        printed.update(TABLE_FIELDS)
    texts = {section.text for section in sections}
    for name in dict.fromkeys(block.field for block in BLOCKS.values() if block.field is not None):
        if name not in printed and getattr(report, name) not in (None, []) and name in report.model_fields_set:
            (key,) = path_of(name)
            message = f"填写了“{key}”，但提纲“{outline.name}”中没有印它的章节：它只用于核对，不会出现在报告中"
            yield Finding(Severity.NOTE, (key,), message)
    for key in report.narrative:
        if key not in texts:
            path = (*path_of("narrative"), key)
            message = f"提纲“{outline.name}”中没有以“{key}”为文字的章节，这段叙述不会出现在报告中"
            yield Finding(Severity.WARNING, path, message)


def check_listed_attachments(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """An attachment the report names but the file gives no data for is not generated."""
    if not report.settings.attachments:
        return
    wanted = {"部门整体支出绩效自评表": report.evaluation.indicators, "部门整体支出绩效评价基础数据表": True}
    for index, name in enumerate(report.attachments):
        if name in wanted and not wanted[name]:
            yield Finding(
                Severity.WARNING,
                path_of("attachments", index),
                f"列出了附件“{name}”，但未填写“绩效自评.指标”，该附件不会生成",
            )


def check_signature_date(report: Report, figures: Figures, outline: Outline) -> Iterable[Finding]:
    """A self-evaluation is written after its year has ended."""
    date = report.signature.date
    if date is not None and date <= dt.date(report.year, 12, 31):
        yield Finding(
            Severity.WARNING,
            path_of("signature", "date"),
            f"落款日期{date.year}年{date.month}月{date.day}日早于{report.year}年度结束，请核对年份",
        )


CHECKS: list[Check] = [
    check_unprinted,
    check_required_totals,
    check_sums,
    check_execution_rates,
    check_three_public,
    check_other_budgets,
    check_staff,
    check_organisation,
    check_evaluation,
    check_project_tables,
    check_completeness,
    check_listed_attachments,
    check_signature_date,
    check_typed_figures,
]


def check(doc: Document, report: Report, figures: Figures, outline: Outline) -> list[Diagnostic]:
    """Run every check; findings are located in ``doc`` and ordered by line."""
    found = [
        Diagnostic(f.severity, f.message, *doc.locate(f.path), format_path(f.path))
        for run in CHECKS
        for f in run(report, figures, outline)
    ]
    return sorted(found, key=lambda d: d.line or 0)
