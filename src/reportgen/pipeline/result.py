"""What became of one unit of a batch: its documents, or why it failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.documents.summary import SummaryRow
from reportgen.errors import Diagnostic
from reportgen.pipeline.rollup import Sums


@dataclass
class UnitResult:
    file: Path
    unit: str | None = None
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    summary: SummaryRow = field(default_factory=SummaryRow)
    """The unit's row of 汇总表."""
    contribution: Sums = field(default_factory=dict)
    """What the unit adds to its parent's totals."""
    failed: bool = False
    pdf_failed: bool = False
    """The Word documents were written but not their PDF copies."""
    parent: bool = False
    """The unit that sums the others (its figures are not added into 汇总表's totals again)."""
    documents: dict[Path, bytes] = field(default_factory=dict)
    """Rendered by a worker, written by the batch (then emptied)."""
