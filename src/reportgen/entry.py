"""The ``reportgen`` command's entry point, kept light: Ctrl-C while the program is still loading ends it quietly."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def main() -> None:
    try:
        from reportgen.commands.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    run()
