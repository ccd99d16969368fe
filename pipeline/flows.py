"""Prefect flows: thin wiring of the stages in :mod:`pipeline.stages`.

Tasks pass paths and ids, never big objects. Parsing a file is the only expensive,
independent step: it runs as one task per file and can be spread over a Dask or
process task runner (see README, "Scaling out"); writing to the store stays in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .config import Settings, apply_offline_env

apply_offline_env()

from prefect import flow, task  # noqa: E402
from prefect.states import Failed  # noqa: E402

from . import stages  # noqa: E402
from .ingest import discover  # noqa: E402

Progress = Callable[[int, int, stages.FileReport], None]
#: set by the command line to show per-file progress (not a flow parameter: not serialisable)
PROGRESS: Progress | None = None
#: set by the command line to show which whole-store stage runs after the files ("classifying")
STAGE: Callable[[str], None] | None = None


def _stage(what: str) -> None:
    if STAGE:
        STAGE(what)


@task(name="parse-file", task_run_name="parse {path}")
def parse_file_task(path: str, store_dir: str, force: bool = False) -> str | None:
    return stages.parse_file(Path(path), Path(store_dir), Settings.from_env(), force=force)


@task(name="store-file")
def store_file_task(staged: str, store_dir: str) -> dict:
    return stages.report_dict(stages.load_staged(staged, Path(store_dir)))


@task(name="link")
def link_task(store_dir: str) -> dict:
    return stages.link_store(Path(store_dir))


@task(name="classify")
def classify_task(store_dir: str) -> dict:
    from .classify_stage import classify_store

    return classify_store(Path(store_dir), Settings.from_env())


@task(name="match")
def match_task(store_dir: str) -> dict:
    from .match_stage import match_store

    return match_store(Path(store_dir), Settings.from_env())


@task(name="export")
def export_task(store_dir: str) -> list[str]:
    return stages.export_store(Path(store_dir))


def _ingest(paths: list[str], store_dir: str, force: bool) -> list[dict]:
    progress = PROGRESS
    files = [str(p) for p in discover([Path(p) for p in paths])]
    reports: list[dict] = []
    seen: dict[str, str] = {}
    for i, path in enumerate(files, 1):
        known = stages.known_file(Path(path), Path(store_dir), force, seen)
        staged = None if known else parse_file_task(path, store_dir, force)
        if staged is None:
            report = known or stages.FileReport(file=path, status="unchanged")
            reports.append(stages.report_dict(report))
        else:
            reports.append(store_file_task(staged, store_dir))
            report = stages.FileReport(**reports[-1])
        if progress:
            progress(i, len(files), report)
    return reports


@flow(name="upr-ingest", log_prints=True)
def ingest_flow(paths: list[str], store_dir: str, force: bool = False, classify: bool = True, match: bool = True) -> dict:
    """Ingest files or folders into the store: read, detect, segment, link, classify, match, export
    (classify and match cover the whole store, so dashboards never see unclassified units)."""
    return _process(paths, store_dir, force, classify, match)


@flow(name="upr-run", log_prints=True)
def run_flow(raw_dir: str, store_dir: str, force: bool = False, classify: bool = True, match: bool = True) -> dict:
    """The whole pipeline on a folder of PDFs: ingest -> link -> classify -> match -> export."""
    return _process([raw_dir], store_dir, force, classify, match)


def _process(paths: list[str], store_dir: str, force: bool, classify: bool, match: bool) -> dict:
    from .store import store_lock

    with store_lock(Path(store_dir)):      # one writing command at a time (the CLI took it already)
        stages.clear_staging(Path(store_dir))      # what a killed run left there
        reports = _ingest(paths, store_dir, force)
        _stage("linking quotes and citations")
        out: dict = {"files": reports, "links": link_task(store_dir)}
        if classify:
            _stage("classifying the store's units")
            out["classify"] = classify_task(store_dir)
        if match:
            _stage("matching new recommendations to the prior cycle's")
            out["match"] = match_task(store_dir)
        _stage("writing the Parquet files")
        export_task(store_dir)
    return out


@flow(name="upr-scheduled-ingest")
def scheduled_flow(raw_dir: str = "raw", store_dir: str = "processed"):
    """For the daily deployment in prefect.yaml: new or changed files in raw/ only. When a file of the
    batch failed (it is recorded with its reason, the rest is stored as usual), the flow run ends
    Failed and names it, as `upr run` exits 1: a scheduled run is watched in Prefect, not on a shell."""
    out = run_flow(raw_dir=raw_dir, store_dir=store_dir)
    failed = [r for r in out["files"] if r.get("status") == "failed"]
    if failed:
        return Failed(message=f"{len(failed)} of {len(out['files'])} file(s) failed (recorded with their reasons; "
                              "the rest was stored, linked, classified and matched): "
                              + "; ".join(f"{Path(r['file']).name}: {r.get('error')}" for r in failed[:10]))
        # (no data: Prefect reads a failed state's data as its exception, and a dict there was logged as an engine
        # crash with a traceback on every run; the run's report is in the store and in `upr status`)
    return out
