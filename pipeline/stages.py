"""The stages of the data flow as plain functions over paths and the store.

The Prefect flows in :mod:`pipeline.flows` only wire these together; tests call them directly.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import SEGMENTER_VERSION, Settings
from .detect import is_corrigendum
from .ids import file_sha256
from .ingest import IngestResult, process_file
from .link import link_quotes, resolve_citations
from .records import Citation, Document, Unit
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class FileReport:
    file: str
    status: str            # ok | partial | failed | unchanged | duplicate
    doc_kind: str | None = None
    units: int = 0
    error: str | None = None


def staging_dir(store_dir: Path) -> Path:
    d = Path(store_dir) / "staging"
    d.mkdir(parents=True, exist_ok=True)
    return d


def clear_staging(store_dir: Path) -> int:
    """Remove what a stopped run left in the staging folder (a file read but not yet stored, or
    stored but not yet removed: the next run reads it again if needed). Call while holding the store."""
    folder = Path(store_dir) / "staging"
    left = list(folder.glob("*.json")) if folder.is_dir() else []
    for f in left:
        f.unlink(missing_ok=True)
    return len(left)


def known_file(path: Path, store_dir: Path, force: bool, seen: dict[str, str]) -> FileReport | None:
    """A report for a file that needs no reading, else None.

    ``duplicate``: the same bytes as a file read earlier in this batch, or as a stored file that is
    still on disk under another name (even with ``force``: one document per content, under its first
    name). ``unchanged``: stored under this name by this segmenter version; a stored file whose old name
    is gone from disk (moved or renamed) takes the new name. ``seen`` (bytes' hash -> file) is filled in.
    """
    path = Path(path).resolve()
    try:
        doc_id = file_sha256(path)
    except OSError:
        return None                                   # the reader reports what is wrong with it
    first = seen.setdefault(doc_id, str(path))
    if first != str(path):
        return FileReport(file=str(path), status="duplicate", error=f"same bytes as {first}: read once")
    with Store(store_dir) as store:
        stored = store.stored_file(doc_id)
        if stored is None:
            return None
        if Path(stored) != path and Path(stored).exists():
            seen[doc_id] = stored         # (the stored name, if it comes later in the batch, is the one read)
            return FileReport(file=str(path), status="duplicate", error=f"same bytes as {stored}, already in the store")
        if force or not store.is_current(doc_id, SEGMENTER_VERSION):
            return None
        if Path(stored) != path:
            store.move_document(doc_id, str(path))
            return FileReport(file=str(path), status="unchanged", error=f"moved from {stored}")
    return FileReport(file=str(path), status="unchanged")


def parse_file(path: Path, store_dir: Path, settings: Settings, force: bool = False) -> str | None:
    """Read and segment one file into a staged JSON file; None when the store already has it."""
    path = Path(path).resolve()      # one spelling per file: "raw/x.pdf", "./raw/x.pdf" and "/…/raw/x.pdf" are one
    if not force and path.is_file():
        try:
            doc_id = file_sha256(path)
        except OSError:
            doc_id = None
        if doc_id:
            with Store(store_dir) as store:
                # the same bytes already stored by this segmenter (under this name or another): nothing to do
                if store.is_current(doc_id, SEGMENTER_VERSION):
                    return None
    result = process_file(path, settings)
    name = result.document.doc_id.replace(":", "_").replace("/", "_")[-64:]
    target = staging_dir(store_dir) / f"{name}.json"
    payload = {
        "document": result.document.model_dump(mode="json"),
        "units": [u.model_dump(mode="json") for u in result.units],
        "citations": [c.model_dump(mode="json") for c in result.citations],
        "responses": result.responses,
    }
    target.write_text(json.dumps(payload), encoding="utf-8")
    return str(target)


def load_staged(staged: str, store_dir: Path) -> FileReport:
    """Write one staged result into the store (replacing the file's earlier version)."""
    data = json.loads(Path(staged).read_text(encoding="utf-8"))
    result = IngestResult(
        document=Document(**data["document"]),
        units=[Unit(**u) for u in data["units"]],
        citations=[Citation(**c) for c in data["citations"]],
        responses=data.get("responses") or {},
    )
    doc = result.document
    with Store(store_dir) as store:
        store.replace_document(doc, result.units, result.citations, result.responses)
    Path(staged).unlink(missing_ok=True)
    return FileReport(file=doc.source_file, status=doc.status, doc_kind=doc.doc_kind, units=len(result.units), error=doc.error)


def link_store(store_dir: Path) -> dict[str, int]:
    with Store(store_dir) as store:
        units = store.units()
        docs = {d.doc_id: d for d in store.documents()}
        canonical = link_quotes(units, docs)
        citations = resolve_citations(store.citations(), units, docs)
        store.set_links(canonical, citations)
    return {
        "quotes": len(canonical), "quotes_linked": sum(v is not None for v in canonical.values()),
        "citations": len(citations), "citations_linked": sum(c.prior_unit_id is not None for c in citations),
    }


def export_store(store_dir: Path) -> list[str]:
    with Store(store_dir) as store:
        return [str(p) for p in store.export_parquet()]


def summary(store_dir: Path) -> dict[str, int]:
    with Store(store_dir, read_only=True) as store:
        return store.counts()


def report_dict(r: FileReport) -> dict:
    return asdict(r)


def store_warnings(store_dir: Path) -> list[str]:
    """What a person should know about the store after a run: a writing command running on it; what a
    stopped run left undone (units without classification, Parquet files behind the database); two
    files of one report symbol; one document stored under two file names; documents of unknown kind (plain paragraphs only); documents whose file is
    gone from disk; reviewer corrections that apply to nothing any more."""
    from .store import store_holder

    notes = []
    if holder := store_holder(store_dir):
        notes.append(f"a writing command is running on this store ({holder}): the figures above may change until it ends")
    # (a reader such as the review page may hold the file for a moment: wait for it as a run does)
    with Store(store_dir, read_only=True, wait=Settings.from_env().store_wait_s) as store:
        docs = store.documents()
        gone = [d.source_file for d in docs if not Path(d.source_file).exists()]
        unknown = [Path(d.source_file).name for d in docs if d.doc_kind == "unknown" and d.status != "failed"
                   and not is_corrigendum(d.symbol)]        # (a corrigendum has no units by design)
        orphaned = store.orphaned_corrections()
        orphans = store.orphaned_correction_rows() if orphaned else []
        names = {d.doc_id: Path(d.source_file).name for d in docs}
        twins = [(names[a], names[b], shared, smaller) for a, b, shared, smaller in store.near_duplicates()]
        by_symbol: dict[str, list[str]] = {}
        for d in docs:
            if d.symbol and d.doc_kind == "working_group_report" and d.status != "failed":
                by_symbol.setdefault(d.symbol, []).append(Path(d.source_file).name)
        unclassified = store.con.execute("SELECT count(*) FROM units u WHERE NOT EXISTS "
                                         "(SELECT 1 FROM classifications c WHERE c.unit_id = u.unit_id)").fetchone()[0]
        stale = []                       # Parquet mirrors that do not hold the table's rows (never written: empty)
        for table in ("units", "classifications", "matches"):
            rows, mirrored = store.count(table), store.parquet_count(table)
            if mirrored != rows and not (mirrored is None and rows == 0):
                stale.append(table)
    if unclassified and not holder:
        notes.append(f"{unclassified} unit(s) have no classification: a run stopped before classifying (or ran with "
                     "--no-classify, or without a trained model); `upr run` classifies them")
    if stale and not holder:
        notes.append(f"the Parquet files of {', '.join(stale)} do not match the database (a run stopped before its "
                     "export): dashboards reading Parquet see the state before it; `upr run` writes them again")
    for symbol, files in by_symbol.items():
        if len(files) > 1:
            notes.append(f"{len(files)} stored documents are {symbol} ({', '.join(files)}: two versions of one report?); "
                         "a citation of its paragraphs cannot tell them apart and stays unlinked: keep one "
                         "(`upr remove FILE`)")
    for a, b, shared, smaller in twins:
        notes.append(f"{a} and {b} have the same words in {shared} of {smaller} units (two versions of one document "
                     "under two file names?): every view counts them twice; keep one (`upr remove FILE`: reviewer "
                     "corrections of the removed one then apply to the other's units of the same words)")
    if gone:
        names = ", ".join(Path(g).name for g in gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
        notes.append(f"{len(gone)} stored document(s) whose file is gone from disk ({names}): they stay in the store "
                     "until `upr remove --missing` (or `upr remove FILE`) drops them")
    if unknown:
        names = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        notes.append(f"{len(unknown)} document(s) of unknown kind ({names}): neither a Working Group report, a fact "
                     "sheet nor a submission by their first pages, so their text is kept as plain paragraphs (no "
                     "recommendations, findings, statuses or citations); README \"How the segmenters decide\" says what "
                     "each kind is known by")
    if orphaned:
        named = "; ".join(
            f"{cid} ({field}, by {reviewer}) on {utype or 'unit'} {uid}"
            + (f" '{' '.join((text or '').split())[:60]}…' of {Path(src).name}" if text else "")
            for cid, field, reviewer, uid, utype, text, src in orphans)
        more = f" and {orphaned - len(orphans)} more" if orphaned > len(orphans) else ""
        notes.append(f"{orphaned} reviewer correction(s) name units that are no longer in the store: their document was "
                     "removed, or read anew (a re-issue, or a new version of the segmenter) and nothing in the new "
                     "reading stands for them; they are kept in `corrections` but apply to nothing: "
                     f"{named}{more}. Correct the units that now stand for them (`upr correct`, the review page)")
    return notes


def remove_documents(store_dir: Path, names: list[str], missing: bool = False) -> tuple[list[str], list[str]]:
    """Drop the stored documents named (a path, or a file name as `upr status` shows it) and, with
    ``missing``, those whose file is gone from disk; then links, classifies and matches the store again (what
    rested on them goes). Returns (removed files, the names that removed nothing,
    each with the reason: "report.pdf: names 2 stored files, give the path …").
    Reviewer corrections are kept; quotes and citations are linked again (matches to a removed
    document's units go with it). A name matching several stored files removes none of them."""
    removed, unknown = [], []
    with Store(store_dir) as store:
        docs = store.documents()
        chosen: dict[str, str] = {}
        for name in names:
            full = str(Path(name).resolve())
            tail = Path(name).parts               # (as `upr status` shows it: "report.pdf", or "2024/report.pdf")
            hits = [d for d in docs if d.source_file == full] or [d for d in docs if Path(d.source_file).parts[-len(tail):] == tail]
            if len(hits) != 1:
                unknown.append(f"{name}: not in the store (see `upr status`)" if not hits else
                               f"{name}: names {len(hits)} stored files, give the path of the one to remove: "
                               + ", ".join(sorted(d.source_file for d in hits)))
                continue
            chosen[hits[0].doc_id] = hits[0].source_file
        if missing:
            chosen.update({d.doc_id: d.source_file for d in docs if not Path(d.source_file).exists()})
        twins = store.near_duplicates()
        for doc_id, source in chosen.items():
            # another stored version of the same document (saved under another name) takes over its corrections
            kept = [b if a == doc_id else a for a, b, _, _ in twins if doc_id in (a, b)]
            if twin := next((t for t in kept if t not in chosen), None):
                store.adopt_successors(doc_id, twin)
            store.remove_document(doc_id)
            removed.append(source)
    if removed:
        from .classify_stage import classify_store
        from .match_stage import match_store

        link_store(store_dir)             # quotes and citations of the removed reports lose their links
        # ... and what rested on the removed documents goes: a report item's status taken from a removed
        # finding, a match to a removed report's item (the next best prior, or none)
        classify_store(store_dir, Settings.from_env())
        match_store(store_dir, Settings.from_env())
        export_store(store_dir)
    return removed, unknown

