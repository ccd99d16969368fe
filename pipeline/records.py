"""The one record model shared by every stage, and the store contract built from it.

Readers produce :class:`Document` and :class:`Page`; segmenters produce :class:`Unit`;
the classifier produces :class:`Classification`; the matcher :class:`Match`; reviewers
:class:`Correction`. The store keeps one table per record type (see ``TABLES``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocKind = Literal["working_group_report", "fact_sheet", "submission", "unknown"]
DocStatus = Literal["ok", "partial", "failed"]
UnitType = Literal["recommendation", "finding", "committee_recommendation", "paragraph"]
Response = Literal["accepted", "noted", "pending"]
Status = Literal["implemented", "partially_implemented", "not_implemented", "no_information"]
CorrectableField = Literal["articles", "status", "response", "recommending_states", "unit_type", "text", "matches"]

UNIT_TYPES: tuple[str, ...] = ("recommendation", "finding", "committee_recommendation", "paragraph")
STATUSES: tuple[str, ...] = ("implemented", "partially_implemented", "not_implemented", "no_information")
ARTICLES: tuple[int, ...] = tuple(range(1, 28))


def utcnow(precise: bool = False) -> datetime:
    """Now, in UTC: to the second, or to the microsecond (``precise``: corrections, whose order decides)."""
    now = datetime.now(timezone.utc)
    return now if precise else now.replace(microsecond=0)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- reading (in memory only)
class Span(Record):
    """A run of text on a page, in top-down PDF points (origin at the top left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    bold: bool = False
    font: str = ""
    space_before: bool = True     # a space separates this run from the text before it


class Page(Record):
    number: int                      # 1-based
    width: float
    height: float
    spans: list[Span] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.spans)


# ---------------------------------------------------------------- stored records
class Document(Record):
    """One row of ``documents``. ``doc_id`` is the SHA-256 of the file's bytes."""

    doc_id: str
    source_file: str
    doc_kind: DocKind = "unknown"
    state_under_review: str | None = None
    cycle: int | None = None
    symbol: str | None = None
    title: str | None = None
    pages: int = 0
    status: DocStatus = "ok"
    error: str | None = None
    segmenter_version: str | None = None
    ingested_at: datetime = Field(default_factory=utcnow)


class Citation(Record):
    """A reference to a prior recommendation, e.g. ``A/HRC/28/10, recommendation 124.4 (Brazil)``."""

    unit_id: str
    symbol: str | None = None
    paragraph: str
    state: str | None = None
    raw: str
    footnote: str | None = None
    prior_unit_id: str | None = None     # filled by the link stage
    method: str | None = None            # how it was resolved


class Unit(Record):
    """One row of ``units``: a recommendation, a finding or a committee recommendation."""

    unit_id: str
    doc_id: str
    unit_type: UnitType
    cycle: int | None = None
    paragraph: str | None = None
    recommending_states: list[str] = Field(default_factory=list)               # as printed
    recommending_states_canonical: list[str] = Field(default_factory=list)     # the gazetteer's names (for grouping)
    response: Response | None = None
    section: str | None = None
    sections: list[str] = Field(default_factory=list)
    section_articles: list[int] = Field(default_factory=list)   # articles a fact-sheet section title names
    text: str
    page: int | None = None
    pages: list[int] = Field(default_factory=list)
    bbox: list[float] | None = None                            # x0, top, x1, bottom on `page`
    provenance: str | None = None                               # e.g. "table 3 row 2 col implementation"
    grade: str | None = None                                    # Human Rights Committee grade (A-E)
    grade_text: str | None = None                               # e.g. "Partially implemented"
    related_unit_ids: list[str] = Field(default_factory=list)   # fact-sheet rows a finding/committee cell covers
    canonical_unit_id: str | None = None                        # WG-report paragraph this text quotes (link stage)
    ordinal: int = 0                                            # order within the document


class Classification(Record):
    unit_id: str
    articles: list[int] = Field(default_factory=list)
    article_scores: dict[str, float] = Field(default_factory=dict)
    status: Status | None = None
    status_score: float | None = None
    confidence: float
    needs_review: bool
    review_reason: str | None = None                            # why needs_review is set ("status uncertain (0.62)")
    model_version: str
    source: Literal["model", "reviewer"] = "model"
    created_at: datetime = Field(default_factory=utcnow)


class Match(Record):
    unit_id: str
    prior_unit_id: str
    score: float
    rank: int
    method: str
    model_version: str = ""


class Correction(Record):
    """Append-only reviewer correction. Never overwritten by the pipeline."""

    correction_id: str
    unit_id: str
    field: CorrectableField
    old_value: str | None = None     # JSON
    new_value: str                   # JSON
    reviewer: str
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


#: table name -> record type, in the order the store creates them.
TABLES: dict[str, type[Record]] = {
    "documents": Document,
    "units": Unit,
    "citations": Citation,
    "classifications": Classification,
    "matches": Match,
    "corrections": Correction,
}
