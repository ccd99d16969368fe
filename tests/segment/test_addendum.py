"""Addenda (A/HRC/…/Add.1) set the responses of a report's pending recommendations in the store,
whichever of the two is ingested first, and never override a response the report itself gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import process_file
from pipeline.segment.addendum import _numbers
from pipeline.store import Store
from tests.fixtures import builders

ADDENDUM_PROSE = [
    "A/HRC/41/99/Add.1",
    "Report of the Working Group on the Universal Periodic Review",
    "Freedonia",
    "Addendum",
    "Views on conclusions and/or recommendations, voluntary commitments and",
    "replies presented by the State under review",
    "1. Freedonia has examined the 5 recommendations it received during its review.",
    "2. Freedonia supports recommendations 110.1, 110.3 and 110.4.",
    "3. Freedonia notes recommendations 110.2 and 110.5, which it cannot accept at present.",
]
ADDENDUM_TABLE = ADDENDUM_PROSE[:6] + [
    "Recommendation     Position",
    "110.1     Supported",
    "110.2     Noted",
    "110.3     Supported",
    "110.4     Supported",
    "110.5     Noted",
]
EXPECTED = {"110.1": "accepted", "110.2": "noted", "110.3": "accepted", "110.4": "accepted", "110.5": "noted"}


def _ingest(store: Store, pdf: Path) -> None:
    r = process_file(pdf)
    assert r.document.status == "ok", r.document.error
    store.replace_document(r.document, r.units, r.citations, r.responses)


def _responses(store: Store) -> dict[str, str | None]:
    return {u.paragraph: u.response for u in store.units() if u.unit_type == "recommendation"}


@pytest.mark.parametrize("lines", [ADDENDUM_PROSE, ADDENDUM_TABLE], ids=["prose", "table"])
@pytest.mark.parametrize("report_first", [True, False], ids=["report-first", "addendum-first"])
def test_addendum_sets_pending_responses(tmp_path: Path, lines: list[str], report_first: bool):
    report = builders.wg_report_pdf(tmp_path / "report.pdf")
    addendum = builders.text_pdf(tmp_path / "addendum.pdf", [lines])
    add = process_file(addendum)
    assert add.document.symbol == "A/HRC/41/99/Add.1" and not add.units
    assert add.responses == EXPECTED
    with Store(tmp_path / "store") as store:
        order = [report, addendum] if report_first else [addendum, report]
        for pdf in order:
            _ingest(store, pdf)
        assert _responses(store) == EXPECTED
        _ingest(store, report)            # re-ingesting changes nothing
        assert _responses(store) == EXPECTED


def test_ranges_expand_and_other_numbers_are_not_recommendations():
    assert _numbers("supports 124.10-124.12 and 125.3 to 125.5") == [
        "124.10", "124.11", "124.12", "125.3", "125.4", "125.5"]
    assert _numbers("in 2019, 61% of 1000 cases") == []
