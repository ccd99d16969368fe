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


def test_file_names_with_brackets_are_printed_as_they_are(tmp_path, capsys):
    """Red team round 38c: "WG report 2014 – FINAL [v2].pdf" was printed as "WG report 2014 – FINAL .pdf" and the
    failed "Scan [draft] LIDHO.pdf" as "Scan  LIDHO.pdf": the console took "[v2]" and "[draft]" for markup."""
    from types import SimpleNamespace

    from pipeline import cli
    from pipeline.store import Store

    Store(tmp_path).close()
    cli._progress(1, 2, SimpleNamespace(file="/raw/WG report 2014 – FINAL [v2].pdf", status="ok", units=3, error=None))
    failed = {"file": "/raw/Lettre [brouillon]/Scan [draft] LIDHO.pdf", "status": "failed", "units": 0,
              "error": "no text layer [scan]: run OCR first"}
    assert cli._print_summary({"files": [failed]}, tmp_path, 1.0) == 1
    printed = capsys.readouterr()
    shown = " ".join((printed.out + printed.err).split())       # (a long line may wrap at a space)
    assert "FINAL [v2].pdf" in shown
    assert "Lettre [brouillon]/Scan [draft] LIDHO.pdf: no text layer [scan]" in shown


def test_status_waits_for_a_run_that_holds_the_store(tmp_path):
    """Red team 48b: `upr status` polled during a scheduled run stopped with "the store … is in use by another upr
    command" (exit 2) whenever the run was writing; a monitoring script failed. It waits for the writer, as a
    correction does."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.store import Store
    from tests.fixtures.holders import held

    with Store(tmp_path):
        pass                                 # an empty store
    with held(tmp_path, "database", seconds=3.0):
        result = CliRunner().invoke(app, ["status", "--store", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "waiting for the store" in result.output
