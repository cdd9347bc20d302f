"""Limits that hold on every platform: someone else's file is worked on in a watched child process.

Filling a template runs C code (regular expressions over the Word XML,
string formatting) that no in-process timer can interrupt, and Windows has
no SIGALRM at all.  So the work on one input file runs in a child process
started with ``spawn`` (the only way Windows starts one, so the path tested
on Linux is the path clerks run), and the parent watches it: past its time
or memory budget the child is killed, and the file is refused with a message
naming what was being filled at the time.

The child reports where it is (``working_on``) as it goes; a stop names the
last place reported.  A child survives between jobs, so a batch or a test
session pays for its start once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import psutil

from reportgen.errors import Diagnostic, ReportgenError, Severity

UNIT_SECONDS = 120.0
"""One unit renders in well under a second; two minutes is a runaway loop or a hostile template."""

UNIT_MEMORY = 1536 * 1024 * 1024
"""A worker uses about 150 MB; 1.5 GB is a placeholder or template building something enormous."""

POLL_SECONDS = 0.05
"""How often the parent looks at the child's time and memory."""

Result = TypeVar("Result")


@dataclass(frozen=True)
class Limits:
    """The budget for one input file: all its narratives and templates together."""

    seconds: float = UNIT_SECONDS
    memory: int = UNIT_MEMORY


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Place:
    """What the child was working on: a file, and where in it."""

    file: str
    line: int | None = None
    path: str = ""
    what: str = ""
    seconds: float | None = None
    """A budget for this place alone, within the file's (one narrative must not take the file's two minutes)."""


class WorkerBug(Exception):
    """The child raised something that is not a refusal of the input: a bug, reported as such."""

    def __init__(self, summary: str, details: str) -> None:
        super().__init__(summary)
        self.details = details


_channel: Connection | None = None
"""In a child: the connection to the watching parent. In the parent: None."""


_place: Place | None = None
"""In a child: the last place reported."""


def working_on(place: Place) -> None:
    """Tell the watching parent what is being worked on now, so a stop can name it."""
    global _place
    if _channel is not None:
        _place = place
        _channel.send(("at", place))


def _exit_with_parent() -> None:
    """In a child: end at once if the parent is gone (killed outright), rather than finish a runaway job alone."""
    parent = multiprocessing.parent_process()
    while parent is not None and parent.is_alive():
        time.sleep(0.5)
    os._exit(1)


def _serve(channel: Connection) -> None:
    """The child's loop: run each job sent, send back its result, its refusal or its failure."""
    global _channel, _place
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    _channel = channel
    while True:
        try:
            job = channel.recv()
        except (EOFError, OSError):
            return  # the parent has gone
        function, args = job
        _place = None
        try:
            reply: tuple[Any, ...] = ("done", function(*args))
        except ReportgenError as exc:
            reply = ("refused", exc.diagnostics)
        except (MemoryError, RecursionError) as exc:  # the input asked for more than Python can give
            where = _place or Place(str(args[0]) if args else "")
            reason = "内存不足" if isinstance(exc, MemoryError) else "嵌套或递归过深"
            reply = ("refused", [_stopped(where, f"处理时{reason}，已停止").diagnostics[0]])
        except BaseException as exc:  # noqa: BLE001 - sent to the parent, which decides
            reply = ("bug", f"{type(exc).__name__}：{exc}", traceback.format_exc())
        try:
            channel.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - a result that cannot be pickled is a bug
            channel.send(("bug", f"{type(exc).__name__}：{exc}", traceback.format_exc()))
        del job, reply
        # A job leaves cycles behind (document trees): free them now, not after dozens of jobs have piled up
        # (the worker's memory then grew by about 1 MB a unit); what survives is frozen, so the next
        # collection looks only at what the next job makes.
        gc.collect()
        gc.freeze()


class Worker:
    """One watched child process that runs jobs one after another."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._process: BaseProcess | None = None
        self._channel: Connection | None = None
        self._watch: psutil.Process | None = None

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._process is None or self._channel is None or not self._process.is_alive():
            context = multiprocessing.get_context("spawn")
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs,), daemon=True, name="reportgen-worker")
            _start_without_main(process)
            theirs.close()
            self._process, self._channel = process, ours
            try:
                self._watch = psutil.Process(process.pid)
            except psutil.Error:
                self._watch = None
        return self._process, self._channel

    def call(self, place: Place, function: Callable[..., Result], *args: Any) -> Result:
        """``function(*args)`` in the child; ``place`` names the file for a stop before any report.

        Raises ``ReportgenError`` when the input is refused, or when the child
        ran out of time or memory or died (it is then replaced).
        """
        process, channel = self._start()
        try:
            channel.send((function, args))
            result: Result = self._wait(process, channel, place)  # what ``function`` returned, unpickled
            return result
        except (ReportgenError, WorkerBug):
            raise
        except BaseException:
            self.stop()  # Ctrl-C or a broken pipe: the child must not go on with this job
            raise

    def _wait(self, process: BaseProcess, channel: Connection, place: Place) -> Any:
        started = arrived = time.monotonic()
        where = place
        while True:
            try:
                ready = channel.poll(POLL_SECONDS)
                message = channel.recv() if ready else None
            except (EOFError, OSError):
                message, ready = None, False
                process.join(1)
            if message is not None:
                kind = message[0]
                if kind == "at":
                    where, arrived = message[1], time.monotonic()
                    continue
                if kind == "done":
                    return message[1]
                if kind == "refused":
                    raise ReportgenError(message[1])
                raise WorkerBug(message[1], message[2])
            if not process.is_alive():
                self.stop()
                raise _stopped(where, "处理该文件的进程意外退出（可能是内存不足或程序崩溃）")
            if where.seconds is not None and time.monotonic() - arrived > where.seconds:
                self.stop()
                raise _stopped(where, f"填写该处超过{where.seconds:g}秒仍未完成（可能有过大的循环），已停止")
            if time.monotonic() - started > self.limits.seconds:
                self.stop()
                raise _stopped(
                    where, f"处理超过{self.limits.seconds:g}秒仍未完成（可能有过大的循环或过大的模板），已停止"
                )
            if self._resident() > self.limits.memory:
                self.stop()
                megabytes = self.limits.memory // (1024 * 1024)
                raise _stopped(where, f"处理时占用内存超过{megabytes}MB（占位符或模板生成的内容过大），已停止")

    def _resident(self) -> int:
        """The child's resident memory (0 if it cannot be read)."""
        if self._watch is None:
            return 0
        try:
            return int(self._watch.memory_info().rss)
        except psutil.Error:
            return 0

    def stop(self) -> None:
        """Kill the child at once (it is started again by the next call)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        if self._channel is not None:
            self._channel.close()
        self._process = self._channel = self._watch = None


def _start_without_main(process: BaseProcess) -> None:
    """Start a spawned child without making it run the caller's main script again.

    ``spawn`` re-imports the parent's ``__main__`` in the child: a script read
    from standard input, a Windows ``reportgen.exe`` launcher or a program
    embedding the library would be run again, or fail to be found.  The
    child needs nothing from it (its jobs are functions of this package), so
    it is shown a bare ``__main__`` while the start is prepared.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        process.start()
    finally:
        sys.modules["__main__"] = main


def _stopped(where: Place, reason: str) -> ReportgenError:
    detail = f"{reason}；当时正在处理：{where.what}" if where.what else reason
    return ReportgenError([Diagnostic(Severity.ERROR, detail, where.file, where.line, where.path)])


_shared: dict[Limits, Worker] = {}


def shared_worker(limits: Limits = DEFAULT_LIMITS) -> Worker:
    """A worker kept for the life of this process, so repeated builds start a child once."""
    worker = _shared.get(limits)
    if worker is None:
        worker = _shared[limits] = Worker(limits)
    return worker
