"""Ingestion: one file -> a Document row and its units. Never raises for a bad file."""

from __future__ import annotations

import logging
import re
import threading
import traceback
from contextlib import contextmanager
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import errors
from .config import SEGMENTER_VERSION, Settings
from .detect import detect, english_share, foreign_language, guess_language, is_corrigendum
from .ids import file_sha256
from .read import read_pdf
from .records import Citation, Document, Page, Unit
from .segment import addendum_responses, segment
from .segment.language import sentences
from .segment.prose import segment_paragraphs
from .states import canonical_state

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    """Warnings logged by this thread only (files may be segmented in parallel threads)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _segmenter_warnings() -> Iterator[list[str]]:
    """The warnings the segmenters log while one document is segmented (a skipped table, an
    unreadable page): they are content the document lost, so they become its ``error``."""
    handler = _Collect()
    logger = logging.getLogger("pipeline.segment")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@dataclass
class IngestResult:
    document: Document
    units: list[Unit] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    responses: dict[str, str] = field(default_factory=dict)   # addendum: paragraph -> response


def discover(paths: list[Path]) -> list[Path]:
    """PDF files under the given files and folders, sorted, each once."""
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise errors.UPRError(errors.PATH_MISSING.format(path=p))
        if p.is_dir():
            found.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".pdf"))
        else:
            found.append(p)
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


def _doc_id_or_placeholder(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return "unreadable:" + str(path)


def english_units(units: list[Unit], citations: list[Citation]) -> tuple[list[Unit], list[Citation], Counter[str]]:
    """A bilingual document's units in English only: a unit in another language (a translation set beside or under
    the English one) is dropped with its citations and the ties to it, and a unit that holds both (a cell with the
    English text and its translation below) loses the translation. Returns the kept units and citations and
    how many units each language lost."""
    dropped: Counter[str] = Counter()
    kept: list[Unit] = []
    for u in units:
        if lang := foreign_language(u.text):
            if len(u.text.split()) >= 12 or re.search(r"[.;:!?]\W*$", u.text):
                dropped[lang] += 1      # (a masthead's or heading's line in the other language goes unsaid: "Adjuntía
                                        # para los Derechos Humanos" under an NHRI's name is no unit lost)
            else:
                dropped.setdefault(lang, 0)
            continue
        said = sentences(u.text)
        # (the translation printed under the English: the sentences after the last English one; a quote in another
        # language inside the English text stays, "Recommendation 128.3 (Switzerland), « Prendre des mesures … »")
        last = max((k for k, x in enumerate(said) if not foreign_language(x)), default=None)
        if last is not None and last + 1 < len(said):
            u.text = " ".join(said[:last + 1])
        kept.append(u)
    if not dropped:
        return units, citations, dropped
    dropped = +dropped                  # (the languages of short lines only are no loss to report)
    ids, gone = {u.unit_id for u in kept}, {u.unit_id for u in units} - {u.unit_id for u in kept}
    for u in kept:
        u.related_unit_ids = [r for r in u.related_unit_ids if r not in gone]
    return kept, [c for c in citations if c.unit_id in ids], dropped


def report_checks(units: list[Unit]) -> list[str]:
    """What a Working Group report's items show was not read: items without a response (their paragraph's opening
    sentence named none the segmenter knows), and gaps in an item numbering that otherwise runs 1, 2, 3 … (an item
    whose number was misread joins the item before it). Reasons for the document's ``error``; [] when all is read."""
    recs = [u for u in units if u.unit_type == "recommendation" and u.paragraph and "." in u.paragraph]
    out = []
    silent = [u for u in recs if u.response is None]
    if silent:
        paragraphs = ", ".join(dict.fromkeys(u.paragraph.split(".")[0] for u in silent))
        out.append(errors.NO_RESPONSE.format(count=len(silent), paragraphs=paragraphs))
    by_paragraph: dict[str, list[int]] = {}
    for u in recs:
        top, _, n = u.paragraph.partition(".")
        if n.isdigit():
            by_paragraph.setdefault(top, []).append(int(n))
    missing = [f"{top}.{k}" for top, ns in by_paragraph.items() if ns == sorted(ns) and len(ns) >= 3
               for k in range(1, max(ns)) if k not in ns]
    if missing and len(missing) <= 20:
        out.append(errors.ITEM_GAPS.format(numbers=", ".join(missing)))
    return out


def process_file(path: Path, settings: Settings | None = None) -> IngestResult:
    """Read, detect and segment one file. A bad file gives a 'failed' Document with its reason."""
    settings = settings or Settings()
    source = str(path)
    try:
        read = read_pdf(path, settings)
    except errors.DocumentError as exc:
        return IngestResult(Document(doc_id=_doc_id_or_placeholder(path), source_file=source, status="failed", error=exc.reason))
    except OSError as exc:
        return IngestResult(Document(doc_id=_doc_id_or_placeholder(path), source_file=source, status="failed",
                                     error=f"cannot read the file: {exc.strerror or exc}"))
    except Exception as exc:  # noqa: BLE001 - a batch must go on
        log.debug("read failed: %s", traceback.format_exc())
        return IngestResult(Document(doc_id=_doc_id_or_placeholder(path), source_file=source, status="failed",
                                     error=errors.TRUNCATED.format(detail=f"{type(exc).__name__}: {exc}")))
    meta = detect(read.pages)
    opening = "\n".join(s.text for p in read.pages[:3] for s in p.spans)
    language = guess_language(opening)
    if language not in (None, "English") and english_share(opening) < 0.3:     # (not a bilingual document)
        return IngestResult(Document(
            doc_id=read.doc_id, source_file=source, doc_kind=meta.doc_kind, state_under_review=None, cycle=meta.cycle,
            symbol=meta.symbol, title=meta.title, pages=read.page_count, status="failed", segmenter_version=SEGMENTER_VERSION,
            error=errors.NOT_ENGLISH.format(language=language)))
    # pages of another language in an English document (a Spanish table behind an English summary) are not read:
    # the segmenters and the classifier read English, and their words would become units of nonsense
    # (a page set in English beside its translation keeps its English: only the units in the other language go)
    foreign = {p.number: lang for p in read.pages
               if (lang := guess_language(text := "\n".join(s.text for s in p.spans))) not in (None, "English")
               and english_share(text) < 0.3}
    if foreign:
        read.pages = [Page(number=p.number, width=p.width, height=p.height, spans=[]) if p.number in foreign else p
                      for p in read.pages]
        read.warnings.append(errors.FOREIGN_PAGES.format(
            pages=", ".join(map(str, sorted(foreign))), language=", ".join(sorted(set(foreign.values())))))
    doc = Document(
        doc_id=read.doc_id, source_file=source, doc_kind=meta.doc_kind, state_under_review=meta.state_under_review,
        cycle=meta.cycle, symbol=meta.symbol, title=meta.title, pages=read.page_count,
        status="partial" if read.partial else "ok", error="; ".join(read.warnings) or None,
        segmenter_version=SEGMENTER_VERSION,
    )
    if meta.several_states:
        doc.status = "partial"
        doc.error = "; ".join(filter(None, [doc.error, errors.SEVERAL_STATES.format(states=", ".join(meta.several_states))]))
    result = IngestResult(doc)
    try:
        if doc.doc_kind == "working_group_report" and is_corrigendum(doc.symbol):
            doc.status = "partial"
            doc.error = "; ".join(filter(None, [doc.error, errors.CORRIGENDUM.format(symbol=doc.symbol)]))
        elif doc.doc_kind == "working_group_report" and doc.symbol and "/Add." in doc.symbol:
            result.responses = addendum_responses(read.pages)
        else:
            with _segmenter_warnings() as warned:
                result.units, result.citations = segment(path, doc, read.pages)
            if warned:       # the segmenter skipped part of the document: say so where `upr status` shows it
                doc.status = "partial"
                doc.error = "; ".join(filter(None, [doc.error, *dict.fromkeys(warned)]))
            if doc.doc_kind == "working_group_report" and (said := report_checks(result.units)):
                doc.status = "partial"      # the report was read, but what it says of some items is not known
                doc.error = "; ".join(filter(None, [doc.error, *said]))
            if doc.doc_kind == "working_group_report" and result.units and not any(
                    u.unit_type == "recommendation" for u in result.units):
                # its list of recommendations was not found (a chapter heading run into a note, a layout not
                # known): kept as paragraphs, but a report without recommendations is not read whole
                doc.status = "partial"
                doc.error = "; ".join(filter(None, [doc.error, errors.NO_UNITS.format(kind="working group report")]))
            if not result.units and doc.doc_kind in ("fact_sheet", "working_group_report", "submission"):
                doc.status = "partial"
                doc.error = "; ".join(filter(None, [doc.error, errors.NO_UNITS.format(kind=doc.doc_kind.replace("_", " "))]))
                result.units = segment_paragraphs(doc, read.pages)
    except Exception as exc:  # noqa: BLE001 - keep the text, flag the document
        log.debug("segmentation failed: %s", traceback.format_exc())
        reason = errors.SEGMENT_FAILED.format(detail=f"{type(exc).__name__}: {exc}")
        doc.status, doc.error = "partial", "; ".join(filter(None, [doc.error, reason]))
        try:
            result.units, result.citations = segment_paragraphs(doc, read.pages), []
        except Exception:  # noqa: BLE001
            result.units = []
    result.units, result.citations, dropped = english_units(result.units, result.citations)
    if dropped:
        doc.status = "partial"
        doc.error = "; ".join(filter(None, [doc.error, errors.FOREIGN_UNITS.format(
            count=sum(dropped.values()), language=", ".join(sorted(dropped)))]))
    for u in result.units:
        if u.cycle is None and u.unit_type == "recommendation":
            u.cycle = doc.cycle
        # one name per state for dashboards ("Iran", "Iran (Islamic republic of)" -> "Iran (Islamic Republic of)");
        # a name the gazetteer does not know stays as printed
        u.recommending_states_canonical = list(dict.fromkeys(canonical_state(s) or s for s in u.recommending_states))
    return result
