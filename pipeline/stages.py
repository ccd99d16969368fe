"""The stages of the data flow as plain functions over paths and the store.

The Prefect flows in :mod:`pipeline.flows` only wire these together; tests call them directly.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import SEGMENTER_VERSION, Settings
from .ids import file_sha256
from .ingest import IngestResult, process_file
from .link import link_quotes, resolve_citations
from .records import Citation, Document, Unit
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class FileReport:
    file: str
    status: str            # ok | partial | failed | unchanged
    doc_kind: str | None = None
    units: int = 0
    error: str | None = None


def staging_dir(store_dir: Path) -> Path:
    d = Path(store_dir) / "staging"
    d.mkdir(parents=True, exist_ok=True)
    return d


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
