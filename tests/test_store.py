from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import process_file
from pipeline.records import Classification
from pipeline.review import record_correction
from pipeline.store import Store, schema

ROOT = Path(__file__).resolve().parent.parent


def test_schema_matches_the_documented_contract(tmp_path: Path):
    documented = json.loads((ROOT / "docs" / "store_schema.json").read_text())
    assert {t: documented[t] for t in schema()} == schema()
    # (red team 34d) the views dashboards read and the pipeline's own tables are documented too
    with Store(tmp_path) as store:
        others = {name: {r[0]: r[1] for r in store.con.execute(f"DESCRIBE {name}").fetchall()}
                  for name in set(documented) - set(schema())}
    assert set(others) == {"addendum_responses", "unit_successors", "retired_units", "final_units", "final_classifications",
                           "final_matches"}
    assert others == {name: documented[name] for name in others}
    # the minimum of the contract in DESIGN.md
    for table, cols in {
        "documents": ["doc_id", "source_file", "doc_kind", "state_under_review", "cycle", "symbol", "pages", "status", "error"],
        "units": ["unit_id", "doc_id", "unit_type", "cycle", "paragraph", "recommending_states", "response", "section", "text", "page", "bbox"],
        "classifications": ["unit_id", "articles", "article_scores", "status", "status_score", "confidence", "needs_review", "model_version", "source"],
        "matches": ["unit_id", "prior_unit_id", "score", "rank", "method"],
        "corrections": ["unit_id", "field", "old_value", "new_value", "reviewer", "created_at", "note"],
    }.items():
        assert set(cols) <= set(documented[table]), table


@pytest.fixture(scope="module")
def wg_result(wg2010: Path):
    return process_file(wg2010)


def _counts(store: Store) -> dict:
    return store.counts()


def test_storing_twice_changes_nothing(tmp_path: Path, wg_result):
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, wg_result.citations)
        first = store.con.execute("SELECT unit_id FROM units ORDER BY unit_id").fetchall()
        store.replace_document(wg_result.document, wg_result.units, wg_result.citations)
        second = store.con.execute("SELECT unit_id FROM units ORDER BY unit_id").fetchall()
        assert first == second and len(first) == 128
        assert _counts(store)["documents"] == 1


def test_a_changed_file_replaces_its_old_units(tmp_path: Path, wg_result, wg2014: Path):
    newer = process_file(wg2014)
    newer.document.source_file = wg_result.document.source_file    # same path, new bytes
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.replace_document(newer.document, newer.units, [])
        assert store.counts()["documents"] == 1
        assert store.con.execute("SELECT count(*), count(DISTINCT doc_id) FROM units").fetchone() == (194, 1)


def test_corrections_win_and_survive_reclassification(tmp_path: Path, wg_result):
    unit = wg_result.units[0]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.write_classifications([Classification(unit_id=unit.unit_id, articles=[19], confidence=0.4,
                                                    needs_review=True, model_version="m1")])
    c = record_correction(tmp_path, unit.unit_id, "articles", "[2, 26]", "reviewer@example.org", "ratification")
    assert json.loads(c.old_value) == [19]
    with Store(tmp_path) as store:
        store.write_classifications([Classification(unit_id=unit.unit_id, articles=[7], confidence=0.9,
                                                    needs_review=False, model_version="m2")])
        final = store.con.execute("SELECT articles, source, needs_review FROM final_classifications").fetchone()
        assert final == ([2, 26], "reviewer", False)
        assert len(store.corrections()) == 1
        # re-ingesting the document keeps the corrections
        store.replace_document(wg_result.document, wg_result.units, [])
        assert len(store.corrections()) == 1


def test_unit_field_corrections_apply_in_final_units_and_survive_reingestion(tmp_path: Path, wg_result):
    unit, other = wg_result.units[0], wg_result.units[1]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
    record_correction(tmp_path, unit.unit_id, "response", '"noted"', "ana")
    second = record_correction(tmp_path, unit.unit_id, "response", "null", "ben", "the addendum gives no answer")
    states = record_correction(tmp_path, unit.unit_id, "recommending_states", '["Chile", "Peru"]', "ana")
    assert json.loads(second.old_value) == "noted"                 # the old value is the corrected one
    assert json.loads(states.old_value) == unit.recommending_states
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])        # the pipeline re-reads the file
        row = store.con.execute("SELECT response, recommending_states, text, corrected_fields FROM final_units "
                                "WHERE unit_id = ?", [unit.unit_id]).fetchone()
        assert row == (None, ["Chile", "Peru"], unit.text, ["response", "recommending_states"])
        untouched = store.con.execute("SELECT response, recommending_states, corrected_fields FROM final_units "
                                      "WHERE unit_id = ?", [other.unit_id]).fetchone()
        assert untouched == (other.response, other.recommending_states, [])
        assert store.con.execute("SELECT response FROM units WHERE unit_id = ?", [unit.unit_id]).fetchone() == (
            unit.response,)                                         # the pipeline's own value is kept apart
        assert store.con.execute("SELECT count(*) FROM final_units").fetchone()[0] == len(wg_result.units)


def test_a_reviewer_s_follow_ups_replace_the_matcher_s_in_final_matches(tmp_path: Path, wg_result, wg2014: Path):
    from pipeline.records import Match

    later = process_file(wg2014)
    recs = [u for u in wg_result.units if u.unit_type == "recommendation"]
    first, second, third = recs[1], recs[2], recs[3]
    new, other = [u for u in later.units if u.unit_type == "recommendation"][:2]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.replace_document(later.document, later.units, [])
        store.write_matches([new.unit_id, other.unit_id], [
            Match(unit_id=new.unit_id, prior_unit_id=first.unit_id, score=0.9, rank=1, method="m"),
            Match(unit_id=new.unit_id, prior_unit_id=second.unit_id, score=0.4, rank=2, method="m"),
            Match(unit_id=other.unit_id, prior_unit_id=first.unit_id, score=0.8, rank=1, method="m")])
    symbol = wg_result.document.symbol
    c = record_correction(tmp_path, new.unit_id, "matches", json.dumps([f"{symbol} {third.paragraph}", first.unit_id]), "ana")
    assert json.loads(c.old_value) == [first.unit_id, second.unit_id]
    assert json.loads(c.new_value) == [third.unit_id, first.unit_id]      # an item by its report and paragraph
    record_correction(tmp_path, other.unit_id, "matches", "[]", "ben")    # it follows up none
    with Store(tmp_path) as store:
        store.write_matches([new.unit_id, other.unit_id], [               # the matcher runs again: kept apart
            Match(unit_id=new.unit_id, prior_unit_id=second.unit_id, score=0.7, rank=1, method="m"),
            Match(unit_id=other.unit_id, prior_unit_id=first.unit_id, score=0.8, rank=1, method="m")])
        final = store.con.execute("SELECT unit_id, prior_unit_id, rank, source FROM final_matches ORDER BY unit_id, rank").fetchall()
        assert final == [(new.unit_id, third.unit_id, 1, "reviewer"), (new.unit_id, first.unit_id, 2, "reviewer")]
        assert store.count("matches") == 2
    # red team 47c: a follow-up of a recommendation of the same (or a later) cycle was stored as the reviewer's list
    for bad, why in [(["A/HRC/1/1 9.9"], "neither a unit id"), ([new.unit_id], "itself"), ("[1]", "JSON list"),
                     ([other.unit_id], "earlier cycle")]:
        with pytest.raises(ValueError, match=why):
            record_correction(tmp_path, new.unit_id, "matches", bad if isinstance(bad, str) else json.dumps(bad), "ana")


def test_unit_type_and_text_corrections_are_checked(tmp_path: Path, wg_result):
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
    unit_id = wg_result.units[0].unit_id
    with pytest.raises(ValueError, match="unit_type"):
        record_correction(tmp_path, unit_id, "unit_type", '"headline"', "r")
    with pytest.raises(ValueError, match="text"):
        record_correction(tmp_path, unit_id, "text", '"  "', "r")
    record_correction(tmp_path, unit_id, "unit_type", "finding", "r")     # a bare word is read as a string
    with Store(tmp_path) as store:
        assert store.con.execute("SELECT unit_type FROM final_units WHERE unit_id = ?", [unit_id]).fetchone() == (
            "finding",)


def test_bad_corrections_are_refused(tmp_path: Path, wg_result):
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
    unit_id = wg_result.units[0].unit_id
    for field, value in [("articles", "[31]"), ("status", '"done"'), ("colour", '"red"')]:
        with pytest.raises(ValueError):
            record_correction(tmp_path, unit_id, field, value, "r")
    with pytest.raises(ValueError, match="no unit"):
        record_correction(tmp_path, "u_missing", "status", '"implemented"', "r")
    # review round 24: JSON true passed for article 1, a repeated article was kept, and a misspelt field got
    # "value must be JSON" for a plain word
    for value, message in [("[true]", "article numbers"), ("[19, 19]", "each article once")]:
        with pytest.raises(ValueError, match=message):
            record_correction(tmp_path, unit_id, "articles", value, "r")
    with pytest.raises(ValueError, match="field must be one of .* not 'colour'"):
        record_correction(tmp_path, unit_id, "colour", "red", "r")


@pytest.fixture(scope="module")
def factsheet_result(factsheet_pdf: Path):
    return process_file(factsheet_pdf)


def test_corrections_must_fit_the_unit(tmp_path: Path, wg_result, factsheet_result):
    """Review round 24: a status was accepted on a recommendation suggested for the coming cycle, a
    response on a finding, and any name as a recommending state."""
    doc, units = factsheet_result.document, factsheet_result.units
    suggested = next(u for u in units if u.unit_type == "recommendation" and u.cycle == doc.cycle)
    quoted = next(u for u in units if u.unit_type == "recommendation" and u.cycle is not None and u.cycle < doc.cycle)
    finding = next(u for u in units if u.unit_type == "finding")
    with Store(tmp_path) as store:
        store.replace_document(doc, units, [])
        store.replace_document(wg_result.document, wg_result.units, [])
    with pytest.raises(ValueError, match="coming cycle"):
        record_correction(tmp_path, suggested.unit_id, "status", "implemented", "r")
    with pytest.raises(ValueError, match="response belongs to recommendations"):
        record_correction(tmp_path, finding.unit_id, "response", "accepted", "r")
    with pytest.raises(ValueError, match="'Narnia' is no state"):
        record_correction(tmp_path, quoted.unit_id, "recommending_states", '["Narnia"]', "r")
    with pytest.raises(ValueError, match="did you mean Slovenia"):
        record_correction(tmp_path, quoted.unit_id, "recommending_states", '["Slovenija"]', "r")
    with Store(tmp_path, read_only=True) as store:
        assert store.corrections() == []
    # what fits: a status on a quoted row, on a finding and on a report item; states as the gazetteer names them
    for unit in (quoted, finding, wg_result.units[0]):
        record_correction(tmp_path, unit.unit_id, "status", "not_implemented", "r")
    c = record_correction(tmp_path, quoted.unit_id, "recommending_states", '["Russia", "UK"]', "r")
    assert json.loads(c.new_value) == ["Russian Federation", "United Kingdom of Great Britain and Northern Ireland"]


def test_parquet_mirrors_every_table(tmp_path: Path, wg_result):
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        paths = store.export_parquet()
    names = {p.name for p in paths}
    assert {"documents.parquet", "units.parquet", "classifications.parquet", "matches.parquet",
            "corrections.parquet", "final_classifications.parquet", "final_units.parquet",
            "final_matches.parquet"} <= names
    n = duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'units.parquet'}'").fetchone()[0]
    assert n == 128


def test_a_stored_file_is_not_read_again_under_another_spelling_or_name(tmp_path: Path, wg2010: Path, monkeypatch):
    import shutil

    from pipeline.config import Settings
    from pipeline.stages import load_staged, parse_file

    raw = tmp_path / "raw"
    raw.mkdir()
    pdf = raw / "report.pdf"
    shutil.copy(wg2010, pdf)
    store_dir = tmp_path / "store"
    staged = parse_file(pdf, store_dir, Settings())
    assert staged is not None
    report = load_staged(staged, store_dir)
    assert report.status == "ok" and report.file == str(pdf.resolve())
    monkeypatch.chdir(tmp_path)
    assert parse_file(Path("raw/../raw/report.pdf"), store_dir, Settings()) is None   # another spelling
    shutil.copy(pdf, raw / "copy_of_report.pdf")
    assert parse_file(raw / "copy_of_report.pdf", store_dir, Settings()) is None       # the same bytes
    assert parse_file(Path("raw/report.pdf"), store_dir, Settings(), force=True) is not None


def test_a_copy_is_reported_as_a_duplicate_and_a_moved_file_takes_its_new_name(tmp_path: Path, wg2010: Path):
    """Review round 24: a copy was reported "unchanged", and `--force` re-read it and renamed the stored
    document to the copy."""
    import shutil

    from pipeline.config import Settings
    from pipeline.stages import known_file, load_staged, parse_file

    raw, store_dir = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    pdf = raw / "report.pdf"
    shutil.copy(wg2010, pdf)
    assert known_file(pdf, store_dir, False, {}) is None                         # new: read it
    load_staged(parse_file(pdf, store_dir, Settings()), store_dir)
    assert known_file(pdf, store_dir, False, {}).status == "unchanged"
    assert known_file(pdf, store_dir, True, {}) is None                           # --force reads it again
    copy = raw / "copy of report.pdf"
    shutil.copy(pdf, copy)
    for force in (False, True):
        seen: dict[str, str] = {}
        reports = [known_file(p, store_dir, force, seen) for p in (pdf, copy)]
        assert reports[1].status == "duplicate" and str(pdf.resolve()) in reports[1].error
    for force in (False, True):              # review round 26: the stored name coming second was a duplicate too
        seen = {}
        reports = [known_file(p, store_dir, force, seen) for p in (copy, pdf)]
        assert reports[0].status == "duplicate" and (reports[1] is None if force else reports[1].status == "unchanged")
    seen = {}                                                                   # the same bytes twice in one new batch
    other_store = tmp_path / "other"
    assert known_file(pdf, other_store, False, seen) is None
    assert known_file(copy, other_store, False, seen).status == "duplicate"
    pdf.unlink()                                                                # the original moved: the copy is it now
    moved = known_file(copy, store_dir, False, {})
    assert moved.status == "unchanged" and "moved from" in moved.error
    with Store(store_dir, read_only=True) as store:
        assert [Path(d.source_file).name for d in store.documents()] == ["copy of report.pdf"]


def _version(result, tag: str, edit: dict[int, str]):
    """Another version of a stored file: same path, new bytes (doc_id), the units re-identified as
    the pipeline would (their ids hash the document), some texts edited."""
    from pipeline.ids import unit_id
    doc = result.document.model_copy(update={"doc_id": f"{result.document.doc_id[:-4]}{tag}"})
    units = []
    for k, u in enumerate(result.units):
        text = edit.get(k, u.text)
        units.append(u.model_copy(update={"doc_id": doc.doc_id, "text": text,
                                          "unit_id": unit_id(doc.doc_id, u.unit_type, u.provenance or "", text)}))
    return doc, units


def test_corrections_follow_a_unit_into_the_next_version_of_its_file(tmp_path: Path, wg_result):
    doc1, units1 = wg_result.document, wg_result.units
    doc2, units2 = _version(wg_result, "v002", {5: units1[5].text + " (edited)"})
    doc3, units3 = _version(wg_result, "v003", {})
    with Store(tmp_path) as store:
        store.replace_document(doc1, units1, [])
    record_correction(tmp_path, units1[0].unit_id, "unit_type", json.dumps("paragraph"), "ana")
    record_correction(tmp_path, units1[5].unit_id, "response", json.dumps("noted"), "ana")
    with Store(tmp_path) as store:
        store.replace_document(doc2, units2, [])          # a re-issued file: every unit has a new id
        store.replace_document(doc3, units3, [])          # and once more
        final = dict(store.con.execute("SELECT unit_id, corrected_fields FROM final_units").fetchall())
        assert final[units3[0].unit_id] == ["unit_type"]          # same words: the same unit
        assert final[units3[5].unit_id] == ["response"]           # words edited, same place: the same unit
        assert sum(1 for v in final.values() if v) == 2 and store.orphaned_corrections() == 0
        assert store.counts()["corrections"] == 2                 # the corrections themselves are untouched
        store.con.execute("DELETE FROM units")                    # nothing stands for them any more
        assert store.orphaned_corrections() == 2


def test_identical_recommendations_keep_their_own_successors(tmp_path: Path, wg2014: Path):
    """Review round 26: 125.42-125.45 of A/HRC/28/10 all read "Abolish the death penalty"; after a
    re-issued file, every one of them had 125.42 as successor, and the corrections of 125.43 and 125.45
    showed on Sweden's item."""
    result = process_file(wg2014)
    same = [u for u in result.units if u.paragraph in ("125.42", "125.43", "125.44", "125.45")]
    assert len({u.text for u in same}) == 1 and len(same) == 4
    doc2, units2 = _version(result, "v002", {})
    with Store(tmp_path) as store:
        store.replace_document(result.document, result.units, [])
    record_correction(tmp_path, same[1].unit_id, "recommending_states", '["Portugal", "Spain"]', "ana")
    with Store(tmp_path) as store:
        store.replace_document(doc2, units2, [])
        succ = dict(store.con.execute("SELECT unit_id, successor_id FROM unit_successors").fetchall())
        new_by_number = {u.paragraph: u.unit_id for u in units2}
        assert [succ[u.unit_id] for u in same] == [new_by_number[u.paragraph] for u in same]
        states = dict(store.con.execute("SELECT paragraph, recommending_states FROM final_units WHERE paragraph IN "
                                        "('125.42', '125.43')").fetchall())
    assert states == {"125.42": same[0].recommending_states, "125.43": ["Portugal", "Spain"]}


def test_one_writing_command_at_a_time(tmp_path: Path):
    import subprocess
    import sys

    from pipeline import errors
    from pipeline.store import store_lock

    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from pipeline.store import store_lock\n"
        "with store_lock(%r):\n    print('held', flush=True); time.sleep(30)") % (str(ROOT), str(tmp_path))],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(errors.UPRError, match=rf"in use by another upr command \(PID {holder.pid}\)"):
            with store_lock(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with store_lock(tmp_path):              # free again; and re-entrant within one process
        with store_lock(tmp_path):
            pass


def test_a_correction_of_a_report_item_applies_to_its_quotes(tmp_path: Path, wg_result):
    """A fact-sheet quote (canonical_unit_id = the report item) shows the reviewer's correction of the
    report item, unless it has a correction of its own; other units are left alone."""
    item, other = wg_result.units[0], wg_result.units[1]
    quote = item.model_copy(update={"unit_id": "quote", "doc_id": "sheet", "canonical_unit_id": item.unit_id})
    sheet = wg_result.document.model_copy(update={"doc_id": "sheet", "source_file": "sheet.pdf", "doc_kind": "fact_sheet"})
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        store.replace_document(sheet, [quote], [])
        store.set_links({"quote": item.unit_id}, [])
        store.write_classifications([Classification(unit_id=u, articles=[7], status="implemented", confidence=0.5,
                                                    needs_review=u != "quote", model_version="m",
                                                    review_reason=None if u == "quote" else "articles uncertain (0.50)")
                                     for u in (item.unit_id, "quote", other.unit_id)])
    record_correction(tmp_path, item.unit_id, "articles", "[19]", "reviewer@example.org")
    record_correction(tmp_path, item.unit_id, "status", '"not_implemented"', "reviewer@example.org")
    with Store(tmp_path) as store:
        final = {r[0]: r[1:] for r in store.con.execute(
            "SELECT unit_id, articles, status, source, needs_review FROM final_classifications").fetchall()}
    assert final[item.unit_id] == final["quote"] == ([19], "not_implemented", "reviewer", False)
    assert final[other.unit_id] == ([7], "implemented", "model", True)
    with Store(tmp_path, read_only=True) as store:     # review round 24: a corrected unit kept the model's confidence
        conf = {r[0]: r[1:] for r in store.con.execute(
            "SELECT unit_id, confidence, model_confidence, review_reason FROM final_classifications").fetchall()}
    assert conf[item.unit_id] == conf["quote"] == (1.0, 0.5, None)
    assert conf[other.unit_id] == (0.5, 0.5, "articles uncertain (0.50)")
    # (red team 32b) which of articles and status a reviewer set, for a dashboard that checks one of them
    record_correction(tmp_path, other.unit_id, "status", '"not_implemented"', "reviewer@example.org")
    with Store(tmp_path, read_only=True) as store:
        fields = dict(store.con.execute("SELECT unit_id, corrected_fields FROM final_classifications").fetchall())
    assert (fields[item.unit_id], fields["quote"], fields[other.unit_id]) == (["articles", "status"], ["articles", "status"],
                                                                              ["status"])
    # (review round 26) the item's response and states reach the quote in final_units too
    record_correction(tmp_path, item.unit_id, "response", "noted", "reviewer@example.org")
    record_correction(tmp_path, item.unit_id, "recommending_states", '["Chile"]', "reviewer@example.org")
    with Store(tmp_path) as store:
        rows = {r[0]: r[1:] for r in store.con.execute(
            "SELECT unit_id, response, recommending_states, corrected_fields FROM final_units").fetchall()}
    assert rows["quote"] == rows[item.unit_id] == ("noted", ["Chile"], ["response", "recommending_states"])
    assert rows[other.unit_id][2] == []
    record_correction(tmp_path, "quote", "status", '"partially_implemented"', "other@example.org")
    with Store(tmp_path) as store:
        quote_row = store.con.execute(
            "SELECT articles, status FROM final_classifications WHERE unit_id = 'quote'").fetchone()
    assert quote_row == ([19], "partially_implemented")
    # (red team 34c) the item corrected after the quote: the latest decision on the one recommendation wins
    record_correction(tmp_path, item.unit_id, "status", '"implemented"', "reviewer@example.org")
    record_correction(tmp_path, item.unit_id, "response", '"accepted"', "reviewer@example.org")
    with Store(tmp_path) as store:
        final = dict(store.con.execute("SELECT unit_id, status FROM final_classifications").fetchall())
        response = dict(store.con.execute("SELECT unit_id, response FROM final_units").fetchall())
    assert final["quote"] == final[item.unit_id] == "implemented"
    assert response["quote"] == response[item.unit_id] == "accepted"
    # (red team 34c) a finding a reviewer retyped as a recommendation keeps no finding's status (a status a
    # reviewer set stays: `other` has one)
    third = wg_result.units[2]
    with Store(tmp_path) as store:
        store.con.execute("UPDATE units SET unit_type = 'finding' WHERE unit_id IN (?, ?)", [other.unit_id, third.unit_id])
        store.write_classifications([Classification(unit_id=third.unit_id, articles=[7], status="implemented", confidence=0.9,
                                                    needs_review=False, model_version="m")])
    for u in (other, third):
        record_correction(tmp_path, u.unit_id, "unit_type", '"recommendation"', "reviewer@example.org")
    with Store(tmp_path) as store:
        status = dict(store.con.execute("SELECT unit_id, status FROM final_classifications").fetchall())
    assert (status[other.unit_id], status[third.unit_id]) == ("not_implemented", None)


def test_an_unchanged_classification_keeps_its_row(tmp_path: Path, wg_result):
    """Re-classifying with the same result writes nothing, so created_at tells what a run changed."""
    a, b = wg_result.units[0], wg_result.units[1]
    rows = [Classification(unit_id=u.unit_id, articles=[7], article_scores={"7": 0.9}, status=None, confidence=0.9,
                           needs_review=False, model_version="m") for u in (a, b)]
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
        assert store.write_classifications(rows) == 2
        before = dict(store.con.execute("SELECT unit_id, created_at FROM classifications").fetchall())
        again = [r.model_copy(update={"created_at": r.created_at.replace(year=2030)}) for r in rows]
        again[1] = again[1].model_copy(update={"articles": [19]})
        assert store.write_classifications(again) == 1
        after = dict(store.con.execute("SELECT unit_id, created_at FROM classifications").fetchall())
        assert after[a.unit_id] == before[a.unit_id] and after[b.unit_id] != before[b.unit_id]
        assert store.con.execute("SELECT count(*) FROM classifications").fetchone()[0] == 2


def test_files_gone_from_disk_are_named_and_removed_on_request(tmp_path: Path, wg2010: Path, wg2014: Path):
    """Review round 24: files deleted from raw/ stayed in the store and nothing documented removed them."""
    import shutil

    from pipeline.config import Settings
    from pipeline.stages import load_staged, parse_file, remove_documents, store_warnings

    raw, store_dir = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    for src in (wg2010, wg2014):
        shutil.copy(src, raw / src.name)
        load_staged(parse_file(raw / src.name, store_dir, Settings()), store_dir)
    with Store(store_dir) as store:
        first = store.con.execute("SELECT unit_id FROM units WHERE doc_id = (SELECT doc_id FROM documents "
                                  "WHERE source_file LIKE '%2010%')").fetchone()[0]
    record_correction(store_dir, first, "articles", "[7]", "ana")
    assert not [w for w in store_warnings(store_dir) if "gone from disk" in w or "correction(s)" in w]
    (raw / wg2010.name).unlink()
    assert any("1 stored document(s) whose file is gone" in w and wg2010.name in w for w in store_warnings(store_dir))
    assert remove_documents(store_dir, ["nothing.pdf"]) == ([], ["nothing.pdf: not in the store (see `upr status`)"])
    removed, unknown = remove_documents(store_dir, [], missing=True)
    assert [Path(r).name for r in removed] == [wg2010.name] and unknown == []
    with Store(store_dir, read_only=True) as store:
        assert [Path(d.source_file).name for d in store.documents()] == [wg2014.name]
        assert store.counts()["corrections"] == 1 and store.orphaned_corrections() == 1
    assert any("1 reviewer correction(s)" in w for w in store_warnings(store_dir))
    removed, _ = remove_documents(store_dir, [wg2014.name])         # by the name `upr status` shows
    assert [Path(r).name for r in removed] == [wg2014.name]
    shutil.copy(wg2010, raw / wg2010.name)                           # the same file back: its correction applies again
    load_staged(parse_file(raw / wg2010.name, store_dir, Settings()), store_dir)
    with Store(store_dir, read_only=True) as store:
        assert store.orphaned_corrections() == 0


def test_a_stopped_run_is_named_by_status(tmp_path: Path, wg_result):
    """Review round 27b: after a kill between storing files and classifying them (or before the export),
    the database held unclassified units and the Parquet files an older state, and `upr status` said
    nothing."""
    from pipeline.stages import clear_staging, store_warnings

    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, wg_result.units, [])
    notes = store_warnings(tmp_path)
    assert any(f"{len(wg_result.units)} unit(s) have no classification" in n for n in notes)
    assert any("Parquet files of units do not match" in n for n in notes)
    with Store(tmp_path) as store:
        store.write_classifications([Classification(unit_id=u.unit_id, confidence=0.9, needs_review=False,
                                                    model_version="m") for u in wg_result.units])
        store.export_parquet()
    assert store_warnings(tmp_path) == []
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "left.json").write_text("{}")
    assert clear_staging(tmp_path) == 1 and not list((tmp_path / "staging").iterdir())


def test_a_correction_waits_for_a_run_that_holds_the_store(tmp_path: Path):
    """Review round 27b: `upr correct` was refused while a run classified and matched (the README said
    corrections are never blocked by a run)."""
    import time

    from pipeline.errors import UPRError
    from pipeline.store import store_holder, store_lock
    from tests.fixtures.holders import held

    Store(tmp_path).close()
    with held(tmp_path):
        with pytest.raises(UPRError, match="in use by another upr command"):
            Store(tmp_path, wait=0)
        told: list[str] = []
        start = time.monotonic()
        with Store(tmp_path, wait=30, on_wait=told.append) as store:     # opens once the other process lets go
            assert store.count("units") == 0
        assert len(told) == 1 and time.monotonic() - start > 1
    assert store_holder(tmp_path) is None
    with store_lock(tmp_path):
        assert store_holder(tmp_path) is None          # (this process's own lock is no other command)
    with held(tmp_path, "lock") as other:
        assert store_holder(tmp_path) == f"PID {other.pid}"        # `upr status` says a run is going on
    assert store_holder(tmp_path) is None


def test_two_versions_of_one_report_are_named(tmp_path: Path, wg2014: Path):
    """Review round 27b: a second file of A/HRC/28/10 (a re-issued version under another name) was stored
    beside the first, and the submission's citations of it silently lost their links (7 -> 0)."""
    import shutil

    from pipeline.config import Settings
    from pipeline.stages import load_staged, parse_file, store_warnings

    raw, store_dir = tmp_path / "raw", tmp_path / "store"
    raw.mkdir()
    shutil.copy(wg2014, raw / wg2014.name)
    load_staged(parse_file(raw / wg2014.name, store_dir, Settings()), store_dir)
    assert not [w for w in store_warnings(store_dir) if "A/HRC/28/10" in w]
    other = raw / "advance_version.pdf"
    other.write_bytes(wg2014.read_bytes() + b"% re-issued\n")
    load_staged(parse_file(other, store_dir, Settings()), store_dir)
    assert any("2 stored documents are A/HRC/28/10" in w and "advance_version.pdf" in w for w in store_warnings(store_dir))


def test_a_document_of_unknown_kind_is_named(tmp_path: Path, wg2014: Path):
    """Red team round 30b: an NHRI report the reader did not know was stored as plain paragraphs, and
    `upr status` said nothing: a user could not tell that it gave no findings or citations."""
    from pipeline.config import Settings
    from pipeline.stages import load_staged, parse_file, store_warnings
    from tests.fixtures import builders

    store_dir = tmp_path / "store"
    load_staged(parse_file(wg2014, store_dir, Settings()), store_dir)
    assert not [w for w in store_warnings(store_dir) if "unknown kind" in w]
    minutes = builders.text_pdf(tmp_path / "minutes.pdf", [["Minutes of the board meeting of 3 March 2024",
                                                            "The board approved the budget for the coming year."]])
    load_staged(parse_file(minutes, store_dir, Settings()), store_dir)
    assert any(w.startswith("1 document(s) of unknown kind (minutes.pdf)") for w in store_warnings(store_dir))


def test_a_withdrawn_item_passes_its_corrections_to_no_other(tmp_path: Path, wg_result):
    """Red team round 32b: a re-issued report (same file name) withdrew 106.3 and renumbered the rest; the
    correction made on 106.3 moved to the torture item now printed at its place (as 106.3), which its own
    words had already claimed, and `upr status` said nothing. An item found by its words keeps them; the
    withdrawn item's corrections apply to nothing and are counted as orphaned."""
    units1 = wg_result.units
    k = 5
    doc2 = wg_result.document.model_copy(update={"doc_id": f"{wg_result.document.doc_id[:-4]}v002"})
    from pipeline.ids import unit_id
    units2 = []
    for j, u in enumerate(units1[:k] + units1[k + 1:]):
        place = units1[j]                       # from k on, each item moves up to the place before it
        units2.append(u.model_copy(update={"doc_id": doc2.doc_id, "paragraph": place.paragraph, "provenance": place.provenance,
                                           "unit_id": unit_id(doc2.doc_id, u.unit_type, place.provenance or "", u.text)}))
    with Store(tmp_path) as store:
        store.replace_document(wg_result.document, units1, [])
    record_correction(tmp_path, units1[k].unit_id, "response", json.dumps("noted"), "ana")
    record_correction(tmp_path, units1[k + 1].unit_id, "articles", json.dumps([7]), "ana")
    with Store(tmp_path) as store:
        store.replace_document(doc2, units2, [])
        final = dict(store.con.execute("SELECT unit_id, corrected_fields FROM final_units").fetchall())
        assert final[units2[k].unit_id] is None or "response" not in final[units2[k].unit_id]   # units1[k+1]'s words
        assert store.orphaned_corrections() == 1
        succ = dict(store.con.execute("SELECT unit_id, successor_id FROM unit_successors").fetchall())
        assert succ[units1[k + 1].unit_id] == units2[k].unit_id and units1[k].unit_id not in succ


def test_a_run_waits_for_a_reader_of_the_store(tmp_path: Path):
    """Red team round 34c: a reviewer reloading the review page while a run stored a file made the run fail
    ("in use by another upr command (… upr review)", exit 2): writers opened the store without waiting. A
    writer waits for a reader that holds the file for a moment; a reader does not wait."""
    import time

    from pipeline.errors import UPRError
    from tests.fixtures.holders import held

    Store(tmp_path).close()
    with held(tmp_path, "reader", seconds=2.0):
        start = time.monotonic()
        with Store(tmp_path) as store:                 # the default: a writer waits
            assert store.count("units") == 0
        assert time.monotonic() - start > 0.5
    with held(tmp_path, "database", seconds=2.0):
        with pytest.raises(UPRError, match="in use by another upr command"):
            Store(tmp_path, read_only=True)           # a reader does not


def test_removing_a_document_takes_away_the_status_that_rested_on_it(tmp_path: Path, wg_result):
    """Red team round 34d: after `upr remove` of a submission, the report item its finding assessed kept the
    status the finding gave it (in the tables and the Parquet files) until the next run. Removing classifies
    and matches the store again."""
    from pipeline.classify_stage import classify_store
    from pipeline.config import Settings
    from pipeline.records import Citation, Document, Unit
    from pipeline.stages import link_store, remove_documents

    item = next(u for u in wg_result.units if u.paragraph)
    doc = wg_result.document
    sub = Document(doc_id="sub-1", source_file=str(tmp_path / "ngo.pdf"), doc_kind="submission",
                   state_under_review=doc.state_under_review, cycle=(doc.cycle or 2) + 1)
    finding = Unit(unit_id="f-1", doc_id="sub-1", unit_type="finding", ordinal=0,
                   text=f"Recommendation {item.paragraph} has not been implemented: the law was never adopted.")
    with Store(tmp_path) as store:
        store.replace_document(doc, wg_result.units, [])
        store.replace_document(sub, [finding], [Citation(unit_id="f-1", symbol=doc.symbol, paragraph=item.paragraph,
                                                         raw=item.paragraph)])
    link_store(tmp_path)
    classify_store(tmp_path, Settings.from_env())
    status = lambda: Store(tmp_path, read_only=True).con.execute(                 # noqa: E731
        "SELECT status FROM final_classifications WHERE unit_id = ?", [item.unit_id]).fetchone()[0]
    assert status() == "not_implemented"
    removed, _ = remove_documents(tmp_path, [str(tmp_path / "ngo.pdf")])
    assert removed == [str(tmp_path / "ngo.pdf")]
    assert status() is None


def test_one_name_per_recommending_state_for_dashboards(tmp_path: Path, wg2014: Path):
    """Red team round 34d: states are stored as printed ("Czech Republic", "Iran (Islamic republic of)") and a
    reviewer's correction stores the gazetteer's names ("Czechia"), so a per-state dashboard split one state
    in two. `recommending_states_canonical` carries the gazetteer's names, and a correction's in final_units."""
    from pipeline.review import record_correction as correct

    result = process_file(wg2014)
    by_para = {u.paragraph: u for u in result.units if u.paragraph}
    assert (by_para["124.2"].recommending_states, by_para["124.2"].recommending_states_canonical) == (["Czech Republic"], ["Czechia"])
    assert by_para["124.37"].recommending_states_canonical == ["Iran (Islamic Republic of)"]
    with Store(tmp_path) as store:
        store.replace_document(result.document, result.units, [])
    correct(tmp_path, by_para["124.37"].unit_id, "recommending_states", '["Iran (Islamic Republic of)", "Czechia"]', "ana")
    with Store(tmp_path, read_only=True) as store:
        got = dict(store.con.execute("SELECT paragraph, recommending_states_canonical FROM final_units WHERE paragraph IN "
                                     "('124.2', '124.37')").fetchall())
    assert got == {"124.2": ["Czechia"], "124.37": ["Iran (Islamic Republic of)", "Czechia"]}


def test_one_document_under_two_names_is_named_and_its_corrections_pass_to_the_kept_one(tmp_path: Path):
    """Red team round 37c: a corrected submission saved as "…_CORRECTED.pdf" beside the original was stored as a
    second document (every view counted its findings twice, with no warning), and when the original was removed
    the reviewer corrections made on it applied to nothing. Now `upr status` names the pair, and removing one
    passes its corrections to the other's units of the same words."""
    from pipeline.records import Document, Unit
    from pipeline.stages import remove_documents, store_warnings

    texts = ["The law on assemblies still requires prior permission from the local executive body.",
             "Torture complaints are investigated by the police themselves, not by an independent body.",
             "Repeal the requirement of prior permission for peaceful assemblies.",
             "Only 3 per cent of the complaints reached a court in 2018."]
    versions = {}
    for tag, last in (("a", texts[3]), ("b", texts[3].replace("3 per cent", "2 per cent"))):
        doc = Document(doc_id=f"sub-{tag}", source_file=str(tmp_path / f"ngo_{tag}.pdf"), doc_kind="submission",
                       state_under_review="Kazakhstan", cycle=3)
        units = [Unit(unit_id=f"{tag}-{k}", doc_id=doc.doc_id, unit_type="recommendation" if k == 2 else "finding",
                      ordinal=k, provenance=f"paragraph {k}", text=t) for k, t in enumerate(texts[:3] + [last])]
        versions[tag] = (doc, units)
    other = Document(doc_id="sub-c", source_file=str(tmp_path / "other.pdf"), doc_kind="submission",
                     state_under_review="Kazakhstan", cycle=3)
    with Store(tmp_path) as store:
        for doc, units in versions.values():
            store.replace_document(doc, units, [])
        store.replace_document(other, [Unit(unit_id=f"c-{k}", doc_id="sub-c", unit_type="finding", ordinal=k,
                                            text=f"Another organisation's own finding number {k} on prisons.")
                                       for k in range(4)], [])
    twins = [w for w in store_warnings(tmp_path) if "two versions of one document" in w]
    assert len(twins) == 1 and "ngo_a.pdf and ngo_b.pdf have the same words in 3 of 4 units" in twins[0]
    record_correction(tmp_path, "a-0", "status", json.dumps("partially_implemented"), "ana")
    record_correction(tmp_path, "a-2", "articles", json.dumps([21]), "ana")
    removed, _ = remove_documents(tmp_path, [str(tmp_path / "ngo_a.pdf")])
    assert removed == [str(tmp_path / "ngo_a.pdf")]
    with Store(tmp_path, read_only=True) as store:
        assert store.orphaned_corrections() == 0
        fields = dict(store.con.execute("SELECT unit_id, corrected_fields FROM final_classifications "
                                        "WHERE unit_id IN ('b-0', 'b-2')").fetchall())
        assert fields == {"b-0": ["status"], "b-2": ["articles"]}
    assert not [w for w in store_warnings(tmp_path) if "two versions of one document" in w]
    # red team 44b: the removed file put back is stored again; the corrections made on its units apply to them again
    with Store(tmp_path) as store:
        store.replace_document(*versions["a"], [])
        store.write_classifications([Classification(unit_id=u, articles=[], confidence=0.5, needs_review=True,
                                                    model_version="m") for u in ("a-0", "a-2")])
        fields = dict(store.con.execute("SELECT unit_id, corrected_fields FROM final_classifications "
                                        "WHERE unit_id IN ('a-0', 'a-2')").fetchall())
    assert fields == {"a-0": ["status"], "a-2": ["articles"]}


def _report_and_a_finding_on_its_item(tmp_path: Path, wg_result):
    """A store with the report and a fact sheet whose one finding ("not implemented") assesses its first numbered
    item, classified: (the item, the sheet, the finding)."""
    from pipeline.classify_stage import classify_store
    from pipeline.config import Settings
    from pipeline.records import Document, Unit

    item = next(u for u in wg_result.units if u.paragraph)
    doc = wg_result.document
    sheet = Document(doc_id="fs-1", source_file=str(tmp_path / "sheet.pdf"), doc_kind="fact_sheet",
                     state_under_review=doc.state_under_review, cycle=(doc.cycle or 2) + 1)
    finding = Unit(unit_id="f-1", doc_id="fs-1", unit_type="finding", ordinal=0, related_unit_ids=[item.unit_id],
                   text="The law was never adopted and the practice continues unchanged: not implemented.")
    with Store(tmp_path) as store:
        store.replace_document(doc, wg_result.units, [])
        store.replace_document(sheet, [finding], [])
    classify_store(tmp_path, Settings.from_env())
    return item, sheet, finding


def test_a_finding_retyped_as_a_paragraph_gives_no_status_and_leaves_the_queue(tmp_path: Path, wg_result):
    """Red team round 37c: a reviewer retyped a fact-sheet finding as `paragraph`; `final_units` said paragraph,
    but `final_classifications` kept its status and `needs_review`, so the reviewer's own decision left it on
    the queue, and it stayed the evidence of the report item it sat beside. Now it has no status, leaves the
    queue, and the item it assessed loses the status that rested on it."""
    from pipeline.classify_stage import classify_store
    from pipeline.config import Settings

    item, _, _ = _report_and_a_finding_on_its_item(tmp_path, wg_result)

    def row(unit_id: str):
        with Store(tmp_path, read_only=True) as store:
            return store.con.execute("SELECT status, needs_review FROM final_classifications WHERE unit_id = ?",
                                     [unit_id]).fetchone()

    assert row(item.unit_id)[0] == "not_implemented" and row("f-1")[0] == "not_implemented"
    record_correction(tmp_path, "f-1", "unit_type", json.dumps("paragraph"), "ana")
    assert row("f-1") == (None, False)                   # at once, in the view
    classify_store(tmp_path, Settings.from_env())
    assert row("f-1") == (None, False) and row(item.unit_id)[0] is None


def test_a_reviewers_status_of_a_finding_reaches_the_item_it_assesses(tmp_path: Path, wg_result):
    """Red team round 41b: the statuses a reviewer set on nine misread findings never reached the report items
    they assess ("classify: changed=0"); dashboards kept showing the overturned status."""
    from pipeline.classify_stage import classify_store
    from pipeline.config import Settings

    item, sheet, finding = _report_and_a_finding_on_its_item(tmp_path, wg_result)

    def status(unit_id: str):
        with Store(tmp_path, read_only=True) as store:
            return store.con.execute("SELECT status FROM final_classifications WHERE unit_id = ?", [unit_id]).fetchone()[0]

    assert status(item.unit_id) == "not_implemented"
    record_correction(tmp_path, "f-1", "status", json.dumps("implemented"), "ana")
    classify_store(tmp_path, Settings.from_env())
    assert status("f-1") == status(item.unit_id) == "implemented"
    # a new version of the sheet (new unit ids) is classified once: its finding's correction counts at once,
    # though the finding has no classification row yet (the upgrade test of session 20 found one run late)
    with Store(tmp_path) as store:
        store.replace_document(sheet.model_copy(update={"doc_id": "fs-2"}),
                               [finding.model_copy(update={"unit_id": "f-2", "doc_id": "fs-2"})], [])
    classify_store(tmp_path, Settings.from_env())
    assert status(item.unit_id) == "implemented"


def test_a_new_segmenter_reading_the_same_file_keeps_the_reviewers_corrections(tmp_path: Path):
    """Red team 53c: after an upgrade, the same file (same bytes, same doc_id) read by a new segmenter gave some units
    new words, hence new ids; successors were kept for re-issued files only, so 16 of 19 reviewer corrections applied
    to nothing, and `upr status` only counted them. Now the same file's old units get successors too: a row the new
    version joins across a page (the old words open the new unit) and a Committee item that lost its reference head
    (the new words close the old) or a grade letter read into it (the same opening and closing words) keep their
    corrections; a fragment of a row stands for nothing, and `upr status`
    names its correction with the words the unit had."""
    from pipeline.ids import unit_id
    from pipeline.records import Document, Unit
    from pipeline.stages import store_warnings

    doc = Document(doc_id="d" * 16, source_file=str(tmp_path / "sub.pdf"), doc_kind="submission", status="ok")
    head = "Enact legislation establishing an independent police oversight commission with powers to compel the"
    tail = "production of documents and the attendance of witnesses, and publish its findings."
    ccpr = "CCPR/C/TKM/CO/2, para. 21: The State party should: (a) Provide the families of all persons held incommunicado"

    def unit(kind: str, text: str, where: str) -> Unit:
        return Unit(unit_id=unit_id(doc.doc_id, kind, where, text), doc_id=doc.doc_id, unit_type=kind, text=text,
                    provenance=where)
    badge = "The State party should: (a) protect journalists and media workers B against attacks and threats;"
    old = [unit("recommendation", head, "paragraph 1"), unit("recommendation", tail, "paragraph 2"),
           unit("committee_recommendation", ccpr, "table 1 col committee"),
           unit("committee_recommendation", badge, "table 2 col committee")]
    new = [unit("recommendation", f"{head} {tail}", "table row 1"),
           unit("committee_recommendation", ccpr.split(": ", 1)[1], "table 1 row 1 col committee"),
           unit("committee_recommendation", badge.replace(" B ", " "), "table 2 row 1 col committee")]
    with Store(tmp_path) as store:
        store.replace_document(doc, old, [])
    record_correction(tmp_path, old[0].unit_id, "recommending_states", '["Germany"]', "ana")
    fragment = record_correction(tmp_path, old[1].unit_id, "unit_type", '"paragraph"', "ana")
    record_correction(tmp_path, old[2].unit_id, "text", json.dumps(ccpr.split(": ", 2)[2]), "ben")
    record_correction(tmp_path, old[3].unit_id, "text", json.dumps(badge.replace(" B ", " ")), "ben")
    with Store(tmp_path) as store:
        store.replace_document(doc, new, [])           # the same document, read anew
        fixed = {r[0]: r[1:] for r in store.con.execute(
            "SELECT unit_id, corrected_fields, unit_type, recommending_states FROM final_units").fetchall()}
        assert fixed[new[0].unit_id] == (["recommending_states"], "recommendation", ["Germany"])    # not the fragment's type
        assert fixed[new[1].unit_id][0] == ["text"] and fixed[new[2].unit_id][0] == ["text"]
        assert store.orphaned_corrections() == 1
    (note,) = [w for w in store_warnings(tmp_path) if "reviewer correction(s)" in w]
    assert fragment.correction_id in note and "production of documents" in note and "sub.pdf" in note
