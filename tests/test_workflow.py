"""The clerk's year: init → fill → check, carry a year forward, the JSON schema, check --json."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import jsonschema
import pytest
import yaml
from conftest import DATA

from reportgen.model.jsonschema import input_schema
from reportgen.pipeline.build import prepare

EXAMPLES = ["通道/2024.yaml", "衡南/2021.yaml", "乐至/2020.yaml"]


def test_init_fill_check_round_trip(cli, tmp_path):
    target = tmp_path / "2025.yaml"
    run = cli("init", "测试县公安局", "--年度", "2025", "-o", target)
    assert run.exit_code == 0, run.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./reportgen.model.schema.json")
    assert (tmp_path / "reportgen.model.schema.json").is_file()
    assert "# 年初预算数：" in text and "（必填）" in text
    unfilled = cli("check", target)
    assert unfilled.exit_code == 2 and "缺少预算数" in unfilled.output
    filled = text.replace("预算:\n  # 年初预算数：", "预算:\n  年初预算数: 100\n  执行数: 98\n  # 年初预算数：", 1)
    filled = filled.replace("\n  年初预算数:\n", "\n", 1).replace("\n  执行数:\n", "\n", 1)
    target.write_text(filled, encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output
    assert "通过核对" in checked.output


def test_init_refuses_to_overwrite_and_needs_a_year(cli, tmp_path):
    target = tmp_path / "2025.yaml"
    target.write_text("旧的", encoding="utf-8")
    run = cli("init", "测试", "--year", "2025", "-o", target)
    assert run.exit_code == 2 and "文件已存在" in run.output
    assert target.read_text(encoding="utf-8") == "旧的"
    assert "请用 --年度 指定" in cli("init", "测试", "-o", tmp_path / "x.yaml").output


@pytest.mark.parametrize("example", EXAMPLES)
def test_rollover_carries_this_year_into_last_year(cli, tmp_path, example):
    old = prepare(DATA / example)
    year = old.report.year + 1
    target = tmp_path / f"{year}.yaml"
    run = cli("init", "--从", DATA / example, "--年度", str(year), "-o", target)
    assert run.exit_code == 0, run.output
    new = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert new["单位名称"] == old.report.unit and new["年度"] == year
    assert Decimal(str(new["预算"]["上年执行数"])) == old.figures.budget.spent
    assert new["预算"]["执行数"] is None and new["预算"]["年初预算数"] is None
    if old.report.duties:
        assert new["职能职责"] == old.report.duties
    for figure in old.figures.three_public.items() if old.figures.three_public else []:
        if figure.spent is not None:
            assert Decimal(str(new["三公经费"][figure.path[-1]]["上年决算数"])) == figure.spent
    if old.figures.running_costs:
        assert Decimal(str(new["机关运行经费"]["上年决算数"])) == old.figures.running_costs.spent
    old_projects = [p for p in old.report.projects.projects if not p.added_midyear] if old.report.projects else []
    new_projects = new.get("项目支出", {}).get("项目", [])
    assert [p["名称"] for p in new_projects] == [p.name for p in old_projects]
    for carried, project in zip(new_projects, old_projects, strict=True):
        assert [row["三级指标"] for row in carried.get("绩效指标", [])] == [i.name for i in project.indicators]
        assert all(row["实际完成值"] is None for row in carried.get("绩效指标", []))
    # once this year's figures are typed, the carried file builds
    new["预算"].update({"年初预算数": 1, "执行数": 1})
    for block in ("基本支出", "项目支出"):
        new.pop(block, None)
    if "机关运行经费" in new:
        new["机关运行经费"]["决算数"] = 1
    for row in new.get("绩效自评", {}).get("指标", []):
        row["得分"] = row["分值"]
    target.write_text(yaml.safe_dump(new, allow_unicode=True), encoding="utf-8")
    assert cli("check", target).exit_code == 0


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_json_schema_accepts_every_example_and_rejects_a_broken_one():
    schema = input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert schema["properties"]["年度"]["title"] == "年度"
    assert "评价的预算年度" in schema["properties"]["年度"]["description"]
    for example in EXAMPLES:
        data = _plain(yaml.safe_load((DATA / example).read_text(encoding="utf-8")))
        assert list(validator.iter_errors(data)) == [], example
    broken = _plain(yaml.safe_load((DATA / EXAMPLES[0]).read_text(encoding="utf-8")))
    broken["预算"]["年初预箅数"] = 1
    broken["年度"] = "二〇二四"
    assert len(list(validator.iter_errors(broken))) == 2


def test_schema_command_prints_the_schema(cli):
    run = cli("schema")
    assert run.exit_code == 0
    assert json.loads(run.output)["title"] == "部门整体支出绩效自评报告数据"


def test_check_json_lists_findings_with_location(cli, write_yaml):
    path = write_yaml("单位名称: 测试\n年度: 2024\n预算:\n  年初预箅数: 100\n  执行数: 90\n")
    run = cli("check", path, "--json")
    assert run.exit_code == 2
    result = json.loads(run.output)
    assert result["通过"] is False
    [problem] = [p for p in result["问题"] if p["级别"] == "错误"]
    assert (problem["行"], problem["字段"]) == (4, "预算.年初预箅数")
    good = cli("check", DATA / "通道/2024.yaml", "--json")
    assert good.exit_code == 0 and json.loads(good.output)["通过"] is True


def test_rollover_keeps_the_file_unit_and_its_inheritance(cli, tmp_path):
    (tmp_path / "共同.yaml").write_text("职能职责:\n  - 维护治安\n", encoding="utf-8")
    old = tmp_path / "2024.yaml"
    old.write_text(
        "继承: 共同.yaml\n单位名称: 甲所\n年度: 2024\n设置:\n  金额单位: 元\n预算:\n  年初预算数: 1000000\n  执行数: 900000\n",
        encoding="utf-8",
    )
    target = tmp_path / "2025.yaml"
    assert cli("init", "--from", old, "--year", "2025", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    new = yaml.safe_load(text)
    assert new["继承"] == "共同.yaml" and "职能职责" not in new  # left in the common file
    assert new["预算"]["上年执行数"] == 900000  # in 元, as the file counts
    assert "!!" not in text


def test_init_quotes_names_that_yaml_would_misread(cli, tmp_path):
    for name in ("公安局: 交警大队", "#城关所", "*锚", "123"):
        target = tmp_path / f"{abs(hash(name))}.yaml"
        assert cli("init", name, "--年度", "2025", "-o", target).exit_code == 0
        assert yaml.safe_load(target.read_text(encoding="utf-8"))["单位名称"] == name
    assert "年度应在2000至2099之间" in cli("init", "x", "--年度", "1999", "-o", tmp_path / "z.yaml").output
