"""End to end: the `upr` command runs the Prefect flow (temporary local API) on copies of raw/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.fixtures import builders

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("prefect-home")
    e = dict(os.environ)
    e.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
             PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return e


def upr(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], env=env, capture_output=True, text=True, timeout=900)


def units_of(store: Path) -> list[tuple]:
    con = duckdb.connect(str(store / "upr.duckdb"), read_only=True)
    try:
        return con.execute("SELECT unit_id, doc_id, unit_type, paragraph, text FROM units ORDER BY unit_id").fetchall()
    finally:
        con.close()


def test_run_twice_gives_identical_units(tmp_path: Path, raw_copy: Path, env: dict[str, str]):
    store = tmp_path / "store"
    first = upr(["run", "--raw", str(raw_copy), "--store", str(store), "--no-match"], env)
    assert first.returncode == 0, first.stdout + first.stderr
    units = units_of(store)
    assert len(units) > 300 and len({u[0] for u in units}) == len(units)
    assert (store / "units.parquet").exists() and (store / "documents.parquet").exists()
    second = upr(["run", "--raw", str(raw_copy), "--store", str(store), "--no-match", "--force"], env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert units_of(store) == units
    assert "4 file(s)" in second.stdout
    # (review round 27b) what runs after the last file is named; a finished run leaves no warning
    stages_shown = second.stdout + second.stderr
    assert "classifying" in stages_shown and "writing the Parquet files" in stages_shown
    status = upr(["status", "--store", str(store)], env)
    assert status.returncode == 0 and "warning" not in status.stdout + status.stderr, status.stdout


def test_bad_batch_through_the_command_line(tmp_path: Path, wg2014: Path, env: dict[str, str]):
    files = builders.bad_batch(tmp_path / "batch", wg2014)
    store = tmp_path / "store"
    e = dict(env, UPR_MAX_FILE_MB="1")
    result = upr(["ingest", str(tmp_path / "batch"), "--store", str(store)], e)
    assert result.returncode == 1, result.stdout + result.stderr      # something failed -> non-zero
    con = duckdb.connect(str(store / "upr.duckdb"), read_only=True)
    rows = con.execute("SELECT source_file, status, error FROM documents ORDER BY source_file").fetchall()
    unclassified = con.execute("SELECT count(*) FROM units WHERE unit_id NOT IN (SELECT unit_id FROM classifications)"
                               ).fetchone()[0]
    con.close()
    assert unclassified == 0                                          # ingest classifies what it adds
    assert len(rows) == 8
    failed = [r for r in rows if r[1] == "failed"]
    assert len(failed) == 7 and all(r[2] for r in failed)
    assert [r for r in rows if r[1] == "ok"][0][0] == str(files["good"])


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path, env: dict[str, str]):
    result = upr(["ingest", str(tmp_path / "nope.pdf"), "--store", str(tmp_path / "store")], env)
    out = result.stdout + result.stderr
    assert result.returncode == 2 and "nope.pdf: no such file or folder" in out and "Traceback" not in out


def test_ctrl_c_stops_at_once_and_the_next_run_goes_on(tmp_path: Path, raw_copy: Path, env: dict[str, str]):
    import signal

    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--raw", str(raw_copy), "--store", str(store),
                             "--no-match"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in proc.stdout:                  # wait until the first file is stored
        seen.append(line)
        if line.startswith("[1/"):
            break
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=120)   # a guard against hanging, not a timing assertion
    out = "".join(seen) + rest
    assert proc.returncode == 130, out
    assert "interrupted: stopping now" in out and "Traceback" not in out
    con = duckdb.connect(str(store / "upr.duckdb"), read_only=True)
    try:
        stored = con.execute("SELECT doc_id, (SELECT count(*) FROM units u WHERE u.doc_id = d.doc_id) "
                             "FROM documents d WHERE status = 'ok'").fetchall()
    finally:
        con.close()
    assert stored and all(n > 0 for _, n in stored)        # what was committed is there, whole
    again = upr(["run", "--raw", str(raw_copy), "--store", str(store), "--no-match"], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "unchanged" in again.stdout
    units = units_of(store)
    assert len(units) > 300 and len({u[0] for u in units}) == len(units)


def test_the_scheduled_flow_ends_failed_when_a_file_failed(tmp_path: Path, env: dict[str, str]):
    """Red team round 32b: the deployment's flow returned its summary and ended Completed when files of the
    batch had failed, so a team watching Prefect never saw them (`upr run` exits 1). It ends Failed, naming
    them; a batch with nothing failed ends Completed."""
    raw, store = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    code = ("import sys\nfrom pipeline.flows import scheduled_flow\n"
            "s = scheduled_flow(raw_dir=sys.argv[1], store_dir=sys.argv[2], return_state=True)\n"
            "print('STATE', s.type.value, s.message)\n"
            "if s.is_failed():\n"
            "    from prefect.states import get_state_exception\n"
            "    try:\n"
            "        print('EXCEPTION', type(get_state_exception(s)).__name__)\n"
            "    except Exception as exc:\n"
            "        print('EXCEPTION', 'unreadable', type(exc).__name__, exc)\n")
    run = lambda: subprocess.run([sys.executable, "-c", code, str(raw), str(store)], env=env, capture_output=True,  # noqa: E731
                                 text=True, timeout=600)
    ok = run()
    assert "STATE COMPLETED" in ok.stdout, ok.stdout + ok.stderr
    (raw / "empty.pdf").write_bytes(b"")
    bad = run()
    assert "STATE FAILED 1 of 1 file(s) failed" in bad.stdout and "empty.pdf: empty file" in bad.stdout, bad.stdout + bad.stderr
    # red team 48b: a worker reads a failed run's exception from the state's data; the run's report (a dict) there was
    # unreadable, logged as an engine crash with a traceback on every run of a deployment
    assert "EXCEPTION FailedRun" in bad.stdout, bad.stdout
