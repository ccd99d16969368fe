"""Submissions laid out differently from the Amnesty one: recommendations after each theme
(under a 'Recommendations' sub-heading or after a lead-in sentence), dash bullets or lettered
items, portrait or landscape. Every layout must give the same units and citations."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape

from pipeline.ingest import process_file
from tests.fixtures import builders

LAYOUTS = {
    "subheading-dash": dict(recs_heading=True, bullets="dash"),
    "leadin-letters": dict(recs_heading=False, bullets="letters"),
    "subheading-letters-landscape-serif": dict(recs_heading=True, bullets="letters", pagesize=landscape(A4),
                                               font="Times-Roman"),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    d = tmp_path_factory.mktemp("subs")
    return {name: process_file(builders.submission_pdf(d / f"{name}.pdf", **kw)) for name, kw in LAYOUTS.items()}


@pytest.mark.parametrize("name", LAYOUTS)
def test_units_of_each_layout(results, name: str):
    r = results[name]
    assert r.document.doc_kind == "submission" and r.document.status == "ok"
    recs = [u for u in r.units if u.unit_type == "recommendation"]
    findings = [u for u in r.units if u.unit_type == "finding"]
    expected_recs = [t for _, _, items in builders.SUBMISSION_THEMES for t in items]
    expected_findings = [f.split("^")[0] for _, fs, _ in builders.SUBMISSION_THEMES for f in fs]
    assert [u.text for u in recs] == expected_recs
    assert [u.text for u in findings] == expected_findings
    themes = [h for h, _, items in builders.SUBMISSION_THEMES for _ in items]
    assert [u.section for u in recs] == (themes if not LAYOUTS[name]["recs_heading"] else ["Recommendations"] * len(themes))
    assert [u.section for u in findings] == [h for h, fs, _ in builders.SUBMISSION_THEMES for _ in fs]


@pytest.mark.parametrize("name", LAYOUTS)
def test_citations_of_each_layout(results, name: str):
    r = results[name]
    texts = {u.unit_id: u.text for u in r.units}
    got = sorted((texts[c.unit_id][:30], c.symbol, c.paragraph, c.state) for c in r.citations)
    assert got == sorted([
        ("The authorities continue to bl", "A/HRC/41/99", "110.2", "Canada"),
        ("The authorities continue to bl", "A/HRC/41/99", "110.3", "Norway"),
        ("Freedonia accepted recommendat", "A/HRC/41/99", "110.1", "Portugal"),
    ])
