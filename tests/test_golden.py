"""Golden tests: rebuild each shipped example and compare its text and figures with the seed.

Figures are compared as numbers (40 == 40.00); the seeds' slips (domain.md §3)
are expected corrected.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from conftest import DATA, docx_text

from reportgen.build import build

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers(text: str) -> set[Decimal]:
    return {Decimal(n) for n in NUMBER.findall(text)}


EXAMPLES = {
    "通道/2024.yaml": {
        "figures": [
            "5521.28",
            "6304.13",
            "6304.03",
            "4269.88",
            "4301.77",
            "3854.32",
            "427.99",
            "17.51",
            "1.95",
            "1251.4",
            "2002.26",
            "40",
            "37.54",
            "93.85",
            "20",
            "589",
            "260",
            "233.29",
            "89.73",
            "90",
            "100",
            "95.24",
            "52.4",
            "48.71",
            "92.96",
            "888.48",
            "5.33",
            "142.22",
            "74.8",
            "67.42",
            "74.93",
            "96.9",
            "152",
            "148",
            "302",
            "305",
            "50",
            "1267",
            "95.4",
            "21.83",
            "26.47",
            "10.75",
        ],
        "paragraphs": [
            "2024年本部门年初预算5521.28万元，全年预算6304.13万元，年中追加782.85万元，全年预算执行数6304.03万元，预算执行率100.00%。",
            "（1）县监管中心监管场所医疗工作及相关经费：预算40.00万元，支出37.54万元，执行率93.85%。",
            "（4）城市电子监控维护运行费：预算260.00万元，支出233.29万元，执行率89.73%。",
            "（8）双江派出所“两所一室”改造项目：预算100.00万元，支出0.00万元，执行率0%。",
            "2024年“三公”经费决算147.55万元，较上年增加63.20万元，增长74.93%。",
            "（1）因公出国（境）费本年未发生支出。",
            "我单位无政府性基金。",
            "经自评，通道侗族自治县公安局2024年度部门整体支出绩效自评得分96.9分，评价等级为“优”。",
            "2024年5月29日",
        ],
        "contains": [
            "共走访收集问题58个，解决56个，办结率96.55%",
            "2024年度年初安排项目8个，项目支出年初预算1251.40万元",
        ],
        "absent": ["96.5%", "【待补充"],
    },
    "衡南/2021.yaml": {
        "figures": [
            "7687.06",
            "6419.14",
            "1267.92",
            "22799.58",
            "8297.16",
            "14502.42",
            "6193.71",
            "1786.83",
            "316.62",
            "2835.34",
            "1877.78",
            "317.34",
            "9471.96",
            "213",
            "23",
            "190",
            "190.65",
            "2.02",
            "188.63",
            "381",
            "39",
            "136",
            "8",
            "85",
            "125",
            "356",
            "566",
            "5963.72",
        ],
        "contains": ["在职人员实有420人", "其中：在职381人，乡镇户政员39人", "辅警实有566人"],
        "absent": ["416人"],
    },
    "乐至/2020.yaml": {
        "figures": [
            "10500.70",
            "44.97",
            "10500.69",
            "8980.73",
            "1519.97",
            "1519.96",
            "16.92",
            "8684.67",
            "82.71",
            "1816.03",
            "17.29",
            "7319.83",
            "1364.84",
            "9395.27",
            "89.47",
            "444.09",
            "4.23",
            "232.27",
            "2.21",
            "429.06",
            "4.09",
            "7058.64",
            "256.69",
            "1698.52",
            "155.08",
            "120.22",
            "106.13",
            "425.27",
            "18.82",
            "208.77",
            "8.84",
            "14.65",
            "259.39",
            "98.68",
            "258.86",
            "99.8",
            "0.53",
            "0.2",
            "6.1",
            "2.41",
            "63.25",
            "195.61",
            "13.25",
            "0.1",
            "15.87",
            "466",
            "465.85",
            "99.97",
            "237",
            "133.85",
            "56.48",
            "7.35",
            "338",
            "1",
            "7",
            "13",
            "359",
            "399",
            "89",
            "360.50",
            "340.17",
            "20.33",
        ],
        "paragraphs": [
            "2020年机关运行经费支出1364.84万元，较上年减少13.21万元，下降0.96%。主要原因是项目办案业务经费减少。",
            "（2）禁毒经费：预算237.00万元，支出133.85万元，执行率56.48%。项目资金支付不及时；下一步将加快项目的进行，按照合同要求及时支付。",
            "2020年“三公”经费预算262.86万元，决算259.39万元，完成预算98.68%，节约3.47万元，节约率1.32%。",
            "经自评，乐至县公安局2020年度部门整体支出绩效自评得分89分，评价等级为“良”。",
            "2021年8月26日",
        ],
        # 预算收入 is 10500.70 + 44.97 (seed printed the total as 10500.70); 机关运行经费 fell 0.96%, not 0.95%
        "contains": ["全年预算10545.67万元（其中：当年财政拨款10500.70万元，上年结转44.97万元）", "其中重点项目3个"],
        "absent": ["0.95%", "【待补充"],
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("golden")
    texts = {}
    for name in EXAMPLES:
        [document] = build(DATA / name, out).outputs
        texts[name] = docx_text(document)
    return texts


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_seed_figure_is_printed(built, name):
    printed = numbers(built[name])
    missing = [f for f in EXAMPLES[name]["figures"] if Decimal(f) not in printed]
    assert not missing


@pytest.mark.parametrize("name", EXAMPLES)
def test_key_paragraphs(built, name):
    paragraphs = built[name].split("\n")
    for expected in EXAMPLES[name].get("paragraphs", []):
        assert expected in paragraphs
    for fragment in EXAMPLES[name].get("contains", []):
        assert fragment in built[name]
    for slip in EXAMPLES[name].get("absent", []):
        assert slip not in built[name]


@pytest.mark.parametrize("name", EXAMPLES)
def test_report_outline_is_complete(built, name):
    headings = [
        "一、部门（单位）基本情况",
        "二、部门整体支出管理及使用情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、社会保险基金预算支出情况",
        "六、部门整体支出绩效情况",
        "七、存在的问题及原因分析",
        "八、下一步改进措施",
        "九、其他需要说明的情况",
    ]
    paragraphs = built[name].split("\n")
    positions = [paragraphs.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "{{" not in built[name] and "{%" not in built[name]
