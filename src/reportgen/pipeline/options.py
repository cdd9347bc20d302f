"""How to build: chosen once on the command line, the same for ``build`` and ``batch``.

One frozen object instead of positional flags, so a new option reaches both
commands and every worker process (it pickles) without new parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.pipeline.guard import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Options:
    output_root: Path = Path("output")
    """Documents go to ``<output_root>/<单位名称>/``."""
    strict: bool = False
    """A warning refuses the input, as an error does."""
    template: Path | None = None
    """The report's Word template instead of the file's ``模板`` or the shipped one."""
    checklist: bool = False
    """Also write the checking sheet (核对表.xlsx)."""
    pdf: bool = False
    """Also write a PDF copy of each Word document (through LibreOffice)."""
    jobs: int | None = None
    """Worker processes for a batch; ``None`` is one per CPU."""
    limits: Limits = DEFAULT_LIMITS
    """The time and memory one input file may take."""


DEFAULT_OPTIONS = Options()
