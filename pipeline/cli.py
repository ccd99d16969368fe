"""`upr`: the command line. Every command takes --store (default processed/), prints a
short summary and exits non-zero when something failed."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .config import PROJECT_ROOT, Settings, apply_offline_env
from .errors import UPRError

apply_offline_env()

app = typer.Typer(
    help="UPR pipeline: UN Universal Periodic Review PDFs -> recommendations, findings, ICCPR articles, "
         "implementation status and cross-cycle follow-ups, in a DuckDB + Parquet store.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
evaluate_app = typer.Typer(help="Evaluate a stage against the hand-made gold in evaluation/gold/.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


def _console(stream, **kw) -> Console:
    """On a terminal, its own width. Into a file or a pipe (logs, schedulers): tables 200 columns
    wide and lines never wrapped, not rich's default 80 columns. COLUMNS wins."""
    tty = bool(os.environ.get("COLUMNS")) or stream.isatty()
    return Console(width=None if tty else 200, soft_wrap=not tty, **kw)


console = _console(sys.stderr, stderr=True)
out = _console(sys.stdout)

StoreOpt = typer.Option(None, "--store", help="Store folder (DuckDB + Parquet). Default: processed/ (or UPR_STORE_DIR).")


def _settings(store: Optional[Path]) -> Settings:
    return Settings.from_env(store_dir=store)


def shown_names(paths: list[str]) -> dict[str, str]:
    """How `upr status` names each stored file: its name, or, where two stored files share it, enough of
    its folders to tell them apart ("2023/report.pdf", "2024/report.pdf")."""
    parts = {p: Path(p).parts for p in paths}
    out: dict[str, str] = {}
    for p, ps in parts.items():
        k = 1
        while k < len(ps) and any(q != p and parts[q][-k:] == ps[-k:] for q in parts):
            k += 1
        out[p] = str(Path(*ps[-k:]))
    return out


def _progress(i: int, n: int, report) -> None:
    colour = {"ok": "green", "partial": "yellow", "failed": "red", "unchanged": "dim", "duplicate": "dim"
              }.get(report.status, "white")
    detail = f"{report.units} units" if report.status in ("ok", "partial") else (report.error or "")
    if report.status == "partial" and report.error:
        detail += f"; {report.error}"
    # (file names and reasons are printed as they are: "[v2]" in a name is no markup)
    console.print(f"[{i}/{n}] {escape(Path(report.file).name)}: [{colour}]{report.status}[/{colour}] {escape(detail)}".rstrip())


def _print_summary(result: dict, store_dir: Path, seconds: float) -> int:
    files = result.get("files", [])
    failed = [f for f in files if f["status"] == "failed"]
    table = Table(title=f"upr: {len(files)} file(s) in {seconds:.1f} s -> {store_dir}")
    for col in ("status", "files", "units"):
        table.add_column(col)
    for status in ("ok", "partial", "unchanged", "duplicate", "failed"):
        group = [f for f in files if f["status"] == status]
        if group:       # (an unchanged or duplicate file was not read again: its units are not counted)
            read = status in ("ok", "partial", "failed")
            table.add_row(status, str(len(group)), str(sum(f["units"] for f in group)) if read else "-")
    out.print(table)
    for key in ("links", "classify", "match"):
        if key in result:
            out.print(f"{key}: " + ", ".join(f"{k}={v}" for k, v in result[key].items()))
    for f in failed:
        out.print(f"[red]failed[/red] {escape(str(f['file']))}: {escape(str(f['error']))}")
    from .stages import store_warnings

    for note in store_warnings(store_dir):
        out.print(f"[yellow]warning[/yellow]: {escape(note)}")
    return 1 if failed else 0


def _check_paths(paths: list[Path]) -> None:
    """Stop before Prefect starts when a path is missing or holds no PDF (one line, exit 2)."""
    from .ingest import discover

    for p in paths:
        if not p.exists():
            console.print(f"[red]error[/red]: {escape(str(p))}: no such file or folder", soft_wrap=True)
            raise typer.Exit(2)
    if not discover(list(paths)):
        console.print(f"[yellow]warning[/yellow]: no PDF files in {escape(', '.join(map(str, paths)))}; nothing to ingest",
                      soft_wrap=True)


INTERRUPTED = ("interrupted: stopping now. Every file stored before the interruption is kept (each file is "
               "committed whole); run the same command again to go on: stored files are skipped.")


def _stop_local_prefect() -> None:
    """Stop the temporary local Prefect API this process started, if any (a few seconds at most)."""
    try:
        from prefect.server.api.server import SubprocessASGIServer

        for server in list(getattr(SubprocessASGIServer, "_instances", {}).values()):
            server.stop()
    except Exception:  # noqa: BLE001 - best effort on the way out
        pass


@contextmanager
def _stop_at_once_on_ctrl_c() -> Iterator[None]:
    """Ctrl-C ends the command at once, with exit code 130.

    Without this, Prefect swallows the interrupt while its temporary API starts, and later keeps
    retrying the API that the same Ctrl-C stopped (minutes, then a traceback). Nothing is lost by
    exiting at once: a document is stored in one transaction, so an interrupted one is simply not
    there, and the next run reads it again.
    """
    def stop(signum: int, frame: object) -> None:
        console.print(f"\n[yellow]{INTERRUPTED}[/yellow]", soft_wrap=True)
        _stop_local_prefect()
        os._exit(130)

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run_flow(fn, **kwargs) -> dict:
    from . import flows

    flows.PROGRESS = _progress
    started = time.time()
    flows.STAGE = lambda what: console.print(f"[dim]{what}… ({time.time() - started:.0f} s)[/dim]")
    with _stop_at_once_on_ctrl_c():
        console.print("[dim]starting Prefect (a temporary local API; the first start on a new PREFECT_HOME takes ~30 s)"
                      "… Ctrl-C stops at once[/dim]")
        return fn(**kwargs)


@app.command()
def run(
    raw: Path = typer.Option(PROJECT_ROOT / "raw", "--raw", help="Folder of PDFs to ingest."),
    store: Optional[Path] = StoreOpt,
    force: bool = typer.Option(False, "--force", help="Re-read files even when the store already has this exact file."),
    classify: bool = typer.Option(True, "--classify/--no-classify", help="Fill the classifications table."),
    match: bool = typer.Option(True, "--match/--no-match", help="Fill the matches table."),
) -> None:
    """The whole pipeline on raw/ -> processed/: ingest, segment, link, classify, match, export Parquet."""
    s = _settings(store)
    _check_paths([raw])
    start = time.time()
    from .flows import run_flow
    from .store import store_lock

    with store_lock(s.store_dir):          # another writing command: one line and exit 2, before Prefect starts
        result = _run_flow(run_flow, raw_dir=str(raw), store_dir=str(s.store_dir), force=force, classify=classify,
                           match=match)
    raise typer.Exit(_print_summary(result, s.store_dir, time.time() - start))


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="PDF files or folders (searched recursively for *.pdf)."),
    store: Optional[Path] = StoreOpt,
    force: bool = typer.Option(False, "--force", help="Re-read files even when unchanged."),
    classify: bool = typer.Option(True, "--classify/--no-classify", help="Fill the classifications table."),
    match: bool = typer.Option(True, "--match/--no-match", help="Fill the matches table."),
) -> None:
    """Add files or folders to the store: read, detect kind, segment, link citations, classify, match,
    export. A file already stored (the same bytes, under any name) is skipped."""
    s = _settings(store)
    _check_paths(paths)
    start = time.time()
    from .flows import ingest_flow
    from .store import store_lock

    with store_lock(s.store_dir):
        result = _run_flow(ingest_flow, paths=[str(p) for p in paths], store_dir=str(s.store_dir), force=force,
                           classify=classify, match=match)
    raise typer.Exit(_print_summary(result, s.store_dir, time.time() - start))


@app.command("classify-text")
def classify_text(
    input: Path = typer.Option(..., "--input", help="A .csv or .jsonl file of texts."),
    output: Path = typer.Option(..., "--output", help="Where to write (.csv or .jsonl); every input column is kept."),
    text_column: str = typer.Option("text", "--text-column", help="The column holding the text."),
    models: Optional[Path] = typer.Option(None, "--models", help="Model folder (default models/)."),
) -> None:
    """Classify any list of texts by ICCPR article and status, without a store.

    Every input column is kept; added: articles (JSON list, most likely first), article_scores,
    status (for rows whose unit_type column says finding or committee_recommendation), confidence,
    needs_review, review_reason (why it needs review) and model_version.
    """
    from .classify import classify_file, load_classifier

    if not input.exists():
        console.print(f"[red]error[/red]: {escape(str(input))}: no such file")
        raise typer.Exit(2)
    s = Settings.from_env(models_dir=models)
    warnings: list[str] = []
    try:
        n = classify_file(input, output, text_column=text_column, classifier=load_classifier(s.models_dir, s),
                          warnings=warnings)
    except (ValueError, FileNotFoundError) as exc:
        console.print(f"[red]error[/red]: {escape(str(exc))}")
        raise typer.Exit(2)
    out.print(f"classified {n} texts -> {escape(str(output))}")
    if warnings:
        shown = "; ".join(warnings[:5]) + (f"; and {len(warnings) - 5} more" if len(warnings) > 5 else "")
        console.print(f"[yellow]warning[/yellow]: {len(warnings)} text(s) empty or not in English (the model learned "
                      f"English UPR texts), flagged needs_review: {shown}")


@app.command()
def match(store: Optional[Path] = StoreOpt) -> None:
    """Match new-cycle recommendations to prior-cycle ones in the store (embeddings + abstention)."""
    from .match_stage import match_store

    from .stages import export_store
    from .store import store_lock

    s = _settings(store)
    with store_lock(s.store_dir):
        result = match_store(s.store_dir, s)
        export_store(s.store_dir)
    out.print("match: " + ", ".join(f"{k}={v}" for k, v in result.items()))


@app.command()
def train(
    data: Path = typer.Option(PROJECT_ROOT.parent / "shared" / "data" / "upr_info_recommendations_cycle1.csv", "--data",
                              envvar="UPR_INFO_CSV", help="UPR Info export (CSV). Read by path, never copied."),
    models: Optional[Path] = typer.Option(None, "--models", help="Where to write the models (default models/)."),
    store: Optional[Path] = StoreOpt,
) -> None:
    """Rebuild the classifier in models/: the article model from the UPR Info export, the status model from
    models/training/ and the dev halves of the status gold -- each plus the reviewer corrections in the store."""
    from .classify import train as train_models

    if not data.exists():
        console.print(f"[red]error[/red]: {escape(str(data))}: no such file (give --data or UPR_INFO_CSV)")
        raise typer.Exit(2)
    s = Settings.from_env(models_dir=models, store_dir=store)
    corrections = []
    if (s.store_dir / "upr.duckdb").exists():
        from .store import LATEST_CORRECTIONS, Store

        with Store(s.store_dir, read_only=True) as st:
            rows = st.con.execute(
                LATEST_CORRECTIONS + "SELECT u.text, l.field, l.new_value FROM latest l JOIN final_units u USING (unit_id) "
                "WHERE l.rn = 1 AND l.field IN ('articles', 'status')").fetchall()
            corrections = [{"text": t, f: json.loads(v)} for t, f, v in rows]
    figures = train_models(data, s.models_dir, corrections=corrections)
    out.print(json.dumps(figures, indent=2, default=str))


@app.command()
def review(
    store: Optional[Path] = StoreOpt,
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8765, help="Port to serve on."),
) -> None:
    """Serve the review page: low-confidence classifications, with forms to correct them (articles, status, and a
    recommendation's follow-ups of prior recommendations)."""
    from .review import serve

    serve(_settings(store).store_dir, host=host, port=port)


@app.command()
def correct(
    unit_id: str = typer.Argument(..., help="The unit to correct."),
    field: str = typer.Option(..., "--field", help="articles | status (applied in final_classifications) | response | "
                                          "recommending_states | unit_type | text (applied in final_units) | "
                                          "matches (applied in final_matches)"),
    value: str = typer.Option(..., "--value", help='New value as JSON, e.g. "[19, 21]" or "\\"not_implemented\\"" '
                                                   '(a plain word is taken for status, response, unit_type and text). '
                                                   'For matches, the prior recommendations this new one follows up, '
                                                   'closest first, as unit ids or report items: '
                                                   '\'["A/HRC/14/10 95.17", "A/HRC/14/10 97.3"]\'; "[]" says it follows '
                                                   'up none; each must be a recommendation of an earlier cycle to the same State. '
                                                   'The value the unit already has confirms it.'),
    reviewer: str = typer.Option(..., "--reviewer", help="Who corrects."),
    note: Optional[str] = typer.Option(None, "--note"),
    store: Optional[Path] = StoreOpt,
) -> None:
    """Record a reviewer correction (append-only; the pipeline never overwrites it)."""
    from .review import record_correction

    try:
        s = _settings(store)
        c = record_correction(s.store_dir, unit_id, field, value, reviewer, note, wait=s.correction_wait_s,
                              on_wait=lambda who: console.print(
                                  f"[dim]a run is writing the store ({who}); waiting up to {s.correction_wait_s:.0f} s "
                                  f"(UPR_CORRECTION_WAIT_S)…[/dim]"))
    except ValueError as exc:
        console.print(f"[red]error[/red]: {escape(str(exc))}")
        raise typer.Exit(2)
    out.print(escape(f"recorded {c.correction_id}: {c.unit_id} {c.field} {c.old_value} -> {c.new_value}"))


@app.command()
def status(store: Optional[Path] = StoreOpt) -> None:
    """Show what the store holds: documents (with failures and their reasons) and row counts."""
    from .store import Store

    s = _settings(store)
    if not (s.store_dir / "upr.duckdb").exists():
        console.print(f"[red]error[/red]: no store at {escape(str(s.store_dir))} (run `upr run` first)")
        raise typer.Exit(2)
    # a run holds the store's file only while it writes (a few seconds at a time): wait for it as a correction does,
    # rather than refuse a monitoring script mid-run (red team 48b)
    with Store(s.store_dir, read_only=True, wait=s.correction_wait_s,
               on_wait=lambda who: console.print(f"waiting for the store: {escape(who)}")) as st:
        table = Table(title=str(s.store_dir / "upr.duckdb"))
        for col in ("file", "kind", "state", "cycle", "symbol", "pages", "status", "error"):
            table.add_column(col)
        positions = dict(st.con.execute("SELECT doc_id, count(*) FROM addendum_responses GROUP BY doc_id").fetchall())
        docs = st.documents()
        names = shown_names([d.source_file for d in docs])
        for d in docs:
            note = f" ({positions[d.doc_id]} positions)" if positions.get(d.doc_id) else ""   # what an addendum gave
            table.add_row(escape(names[d.source_file]), d.doc_kind, escape(d.state_under_review or ""), str(d.cycle or ""),
                          d.symbol or "", str(d.pages), d.status + note, escape(d.error or ""))
        out.print(table)
        out.print(", ".join(f"{k}={v}" for k, v in st.counts().items()))
    from .stages import store_warnings

    for note in store_warnings(s.store_dir):
        out.print(f"[yellow]warning[/yellow]: {escape(note)}")


@app.command()
def remove(
    files: list[str] = typer.Argument(None, help="Stored files to drop: a path, or the file name `upr status` shows."),
    missing: bool = typer.Option(False, "--missing", help="Also drop every stored document whose file is gone from disk."),
    store: Optional[Path] = StoreOpt,
) -> None:
    """Drop documents from the store with their units, classifications, matches and citations (a file
    deleted from raw/ or added by mistake). Reviewer corrections are kept: they apply again if the same
    file comes back. Quotes and citations are linked again at once; the other documents' matches to the
    dropped ones go with them, and the next `upr run` or `upr match` looks for new ones."""
    from .stages import remove_documents
    from .store import store_lock

    s = _settings(store)
    if not files and not missing:
        console.print("[red]error[/red]: name the files to drop, or give --missing")
        raise typer.Exit(2)
    if not (s.store_dir / "upr.duckdb").exists():
        console.print(f"[red]error[/red]: no store at {escape(str(s.store_dir))} (run `upr run` first)")
        raise typer.Exit(2)
    with store_lock(s.store_dir):
        removed, unknown = remove_documents(s.store_dir, list(files or []), missing)
    for f in removed:
        out.print(f"removed {escape(str(f))}")
    if removed:
        from .stages import store_warnings, summary

        out.print(", ".join(f"{k}={v}" for k, v in summary(s.store_dir).items()))
        for note in store_warnings(s.store_dir):
            out.print(f"[yellow]warning[/yellow]: {escape(note)}")
    for why in unknown:
        console.print(f"[red]error[/red]: {escape(why)}", highlight=False)
    if not removed and not unknown:
        out.print("nothing to remove")
    raise typer.Exit(2 if unknown else 0)


@evaluate_app.command("segmentation")
def evaluate_segmentation(
    gold: Path = typer.Option(PROJECT_ROOT / "evaluation" / "gold" / "segmentation", "--gold"),
    raw: Path = typer.Option(PROJECT_ROOT / "raw", "--raw", help="Folder holding the gold's PDFs."),
) -> None:
    """Per document: unit precision/recall and accuracy of states, responses and citations; exit 1 if a target is missed."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from evaluation.segmentation import evaluate

    report, ok = evaluate(gold, raw)
    typer.echo(report)
    raise typer.Exit(0 if ok else 1)


@evaluate_app.command("classification")
def evaluate_classification(
    data: Path = typer.Option(PROJECT_ROOT.parent / "shared" / "data" / "upr_info_recommendations_cycle1.csv", "--data",
                              envvar="UPR_INFO_CSV"),
    gold: Path = typer.Option(PROJECT_ROOT / "evaluation" / "gold", "--gold"),
    models: Optional[Path] = typer.Option(None, "--models"),
) -> None:
    """Held-out article figures, status macro-F1 on hand-labelled findings, reliability table; exit 1 if a target is missed."""
    from .classify.evaluate import evaluate_with_targets

    s = Settings.from_env(models_dir=models)
    report, ok = evaluate_with_targets(data, s.models_dir, gold)
    typer.echo(report)
    raise typer.Exit(0 if ok else 1)


@evaluate_app.command("matching")
def evaluate_matching(
    gold: Path = typer.Option(PROJECT_ROOT / "evaluation" / "gold" / "matching", "--gold"),
    raw: Path = typer.Option(PROJECT_ROOT / "raw", "--raw"),
) -> None:
    """Held-out P@1, recall@5, MRR, abstention (hand-made pairs) and canonical-link accuracy; exit 1 if a target is missed.

    It also prints a trade-off table: P@1, recall@5 and abstention for rank-1 thresholds from 0.1 to 0.8, the
    table to read before setting UPR_MATCH_THRESHOLD (README, Configuration). The gold is the Kazakhstan corpus's
    (evaluation/gold/matching/README.md says how its lines name their units); --gold and --raw point at another
    copy of it."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from evaluation.matching import evaluate

    report, ok = evaluate(gold, raw)
    typer.echo(report)
    raise typer.Exit(0 if ok else 1)


def storage_problem(exc: BaseException) -> str | None:
    """The reason in a person's words when ``exc`` is the disk refusing a write (full, read-only, no
    permission), else None (any other error is a bug and keeps its traceback)."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT):
        return f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc.strerror)
    text = str(exc)
    for words in ("No space left on device", "Read-only file system", "Permission denied", "Disk quota exceeded"):
        if words in text and type(exc).__name__ in ("IOException", "PermissionException"):      # DuckDB's own
            return f"{words} ({text.splitlines()[0][:200]})"
    return None


def main() -> None:  # pragma: no cover
    try:
        sys.exit(app())
    except UPRError as exc:           # a reason a person understands: one line, no traceback
        console.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        sys.exit(2)
    except Exception as exc:          # the disk refused a write: one line, and what to do
        why = storage_problem(exc)
        if why is None:
            raise
        console.print(f"[red]error[/red]: cannot write: {why}. Files stored before this one are kept whole; free space "
                      "or fix the permissions and run the same command again.", soft_wrap=True)
        sys.exit(2)
