"""Golden tests: rebuild each shipped example and compare its text and figures with the seed.

Every figure the seed prints is looked for as the report prints it (amounts to
the cent, with its label), so a number that happens to appear elsewhere does
not count; the seeds' slips (domain.md §3) are expected corrected.
"""

from __future__ import annotations

import pytest
from conftest import DATA, docx_text

from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

HUNAN = [
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

EXAMPLES = {
    "通道/2024.yaml": {
        # every figure of seed 001, as the report prints it (amounts to the cent)
        "figures": [
            "年初预算5521.28万元",
            "全年预算6304.13万元",
            "全年预算执行数6304.03万元",
            "基本支出年初预算4269.88万元",
            "全年执行4301.77万元",
            "工资福利支出3854.32万元",
            "商品和服务支出427.99万元",
            "对个人和家庭的补助17.51万元",
            "资本性支出1.95万元",
            "年初安排项目8个",
            "项目支出年初预算1251.40万元",
            "全年执行2002.26万元",
            "预算40.00万元，支出37.54万元，执行率93.85%",
            "预算20.00万元，支出20.00万元，执行率100%",
            "预算589.00万元，支出589.00万元，执行率100%",
            "预算260.00万元，支出233.29万元，执行率89.73%",
            "预算90.00万元，支出90.00万元，执行率100%",
            "预算100.00万元，支出95.24万元，执行率95.24%",
            "预算52.40万元，支出48.71万元，执行率92.96%",
            "预算100.00万元，支出0.00万元，执行率0%",
            "预算888.48万元，支出888.48万元",
            "公务接待费决算5.33万元",
            "公务用车购置及运行维护费决算142.22万元",
            "公务用车购置费74.80万元",
            "公务用车运行维护费67.42万元",
            "增长74.93%",
            "自评得分96.9分",
            "等级为“优”",
            "在职人员编制152名，实有148人",
            "辅警编制302名，实有305人",
            "退休人员实有50人",
            "1267名",
            "综合管控率95.4%",
            "分别同比下降21.83%、上升26.47%、下降10.75%",
            "办结率96.55%",
        ],
        "paragraphs": [
            "2024年本部门年初预算5521.28万元，全年预算6304.13万元，年中追加782.85万元，全年预算执行数6304.03万元，预算执行率100.00%。",
            "（4）城市电子监控维护运行费：预算260.00万元，支出233.29万元，执行率89.73%。项目自评得分98.97分，等级为“优”。",
            "2024年“三公”经费决算147.55万元，较上年增加63.20万元，增长74.93%。",
            "（1）因公出国（境）费本年未发生支出。",
            "我单位无政府性基金。",
            "经自评，通道侗族自治县公安局2024年度部门整体支出绩效自评得分96.9分，评价等级为“优”。",
            "2024年5月29日",
        ],
        "absent": ["96.5%", "【待补充"],  # seed 001 printed 56/58 as 96.5%
        "headings": HUNAN,
    },
    "衡南/2021.yaml": {
        "figures": [
            "年初预算7687.06万元，其中基本支出6419.14万元，项目支出1267.92万元",
            "支出合计22799.58万元，其中基本支出8297.16万元，项目支出14502.42万元",
            "工资福利支出6193.71万元",
            "商品和服务支出1786.83万元",
            "对个人和家庭的补助316.62万元",
            "工资福利支出2835.34万元",
            "商品和服务支出1877.78万元",
            "对个人和家庭的补助317.34万元",
            "资本性支出9471.96万元",
            "“三公”经费预算213.00万元，决算190.65万元",
            "公务接待费预算23.00万元，决算2.02万元",
            "公务用车购置及运行维护费预算190.00万元，决算188.63万元",
            "在职人员实有420人",
            "其中：在职381人，乡镇户政员39人",
            "辅警实有566人",
            "巡特警大队巡逻队员85人，协辅警125人，一村一辅警356人",
            "退休人员实有136人（其中户政员8人）",
            "所、队、室43个",
            "5963.72万元",
        ],
        "absent": ["416人"],  # seed 000: 381 + 39 = 420, printed 416
        "headings": [
            "一、部门基本情况",
            "1、部门职责",
            "2、机构设置情况",
            "3、人员编制情况",
            "二、部门预算整体支出管理及使用情况",
            "1、部门预算收支情况",
            "2、部门决算收支情况",
            "3、支出分类情况",
            "4、三公经费支出使用和管理情况",
            "三、部门整体支出绩效情况",
            "四、存在的主要问题",
            "五、改进措施及建议",
        ],
    },
    "乐至/2020.yaml": {
        "figures": [
            "预算收入总额10545.67万元，其中：当年财政拨款10500.70万元，上年结转44.97万元",
            "本年收入合计10500.70万元（上年8980.73万元），较上年增加1519.97万元，增长16.92%",
            "支出合计10500.69万元，其中基本支出8684.67万元，项目支出1816.03万元",
            "年末结转结余44.97万元",
            "（一）自评工作组织领导。",
            "2.过程。预算执行合理、严谨",
            "（三）强化绩效管理意识。",
        ],
        "paragraphs": ["经自评，乐至县公安局2020年度部门整体支出绩效自评得分89分，评价等级为“良”。", "2021年8月26日"],
        "absent": ["【待补充", "附件："],
        "headings": [
            "一、部门（单位）概况",
            "（一）机构组成",
            "（二）机构职能",
            "二、部门财政资金收支情况",
            "（一）部门财政资金收入情况",
            "三、评价工作开展情况",
            "四、评价结论",
            "五、绩效分析",
            "（一）指标分析",
            "（二）综合绩效分析",
            "六、问题分析",
            "七、建议",
        ],
    },
    # the same file in the nine-part Hunan outline: the figures of seed 003's 决算说明, which 四川 does not print
    "乐至/2020.yaml@湖南": {
        "figures": [
            "全年预算10545.67万元（其中：当年财政拨款10500.70万元，上年结转44.97万元）",
            "全年预算执行数10500.69万元",
            "支出总计较上年增加1519.96万元，增长16.92%（上年8980.73万元）",
            "本年收入合计10500.70万元（上年8980.73万元），较上年增加1519.97万元，增长16.92%",
            "年末结转结余44.97万元",
            "基本支出全年执行8684.67万元，占全年支出的82.71%",
            "其中人员经费7319.83万元，日常公用经费1364.84万元",
            "项目支出全年执行1816.03万元，占全年支出的17.29%",
            "天网二期：预算466.00万元，支出465.85万元，执行率99.97%",
            "驻京干部补贴：预算7.35万元，支出7.35万元，执行率100%",
            "公共安全支出9395.27万元，占89.47%",
            "社会保障和就业支出444.09万元，占4.23%",
            "卫生健康支出232.27万元，占2.21%",
            "住房保障支出429.06万元，占4.09%",
            "行政运行：支出决算7058.64万元，完成预算100%",
            "一般行政管理事务：支出决算256.69万元",
            "执法办案：支出决算1698.52万元",
            "特别业务：支出决算155.08万元",
            "事业运行：支出决算120.22万元",
            "其他安全支出：支出决算106.13万元",
            "基本养老保险缴费：支出决算425.27万元",
            "职业年金缴费：支出决算18.82万元",
            "行政单位医疗：支出决算208.77万元",
            "事业单位医疗：支出决算8.84万元",
            "公务员医疗补助：支出决算14.65万元",
            "住房公积金：支出决算429.06万元",
            "决算259.39万元，完成预算98.68%",
            "公务接待费预算4.00万元，决算0.53万元，占“三公”经费的0.20%，完成预算13.25%，较上年减少0.10万元，下降15.87%",
            "决算258.86万元，占“三公”经费的99.80%，完成预算100%，较上年增加6.10万元，增长2.41%",
            "公务用车购置费63.25万元",
            "公务用车运行维护费195.61万元",
            "在职人员实有359人，其中：民警338人，公务员1人，事业干部7人，工人13人",
            "辅警实有399人",
            "自评得分89分",
        ],
        "paragraphs": [
            "2020年机关运行经费支出1364.84万元，较上年减少13.21万元，下降0.96%。主要原因是项目办案业务经费减少。",
            "（2）禁毒经费：预算237.00万元，支出133.85万元，执行率56.48%。项目资金支付不及时；下一步将加快项目的进行，按照合同要求及时支付。项目自评得分97分，等级为“优”。",
            "2020年“三公”经费预算262.86万元，决算259.39万元，完成预算98.68%，节约3.47万元，节约率1.32%。",
            "经自评，乐至县公安局2020年度部门整体支出绩效自评得分89分，评价等级为“良”。",
            "2021年8月26日",
        ],
        # seed 003: 预算收入 10500.70 + 44.97 printed as 10500.70; 机关运行经费 fell 0.96%, printed 0.95%
        "absent": ["0.95%"],
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("golden")
    texts = {}
    for name in EXAMPLES:
        source, _, outline = name.partition("@")
        path = DATA / source
        if outline:  # the same data in another outline: a file that inherits it and names the outline
            path = out / f"{outline}.yaml"
            path.write_text(f'继承: "{(DATA / source).as_posix()}"\n设置:\n  提纲: {outline}\n', encoding="utf-8")
        report = build(path, Options(out / name)).outputs[0]
        texts[name] = docx_text(report)
    return texts


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_seed_figure_is_printed(built, name):
    missing = [f for f in EXAMPLES[name]["figures"] if f not in built[name]]
    assert not missing


@pytest.mark.parametrize("name", EXAMPLES)
def test_key_paragraphs(built, name):
    paragraphs = built[name].split("\n")
    for expected in EXAMPLES[name].get("paragraphs", []):
        assert expected in paragraphs
    for slip in EXAMPLES[name].get("absent", []):
        assert slip not in built[name]


@pytest.mark.parametrize("name", [name for name in EXAMPLES if "headings" in EXAMPLES[name]])
def test_the_headings_are_the_seeds_in_order(built, name):
    """Each example follows its seed's outline: the seed's headings, in the seed's order."""
    paragraphs = built[name].split("\n")
    positions = [paragraphs.index(h) for h in EXAMPLES[name]["headings"]]
    assert positions == sorted(positions)
    assert "{{" not in built[name] and "{%" not in built[name]
