"""Every unit of every corpus PDF points back to where it stands: its first page, all its
pages, and a box inside that page."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import process_file
from pipeline.read import read_pdf

RAW = Path(__file__).resolve().parents[2] / "raw"


@pytest.mark.parametrize("pdf", sorted(RAW.glob("*.pdf")), ids=lambda p: p.stem)
def test_units_carry_pages_and_boxes(pdf: Path):
    pages = read_pdf(pdf).pages
    result = process_file(pdf)
    assert result.units
    for u in result.units:
        assert u.page and u.pages and u.page == u.pages[0] and u.pages == sorted(set(u.pages)), u.text[:60]
        x0, top, x1, bottom = u.bbox
        page = pages[u.page - 1]
        assert 0 <= x0 < x1 <= page.width + 1 and 0 <= top < bottom <= page.height + 1, (u.text[:60], u.bbox)
        assert u.provenance
