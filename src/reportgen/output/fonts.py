"""The faces of the PDF copies: which fonts stand in for the official ones, and saying so when none of its kind does.

The documents name the faces of Chinese official documents, which Linux does
not have.  LibreOffice finds fonts there through fontconfig, and is run with
``fonts.conf`` (beside this module): each face is drawn in itself when
installed, else in a free face of the same kind, else in a last resort.  A face
that falls to its last resort (no Kai face installed, say) is named in a note,
so the clerk knows why the PDF looks different and what to install.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from reportgen.errors import Diagnostic, Severity

FONTS_CONF = Path(__file__).with_name("fonts.conf")
"""The fontconfig file LibreOffice is run with (it includes the system's own)."""

DOCUMENT_FACES = ("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体")
"""The faces the documents ask for (``documents/word.py``): the ones a note may be about."""

MATCH_SECONDS = 10
"""fc-match answers in milliseconds; one that does not is left alone."""


def environment() -> dict[str, str]:
    """The environment LibreOffice runs in: this one, with fontconfig reading ``fonts.conf``.

    Unless the system configuration ``fonts.conf`` includes is not there
    (fontconfig kept elsewhere): fontconfig would then know no font at all,
    so LibreOffice is left to find its fonts as it always does.
    """
    if not all(Path(path).is_file() for path in _included(FONTS_CONF)):
        return dict(os.environ)
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def _included(conf: Path) -> list[str]:
    return [include.text or "" for include in ElementTree.parse(conf).getroot().iter("include")]


def substitutions() -> list[Diagnostic]:
    """A note for each face the documents ask for that LibreOffice draws in a face of another kind.

    Empty where LibreOffice does not use fontconfig (Windows, macOS) or
    ``fc-match`` is not installed; worked out once per process.
    """
    if sys.platform in ("win32", "darwin"):
        return []
    return list(_substitutions(str(FONTS_CONF)))


@functools.cache
def _substitutions(conf: str) -> tuple[Diagnostic, ...]:
    matcher = shutil.which("fc-match")
    if matcher is None:
        return ()
    kinds = _kinds(Path(conf))
    notes = []
    for face in DOCUMENT_FACES:
        families = _matched(matcher, conf, face)
        acceptable = [face, *kinds.get(face, [])]
        if families and not set(families) & set(acceptable):
            missing = "、".join(acceptable)
            message = f"PDF 中的“{face}”用“{families[0]}”代替（本机没有{missing}；安装字体见 README“PDF 的字体”）"
            notes.append(Diagnostic(Severity.NOTE, message))
    return tuple(notes)


def _kinds(conf: Path) -> dict[str, list[str]]:
    """Each face ``fonts.conf`` maps, and the faces of its kind that may stand in for it (its ``<accept>``)."""
    kinds: dict[str, list[str]] = {}
    for alias in ElementTree.parse(conf).getroot().iter("alias"):
        face, accepted = alias.findtext("family"), [f.text for f in alias.iterfind("accept/family") if f.text]
        if face and accepted:
            kinds[face] = accepted
    return kinds


def _matched(matcher: str, conf: str, face: str) -> list[str]:
    """The family names of the font fontconfig picks for ``face`` (empty if it cannot say).

    ``face`` is one of this module's constants, never a document's, and is
    given after ``--``, so it could not read as an option either.
    """
    try:
        done = subprocess.run(
            [matcher, "--format=%{family}", "--", f"{face}:lang=zh-cn"],
            capture_output=True,
            env={**os.environ, "FONTCONFIG_FILE": conf},
            timeout=MATCH_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    if done.returncode != 0:
        return []
    return [name for name in done.stdout.decode("utf-8", "replace").split(",") if name]
