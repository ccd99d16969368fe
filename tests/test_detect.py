from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.detect import cycle_of_hrc_session, cycle_of_wg_session, detect, detect_kind, find_symbol
from pipeline.read import read_pdf
from tests.fixtures import builders


@pytest.mark.parametrize("name, kind, cycle, symbol", [
    ("A-HRC-14-10_working_group_report_2010.pdf", "working_group_report", 1, "A/HRC/14/10"),
    ("A-HRC-28-10_working_group_report_2014.pdf", "working_group_report", 2, "A/HRC/28/10"),
    ("amnesty_upr_submission_2019.pdf", "submission", 3, None),
    ("ccpr_factsheet_3rd_cycle.pdf", "fact_sheet", 3, None),
])
def test_corpus_metadata(raw_dir: Path, name: str, kind: str, cycle: int, symbol: str | None):
    meta = detect(read_pdf(raw_dir / name).pages)
    assert (meta.doc_kind, meta.cycle, meta.symbol, meta.state_under_review) == (kind, cycle, symbol, "Kazakhstan")


def test_other_state_and_cycle_from_a_retypeset_report(tmp_path: Path):
    pdf = builders.wg_report_pdf(tmp_path / "r.pdf", state="Norway")
    meta = detect(read_pdf(pdf).pages)
    assert meta.doc_kind == "working_group_report" and meta.symbol == "A/HRC/41/99"
    assert meta.cycle == 3 and meta.state_under_review == "Norway"


def test_symbols_and_cycles():
    assert find_symbol("A/HRC/28/10/Add.1 Distr.") == "A/HRC/28/10/Add.1"
    assert find_symbol("A /HRC/ 14/10") == "A/HRC/14/10"
    assert [cycle_of_wg_session(s) for s in (7, 20, 34, 45)] == [1, 2, 3, 4]
    assert [cycle_of_hrc_session(s) for s in (14, 28, 43, 55)] == [1, 2, 3, 4]
    assert detect_kind("Joint submission of NGOs to the Universal Periodic Review") == "submission"
    assert detect_kind("Stakeholder report (JS3) for the UPR of Freedonia, fourth cycle") == "submission"
    assert detect_kind("Contribution to the 4th Universal Periodic Review of Freedonia") == "submission"
    assert detect_kind("Annual report on the uprising of 1989") == "unknown"
    assert detect_kind("Minutes of a meeting") == "unknown"
