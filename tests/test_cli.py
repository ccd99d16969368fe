"""Command-line helpers that need no Prefect run (the runs themselves: tests/test_flow_e2e.py)."""

from __future__ import annotations

import errno

import pytest

from pipeline.cli import storage_problem


class IOException(Exception):          # stands in for duckdb.IOException (matched by its name)
    pass


@pytest.mark.parametrize("exc, words", [
    (OSError(errno.ENOSPC, "No space left on device", "/store/upr.duckdb"), "No space left on device: /store/upr.duckdb"),
    (OSError(errno.EROFS, "Read-only file system", "/store/.upr.lock"), "Read-only file system: /store/.upr.lock"),
    (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
    (IOException("IO Error: Could not write file \"x.wal\": No space left on device"), "No space left on device"),
])
def test_the_disk_refusing_a_write_is_one_line(exc, words):
    """Review round 27b: a read-only store or a full disk ended a run in a 40- to 225-line traceback."""
    assert words in storage_problem(exc)


@pytest.mark.parametrize("exc", [ValueError("bad"), OSError(errno.ENOENT, "No such file"), KeyError("x"),
                                 RuntimeError("No space left on device")])
def test_other_errors_keep_their_traceback(exc):
    assert storage_problem(exc) is None


def test_status_tells_apart_two_stored_files_of_one_name():
    """Red team round 32b: two stored "report.pdf" (from two folders) showed as two identical rows."""
    from pipeline.cli import shown_names

    assert shown_names(["/d/raw/2023/report.pdf", "/d/raw/2024/report.pdf", "/d/raw/sub.pdf"]) == {
        "/d/raw/2023/report.pdf": "2023/report.pdf", "/d/raw/2024/report.pdf": "2024/report.pdf", "/d/raw/sub.pdf": "sub.pdf"}
    assert shown_names(["/a/x/r.pdf", "/b/x/r.pdf"]) == {"/a/x/r.pdf": "a/x/r.pdf", "/b/x/r.pdf": "b/x/r.pdf"}
