"""Work run in a child process killed at its deadline (``cleaner.bounded``), and the large pages
``Cleaner.clean_html`` reads that way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from cleaner import Cleaner, api
from cleaner.bounded import ChildDied, NoChildProcess, can_fork, run_in_child
from cleaner.htmlinput import ExtractionTimeout, HtmlOptions

pytestmark = pytest.mark.skipif(not can_fork(), reason="forks a child process")


class Expired(Exception):
    pass


def test_the_childs_result_comes_back() -> None:
    assert run_in_child(lambda: {"text": "é" * 3_000_000}, 30, Expired) == {"text": "é" * 3_000_000}


def test_what_the_child_raised_is_raised() -> None:
    def fails() -> None:
        raise ValueError("no page")

    with pytest.raises(ValueError, match="no page"):
        run_in_child(fails, 30, Expired)


def test_a_child_past_its_time_is_killed() -> None:
    # The child ignores interrupts and sleeps on; the parent gives up at the deadline.
    start = time.monotonic()
    with pytest.raises(Expired):
        run_in_child(lambda: time.sleep(30), 0.5, Expired)
    assert time.monotonic() - start < 10  # not the child's 30 s (a bound far from the 0.5 s asked)


def test_a_child_that_dies_without_a_word_is_said_to() -> None:
    with pytest.raises(ChildDied):
        run_in_child(lambda: os.kill(os.getpid(), signal.SIGKILL), 30, Expired)


PAGE = ("<!DOCTYPE html><html><head><title>Xiaomi to Make Cars</title></head><body><article>"
        "<h1>Xiaomi to Make Cars</h1>"
        "<p>China's Xiaomi Corp plans to make electric vehicles using Great Wall Motor's factory, said three "
        "people with direct knowledge of the matter.</p>"
        "<p>Xiaomi, one of the world's biggest smartphone makers, is in talks to use one of Great Wall's plants "
        "in China to make its own cars under its own brand, said two of the people.</p>"
        "</article><footer><p>© Example News 2021</p></footer></body></html>")


def test_a_large_page_with_a_time_limit_is_read_in_a_child_as_it_is_read_here(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    here = cleaner.clean_html(PAGE, HtmlOptions(), timeout=30)
    children: list[float] = []

    def counted(work: object, seconds: float, expired: object) -> object:
        children.append(seconds)
        return run_in_child(work, seconds, expired)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "LARGE_PAGE_CHARS", len(PAGE))
    monkeypatch.setattr(api, "run_in_child", counted)
    assert cleaner.clean_html(PAGE, HtmlOptions(), timeout=30) == here
    assert children == [30 + api.CHILD_GRACE_SECONDS]
    assert cleaner.clean_html(PAGE, HtmlOptions(), timeout=None) == here  # no limit: read here
    assert len(children) == 1


def test_a_large_page_past_its_time_limit_is_a_timeout(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # One call that no alarm interrupts (as lxml's on a page of tens of megabytes) is stopped too.
    monkeypatch.setattr(api, "LARGE_PAGE_CHARS", len(PAGE))
    monkeypatch.setattr(api, "CHILD_GRACE_SECONDS", 0.0)

    def one_long_call(*args: object) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # the page's alarm does not get through
        time.sleep(30)

    monkeypatch.setattr(Cleaner, "_clean_html", one_long_call)
    start = time.monotonic()
    with pytest.raises(ExtractionTimeout, match=r"reading the page took more than 0\.5 s"):
        cleaner.clean_html(PAGE, HtmlOptions(), timeout=0.5)
    assert time.monotonic() - start < 10


class _Unpicklable(Exception):
    def __init__(self, code: int, where: str) -> None:  # pickled, it is rebuilt with one argument
        super().__init__(f"{where}: {code}")


def test_an_exception_that_cannot_come_back_is_named_with_its_message() -> None:
    def fails() -> None:
        raise _Unpicklable(7, "the parser")

    with pytest.raises(RuntimeError, match="_Unpicklable: the parser: 7"):
        run_in_child(fails, 30, Expired)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_the_child_dies_with_its_parent(tmp_path: Path) -> None:
    # A worker its parent stopped (-j N, Ctrl-C) leaves no child reading a page on its own.
    pid_file = tmp_path / "child.pid"
    script = ("import os, sys, time\nfrom cleaner.bounded import run_in_child\n"
              f"def work():\n    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n    time.sleep(60)\n"
              "run_in_child(work, 60, RuntimeError)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.05)
        child = int(pid_file.read_text())
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:  # a zombie waits for init to reap it
        return stat.read().split(") ")[1][0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="lists the process's descriptors")
def test_a_fork_that_fails_leaves_no_descriptor_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_process)
    with pytest.raises(NoChildProcess, match="cannot start a process to read the page: Resource temporarily"):
        run_in_child(lambda: 1, 30, Expired)
    assert len(os.listdir("/proc/self/fd")) == before


def test_no_pipe_to_be_had_is_no_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_descriptors() -> tuple[int, int]:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_descriptors)
    with pytest.raises(NoChildProcess, match="cannot start a process to read the page: Too many open files"):
        run_in_child(lambda: 1, 30, Expired)


def test_a_large_page_is_read_here_where_no_process_can_be_forked(cleaner: Cleaner,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(api, "LARGE_PAGE_CHARS", 100)
    monkeypatch.setattr(os, "fork", no_process)
    result = cleaner.clean_html(PAGE, HtmlOptions(), timeout=30)
    assert "Great Wall's plants" in result.text


def test_a_caller_that_ignores_sigchld_gets_the_result() -> None:
    # With SIGCHLD ignored the kernel reaps the child itself, and waiting for it finds none.
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert run_in_child(lambda: "read", 30, Expired) == "read"
    finally:
        signal.signal(signal.SIGCHLD, previous)
