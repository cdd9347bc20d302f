"""Bad input fails the right way: Chinese message with file:line and field, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL

EXIT_INPUT = 2


@pytest.fixture
def refused(cli, write_yaml, tmp_path):
    """Build ``text``; assert it is refused cleanly; return the input's path and the output."""

    def run(text: str) -> tuple[Path, str]:
        path = write_yaml(text)
        out = tmp_path / "out"
        result = cli("build", path, "-o", out)
        assert result.exit_code == EXIT_INPUT, result.output
        assert "Traceback" not in result.output
        assert "未生成报告" in result.output
        assert not any(out.rglob("*.docx")), "no document may be written for bad input"
        assert not any(out.rglob("*.tmp"))
        return path, result.output

    return run


def test_yaml_syntax_error_names_the_line(refused):
    path, output = refused("单位名称: 测试\n年度: 2024\n预算:\n\t年初预算数: 1\n")
    assert f"{path}:4" in output
    assert "制表符" in output


def test_unknown_key_suggests_the_nearest(refused):
    path, output = refused(MINIMAL.replace("年初预算数", "年初预箅数"))
    assert f"{path}:4：预算.年初预箅数" in output
    assert "是否应为“年初预算数”" in output


def test_wrong_type_says_expected_and_found(refused):
    path, output = refused(MINIMAL.replace("执行数: 95.5", "执行数: abc"))
    assert f"{path}:5：预算.执行数" in output
    assert "应为数字" in output and "实际为“abc”" in output


def test_missing_required_field(refused):
    _, output = refused(MINIMAL.replace("年度: 2024\n", ""))
    assert "缺少必填字段“年度”" in output


def test_negative_amount(refused):
    path, output = refused(MINIMAL.replace("年初预算数: 100", "年初预算数: -100"))
    assert f"{path}:4：预算.年初预算数：错误：不能为负数" in output


def test_all_errors_are_reported_at_once(refused):
    text = MINIMAL.replace("年初预算数: 100", "年初预箅数: 100").replace("执行数: 95.5", "执行数: -1")
    text = text.replace("年度: 2024", "年度: 1900")
    _, output = refused(text)
    assert output.count("错误：") >= 3
    assert "年度" in output and "年初预箅数" in output and "不能为负数" in output


def test_duplicate_key(refused):
    _, output = refused(MINIMAL + "年度: 2025\n")
    assert "键“年度”重复出现（第一次在第2行）" in output


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "文件是空的"), ("# 只有注释\n", "文件是空的"), ("- 1\n- 2\n", "顶层应为“键: 值”的映射")],
)
def test_empty_or_not_a_mapping(refused, text, message):
    _, output = refused(text)
    assert message in output


def test_missing_file(cli, tmp_path):
    run = cli("build", tmp_path / "不存在.yaml", "-o", tmp_path / "out")
    assert run.exit_code == EXIT_INPUT
    assert "文件不存在" in run.output


def test_python_tags_are_refused(refused):
    _, output = refused(MINIMAL + "前言: !!python/object/apply:os.system [echo hacked]\n")
    assert "不支持的 YAML 标签" in output


def test_unknown_placeholder_names_field_and_placeholder(refused):
    path, output = refused(MINIMAL + "绩效目标: 执行率为{{ 预算.执行律 | 百分比 }}。\n")
    assert f"{path}:8：绩效目标[1]" in output
    assert "占位符“{{ 预算.执行律 | 百分比 }}”中的名称“执行律”不存在" in output


def test_placeholders_cannot_reach_python_internals(refused):
    path, output = refused(MINIMAL + "绩效目标: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n")
    assert f"{path}:8：绩效目标[1]：错误：占位符试图访问不允许的内部属性“__class__”，已拒绝" in output


def test_mismatched_total_is_an_error_with_both_fields(refused):
    _, output = refused(
        MINIMAL + "基本支出:\n  执行数: 50\n  经济分类:\n    工资福利支出: 30\n    商品和服务支出: 10\n"
    )
    assert "基本支出.执行数" in output
    assert "基本支出.经济分类.工资福利支出、基本支出.经济分类.商品和服务支出之和为40.00万元" in output


def test_failed_build_keeps_the_previous_document(cli, write_yaml, tmp_path):
    out = tmp_path / "out"
    good = write_yaml(MINIMAL)
    assert cli("build", good, "-o", out).exit_code == 0
    [document] = list(out.rglob("*.docx"))
    before = document.read_bytes()
    bad = write_yaml(MINIMAL.replace("执行数: 95.5", "执行数: abc"))
    run = cli("build", bad, "-o", out)
    assert run.exit_code == EXIT_INPUT
    assert document.read_bytes() == before
    assert [p.name for p in document.parent.iterdir()] == [document.name]


def test_strict_makes_warnings_fail(cli, write_yaml, tmp_path):
    path = write_yaml(
        MINIMAL.replace("  自评得分: 91\n", "  自评得分: 91\n  等级: 优\n") + "落款:\n  日期: 2024-05-01\n"
    )
    out = tmp_path / "out"
    assert cli("build", path, "-o", out).exit_code == 0
    run = cli("build", path, "-o", tmp_path / "strict", "--strict")
    assert run.exit_code == EXIT_INPUT
    assert "落款日期2024年5月1日早于2024年度结束" in run.output
    assert not (tmp_path / "strict").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MINIMAL.replace("年初预算数: 100", "年初预算数: 123456789012345678901234567"), "数额过大"),
        (MINIMAL.replace("年初预算数: 100", "年初预算数: 0x10"), "无法识别的数字写法“0x10”"),
        (MINIMAL.replace("年初预算数: 100", "年初预算数: 1:30"), "无法识别的数字写法“1:30”"),
        (MINIMAL.replace("年初预算数: 100", "年初预算数：100"), "冒号是中文全角“：”"),
        (MINIMAL.replace("年初预算数: 100", "年初预算数:100"), "冒号“:”后面要加一个空格"),
        (MINIMAL.replace("测试县公安局", "测试县公安局\x0b"), "不可见的控制字符"),
        (MINIMAL.replace("自评得分: 91", "自评得分: 89.995"), "最多2位小数"),
    ],
)
def test_number_and_syntax_slips(refused, text, message):
    _, output = refused(text)
    assert message in output


def test_colon_slip_points_at_its_own_line(refused):
    path, output = refused(MINIMAL.replace("年初预算数: 100", "年初预算数：100"))
    assert f"{path}:4：错误" in output


@pytest.mark.parametrize(
    ("narrative", "message"),
    [
        ("{{ 预算.执行率 }}", "数字要用过滤器显示"),
        ("{{ 数据.零 | 百分比(数据.零) }}{{ 数据.一 / 数据.零 }}", "计算无效"),
        ("{{ 预算.执行数 * 1.5 }}", "运算对象不符"),
        ("执行{{ 预算.执行数 | 万元 ", "占位符写法有误"),
        ("{{ 预算.执行率 | 百分比(小数=10) }}", "占位符无法计算：“小数”应为0到6之间的整数，实际为“10”"),
    ],
)
def test_placeholder_mistakes_are_explained(refused, narrative, message):
    text = MINIMAL + f"数据:\n  零: 0\n  一: 1\n绩效目标: '{narrative}'\n"
    _, output = refused(text)
    assert message in output
    assert "绩效目标[1]" in output


def test_placeholder_error_names_the_field_as_written(refused):
    path, output = refused(MINIMAL + "机关运行经费:\n  决算数: 10\n  变动原因: 因为{{ 不存在 }}\n")
    assert f"{path}:10：机关运行经费.变动原因：错误" in output
    assert output.count("错误：") == 1


def test_loading_notes_are_kept_beside_field_errors(refused):
    path, output = refused(MINIMAL.replace("执行数: 95.5", "执行数: abc") + "绩效目标:\n  - 发放2150张 #比上年多\n")
    assert f"{path}:5：预算.执行数：错误：应为数字" in output
    assert f"{path}:9" in output and "比上年多" in output


def test_field_errors_and_a_wrong_total_in_one_run(refused):
    text = MINIMAL + (
        "人员编制:\n  在职人员:\n    编制数: 十\n    实有人数: abc\n"
        "三公经费:\n  公务接待费:\n    决算数: 2\n  公务用车费:\n    决算数: 3\n  合计:\n    决算数: 9\n"
        "落款:\n  日期: 2025-13-01\n"
    )
    path, output = refused(text)
    assert f"{path}:10：人员编制.在职人员.编制数：错误" in output
    assert f"{path}:11：人员编制.在职人员.实有人数：错误" in output
    assert f"{path}:20：落款.日期：错误" in output
    assert "三公经费.合计.决算数" in output and "9.00" in output and "5.00" in output, "the wrong total is reported too"
    assert "未填写“人员编制”" not in output, "a section set aside is not reported as missing"


def test_a_tab_and_a_fullwidth_colon_are_both_named(refused):
    text = (
        MINIMAL.replace("  执行数: 95.5", "\t执行数: 95.5")
        + "落款：\n  日期: 2025-01-01\n绩效目标: |\n  一是：加强管理\n"
    )
    path, output = refused(text)
    assert f"{path}:5：错误：不能用制表符（Tab）缩进" in output
    assert f"{path}:8：错误：键后面的冒号是中文全角“：”" in output
    assert f"{path}:11" not in output, "text inside a | block may hold a “：”"


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        ("{本年: 1250, 上年: 1400, 单位: 起, 下年: 1}", "数据.交通事故.下年", "未知字段“下年”"),
        ("{本年: 一千, 单位: 起}", "数据.交通事故.本年", "请用阿拉伯数字书写，实际为“一千”"),
        ("{本年: 1250, 上年: 1400}", "数据.交通事故.单位", "缺少必填字段“单位”"),
        ("[1250, 1400]", "数据.交通事故", "实际为列表"),
    ],
)
def test_a_data_entry_with_its_unit_is_checked_at_its_line(refused, entry, line, message):
    path, output = refused(MINIMAL + f"数据:\n  交通事故: {entry}\n")
    assert f"{path}:9：{line}：错误：" in output
    assert message in output


def test_last_years_phrase_needs_last_years_number(refused):
    path, output = refused(MINIMAL + "数据:\n  警情: {本年: 3, 单位: 起}\n绩效目标: '{{ 数据.警情.较上年 }}'\n")
    assert f"{path}:10：绩效目标[1]：错误：占位符“{{{{ 数据.警情.较上年 }}}}”的值为空" in output


def test_a_name_beginning_with_a_digit_says_how_to_write_it(refused):
    path, output = refused(MINIMAL + "数据:\n  110警情: 5\n绩效目标: 接警{{ 数据.110警情 | 整数 }}起\n")
    assert f"{path}:10：绩效目标[1]：错误：占位符“{{{{ 数据.110警情 | 整数 }}}}”中的名称“110警情”以数字开头" in output
    assert '请写作“{{ 数据["110警情"] | 整数 }}”' in output


@pytest.mark.parametrize(
    ("rules", "line", "where", "message"),
    [
        (
            "    执行率封顶:\n      - {低于: 70%, 最高: 79}\n      - {低于: 80%, 最高: 89}\n",
            10,
            "设置.评分规则.执行率封顶",
            "应按“低于”从大到小排列，实际第2行低于80%，不小于上一行的70%",
        ),
        (
            "    执行率封顶:\n      - {低于: 80%, 最高: 79}\n      - {低于: 70%, 最高: 89}\n",
            10,
            "设置.评分规则.执行率封顶",
            "执行率越低最高分应越低，实际第2行最高89分，高于上一行的79分",
        ),
        (
            "    偏离扣分: {超出目标: 300%, 扣分: 2}\n",
            10,
            "设置.评分规则.偏离扣分.超出目标",
            "应不大于100，实际为“300%”",
        ),
        ("    偏离扣分: {超出目标: 30%, 扣分: -2}\n", 10, "设置.评分规则.偏离扣分.扣分", "不能为负数，实际为“-2”"),
        (
            "    偏离扣分: {超出目标: 30%, 扣分: 2, 扣分比例: 20%}\n",
            10,
            "设置.评分规则.偏离扣分",
            "应填写“扣分”或“扣分比例”之一，实际两者都填了",
        ),
        ("    偏离扣分: {超出目标: 三成, 扣分: 2}\n", 10, "设置.评分规则.偏离扣分.超出目标", "请用阿拉伯数字书写"),
        ("    得分小数位: 3\n", 10, "设置.评分规则.得分小数位", "应不大于2，实际为“3”"),
    ],
)
def test_bad_scoring_rules_are_refused_with_file_line_and_path(
    refused, rules: str, line: int, where: str, message: str
) -> None:
    path, output = refused(MINIMAL + "设置:\n  评分规则:\n" + rules)
    assert f"{path}:{line}：{where}" in output, output
    assert message in output, output
