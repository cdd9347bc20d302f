"""The tables of the documents, as readable data for build_templates.py.

Each layout is a title, column widths (mm, summing to the 156 mm 版心) and
rows.  A row is a list of cells ``(text, span)``; ``span`` counts grid
columns.  ``↓`` as the text continues the cell above (vertical merge).  A
row ``LOOP`` repeats once per item of the list named by ``loop_over``
(each item is ``行``); its 一级/二级 cells merge over equal neighbours
through the ``一级合并``/``二级合并`` marks of the context (a mark ``X合并``
merges the cells that show ``行.X``).  The first row repeats at the top of
every page the table runs onto.

A ``paged`` table's rows carry where its pages are estimated to break
(``pages.paginate``): a row marked ``新页`` starts its merges afresh, so
the 一级/二级 cells, and a ``↓`` cell of the loop, show their text again on
the new page; ``连下`` keeps a row on the page of the next.

Widths are chosen so that no fixed label breaks inside a word: a label that
must take two lines says where with ``\n`` (``执行率\n（B/A）``).  A cell's
text is centred; one whose text shows ``LONG_TEXT`` (goals, reasons) is
justified, and a row label given a third element ``(text, span, indent)`` is
set flush left, ``indent`` characters in, so that sub-items line up.

The project tables (one per project): ``SICHUAN`` and ``MOF``.  The report's
attachments: ``BASIC_DATA`` (部门整体支出绩效评价基础数据表) and
``SELF_EVALUATION`` (部门整体支出绩效自评表).
"""

from __future__ import annotations

from typing import Any

Layout = dict[str, Any]
"""A table: title, widths, rows and (for a repeating row) what it loops over."""

DOWN = "↓"
RESTART, CONTINUE = "restart", "continue"
"""The values of Word's vertical merge (w:vMerge): a cell that starts a merged cell, one that continues it."""
MERGED = "合并"
"""The suffix of a merge mark: ``一级合并`` says whether the cell showing ``行.一级`` starts or continues a merge."""
LONG_TEXT = ("项目.预期目标", "项目.实际完成", "行.偏差原因", "{{ 行 }}")
LOOP = "LOOP"


def amount(expr: str) -> str:
    return "{{ " + expr + " | 万元 }}"


def plain(expr: str) -> str:
    """An amount under a heading that already says 万元."""
    return "{{ " + expr + " | 金额 }}"


def optional(expr: str, filter_name: str = "金额") -> str:
    """A figure that may be absent: shown with ``filter_name``, or “—”."""
    return "{{ " + f"{expr} | {filter_name} if {expr} is not none else '—'" + " }}"


SICHUAN: Layout = {
    "file": "项目支出绩效目标完成情况表",
    "loop_over": "项目.指标行",
    "title": "项目支出绩效目标完成情况表",
    "paged": True,
    "widths": [19.5, 23, 22.5, 29, 31, 31],
    "rows": [
        [("项目名称", 1), ("{{ 项目.名称 }}", 5)],
        [("预算单位", 1), ("{{ 项目.预算单位 }}", 5)],
        [
            ("预算执行\n情况\n（万元）", 1),
            ("预算数：", 1),
            (amount("项目.全年预算数"), 2),
            ("执行数：", 1),
            (amount("项目.执行数"), 1),
        ],
        [
            (DOWN, 1),
            ("其中-\n财政拨款：", 1),
            (amount("项目.财政拨款.全年预算数"), 2),
            ("其中-\n财政拨款：", 1),
            (amount("项目.财政拨款.执行数"), 1),
        ],
        [
            (DOWN, 1),
            ("其它资金：", 1),
            (amount("项目.其它资金.全年预算数"), 2),
            ("其它资金：", 1),
            (amount("项目.其它资金.执行数"), 1),
        ],
        [("年度目标\n完成情况", 1), ("预期目标", 3), ("实际完成目标", 2)],
        [(DOWN, 1), ("{{ 项目.预期目标 or '' }}", 3), ("{{ 项目.实际完成 or '' }}", 2)],
        [
            ("绩效指标\n完成情况", 1),
            ("一级指标", 1),
            ("二级指标", 1),
            ("三级指标", 1),
            ("预期指标值\n（包含数字\n及文字描述）", 1),
            ("实际完成指标值\n（包含数字\n及文字描述）", 1),
        ],
        LOOP,
    ],
    "loop": [
        (DOWN, 1),
        ("{{ 行.一级 if 行.一级合并 == 'restart' else '' }}", "一级合并"),
        ("{{ 行.二级 if 行.二级合并 == 'restart' else '' }}", "二级合并"),
        ("{{ 行.三级 }}", 1),
        ("{{ 行.预期指标值 }}", 1),
        ("{{ 行.实际完成值 or '' }}", 1),
    ],
}


def _mof_funds(label: str, key: str) -> list[tuple[str, int]]:
    """A source-of-funds row of the MoF form: three amounts, no score of its own."""
    line = f"项目.{key}"
    return [
        (DOWN, 1),
        (label, 1),
        (plain(f"{line}.年初预算数"), 1),
        (plain(f"{line}.全年预算数"), 1),
        (plain(f"{line}.执行数"), 1),
        ("—", 1),
        ("—", 1),
        ("—", 1),
    ]


MOF: Layout = {
    "file": "项目支出绩效自评表",
    "loop_over": "项目.指标行",
    "title": "项目支出绩效自评表",
    "paged": True,
    "widths": [19, 23, 20.5, 20, 20, 12.5, 18.5, 22.5],
    "rows": [
        [("项目名称", 1), ("{{ 项目.名称 }}", 7)],
        [("主管部门", 1), ("{{ 单位名称 }}", 3), ("实施单位", 1), ("{{ 项目.预算单位 }}", 3)],
        [
            ("项目资金\n（万元）", 1),
            ("", 1),
            ("年初\n预算数", 1),
            ("全年\n预算数\n（A）", 1),
            ("全年\n执行数\n（B）", 1),
            ("分值", 1),
            ("执行率\n（B/A）", 1),
            ("得分", 1),
        ],
        [
            (DOWN, 1),
            ("年度资金\n总额", 1),
            (plain("项目.年初预算数"), 1),
            (plain("项目.全年预算数"), 1),
            (plain("项目.执行数"), 1),
            ("{{ 项目.执行率分值 | 得分 if 项目.执行率分值 is not none else '—' }}", 1),
            ("{{ 项目.执行率 | 百分比 }}", 1),
            ("{{ 项目.执行率得分 | 得分 if 项目.执行率得分 is not none else '—' }}", 1),
        ],
        _mof_funds("其中：当年\n财政拨款", "财政拨款"),
        _mof_funds("上年结转\n资金", "上年结转"),
        _mof_funds("其他资金", "其他资金"),
        [("年度总体\n目标", 1), ("预期目标", 4), ("实际完成情况", 3)],
        [(DOWN, 1), ("{{ 项目.预期目标 or '' }}", 4), ("{{ 项目.实际完成 or '' }}", 3)],
        [
            ("一级指标", 1),
            ("二级指标", 1),
            ("三级指标", 1),
            ("年度\n指标值", 1),
            ("实际\n完成值", 1),
            ("分值", 1),
            ("得分", 1),
            ("偏差原因\n分析及\n改进措施", 1),
        ],
        LOOP,
        [
            ("总分", 5),
            ("{{ 项目.分值合计 | 得分 if 项目.分值合计 is not none else '' }}", 1),
            ("{{ 项目.总分 | 得分 if 项目.总分 is not none else '' }}", 1),
            ("{{ '等级：' ~ 项目.等级 if 项目.等级 else '' }}", 1),
        ],
    ],
    "loop": [
        ("{{ 行.一级 if 行.一级合并 == 'restart' else '' }}", "一级合并"),
        ("{{ 行.二级 if 行.二级合并 == 'restart' else '' }}", "二级合并"),
        ("{{ 行.三级 }}", 1),
        ("{{ 行.预期指标值 }}", 1),
        ("{{ 行.实际完成值 or '' }}", 1),
        ("{{ 行.分值 | 得分 if 行.分值 is not none else '' }}", 1),
        ("{{ 行.得分 | 得分 if 行.得分 is not none else '' }}", 1),
        ("{{ 行.偏差原因 or '' }}", 1),
    ],
}

PROJECT_LAYOUTS: list[Layout] = [SICHUAN, MOF]


def _row_of_figures(label: str, key: str, indent: int = 0) -> list[tuple[str, int] | tuple[str, int, int]]:
    """上年决算数 | 本年预算数 | 本年决算数 of one line of 基础数据表, its label ``indent`` characters in."""
    figure = f"基础数据.{key}"
    return [
        (label, 2, indent),
        (optional(f"{figure}.上年执行数"), 1),
        (optional(f"{figure}.预算数"), 1),
        (optional(f"{figure}.执行数"), 1),
    ]


BASIC_DATA: Layout = {
    "title": "部门整体支出绩效评价基础数据表",
    "widths": [30, 45, 27, 27, 27],
    "rows": [
        [("财政供养人员情况", 2), ("编制数", 1), ("实际在职人数", 1), ("控制率", 1)],
        [
            ("在职人员", 2, 0),
            ("{{ 基础数据.在职.编制数 if 基础数据.在职.编制数 is not none else '—' }}", 1),
            ("{{ 基础数据.在职.实有人数 if 基础数据.在职.实有人数 is not none else '—' }}", 1),
            (optional("基础数据.在职.控制率", "百分比"), 1),
        ],
        [
            ("辅警", 2, 0),
            ("{{ 基础数据.辅警.编制数 if 基础数据.辅警.编制数 is not none else '—' }}", 1),
            ("{{ 基础数据.辅警.实有人数 if 基础数据.辅警.实有人数 is not none else '—' }}", 1),
            (optional("基础数据.辅警.控制率", "百分比"), 1),
        ],
        [("经费控制情况（万元）", 2), ("上年决算数", 1), ("本年预算数", 1), ("本年决算数", 1)],
        _row_of_figures("“三公”经费", "三公合计"),
        _row_of_figures("1.公务用车购置和维护经费", "公务用车费", 1),
        _row_of_figures("其中：公车购置", "购置费", 2),
        _row_of_figures("公车运行维护", "运行维护费", 2 + len("其中：")),
        _row_of_figures("2.出国经费", "因公出国费", 1),
        _row_of_figures("3.公务接待", "公务接待费", 1),
        _row_of_figures("项目支出", "项目支出"),
        _row_of_figures("公用经费", "公用经费"),
        _row_of_figures("机关运行经费", "机关运行经费"),
        [("部门整体支出预算调整", 2, 0), ("—", 1), (optional("基础数据.预算调整"), 1), ("—", 1)],
    ],
}

SELF_EVALUATION: Layout = {
    "title": "部门整体支出绩效自评表",
    "loop_over": "自评表.指标行",
    "paged": True,
    "widths": [20, 26, 42, 14, 14, 40],
    "rows": [
        [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("分值", 1), ("得分", 1), ("扣分原因", 1)],
        LOOP,
        [
            ("合计", 3),
            ("{{ 自评表.分值合计 | 得分 }}", 1),
            ("{{ 自评表.得分合计 | 得分 }}", 1),
            ("{{ '等级：' ~ 自评表.等级 if 自评表.等级 else '' }}", 1),
        ],
    ],
    "loop": [
        ("{{ 行.一级 if 行.一级合并 == 'restart' else '' }}", "一级合并"),
        ("{{ 行.二级 if 行.二级合并 == 'restart' else '' }}", "二级合并"),
        ("{{ 行.三级 }}", 1),
        ("{{ 行.分值 | 得分 }}", 1),
        ("{{ 行.得分 | 得分 }}", 1),
        ("{{ 行.偏差原因 or '' }}", 1),
    ],
}

DUTIES: Layout = {
    "title": "主要职能职责",
    "loop_over": "职能职责",
    "widths": [20, 136],
    "rows": [[("序号", 1), ("主要职责", 1)], LOOP],
    "loop": [("{{ loop.index }}", None), ("{{ 行 }}", None)],
}
"""职能职责 as a table (序号 | 主要职责), as Hunan city and county forms give it (“见表1-1”)."""

ATTACHMENT_LAYOUTS: dict[str, Layout] = {"基础数据表": BASIC_DATA, "自评表": SELF_EVALUATION, "职能职责表": DUTIES}


def merged(layout: Layout) -> list[tuple[str, str, float]]:
    """The loop's merged cells: the name of the value each shows (一级), its merge mark (一级合并) and the
    width of its column."""
    return [
        (mark.removesuffix(MERGED), mark, width)
        for (_, mark), width in zip(layout["loop"], layout["widths"], strict=True)
        if isinstance(mark, str)
    ]


def down_columns(layout: Layout, spec: Any) -> set[int]:
    """The grid columns in which the row ``spec`` of ``layout`` continues (↓) the cell above."""
    if spec == LOOP:
        return {column for column, (text, _) in enumerate(layout["loop"]) if text == DOWN}
    columns, column = set(), 0
    for text, span, *_ in spec:
        if text == DOWN:
            columns.add(column)
        column += span
    return columns
