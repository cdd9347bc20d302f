"""The type area as GB/T 9704 sets it, measured on the PDF LibreOffice makes of each example report.

22 lines a page on a 28.95 pt pitch, 28 characters a line, nothing past the right margin, and
every character of the Word document in the PDF (LibreOffice's hanging punctuation used to drop
a line-end 、 or ，).
"""

from __future__ import annotations

import difflib
import itertools
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import DATA
from docx import Document

from reportgen.output import pdf
from reportgen.pipeline.build import build
from reportgen.pipeline.options import Options

pytestmark = pytest.mark.skipif(
    pdf.office() is None or shutil.which("pdftotext") is None, reason="LibreOffice 或 pdftotext 未安装，跳过版面测量"
)

EXAMPLES = sorted(DATA.glob("*/*.yaml"))
POINTS_PER_MM = 72 / 25.4
RIGHT_EDGE = (210 - 26) * POINTS_PER_MM  # the type area ends 26 mm from the page's right edge
BOTTOM_EDGE = (297 - 35) * POINTS_PER_MM
LINE_PITCH = 28.95
FACE_SHIFT = 2.0
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda path: path.parent.name)
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An example's report and its PDF."""
    folder = tmp_path_factory.mktemp("layout")
    outputs = build(request.param, Options(folder)).outputs
    document = next(path for path in outputs if path.name.endswith("报告.docx"))
    [converted] = pdf.to_pdf([document])
    return document, converted


def pdftotext(*args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-"], capture_output=True, text=True, check=True).stdout


def body_lines(text: str) -> list[str]:
    """Lines of the PDF's text that are all Chinese characters and full-width punctuation."""
    return [line for line in text.splitlines() if line and all(ord(char) > 0x2000 for char in line)]


def test_every_character_of_the_document_is_in_the_pdf(report: tuple[Path, Path]) -> None:
    """The text outside tables (whose cells the PDF's text reads in another order) is all there."""
    document, converted = report
    written = re.sub(r"\s", "", "".join(paragraph.text for paragraph in Document(str(document)).paragraphs))
    shown = re.sub(r"\s", "", re.sub(r"—\s*\d+\s*—", "", pdftotext(str(converted))))
    matcher = difflib.SequenceMatcher(None, written, shown, autojunk=False)
    lost = [
        f"“{written[max(0, i1 - 10) : i2 + 3]}”中的“{written[i1:i2]}”"
        for op, i1, i2, _, _ in matcher.get_opcodes()
        if op in ("delete", "replace")
    ]
    assert not lost, lost


def test_a_full_line_holds_28_characters(report: tuple[Path, Path]) -> None:
    lengths = Counter(len(line) for line in body_lines(pdftotext(str(report[1]))))
    assert max(lengths) == 28, sorted(lengths.items())
    assert lengths.most_common(1)[0][0] == 28, sorted(lengths.items())


def test_a_page_holds_22_lines_on_the_grid_and_nothing_passes_the_margin(report: tuple[Path, Path]) -> None:
    pages = pdftotext("-bbox", str(report[1])).split("<page ")[1:]
    per_page = []
    for page in pages:
        boxes = [tuple(map(float, found)) for found in WORD.findall(page)]
        assert all(x_max <= RIGHT_EDGE + 0.5 for _, _, x_max, _ in boxes), "text past the right margin"
        in_area = [box for box in boxes if box[3] < BOTTOM_EDGE]  # not the page number
        heights = Counter(round(y_max - y_min, 1) for _, y_min, _, y_max in in_area)
        if not heights or any(not 15 < height < 25 for height in heights):
            continue  # a title or a table: off the grid by design
        tops = sorted({round(y_min, 1) for _, y_min, _, _ in in_area})
        for above, below in itertools.pairwise(tops):
            steps = (below - above) / LINE_PITCH
            # a heading's face (楷体, 黑体) draws its box up to 1.5 pt off the body's: the line is on the grid
            assert abs(steps - round(steps)) * LINE_PITCH < FACE_SHIFT, f"lines {above}, {below} are off the grid"
        per_page.append(len(tops))
    assert max(per_page) == 22, per_page
