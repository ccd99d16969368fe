"""Reviewer corrections: append-only, validated, never overwritten by the pipeline."""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, get_args
from urllib.parse import parse_qs, urlencode, urlparse

from .config import Settings
from .errors import UPRError
from .records import ARTICLES, STATUSES, Correction, UnitType, utcnow
from .states import canonical_state, gazetteer
from .store import UNIT_CORRECTABLE, Store

log = logging.getLogger(__name__)

_FIELDS = {"articles", "status", "matches", *UNIT_CORRECTABLE}
#: a prior recommendation named by its report and paragraph instead of its unit id: "A/HRC/14/10 95.17"
_ITEM_REF = re.compile(r"^\s*(?P<symbol>[A-Z]+/\S+)\s+(?:para(?:graph)?s?\.?\s*)?(?P<paragraph>\d+(?:\.\d+)*)\s*$",
                       re.IGNORECASE)


def _validate(field: str, value: object) -> None:
    if field not in _FIELDS:
        raise ValueError(f"field must be one of {sorted(_FIELDS)}, not {field!r}")
    # (a JSON true is a Python int: it is no article number)
    if field == "articles" and not (isinstance(value, list) and all(
            isinstance(a, int) and not isinstance(a, bool) and a in ARTICLES for a in value)):
        raise ValueError("articles must be a JSON list of ICCPR article numbers 1-27, e.g. [19, 21] or []")
    if field == "articles" and len(set(value)) < len(value):
        raise ValueError(f"articles must name each article once, not {value}")
    if field == "status" and value not in STATUSES:
        raise ValueError(f"status must be one of {list(STATUSES)}")
    if field == "response" and value not in ("accepted", "noted", "pending", None):
        raise ValueError("response must be accepted, noted, pending or null")
    if field == "recommending_states" and not (isinstance(value, list) and all(isinstance(s, str) for s in value)):
        raise ValueError("recommending_states must be a JSON list of names")
    if field == "recommending_states":
        for name in value:
            if not canonical_state(name):
                near = difflib.get_close_matches(name, sorted(set(gazetteer().values())), n=3, cutoff=0.6)
                hint = f"; did you mean {' or '.join(near)}?" if near else ""
                raise ValueError(f"recommending_states: {name!r} is no state the gazetteer knows "
                                 f"(pipeline/data/states.txt){hint}")
    if field == "unit_type" and value not in get_args(UnitType):
        raise ValueError(f"unit_type must be one of {list(get_args(UnitType))}")
    if field == "text" and not (isinstance(value, str) and value.strip()):
        raise ValueError("text must be a non-empty string")
    if field == "matches" and not (isinstance(value, list) and all(isinstance(p, str) and p.strip() for p in value)):
        raise ValueError('matches must be a JSON list of the prior recommendations this one follows up, closest first: '
                         'unit ids or "<report symbol> <paragraph>", e.g. ["A/HRC/14/10 95.17"]; [] for none')


def fits_unit(field: str, unit_type: str, cycle: int | None, doc_cycle: int | None, doc_kind: str | None,
              canonical_unit_id: str | None = None) -> None:
    """Refuse a field the unit cannot have (DOMAIN.md): a response or recommending states on anything
    but a recommendation; a status on a recommendation made for the coming cycle (suggested in a fact
    sheet or a submission: nothing can have been implemented yet). Working Group report items and the
    rows quoting an earlier cycle (or linked to a report item) can have a status: the next cycle assesses them."""
    if field in ("response", "recommending_states", "matches") and unit_type != "recommendation":
        raise ValueError(f"{field} belongs to recommendations; this unit is a {unit_type}")
    if (field == "status" and unit_type == "recommendation" and doc_kind != "working_group_report"
            and not canonical_unit_id and not (cycle is not None and doc_cycle is not None and cycle < doc_cycle)):
        raise ValueError("status: this recommendation is suggested for the coming cycle (not a Working Group "
                         "report item, nor a row quoting an earlier cycle), so it has no implementation status yet")


def _unit_row(store: Store, unit_id: str) -> tuple | None:
    """What :func:`fits_unit` needs of a unit (its type as a reviewer may have corrected it)."""
    return store.con.execute(
        "SELECT u.unit_type, coalesce(u.cycle, d.cycle), d.cycle, d.doc_kind, u.canonical_unit_id FROM final_units u "
        "LEFT JOIN documents d ON d.doc_id = u.doc_id WHERE u.unit_id = ?", [unit_id]).fetchone()


def resolve_priors(store: Store, unit_id: str, refs: list[str]) -> list[str]:
    """The unit ids of the prior recommendations a reviewer named (closest first, each once): a unit id,
    or a report item by its symbol and paragraph ("A/HRC/14/10 95.17"). A quote of a report item stands
    for the item (``canonical_unit_id``), as in the matcher's own rows. Anything else is refused with
    the reason."""
    out: list[str] = []
    for ref in refs:
        row = store.con.execute("SELECT unit_id, unit_type, canonical_unit_id FROM final_units WHERE unit_id = ?",
                                [ref.strip()]).fetchone()
        if row is None and (m := _ITEM_REF.match(ref)):
            found = store.con.execute(
                "SELECT u.unit_id, u.unit_type, u.canonical_unit_id FROM final_units u JOIN documents d USING (doc_id) "
                "WHERE upper(d.symbol) = upper(?) AND u.paragraph = ? AND u.unit_type = 'recommendation'",
                [m["symbol"], m["paragraph"]]).fetchall()
            if len(found) > 1:
                raise ValueError(f"matches: {ref!r} names {len(found)} stored units (two versions of the report?); "
                                 "give the unit id")
            row = found[0] if found else None
        if row is None:
            raise ValueError(f"matches: {ref!r} is neither a unit id in the store nor a stored report item "
                             "'<symbol> <paragraph>', e.g. 'A/HRC/14/10 95.17'")
        prior, unit_type, canonical = row
        if unit_type != "recommendation":
            raise ValueError(f"matches: {ref!r} is a {unit_type}; a follow-up is of a recommendation")
        prior = canonical or prior
        if prior == unit_id:
            raise ValueError(f"matches: {ref!r} is this recommendation itself")
        _check_earlier(store, unit_id, prior, ref)
        if prior not in out:
            out.append(prior)
    return out


def _cycle_and_state(store: Store, unit_id: str) -> tuple[int | None, str | None]:
    row = store.con.execute("SELECT coalesce(u.cycle, d.cycle), d.state_under_review FROM final_units u "
                            "JOIN documents d USING (doc_id) WHERE u.unit_id = ?", [unit_id]).fetchone()
    return (row[0], canonical_state(row[1] or "") or row[1]) if row else (None, None)


def _check_earlier(store: Store, unit_id: str, prior: str, ref: str) -> None:
    """A follow-up is of a recommendation an earlier review made to the same State (as the matcher's are):
    refused, with the reason, when the store dates the two otherwise or names two States."""
    cycle, state = _cycle_and_state(store, unit_id)
    prior_cycle, prior_state = _cycle_and_state(store, prior)
    if cycle is not None and prior_cycle is not None and prior_cycle >= cycle:
        raise ValueError(f"matches: {ref!r} is a recommendation of cycle {prior_cycle}; this one is of cycle {cycle}, "
                         "so it can follow up only a recommendation of an earlier cycle")
    if state and prior_state and state != prior_state:
        raise ValueError(f"matches: {ref!r} was made to {prior_state}; this recommendation is to {state}")


def record_correction(store_dir: Path, unit_id: str, field: str, value: str, reviewer: str,
                      note: str | None = None, wait: float | None = None,
                      on_wait: Callable[[str], None] | None = None) -> Correction:
    """Validate and append one correction; the old value is taken from the store. While a run holds
    the store (classifying, matching, exporting) the correction waits for it, up to ``wait`` seconds
    (default ``settings.correction_wait_s``), telling ``on_wait`` once."""
    if field not in _FIELDS:                 # (before the value: "--field colour" is no JSON problem)
        raise ValueError(f"field must be one of {sorted(_FIELDS)}, not {field!r}")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value if field in ("status", "response", "text", "unit_type") else None
        if parsed is None:
            raise ValueError(f"value must be JSON for field {field!r}, e.g. [19, 21]")
    _validate(field, parsed)
    if not reviewer.strip():
        raise ValueError("reviewer must name who corrects")
    if wait is None:
        wait = Settings.from_env().correction_wait_s
    with Store(store_dir, wait=wait, on_wait=on_wait) as store:
        (c,) = _record(store, store_dir, unit_id, {field: parsed}, reviewer, note)
        store.export_parquet()
    return c


def _record(store: Store, store_dir: Path, unit_id: str, changes: dict[str, object], reviewer: str,
            note: str | None) -> list[Correction]:
    """Append the corrections of one unit in one transaction (the fields of one form are saved together or not
    at all). A correction that repeats the latest one of its unit and field by the same reviewer (a form sent
    twice) adds no row: the latest stands."""
    row = _unit_row(store, unit_id)
    if not row:
        raise ValueError(f"no unit {unit_id!r} in {store_dir}")
    for field in changes:
        fits_unit(field, *row)
    if "matches" in changes:
        changes = {**changes, "matches": resolve_priors(store, unit_id, changes["matches"])}  # type: ignore[arg-type]
    out: list[Correction] = []
    with store.transaction():
        for field, parsed in changes.items():
            if field == "recommending_states":
                parsed = [canonical_state(n) for n in parsed]          # type: ignore[union-attr]
            new_value = json.dumps(parsed)
            last = store.con.execute(
                "SELECT * FROM corrections WHERE unit_id = ? AND field = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [unit_id, field])
            cols = [d[0] for d in last.description]
            latest = last.fetchone()
            if latest is not None:
                prev = Correction(**dict(zip(cols, latest)))
                if prev.new_value == new_value and prev.reviewer == reviewer:
                    out.append(prev)
                    continue
            if field == "matches":
                old = store.con.execute("SELECT list(prior_unit_id ORDER BY rank) FROM final_matches WHERE unit_id = ?",
                                        [unit_id]).fetchone()
                old = (old[0] or [],)
            else:
                view = "final_classifications" if field in ("articles", "status") else "final_units"
                old = store.con.execute(f"SELECT {field} FROM {view} WHERE unit_id = ?", [unit_id]).fetchone()
            created = utcnow(precise=True)
            cid = "c_" + hashlib.sha256(f"{unit_id}|{field}|{new_value}|{reviewer}|{created.isoformat()}".encode()).hexdigest()[:16]
            c = Correction(correction_id=cid, unit_id=unit_id, field=field,  # type: ignore[arg-type]
                           old_value=json.dumps(old[0], default=str) if old else None,
                           new_value=new_value, reviewer=reviewer, note=note, created_at=created)
            store.add_correction(c)
            out.append(c)
    return out


# ============================================================================ the review page
PAGE_SIZE = 200


def review_queue(store_dir: Path, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict]:
    """Units whose final classification still needs review, least confident first
    (``limit`` of them from position ``offset``; each row carries its position and the queue's total)."""
    with Store(store_dir, read_only=True, wait=Settings.from_env().correction_wait_s) as store:   # (a run may hold it)
        cur = store.con.execute("""
            SELECT u.unit_id, u.unit_type, u.text, u.section, u.page, d.source_file,
                   coalesce(u.cycle, d.cycle) AS cycle, d.cycle AS doc_cycle, d.doc_kind, u.canonical_unit_id,
                   f.articles, f.status, f.confidence, f.review_reason, f.model_version,
                   u.paragraph, u.recommending_states, u.response, u.grade, u.grade_text, u.related_unit_ids,
                   (SELECT count(*) FROM units q WHERE q.canonical_unit_id = u.unit_id) AS quotes
            FROM final_classifications f JOIN final_units u USING (unit_id) JOIN documents d USING (doc_id)
            WHERE f.needs_review ORDER BY f.confidence, d.source_file, u.ordinal, u.unit_id LIMIT ? OFFSET ?""",
            [limit, max(0, offset)])
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
        total = store.con.execute("SELECT count(*) FROM final_classifications WHERE needs_review").fetchone()[0]
        wanted = sorted({rid for r in rows for rid in (r["related_unit_ids"] or [])})
        assessed = dict(store.con.execute(
            "SELECT unit_id, coalesce(paragraph || ' ', '') || text FROM units WHERE list_contains(?, unit_id)",
            [wanted]).fetchall()) if wanted else {}
        evidence = _evidence(store, [r["unit_id"] for r in rows if r["unit_type"] == "recommendation"])
        matchable = _matchable(store, [r["unit_id"] for r in rows if r["unit_type"] == "recommendation"])
        follow_ups = _follow_ups(store, sorted(matchable))
    for i, r in enumerate(rows):
        r["queue_total"] = total
        r["position"] = max(0, offset) + i + 1
        r["assesses"] = [assessed[rid] for rid in (r["related_unit_ids"] or []) if rid in assessed]
        r["evidence"] = evidence.get(r["unit_id"], [])
        if r["unit_id"] in matchable:
            r["follow_ups"] = follow_ups.get(r["unit_id"], [])
    return rows


def _matchable(store: Store, rec_ids: list[str]) -> set[str]:
    """The recommendations whose follow-ups the page offers: those the matcher gave candidates, and any other
    new one (no quote of a report item, which is linked, not matched; not a row quoting an earlier cycle) of a
    state with recommendations of an earlier cycle in the store -- as the matcher chooses what to match
    (:func:`pipeline.match.new_recommendations`). A first-cycle report's items get no such field."""
    if not rec_ids:
        return set()
    return {r[0] for r in store.con.execute("""
        SELECT u.unit_id FROM final_units u JOIN documents d USING (doc_id)
        WHERE list_contains(?, u.unit_id) AND u.unit_type = 'recommendation' AND u.canonical_unit_id IS NULL
          AND (u.unit_id IN (SELECT unit_id FROM final_matches) OR (
               NOT coalesce(coalesce(u.cycle, d.cycle) < d.cycle, false) AND EXISTS (
               SELECT 1 FROM units p JOIN documents pd ON pd.doc_id = p.doc_id
               WHERE p.unit_type = 'recommendation'
                 AND lower(trim(pd.state_under_review)) = lower(trim(d.state_under_review))
                 AND coalesce(p.cycle, pd.cycle) < coalesce(u.cycle, d.cycle))))""", [rec_ids]).fetchall()}


def _follow_ups(store: Store, rec_ids: list[str]) -> dict[str, list[dict]]:
    """Recommendation id -> the prior recommendations it follows up as ``final_matches`` has them (the matcher's,
    or a reviewer's list), closest first: each a ``ref`` a reviewer can type back ("A/HRC/14/10 95.17", or the
    unit id of an item with no symbol or number), its score, who set it and the start of its text."""
    if not rec_ids:
        return {}
    rows = store.con.execute("""
        SELECT m.unit_id, m.prior_unit_id, m.score, m.source, p.paragraph, d.symbol, p.text
        FROM final_matches m JOIN final_units p ON p.unit_id = m.prior_unit_id JOIN documents d ON d.doc_id = p.doc_id
        WHERE list_contains(?, m.unit_id) ORDER BY m.unit_id, m.rank""", [rec_ids]).fetchall()
    out: dict[str, list[dict]] = {}
    for uid, prior, score, source, paragraph, symbol, text in rows:
        ref = f"{symbol} {paragraph}" if symbol and paragraph else prior
        out.setdefault(uid, []).append({"ref": ref, "unit_id": prior, "score": score, "source": source, "text": text})
    return out


def format_refs(follow_ups: list[dict]) -> str:
    """The follow-ups as the form shows them: refs separated by "; "."""
    return "; ".join(f["ref"] for f in follow_ups)


def parse_refs(text: str) -> list[str]:
    """The form's follow-ups ("A/HRC/14/10 95.17; A/HRC/14/10 97.3", one per line also) -> refs, in order;
    '' -> [] (it follows up none)."""
    return [x.strip() for x in re.split(r"[;\n]+", text) if x.strip()]


def _evidence(store: Store, rec_ids: list[str]) -> dict[str, list[str]]:
    """Recommendation id -> what its status rests on, "[status] text": the findings and Committee items tied
    to it or to its quotes in other documents (fact-sheet rows), then the findings that cite it."""
    if not rec_ids:
        return {}
    quotes = store.con.execute("SELECT unit_id, canonical_unit_id FROM units WHERE list_contains(?, canonical_unit_id)",
                               [rec_ids]).fetchall()
    owner = {rid: rid for rid in rec_ids} | {q: c for q, c in quotes}
    out: dict[str, list[str]] = {}
    tied = store.con.execute("""
        SELECT e.related_unit_ids, f.status, e.text FROM units e JOIN final_classifications f USING (unit_id)
        WHERE e.unit_type IN ('finding', 'committee_recommendation') AND list_has_any(e.related_unit_ids, ?)
        ORDER BY e.doc_id, e.ordinal""", [list(owner)]).fetchall()
    for related, status, text in tied:
        for rid in dict.fromkeys(owner[x] for x in related if x in owner):
            out.setdefault(rid, []).append(f"[{(status or 'no status').replace('_', ' ')}] {text}")
    citing = store.con.execute("""
        SELECT c.prior_unit_id, f.status, e.text FROM citations c JOIN units e ON e.unit_id = c.unit_id
        JOIN final_classifications f ON f.unit_id = e.unit_id
        WHERE e.unit_type = 'finding' AND list_contains(?, c.prior_unit_id) ORDER BY e.doc_id, e.ordinal""",
                               [rec_ids]).fetchall()
    for rid, status, text in citing:
        out.setdefault(rid, []).append(f"[{(status or 'no status').replace('_', ' ')}, cites it] {text}")
    return out


def context_line(r: dict) -> str:
    """What a reviewer needs beside the text: the item's number, states and response, the status a
    document printed or the Committee's grade, how often it is quoted, what a finding assesses, and what
    a recommendation's status rests on (the findings tied to it or its quotes, those citing it)."""
    bits = []
    if r.get("paragraph"):
        bits.append(f"para. {r['paragraph']}")
    if r.get("recommending_states"):
        bits.append("by " + ", ".join(r["recommending_states"]))
    if r.get("response"):
        bits.append(r["response"])
    if r.get("grade") or r.get("grade_text"):
        bits.append("printed: " + " ".join(x for x in (r.get("grade"), r.get("grade_text")) if x))
    if r.get("quotes"):
        bits.append(f"quoted {r['quotes']}× in other documents (a correction here applies to the quotes too)")
    out = " · ".join(bits)
    for text in (r.get("assesses") or [])[:3]:
        out += ("\n" if out else "") + "assesses: " + (text if len(text) <= 160 else text[:157] + "…")
    for text in (r.get("evidence") or [])[:4]:          # what a recommendation's status rests on
        out += ("\n" if out else "") + "evidence: " + (text if len(text) <= 160 else text[:157] + "…")
    if len(r.get("evidence") or []) > 4:
        out += f"\n… and {len(r['evidence']) - 4} more"
    for f in r.get("follow_ups") or []:          # what the matcher (or a reviewer) says it follows up
        who = "set by a reviewer" if f["source"] == "reviewer" else f"score {f['score']:.2f}"
        text = f"{f['ref']} ({who}): {f['text']}"
        out += ("\n" if out else "") + "follows up " + (text if len(text) <= 160 else text[:157] + "…")
    return out


def _pager(total: int, page: int, size: int) -> str:
    """Links to the previous and next pages of the queue ('' when it fits on one page). ``page`` counts
    from 0; the address and the label count from 1, as the reader does (``/?page=2`` is "page 2")."""
    if total <= size:
        return ""
    last = (total - 1) // size
    links = []
    if page > 0:
        links.append(f"<a href='/?page={page}'>&larr; previous {size}</a>")
    links.append(f"page {page + 1} of {last + 1}")
    if page < last:
        links.append(f"<a href='/?page={page + 2}'>next {size} &rarr;</a>")
    return "<p class=m>" + " · ".join(links) + "</p>"


def _status_fits(r: dict) -> bool:
    try:
        fits_unit("status", r["unit_type"], r.get("cycle"), r.get("doc_cycle"), r.get("doc_kind"), r.get("canonical_unit_id"))
    except ValueError:
        return False
    return True


def _short(text: str, n: int = 90) -> str:
    """A heading cut to ``n`` characters (a report's recommendations sit under a whole lead-in sentence)."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _follow_ups_field(r: dict) -> str:
    """The form's field for a recommendation's follow-ups ('' for a unit that has none to give), with what it
    showed, so that only a change is saved as the reviewer's."""
    if "follow_ups" not in r:
        return ""
    refs = html.escape(format_refs(r["follow_ups"]))
    return (f"<br><label>follows up <input name=matches size=50 value='{refs}' placeholder="
            "'e.g. A/HRC/14/10 95.17; A/HRC/14/10 97.3 (empty: none)'></label>"
            f"<input type=hidden name=matches_shown value='{refs}'><br>")


def render_page(rows: list[dict], message: str = "", page: int = 0, size: int = PAGE_SIZE, total: int | None = None) -> str:
    """The review page: one form per unit (articles as numbers, status as a choice), a page of
    ``size`` units at a time (``page`` counts from 0)."""
    esc = html.escape
    if total is None:
        total = rows[0]["queue_total"] if rows else 0
    shown = (f"showing {rows[0]['position']}-{rows[-1]['position']}, least confident first" if rows
             else "showing none")
    parts = [
        "<!doctype html><meta charset=utf-8><title>UPR review queue</title>",
        "<style>body{font:14px sans-serif;max-width:70em;margin:2em auto}form{border-top:1px solid #ccc;"
        "padding:.8em 0}.t{white-space:pre-wrap;margin:.4em 0}.m{color:#555}.msg{background:#eef;padding:.5em}</style>",
        f"<h1>Review queue</h1><p class=m>{total} unit(s) need review; {shown}. "
        "A correction is appended to the <code>corrections</code> table and is never overwritten by the pipeline.</p>",
        _pager(total, page, size),
    ]
    if message:
        parts.append(f"<p class=msg>{esc(message)}</p>")
    for r in rows:
        arts = ", ".join(str(a) for a in (r["articles"] or []))
        options = "".join(f"<option value={s}{' selected' if s == r['status'] else ''}>{s}</option>"
                          for s in ("", *STATUSES))
        status = (f"<label>status <select name=status>{options}</select></label> " if _status_fits(r)
                  else "<span class=m>no status (suggested for the coming cycle)</span> ")
        parts.append(
            f"<form method=post action=/correct><input type=hidden name=unit_id value='{esc(r['unit_id'])}'>"
            f"<input type=hidden name=page value={page + 1}>"
            f"<div class=m>{esc(Path(r['source_file']).name)} p.{r['page'] or '?'} · {esc(r['unit_type'])} · "
            f"{esc(_short(r['section'] or ''))} · confidence {r['confidence']:.2f}"
            + (f" ({esc(r['review_reason'])})" if r.get("review_reason") else "") + f" · {esc(r['model_version'] or '')}</div>"
            f"<div class=t>{esc(r['text'])}</div>"
            + (f"<div class='m t'>{esc(context)}</div>" if (context := context_line(r)) else "") +
            f"<label>ICCPR articles <input name=articles value='{esc(arts)}' placeholder='e.g. 19, 21 (empty: none)'>"
            f"</label> {status}"
            + _follow_ups_field(r) +
            f"<label>reviewer <input name=reviewer required></label> <label>note <input name=note></label> "
            f"<button>save</button></form>")
    if not rows:
        parts.append("<p>Nothing to review.</p>" if not total else "<p>No units on this page.</p>")
    parts.append(_pager(total, page, size))
    return "".join(parts)


def queue_page(store_dir: Path, page: int = 0, message: str = "", size: int = PAGE_SIZE) -> str:
    """The rendered review page number ``page`` (from 0) of the queue."""
    page = max(0, page)
    rows = review_queue(store_dir, limit=size, offset=page * size)
    if not rows and page:
        with Store(store_dir, read_only=True) as store:
            total = store.con.execute("SELECT count(*) FROM final_classifications WHERE needs_review").fetchone()[0]
        return render_page(rows, message, page, size, total)
    return render_page(rows, message, page, size)


def parse_articles(text: str) -> list[int]:
    """'19, 21' (or '19 21', '[19, 21]') -> [19, 21]; '' -> [] (no ICCPR article). The order given is
    kept (most likely first, as the model writes them); a number given twice counts once."""
    bad = ValueError(f"articles must be ICCPR article numbers 1-27 separated by commas, e.g. 19, 21 "
                     f"(empty: none), not {text!r}")
    try:
        values = [int(x) for x in re.split(r"[\s,;]+", text.strip().strip("[]")) if x]
    except ValueError:
        raise bad from None
    if any(v not in ARTICLES for v in values):
        raise bad
    return list(dict.fromkeys(values))


def apply_form(store_dir: Path, form: dict[str, list[str]]) -> str:
    """Record what one submitted form corrects; returns a message for the page."""
    get = lambda k: (form.get(k) or [""])[0].strip()  # noqa: E731
    unit, reviewer, note = get("unit_id"), get("reviewer"), get("note") or None
    changes: dict[str, object] = {"articles": parse_articles(get("articles"))}
    if get("status"):
        changes["status"] = get("status")
    if "matches" in form and parse_refs(get("matches")) != parse_refs(get("matches_shown")):
        changes["matches"] = parse_refs(get("matches"))        # only when changed: the matcher's list is no reviewer's
    for field, value in changes.items():   # all or nothing: check every field before saving any
        _validate(field, value)
    if not reviewer:
        raise ValueError("reviewer must name who corrects")
    with Store(store_dir, wait=Settings.from_env().correction_wait_s) as store:
        if "status" not in changes and _unit_row(store, unit) is not None:
            shown = store.con.execute("SELECT status FROM final_classifications WHERE unit_id = ?", [unit]).fetchone()
            if shown and shown[0] is not None:
                # a status shown and cleared: saving would present the model's status as the reviewer's
                raise ValueError(f"choose a status for {unit} (the form shows the current one; keep it to confirm it)")
        if "matches" in changes:
            now = format_refs(_follow_ups(store, [unit]).get(unit, []))
            if parse_refs(now) != parse_refs(get("matches_shown")):
                # another reviewer saved this unit's follow-ups after the page was loaded (or this form was sent
                # again after theirs): saving would silently undo their list
                raise ValueError(f"the follow-ups of {unit} changed since this page was loaded (now: {now or 'none'}); "
                                 "reload the page and save again")
        _record(store, store_dir, unit, changes, reviewer, note)
        store.export_parquet()
    return f"saved {' and '.join(changes)} of {unit}"


def serve(store_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> None:  # pragma: no cover - interactive
    """Serve the review page until interrupted (one short store connection per request)."""
    server = make_server(store_dir, host, port)
    print(f"review page on http://{host}:{server.server_address[1]}/ (store {store_dir}); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _page_index(page: str) -> int:
    """The queue page (from 0) that an address's or a form's ``page`` names (the address counts from 1)."""
    return max(int(page) - 1, 0) if page.isdigit() else 0


def make_server(store_dir: Path, host: str = "127.0.0.1", port: int = 8765) -> ThreadingHTTPServer:
    # one request at a time touches the store: DuckDB refuses a read-only and a writing connection to one file in
    # one process, and two reviewers saving at once would otherwise drop each other's request
    one_at_a_time = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _send(self, body: str, code: int = 200) -> None:
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            with one_at_a_time:
                self._get()

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            with one_at_a_time:
                try:
                    self._post(body)
                except Exception as exc:  # noqa: BLE001 - answer the reviewer, never drop the connection
                    log.exception("review: saving failed")
                    self._send(f"not saved ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}); "
                               "nothing was written: go back and save again", 503)

        def _get(self) -> None:
            if urlparse(self.path).path != "/":
                return self._send("not found", 404)
            query = parse_qs(urlparse(self.path).query)
            page = query.get("page", ["1"])[0]
            if not page.isdigit():
                return self._send(f"page must be a number, not {html.escape(page)!r}", 400)
            try:
                self._send(queue_page(store_dir, _page_index(page), query.get("msg", [""])[0]))
            except UPRError as exc:          # a run held the store longer than the wait
                self._send(f"the store is busy, reload in a minute: {html.escape(str(exc))}", 503)
            except Exception as exc:  # noqa: BLE001 - answer, never drop the connection
                log.exception("review: the page failed")
                self._send(f"the page failed ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}); reload it", 503)

        def _post(self, body: str) -> None:
            form = parse_qs(body, keep_blank_values=True)
            page = (form.get("page") or ["1"])[0]
            try:
                msg = apply_form(store_dir, form)
            except ValueError as exc:
                return self._send(queue_page(store_dir, _page_index(page), f"not saved: {exc}"), 400)
            except UPRError as exc:          # a run held the store longer than the wait: nothing was saved
                return self._send(f"not saved, the store is busy (go back and save again in a minute): "
                                  f"{html.escape(str(exc))}", 503)
            # saved: back to the page by a GET (post/redirect/get), so reloading it posts nothing again
            self.send_response(303)
            self.send_header("Location", "/?" + urlencode({"page": page if page.isdigit() else "1", "msg": msg}))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt: str, *args) -> None:
            log.info("review: " + fmt, *args)

    return ThreadingHTTPServer((host, port), Handler)
