"""“继承”: a common file for a bureau's units; merge rules and error locations."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import ReportgenError
from reportgen.pipeline.build import prepare

COMMON = """\
职能职责:
  - 维护辖区治安
  - 办理户籍业务
预算:
  年初预算数: 100
  执行数: 90
落款:
  单位: 共同的落款
  日期: 2025-03-01
设置:
  增减动词: 上升/下降
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_values_override_maps_merge_lists_replace(tmp_path):
    write(tmp_path, "共同.yaml", COMMON)
    unit = write(
        tmp_path,
        "甲派出所.yaml",
        "继承: 共同.yaml\n单位名称: 甲派出所\n年度: 2024\n预算:\n  执行数: 80\n职能职责:\n  - 只做一件事\n",
    )
    report = prepare(unit).report
    assert report.budget.spent == 80 and report.budget.initial == 100  # map merged, value overridden
    assert report.duties == ["只做一件事"]  # list replaced, not appended
    assert report.signature.unit == "共同的落款" and report.settings.change_verbs == "上升/下降"


def test_errors_in_inherited_fields_name_the_common_file(tmp_path):
    write(tmp_path, "共同.yaml", COMMON.replace("年初预算数: 100", "年初预算数: 一百"))
    unit = write(tmp_path, "乙.yaml", "继承: 共同.yaml\n单位名称: 乙\n年度: 2024\n预箅: 1\n")
    try:
        prepare(unit)
    except ReportgenError as exc:
        found = {(Path(d.file).name, d.line, d.path) for d in exc.diagnostics}
    else:
        raise AssertionError("should fail")
    assert ("共同.yaml", 5, "预算.年初预算数") in found
    assert ("乙.yaml", 4, "预箅") in found


def test_nested_and_circular_inheritance(tmp_path):
    write(tmp_path, "市.yaml", "设置:\n  增减动词: 增加/减少\n")
    write(tmp_path, "县.yaml", "继承: 市.yaml\n" + COMMON.replace("设置:\n  增减动词: 上升/下降\n", ""))
    unit = write(tmp_path, "所.yaml", "继承: 县.yaml\n单位名称: 所\n年度: 2024\n")
    assert prepare(unit).report.settings.change_verbs == "增加/减少"
    write(tmp_path, "甲.yaml", "继承: 乙.yaml\n")
    write(tmp_path, "乙.yaml", "继承: 甲.yaml\n")
    try:
        prepare(tmp_path / "甲.yaml")
    except ReportgenError as exc:
        assert "循环" in str(exc)
    else:
        raise AssertionError("should fail")
