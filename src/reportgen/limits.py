"""A wall-clock limit for rendering text someone else wrote (a narrative, a template)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class RenderTimeout(Exception):
    """Rendering ran past its time limit (an endless or enormous loop)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``RenderTimeout`` in the block after ``seconds``.

    Uses SIGALRM, so it works in the main thread on Linux and macOS; elsewhere
    (Windows, worker threads) the block runs unlimited and only jinja's own
    sandbox limits apply.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RenderTimeout(f"超过{seconds:g}秒")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
