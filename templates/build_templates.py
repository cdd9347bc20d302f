"""Rebuild the shipped project-table templates from ``reportgen.documents.layouts``.

    python templates/build_templates.py [folder]

The report's own template is not shipped: it is generated from the chosen
outline (``reportgen template export`` writes it for editing).
"""

import sys
from pathlib import Path

from reportgen.documents.word import write_table_templates

if __name__ == "__main__":
    write_table_templates(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
