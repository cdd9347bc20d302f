"""The corpus of broken and hostile inputs (tests/bad_inputs/cases.yaml says what each must produce).

Every file is either accepted with the right value in the document, or
refused with a Chinese message naming where, exit code 2, no traceback and
no output file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import docx_text

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["文件"] for c in CASES])
def test_corpus_file(cli, tmp_path, case):
    out = tmp_path / "out"
    run = cli("build", CORPUS / case["文件"], "-o", out)
    assert run.exit_code == case["退出码"], run.output
    assert "Traceback" not in run.output
    for fragment in case["输出包含"]:
        assert fragment in run.output
    documents = sorted(out.rglob("*.docx"))
    if case["退出码"] == 2:
        assert documents == [] and not (out.exists() and any(out.rglob("*.tmp")))
        return
    assert documents, "an accepted file builds its report"
    assert all(out.resolve() in d.resolve().parents for d in documents), "output stays inside the output folder"
    text = docx_text(documents[0])
    for fragment in case["文档包含"]:
        assert fragment in text


def test_the_corpus_is_large_and_mixed():
    assert len(CASES) >= 40
    assert {c["退出码"] for c in CASES} == {0, 2}
    on_disk = {p.name for p in CORPUS.iterdir()} - {"cases.yaml"}
    listed = {c["文件"] for c in CASES}
    assert on_disk <= listed, f"files without an expected result: {sorted(on_disk - listed)}"


def test_a_ten_megabyte_narrative_is_refused_at_once(cli, tmp_path):
    path = tmp_path / "大文件.yaml"
    path.write_text("单位名称: 测试\n年度: 2024\n绩效目标: |\n" + ("  很长的叙述文字。\n" * 600_000), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    run = cli("build", path, "-o", tmp_path / "out")
    assert run.exit_code == 2 and "文件超过5MB" in run.output
