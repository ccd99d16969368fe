"""The store: ``processed/upr.duckdb``, mirrored as ``processed/<table>.parquet``.

Tables and columns come from :data:`pipeline.records.TABLES` (one record model for all
stages); ``docs/store_schema.json`` is the machine-readable contract, checked by a test.
Rules: a document is replaced whole (same file changed -> its old units go); re-running
never duplicates; ``corrections`` is append-only and never touched by the pipeline; final
labels are the latest reviewer correction where there is one, else the model's
(``final_classifications``); ``final_units`` applies corrections of a unit's text, type,
response and recommending states the same way, ``final_matches`` a reviewer's list of follow-ups.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
import re
import time
import types
import typing
from contextlib import contextmanager
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Callable, Iterator, Literal, get_args, get_origin

import duckdb

from . import errors
from .config import Settings
from .ids import text_key
from .records import TABLES, Citation, Classification, Correction, Document, Match, Record, Unit

DB_NAME = "upr.duckdb"
_KEYS = {"documents": ["doc_id"], "units": ["unit_id"], "classifications": ["unit_id"],
         "corrections": ["correction_id"]}


def _sql_type(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _sql_type(args[0])
    if origin is Literal:
        return "VARCHAR"
    if origin is list:
        (inner,) = get_args(annotation)
        return _sql_type(inner) + "[]"
    if origin is dict:
        return "JSON"
    return {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", datetime: "TIMESTAMPTZ"}.get(annotation, "VARCHAR")


def schema() -> dict[str, dict[str, str]]:
    """table -> column -> SQL type, derived from the record models."""
    out: dict[str, dict[str, str]] = {}
    for table, model in TABLES.items():
        out[table] = {name: _sql_type(f.annotation) for name, f in model.model_fields.items()}
    return out


def _row(record: Record, fields: tuple[str, ...] | None = None) -> list[Any]:
    values = []
    for name in fields or type(record).model_fields:
        v = getattr(record, name)
        if isinstance(v, dict):
            v = json.dumps(v, sort_keys=True)
        values.append(v)
    return values


#: each correction with its rank among the corrections of the same unit and field (1 = the latest).
#: A correction made on a unit of an earlier version of a file applies to the unit that succeeds it
#: in the current version (``unit_successors``, written by :meth:`Store.replace_document`).
LATEST_CORRECTIONS = """
WITH latest AS (
    SELECT coalesce(s.successor_id, c.unit_id) AS unit_id, c.field, c.new_value, c.created_at,
           row_number() OVER (PARTITION BY coalesce(s.successor_id, c.unit_id), c.field
                              ORDER BY c.created_at DESC, c.rowid DESC) AS rn
    FROM corrections c LEFT JOIN unit_successors s ON s.unit_id = c.unit_id
)
"""
#: two stored documents whose own units have the same words for this share of the smaller one's are one
#: document stored twice (:meth:`Store.near_duplicates`)
NEAR_DUPLICATE_SHARE = 0.75
#: a unit of a re-issued file at an old unit's place is its successor only with words this much alike
#: (an edit, not another recommendation moved there; difflib ratio of the normalised texts)
PLACE_MIN_SIMILARITY = 0.6
#: a unit read anew whose old words open the new unit's takes its corrections when they are at least this share of the
#: new words and this many characters (a fragment of a row is no unit that stands for the row)
EXTENDED_MIN_SHARE = 0.25
#: ... or whose new words close the old and are at least this share of them (a head lost: a reference, a row's number;
#: not one item of a paragraph the new version cuts in two)
HEAD_LOST_MIN_SHARE = 0.6
EXTENDED_MIN_CHARS = 30
#: ... or whose opening and closing words (this many characters each) are the same, about as long
EDGE_CHARS = 25
#: the pipeline's own table: unit of an earlier version of a file -> the unit standing for it now
SUCCESSORS_TABLE = "CREATE TABLE IF NOT EXISTS unit_successors (unit_id VARCHAR PRIMARY KEY, successor_id VARCHAR)"
#: the units a reviewer corrected, as they were when the pipeline dropped them (their document re-read, re-issued or
#: removed): what `upr status` names when a correction applies to nothing any more
RETIRED_TABLE = ("CREATE TABLE IF NOT EXISTS retired_units (unit_id VARCHAR PRIMARY KEY, doc_id VARCHAR, source_file VARCHAR, "
                 "unit_type VARCHAR, text VARCHAR, retired_at TIMESTAMP)")

#: A quote of a report item (``units.canonical_unit_id``: a fact-sheet or mid-term row) is one
#: recommendation with it: a correction of the report item applies to the quote too, unless the
#: quote has a later correction of its own (the latest decision on the recommendation wins). A unit a reviewer corrected has confidence 1 and needs no
#: review (dashboards filter on confidence); the model's own confidence and scores stay beside it, and
#: ``corrected_fields`` says which of articles and status the reviewer set.
FINAL_VIEW = "CREATE OR REPLACE VIEW final_classifications AS" + LATEST_CORRECTIONS + """, fc AS (
SELECT c.*,
       CASE WHEN a.unit_id IS NOT NULL AND (ka.unit_id IS NULL OR a.created_at >= ka.created_at)
            THEN a.new_value ELSE ka.new_value END AS articles_corrected,
       CASE WHEN s.unit_id IS NOT NULL AND (ks.unit_id IS NULL OR s.created_at >= ks.created_at)
            THEN s.new_value ELSE ks.new_value END AS status_corrected,
       -- a finding a reviewer retyped as a recommendation (of the coming cycle) has no status of its own
       json_extract_string(t.new_value, '$') = 'recommendation' AND u.unit_type <> 'recommendation' AS retyped,
       -- ... and a unit retyped as a plain paragraph (no unit of analysis) has none and leaves the review queue
       coalesce(json_extract_string(t.new_value, '$') = 'paragraph' AND u.unit_type <> 'paragraph', false) AS demoted
FROM classifications c
LEFT JOIN units u ON u.unit_id = c.unit_id
LEFT JOIN latest t ON t.unit_id = c.unit_id AND t.field = 'unit_type' AND t.rn = 1
LEFT JOIN latest a ON a.unit_id = c.unit_id AND a.field = 'articles' AND a.rn = 1
LEFT JOIN latest s ON s.unit_id = c.unit_id AND s.field = 'status' AND s.rn = 1
LEFT JOIN latest ka ON ka.unit_id = u.canonical_unit_id AND ka.field = 'articles' AND ka.rn = 1
LEFT JOIN latest ks ON ks.unit_id = u.canonical_unit_id AND ks.field = 'status' AND ks.rn = 1
)
SELECT unit_id,
       coalesce(CAST(json_extract(articles_corrected, '$') AS INTEGER[]), articles) AS articles,
       coalesce(json_extract_string(status_corrected, '$'), CASE WHEN retyped OR demoted THEN NULL ELSE status END) AS status,
       CASE WHEN coalesce(articles_corrected, status_corrected) IS NOT NULL THEN 1.0 ELSE confidence END AS confidence,
       CASE WHEN coalesce(articles_corrected, status_corrected) IS NOT NULL OR demoted THEN false ELSE needs_review END
           AS needs_review,
       CASE WHEN coalesce(articles_corrected, status_corrected) IS NOT NULL OR demoted THEN NULL ELSE review_reason END
           AS review_reason,
       CASE WHEN coalesce(articles_corrected, status_corrected) IS NOT NULL THEN 'reviewer' ELSE 'model' END AS source,
       list_filter([CASE WHEN articles_corrected IS NOT NULL THEN 'articles' END,
                    CASE WHEN status_corrected IS NOT NULL THEN 'status' END], lambda x: x IS NOT NULL) AS corrected_fields,
       model_version,
       confidence AS model_confidence, article_scores AS model_article_scores, status_score AS model_status_score
FROM fc
"""

#: unit fields a reviewer may correct, and how the correction's JSON value is read back
UNIT_CORRECTABLE: dict[str, str] = {
    "text": "json_extract_string({v}, '$')",
    "unit_type": "json_extract_string({v}, '$')",
    "response": "json_extract_string({v}, '$')",
    "recommending_states": "CAST(json_extract({v}, '$') AS VARCHAR[])",
}


#: unit fields whose correction on a report item also applies to its quotes (``canonical_unit_id``):
#: a quoted recommendation is one recommendation with the item (its text and type are the quote's own)
QUOTE_FOLLOWS = ("response", "recommending_states")


def final_units_view() -> str:
    """``final_units``: every column of ``units``, with the latest reviewer correction of each
    correctable field applied (a corrected ``response`` may be null) and ``corrected_fields``
    naming the fields a reviewer set. A quote takes the response and recommending states a reviewer
    set on its report item, unless it has a later correction of its own."""
    cols = [c for c in schema()["units"]]
    select = []
    for c in cols:
        if c in UNIT_CORRECTABLE:
            read = UNIT_CORRECTABLE[c].format(v=f"k_{c}.new_value")
            via_item = (f"WHEN q_{c}.unit_id IS NOT NULL THEN {UNIT_CORRECTABLE[c].format(v=f'q_{c}.new_value')} "
                        if c in QUOTE_FOLLOWS else "")
            # (a quote's own correction, unless its report item was corrected later: the latest decision wins)
            own = (f"k_{c}.unit_id IS NOT NULL AND (q_{c}.unit_id IS NULL OR k_{c}.created_at >= q_{c}.created_at)"
                   if c in QUOTE_FOLLOWS else f"k_{c}.unit_id IS NOT NULL")
            select.append(f"CASE WHEN {own} THEN {read} {via_item}ELSE u.{c} END AS {c}")
        else:
            select.append(f"u.{c}")
    fields = ", ".join(f"CASE WHEN k_{c}.unit_id IS NULL{f' AND q_{c}.unit_id IS NULL' if c in QUOTE_FOLLOWS else ''} "
                       f"THEN NULL ELSE '{c}' END" for c in UNIT_CORRECTABLE)
    # the states a reviewer set are the gazetteer's names already (`upr correct` checks them)
    states = UNIT_CORRECTABLE["recommending_states"]
    select[cols.index("recommending_states_canonical")] = (
        f"CASE WHEN k_recommending_states.unit_id IS NOT NULL AND (q_recommending_states.unit_id IS NULL OR "
        f"k_recommending_states.created_at >= q_recommending_states.created_at) "
        f"THEN {states.format(v='k_recommending_states.new_value')} "
        f"WHEN q_recommending_states.unit_id IS NOT NULL THEN {states.format(v='q_recommending_states.new_value')} "
        f"ELSE u.recommending_states_canonical END AS recommending_states_canonical")
    select.append(f"list_filter([{fields}], lambda x: x IS NOT NULL) AS corrected_fields")
    joins = "\n".join(f"LEFT JOIN latest k_{c} ON k_{c}.unit_id = u.unit_id AND k_{c}.field = '{c}' AND k_{c}.rn = 1"
                      for c in UNIT_CORRECTABLE)
    joins += "\n" + "\n".join(f"LEFT JOIN latest q_{c} ON q_{c}.unit_id = u.canonical_unit_id AND q_{c}.field = '{c}' "
                               f"AND q_{c}.rn = 1" for c in QUOTE_FOLLOWS)
    return "CREATE OR REPLACE VIEW final_units AS" + LATEST_CORRECTIONS + f"""SELECT {', '.join(select)}
FROM units u
{joins}
"""


#: ``final_matches``: a reviewer's ``matches`` correction (the prior recommendations a new one follows up,
#: closest first; ``[]``: it follows up none) replaces the matcher's rows of that unit; the others keep
#: the matcher's. A prior of an earlier version of a re-issued file is read through its successor, and a
#: prior no longer in the store is left out (the ranks close up).
MATCHES_VIEW = "CREATE OR REPLACE VIEW final_matches AS" + LATEST_CORRECTIONS + """, fixed AS (
SELECT unit_id, CAST(json_extract(new_value, '$') AS VARCHAR[]) AS priors FROM latest WHERE field = 'matches' AND rn = 1
), chosen AS (
SELECT unit_id, unnest(priors) AS prior_unit_id, unnest(range(1, len(priors) + 1)) AS pos FROM fixed
), kept AS (
SELECT c.unit_id, coalesce(s.successor_id, c.prior_unit_id) AS prior_unit_id, c.pos
FROM chosen c LEFT JOIN unit_successors s ON s.unit_id = c.prior_unit_id
WHERE coalesce(s.successor_id, c.prior_unit_id) IN (SELECT unit_id FROM units)
)
SELECT m.unit_id, m.prior_unit_id, m.score, m.rank, m.method, m.model_version, 'model' AS source
FROM matches m WHERE m.unit_id NOT IN (SELECT unit_id FROM fixed)
UNION ALL
SELECT unit_id, prior_unit_id, 1.0 AS score,
       CAST(row_number() OVER (PARTITION BY unit_id ORDER BY pos) AS INTEGER) AS rank,
       'reviewer' AS method, NULL AS model_version, 'reviewer' AS source
FROM kept
"""

#: the views dashboards read: reviewer corrections applied over the pipeline's output
VIEWS = ("final_classifications", "final_units", "final_matches")


LOCK_NAME = ".upr.lock"
_HELD: dict[Path, list] = {}        # store folder -> [open lock file, depth] held by this process


@contextmanager
def store_lock(directory: Path) -> Iterator[None]:
    """Hold the store for one writing command from start to end (DuckDB's own lock lasts only while a
    stage has the file open, so two commands could interleave their stages). Another process holding
    it stops this one at once with :data:`errors.STORE_BUSY` naming its PID; within one process the
    lock is re-entrant (the command and the flow it runs both take it)."""
    import fcntl
    import os

    key = Path(directory).resolve()
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
    key.mkdir(parents=True, exist_ok=True)
    f = open(key / LOCK_NAME, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        holder = f.read().strip()
        f.close()
        raise errors.UPRError(errors.STORE_BUSY.format(
            path=key, detail=f"PID {holder}" if holder.isdigit() else "a lock is held")) from None
    f.seek(0)
    f.truncate()
    f.write(str(os.getpid()))
    f.flush()
    _HELD[key] = [f, 1]
    try:
        yield
    finally:
        _HELD[key][1] -= 1
        if _HELD[key][1] == 0:
            del _HELD[key]
            f.truncate(0)
            fcntl.flock(f, fcntl.LOCK_UN)
            f.close()


def store_holder(directory: Path) -> str | None:
    """Who holds the store for writing ("PID 4242"), without taking it; None when no command does."""
    import fcntl

    path = Path(directory).resolve() / LOCK_NAME
    if Path(directory).resolve() in _HELD or not path.exists():
        return None
    try:
        with open(path) as f:
            try:
                fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = f.read().strip()
                return f"PID {holder}" if holder.isdigit() else "a lock is held"
            fcntl.flock(f, fcntl.LOCK_UN)
    except OSError:
        return None
    return None


class Store:
    """A DuckDB file plus Parquet mirrors in one folder. Use as a context manager."""

    def __init__(self, directory: Path, read_only: bool = False, wait: float | None = None,
                 on_wait: Callable[[str], None] | None = None) -> None:
        """Open the store; when another process has the file open, try again for up to ``wait`` seconds
        (telling ``on_wait`` once who holds it) before raising :data:`errors.STORE_BUSY`. By default a
        writer waits ``Settings.store_wait_s`` (``UPR_STORE_WAIT_S``): a reader holds the file for a moment
        (the review page for one request, `upr status`), and a run must not fail for it; a reader does
        not wait."""
        if wait is None:
            wait = 0.0 if read_only else Settings.from_env().store_wait_s
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / DB_NAME
        self.read_only = read_only and self.path.exists()
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = duckdb.connect(str(self.path), read_only=self.read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                holder = re.search(r"PID \d+", str(exc))
                detail = holder.group(0) if holder else "a lock is held"
                if time.monotonic() >= deadline:
                    raise errors.UPRError(errors.STORE_BUSY.format(path=self.path, detail=detail)) from None
                if on_wait:
                    on_wait(detail)
                    on_wait = None
                time.sleep(0.5)
        if not self.read_only:
            self._init()
        elif not self.con.execute("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_name = 'unit_successors'").fetchone()[0]:
            # a store written before successors were kept: read it as having none
            self.con.execute(SUCCESSORS_TABLE.replace("CREATE TABLE", "CREATE TEMP TABLE"))
        if self.read_only and not self.con.execute("SELECT count(*) FROM information_schema.tables "
                                                   "WHERE table_name = 'retired_units'").fetchone()[0]:
            self.con.execute(RETIRED_TABLE.replace("CREATE TABLE", "CREATE TEMP TABLE"))    # (nor retired units)
        if self.read_only and not self.con.execute("SELECT count(*) FROM information_schema.tables "
                                                   "WHERE table_name = 'final_matches'").fetchone()[0]:
            # a store written before reviewers could correct matches: the view, for this connection only
            self.con.execute(MATCHES_VIEW.replace("CREATE OR REPLACE VIEW", "CREATE TEMP VIEW"))

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------------ schema
    def _init(self) -> None:
        for table, cols in schema().items():
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(f'{c} {t}' for c, t in cols.items())})")
            existing = {r[0] for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for c, t in cols.items():          # forward migration: new columns are added
                if c not in existing:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN {c} {t}")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS addendum_responses (symbol VARCHAR, paragraph VARCHAR, response VARCHAR, doc_id VARCHAR)")
        self.con.execute(SUCCESSORS_TABLE)
        self.con.execute(RETIRED_TABLE)
        self.con.execute(FINAL_VIEW)
        self.con.execute(final_units_view())
        self.con.execute(MATCHES_VIEW)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _many(self, sql: str, params: list) -> None:
        if params:
            self.con.executemany(sql, params)

    def _insert(self, table: str, records: list[Record]) -> None:
        if not records:
            return
        cols = list(type(records[0]).model_fields)
        self._many(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [_row(r) for r in records])

    # ------------------------------------------------------------------ documents and units
    def is_current(self, doc_id: str, segmenter_version: str) -> bool:
        """True when this exact file was ingested by this segmenter version and not failed."""
        row = self.con.execute(
            "SELECT status, segmenter_version FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return bool(row) and row[0] != "failed" and row[1] == segmenter_version

    def stored_file(self, doc_id: str) -> str | None:
        """The file name under which these bytes are stored (None: not stored)."""
        row = self.con.execute("SELECT source_file FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def move_document(self, doc_id: str, source_file: str) -> None:
        """A stored file found under another name (moved or renamed; the bytes are the same)."""
        self.con.execute("UPDATE documents SET source_file = ? WHERE doc_id = ?", [source_file, doc_id])

    def remove_document(self, doc_id: str) -> None:
        """Drop a document and everything the pipeline derived from it; reviewer corrections stay
        (``orphaned_corrections`` counts those that now apply to nothing)."""
        with self.transaction():
            self._delete_document(doc_id)

    def _delete_document(self, doc_id: str) -> None:
        unit_ids = "SELECT unit_id FROM units WHERE doc_id = ?"
        # a corrected unit's words are kept, so that a correction left with no unit can be named
        self.con.execute(
            "INSERT OR REPLACE INTO retired_units SELECT u.unit_id, u.doc_id, d.source_file, u.unit_type, u.text, now() "
            "FROM units u JOIN documents d USING (doc_id) WHERE u.doc_id = ? AND (u.unit_id IN (SELECT unit_id FROM corrections) "
            "OR u.unit_id IN (SELECT s.successor_id FROM unit_successors s JOIN corrections c USING (unit_id)))", [doc_id])
        self.con.execute(f"DELETE FROM classifications WHERE unit_id IN ({unit_ids})", [doc_id])
        self.con.execute(f"DELETE FROM matches WHERE unit_id IN ({unit_ids}) OR prior_unit_id IN ({unit_ids})", [doc_id, doc_id])
        self.con.execute(f"DELETE FROM citations WHERE unit_id IN ({unit_ids})", [doc_id])
        self.con.execute("DELETE FROM units WHERE doc_id = ?", [doc_id])
        self.con.execute("DELETE FROM addendum_responses WHERE doc_id = ?", [doc_id])
        self.con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])

    def replace_document(self, doc: Document, units: list[Unit], citations: list[Citation],
                         responses: dict[str, str] | None = None) -> None:
        """Store one document's results, replacing this file's earlier version and itself."""
        with self.transaction():
            old = [r[0] for r in self.con.execute(
                "SELECT doc_id FROM documents WHERE source_file = ? OR doc_id = ?", [doc.source_file, doc.doc_id]).fetchall()]
            # (the same file too: a new segmenter reads some of its units differently, with new ids)
            self._record_successors(old, units)
            for doc_id in old:
                self._delete_document(doc_id)
            self._insert("documents", [doc])
            # the same unit may stand in another document already (identical file under two names)
            unique = {u.unit_id: u for u in units}
            self._insert("units", list(unique.values()))
            # a unit that is back (its file stored again after `upr remove` passed its corrections to a twin's
            # units) is its own: the corrections made on it apply to it again, not to the twin's
            if unique:
                self.con.execute("DELETE FROM unit_successors WHERE list_contains(?, unit_id)", [list(unique)])
            self._insert("citations", citations)
            if responses and doc.symbol:
                base = doc.symbol.split("/Add.")[0]
                self._many("INSERT INTO addendum_responses VALUES (?, ?, ?, ?)",
                                     [[base, p, r, doc.doc_id] for p, r in sorted(responses.items())])
            self.apply_addenda()

    def _record_successors(self, old_docs: list[str], units: list[Unit]) -> None:
        """A new version of a file replaces its units (new ids: an id hashes the file's bytes). Each
        old unit gets as successor the new unit of the same type with the same words at the same place
        (provenance) or under the same paragraph number, else with the same words where no other unit
        has them, else at the same place with words alike that no other old unit has taken, so reviewer
        corrections made on the old one go on applying (the corrections themselves are never rewritten)."""
        if not old_docs:
            return
        # words alone decide only where they are unique: several states often make the same recommendation
        # in the same words ("Abolish the death penalty" as 125.42 to 125.45), each a unit of its own
        words = Counter((u.unit_type, text_key(u.text)) for u in units)
        by_words = {(u.unit_type, text_key(u.text)): u.unit_id for u in units if words[(u.unit_type, text_key(u.text))] == 1}
        by_number = {(u.unit_type, u.paragraph, text_key(u.text)): u.unit_id for u in reversed(units) if u.paragraph}
        by_place = {(u.unit_type, u.provenance): u.unit_id for u in reversed(units)}
        by_both = {(u.unit_type, u.provenance, text_key(u.text)): u.unit_id for u in reversed(units)}
        new_words = {u.unit_id: text_key(u.text) for u in units}
        marks = ", ".join("?" for _ in old_docs)
        pairs = []
        olds = self.con.execute(f"SELECT unit_id, unit_type, text, provenance, paragraph FROM units WHERE doc_id IN ({marks})",
                                old_docs).fetchall()
        found: dict[str, str] = {}
        for uid, utype, text, provenance, paragraph in olds:
            key = text_key(text or "")
            if new := (by_both.get((utype, provenance, key)) or by_number.get((utype, paragraph, key))
                       or by_words.get((utype, key))):
                found[uid] = new
        # the same place, its words edited: only a unit no old unit has by its words, and with words alike (a
        # re-issue that withdraws an item and renumbers the rest puts the next item at its place: the withdrawn
        # item's corrections then apply to nothing, and `upr status` says so)
        claimed = set(found.values())
        for uid, utype, text, provenance, _ in olds:
            new = by_place.get((utype, provenance))
            if uid not in found and new and new not in claimed and \
                    SequenceMatcher(None, text_key(text or ""), new_words.get(new, "")).ratio() >= PLACE_MIN_SIMILARITY:
                found[uid] = new
                claimed.add(new)
        # read anew by a later segmenter (the same file, or a re-issue): a unit whose words now go on (a row broken across
        # a page joined: the old words open the new unit), or lost a head that was no part of it (a reference, a row's
        # number: the new words close the old), of any type (a table row once read as a finding), where only one unit fits
        for uid, utype, text, _, _ in olds:
            key = text_key(text or "")
            if uid in found or len(key) < EXTENDED_MIN_CHARS:
                continue
            fits = [n for n, words in new_words.items() if n not in claimed and words and (
                (words.startswith(key) and len(key) >= EXTENDED_MIN_SHARE * len(words))
                or (key.endswith(words) and len(words) >= HEAD_LOST_MIN_SHARE * len(key)))]
            if len(fits) == 1:
                found[uid] = fits[0]
                claimed.add(fits[0])
        # ... or whose words changed inside only (a grade badge's letter once read into the text, "media workers B
        # against"): the same type, the same opening and closing words, about as long, where only one unit has them
        ends: dict[tuple, list[str]] = {}
        for u in units:
            words = new_words[u.unit_id]
            if len(words) >= 2 * EDGE_CHARS and u.unit_id not in claimed:
                ends.setdefault((u.unit_type, words[:EDGE_CHARS], words[-EDGE_CHARS:]), []).append(u.unit_id)
        for uid, utype, text, _, _ in olds:
            key = text_key(text or "")
            fits = ends.get((utype, key[:EDGE_CHARS], key[-EDGE_CHARS:]), []) if len(key) >= 2 * EDGE_CHARS else []
            if uid not in found and len(fits) == 1 and fits[0] not in claimed \
                    and abs(len(new_words[fits[0]]) - len(key)) <= 0.15 * len(key):
                found[uid] = fits[0]
                claimed.add(fits[0])
        for uid, new in found.items():
            if new != uid:
                pairs.append([uid, new])
        for old_id, new_id in pairs:          # an earlier version's units follow the chain to the newest
            self.con.execute("UPDATE unit_successors SET successor_id = ? WHERE successor_id = ?", [new_id, old_id])
        self._many("INSERT OR REPLACE INTO unit_successors VALUES (?, ?)", pairs)

    def near_duplicates(self, min_share: float = NEAR_DUPLICATE_SHARE, min_units: int = 3) -> list[tuple[str, str, int, int]]:
        """(doc id, doc id, units alike, units of the smaller) for stored documents of one state and kind whose
        own units (quotes of a report item left out: two NGOs quote the same items) have the same words for at
        least ``min_share`` of the smaller one's: one document stored twice under two file names (a re-issued
        or corrected version), whose units every view then counts twice."""
        rows = self.con.execute(
            "SELECT d.doc_id, d.doc_kind, coalesce(d.state_under_review, ''), u.unit_type, u.text FROM documents d "
            "JOIN units u USING (doc_id) WHERE d.status != 'failed' AND u.canonical_unit_id IS NULL").fetchall()
        texts: dict[str, set[tuple[str, str]]] = defaultdict(set)
        group: dict[str, tuple[str, str]] = {}
        for doc_id, kind, state, utype, text in rows:
            texts[doc_id].add((utype, text_key(text or "")))
            group[doc_id] = (kind, state)
        by_group: dict[tuple[str, str], list[str]] = defaultdict(list)
        for doc_id, key in group.items():
            if len(texts[doc_id]) >= min_units:
                by_group[key].append(doc_id)
        out = []
        for ids in by_group.values():
            ids.sort()
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    shared, smaller = len(texts[a] & texts[b]), min(len(texts[a]), len(texts[b]))
                    if shared >= min_share * smaller:
                        out.append((a, b, shared, smaller))
        return out

    def adopt_successors(self, doc_id: str, twin_id: str) -> None:
        """Before ``doc_id`` is removed: its units' successors are the units of the same words in ``twin_id``, the
        other stored version of the same document (:meth:`near_duplicates`), so that reviewer corrections made
        on the removed version go on applying."""
        units = self.units("WHERE doc_id = ?", [twin_id])
        with self.transaction():
            self._record_successors([doc_id], units)

    def orphaned_corrections(self) -> int:
        """Corrections whose unit is in the store neither itself nor through a successor."""
        return self.con.execute(
            "SELECT count(*) FROM corrections c LEFT JOIN unit_successors s ON s.unit_id = c.unit_id "
            "WHERE coalesce(s.successor_id, c.unit_id) NOT IN (SELECT unit_id FROM units)").fetchone()[0]

    def orphaned_correction_rows(self, limit: int = 5) -> list[tuple]:
        """(correction id, field, reviewer, unit id, unit type, its words, file) of corrections that apply to nothing,
        the latest first; the unit's type, words and file as they were when it was dropped (None if not kept)."""
        return self.con.execute(
            "SELECT c.correction_id, c.field, c.reviewer, c.unit_id, r.unit_type, r.text, r.source_file "
            "FROM corrections c LEFT JOIN unit_successors s ON s.unit_id = c.unit_id "
            "LEFT JOIN retired_units r ON r.unit_id = coalesce(s.successor_id, c.unit_id) "
            "WHERE coalesce(s.successor_id, c.unit_id) NOT IN (SELECT unit_id FROM units) "
            "ORDER BY c.created_at DESC LIMIT ?", [limit]).fetchall()

    def apply_addenda(self) -> int:
        """Set responses of report units from ingested addenda (pending or missing only)."""
        cur = self.con.execute("""
            UPDATE units SET response = a.response
            FROM addendum_responses a, documents d
            WHERE units.doc_id = d.doc_id AND d.symbol = a.symbol AND units.paragraph = a.paragraph
              AND (units.response IS NULL OR units.response = 'pending')
        """)
        return cur.fetchone()[0] if cur.description else 0

    def units(self, where: str = "", params: list | None = None) -> list[Unit]:
        cur = self.con.execute(f"SELECT * FROM units {where} ORDER BY doc_id, ordinal", params or [])
        cols = [d[0] for d in cur.description]
        fields = Unit.model_fields
        return [Unit(**{c: v for c, v in zip(cols, row) if c in fields}) for row in cur.fetchall()]

    def documents(self) -> list[Document]:
        cur = self.con.execute("SELECT * FROM documents ORDER BY source_file")
        cols = [d[0] for d in cur.description]
        return [Document(**dict(zip(cols, row))) for row in cur.fetchall()]

    def citations(self) -> list[Citation]:
        cur = self.con.execute("SELECT * FROM citations ORDER BY unit_id, paragraph")
        cols = [d[0] for d in cur.description]
        return [Citation(**dict(zip(cols, row))) for row in cur.fetchall()]

    # ------------------------------------------------------------------ later stages
    def set_links(self, canonical: dict[str, str | None], citations: list[Citation]) -> None:
        """The link stage's result replaces the last one: a unit no longer linked loses its link."""
        with self.transaction():
            self.con.execute("UPDATE units SET canonical_unit_id = NULL WHERE canonical_unit_id IS NOT NULL")
            self._many("UPDATE units SET canonical_unit_id = ? WHERE unit_id = ?",
                                 [[v, k] for k, v in canonical.items()])
            self._many(
                "UPDATE citations SET prior_unit_id = ?, method = ? WHERE unit_id = ? AND paragraph = ? AND raw = ?",
                [[c.prior_unit_id, c.method, c.unit_id, c.paragraph, c.raw] for c in citations])

    def write_classifications(self, rows: list[Classification]) -> int:
        """Store the model's classifications; a row equal to the stored one (same labels, scores and
        model version) is left as it is, with its ``created_at``, so a re-run shows what changed.
        Returns the number of rows written."""
        same = ("articles", "article_scores", "status", "status_score", "confidence", "needs_review", "review_reason",
                "model_version", "source")
        old = {r[0]: r[1:] for r in self.con.execute(
            f"SELECT unit_id, {', '.join(same)} FROM classifications").fetchall()}
        changed = [r for r in rows if old.get(r.unit_id) != tuple(_row(r, same))]
        with self.transaction():
            self._many("DELETE FROM classifications WHERE unit_id = ?", [[r.unit_id] for r in changed])
            self._insert("classifications", changed)
        return len(changed)

    def write_matches(self, unit_ids: list[str], rows: list[Match]) -> None:
        with self.transaction():
            self._many("DELETE FROM matches WHERE unit_id = ?", [[u] for u in unit_ids])
            self._insert("matches", rows)

    def add_correction(self, correction: Correction) -> None:
        self._insert("corrections", [correction])

    def corrections(self) -> list[Correction]:
        cur = self.con.execute("SELECT * FROM corrections ORDER BY created_at, rowid")
        cols = [d[0] for d in cur.description]
        return [Correction(**dict(zip(cols, row))) for row in cur.fetchall()]

    # ------------------------------------------------------------------ export
    def export_parquet(self) -> list[Path]:
        """Write every table and view (:data:`VIEWS`) to <name>.parquet."""
        out = []
        for table in [*TABLES, *VIEWS]:
            target = self.dir / f"{table}.parquet"
            tmp = target.with_suffix(".parquet.tmp")
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{tmp}' (FORMAT parquet)")
            tmp.replace(target)
            out.append(target)
        return out

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def parquet_count(self, table: str) -> int | None:
        """Rows in the Parquet mirror of ``table`` (None when it was never written)."""
        path = self.dir / f"{table}.parquet"
        if not path.exists():
            return None
        return self.con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
