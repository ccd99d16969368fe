"""Classification stage: units in the store -> the ``classifications`` table.

Prior-cycle recommendations get a status through what is linked to them: the grades of
the committee recommendations and the findings that share their fact-sheet row. Evidence about
this recommendation alone decides where there is any (a finding in the row's own cell, or one that
cites this item and no other, before a Committee cell merged over three rows, whose items each
concern one of those rows; cells merged over other rows and paragraphs citing several items count
only when the row has nothing of its own, and then together), and among that evidence the most
pessimistic status wins, as NGOs' findings usually report what is missing.
Its score is the winning unit's status score times the share of the informative linked units
that agree with it (conflicting evidence -- a grade B next to a finding saying nothing was done --
is sent to a reviewer rather than resolved silently), and the recommendation's ``confidence``
and ``needs_review`` are recomputed with it, exactly as for findings: article-set confidence x
status score, flagged below ``settings.review_threshold``. A prior recommendation printed with its
status and nothing linked to it (a tracker's "Status" column with no assessment beside it: "Not
implemented", "In progress") has that status, with the score of a Committee grade.
A recommendation quoted in fact sheets or mid-term reports is one recommendation: the report
item it links to (``canonical_unit_id``) is read with the section articles of its quotes and the
findings and grades linked to them (those of the newest documents, by cycle, when several assess
it; a finding that cites the item among others counts only where nothing assesses it alone), and
each quote shows the report item's classification and is not sent to review (the report item is;
a reviewer's correction of it also applies to its quotes, see ``final_classifications``).
A quote whose report is not in the store is classified on its own.
Reviewer corrections live in ``corrections`` and are never overwritten here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .classify.model import review_reason
from .classify.status import RULE_PRIORS, status_from_grade
from .config import Settings
from .detect import is_national_report
from .records import Classification, Unit
from .store import LATEST_CORRECTIONS, Store

log = logging.getLogger(__name__)

_STATUS_ORDER = ("not_implemented", "partially_implemented", "implemented", "no_information")


def linked_status(unit: Unit, by_id: dict[str, Classification], related: dict[str, list[str]],
                  spread: dict[str, int] | None = None, sure: float = 1.0) -> tuple[str | None, float | None]:
    """Status of a prior recommendation from the findings and committee grades linked to it.
    ``spread``: evidence unit id -> how many recommendations it is linked to (the rows a merged cell
    spans); informative evidence of this recommendation alone, where there is any, is weighed alone.
    (Two merged cells are not told apart by their size: one over 8 rows is no more about this row
    than one over 16.) Evidence of this recommendation alone that says "no information" with a score of
    at least ``sure`` ("No data were made public on …") is what its authors say of it, and a cell
    merged over other rows does not outweigh it; an unsure one (a finding that assesses nothing) does
    not count against the merged cell."""
    found = [by_id[r] for r in related.get(unit.unit_id, []) if r in by_id and by_id[r].status]
    informative = [c for c in found if c.status != "no_information"]
    if not informative:
        return (None, None) if not found else ("no_information", max(c.status_score or 0 for c in found))
    alone = [c for c in found if (spread or {}).get(c.unit_id, 1) == 1]
    own = [c for c in alone if c.status != "no_information"]
    if not own and any((c.status_score or 0) >= sure for c in alone):
        return "no_information", max(c.status_score or 0 for c in alone)
    informative = own or informative
    best = min(informative, key=lambda c: (_STATUS_ORDER.index(c.status or "no_information"), -(c.status_score or 0)))
    agree = sum(1 for c in informative if c.status == best.status) / len(informative)
    return best.status, round((best.status_score or 0.0) * agree, 4)


def quotes_by_canonical(units: list[Unit]) -> dict[str, list[Unit]]:
    """Report item id -> the units quoting it (fact-sheet rows, mid-term rows) that are in ``units``."""
    present = {u.unit_id for u in units}
    out: dict[str, list[Unit]] = {}
    for u in units:
        if u.canonical_unit_id and u.canonical_unit_id in present and u.canonical_unit_id != u.unit_id:
            out.setdefault(u.canonical_unit_id, []).append(u)
    return out


#: the highest status score of a report item whose only evidence is the State's own national report
STATE_WORD_SCORE = 0.5
#: ... and of one whose only evidence is a paragraph that cites it with other items
SHARED_EVIDENCE_SCORE = 0.75
#: (and of one whose newest evidence decides against what older evidence said: its status score is capped so too)


def classify_units(units: list[Unit], classifier, settings: Settings,
                   doc_cycles: dict[str, int | None] | None = None,
                   cited_by: dict[str, list[str]] | None = None,
                   state_docs: set[str] | None = None,
                   corrected: dict[str, str] | None = None) -> list[Classification]:
    """Classifications of ``units``; ``doc_cycles`` (doc_id -> the document's cycle) lets the newest
    assessment of a quoted recommendation win over older ones; ``cited_by`` (prior unit id -> the
    findings that cite it: "Tunisia supported recommendations 115.23 (Germany) … but …") adds those
    findings to the evidence of the report item's status; ``corrected`` (unit id -> the status a reviewer set) is
    what those units say as evidence."""
    quotes = quotes_by_canonical(units)
    doc_of = {u.unit_id: u.doc_id for u in units}
    # a report item is read with the ICCPR articles of the sections that quote it ("Article 19 ICCPR")
    sections = [list(dict.fromkeys(u.section_articles + [a for q in quotes.get(u.unit_id, []) for a in q.section_articles]))
                for u in units]
    preds = classifier.predict(
        [u.text for u in units], unit_types=[u.unit_type for u in units],
        section_articles=sections,
        grades=[u.grade or u.grade_text for u in units])          # a grade, else its printed text
    rows = [
        Classification(unit_id=u.unit_id, articles=p.articles, article_scores=p.article_scores, status=p.status,
                       status_score=p.status_score, confidence=p.confidence, needs_review=p.needs_review,
                       review_reason=p.review_reason, model_version=classifier.version)
        for u, p in zip(units, preds)
    ]
    by_id = {r.unit_id: r for r in rows}
    related: dict[str, list[str]] = {}
    for u in units:
        if u.unit_type == "paragraph":
            continue                     # (a finding a reviewer retyped as a plain paragraph assesses nothing)
        for rid in u.related_unit_ids:
            related.setdefault(rid, []).append(u.unit_id)
    # a prior recommendation printed with its status ("Not implemented" in a tracker's status column, no
    # assessment beside it) has that status as its own evidence
    printed = {u.unit_id for u, r in zip(units, rows)
               if u.unit_type == "recommendation" and not related.get(u.unit_id) and status_from_grade(u.grade_text)}
    for u, r in zip(units, rows):
        if u.unit_id in printed:
            r.status, r.status_score = status_from_grade(u.grade_text), RULE_PRIORS["grade"]
    findings = {u.unit_id for u in units if u.unit_type == "finding"}
    spread = {u.unit_id: len(set(u.related_unit_ids)) for u in units if u.related_unit_ids}
    for canonical, qs in quotes.items():      # what an NGO says about a quote, it says about the report item
        assessed = [q for q in qs if related.get(q.unit_id) or q.unit_id in printed]
        if doc_cycles and assessed:           # the newest documents' assessments (a 2023 fact sheet over a 2020 mid-term)
            # ... that say something: a newer sheet's "no information" does not outweigh an older printed status
            said = [q for q in assessed if any(by_id[e].status not in (None, "no_information")
                                               for e in (related.get(q.unit_id) or [q.unit_id]) if e in by_id)]
            newest = max(doc_cycles.get(q.doc_id) or 0 for q in (said or assessed))
            assessed = [q for q in assessed if (doc_cycles.get(q.doc_id) or 0) == newest]
        for q in assessed:
            evidence = related.get(q.unit_id) or [q.unit_id]        # (a printed status is the quote's own)
            related.setdefault(canonical, []).extend(x for x in evidence if x not in related.get(canonical, []))
    # findings that cite a report item ("Honduras supported recommendations 115.6 and 115.8, yet …") speak of
    # it with others at once: they are its evidence where nothing assesses it alone (its own fact-sheet row,
    # a grade, a printed status), and do not outweigh such an assessment; a finding that cites this item
    # and no other ("Recommendation 121.4 (Austria): Red. …", a mid-term assessment's entry) assesses it
    # alone, as a fact-sheet row's own cell does, and joins that evidence
    cited: dict[str, set[str]] = {}          # finding -> the items it cites
    for prior, citing in (cited_by or {}).items():
        for f in citing:
            cited.setdefault(f, set()).add(prior)
    for f, items in cited.items():           # a paragraph citing several items speaks of each with the others
        spread[f] = max(spread.get(f, 1), len(items))
    # a reviewer's status of a finding is what it says as evidence (its own row keeps the model's reading)
    evidence = dict(by_id)
    for uid, st in (corrected or {}).items():
        if uid in evidence:
            evidence[uid] = evidence[uid].model_copy(update={"status": st, "status_score": 1.0})

    def cycle_of(uid: str) -> int:
        return (doc_cycles or {}).get(doc_of.get(uid, ""), None) or 0

    def says_something(uid: str) -> bool:
        return uid in evidence and evidence[uid].status not in (None, "no_information")

    overruled: dict[str, list[str]] = {}      # an item's older evidence that newer evidence set aside
    for prior, citing in (cited_by or {}).items():
        citing = [f for f in dict.fromkeys(citing) if f in findings]
        have = related.get(prior) or []
        if have:
            # (where all it has is shared too -- a fact-sheet cell merged over its row and others -- a paragraph
            # citing several items is as much about it, and joins: the most pessimistic of the two then wins)
            shared_only = all(spread.get(e, 1) > 1 for e in have)
            citing = [f for f in citing if (len(cited[f]) == 1 or shared_only) and f not in have]
        if doc_cycles and citing:
            # the newest documents that say something decide, as for quotes: a 2026 submission's "released under
            # the amnesty" over a 2024 mid-term report's "12 of 17 released"; older evidence, cited or quoted, gives
            # way to newer (red team 53b: a 2022 mid-term row's "Not started" outweighed two cycle-4 documents)
            said = [e for e in have + citing if says_something(e)]
            newest = max([cycle_of(e) for e in said] or [0])
            citing = [f for f in citing if cycle_of(f) >= newest]
            kept = [e for e in have if cycle_of(e) >= newest] or ([] if citing else have)
            overruled[prior] = [e for e in have if e not in kept and says_something(e)]
            have = kept
        related[prior] = have + citing
    shared = {f for f, items in cited.items() if len(items) > 1}    # paragraphs citing several items
    for u, r in zip(units, rows):
        if u.unit_type == "recommendation" and (related.get(u.unit_id) or u.unit_id in printed):
            status, score = (linked_status(u, evidence, related, spread, settings.review_threshold) if related.get(u.unit_id)
                             else (r.status, r.status_score))
            informative = [e for e in related.get(u.unit_id, []) if says_something(e)]
            if score is not None and informative and all(e in shared for e in informative):
                # the only word on it is a paragraph that speaks of it with other items at once ("… is in force
                # (108.28). Juveniles, however, … (108.26)"): to review, whatever that paragraph's own score
                score = round(min(score, SHARED_EVIDENCE_SCORE), 4)
            disputed = score is not None and any(evidence[e].status != status for e in overruled.get(u.unit_id, []))
            if disputed:
                score = round(min(score, SHARED_EVIDENCE_SCORE), 4)    # older evidence said otherwise: to review
            own_word = bool(state_docs) and bool(related.get(u.unit_id)) and all(
                doc_of.get(e) in state_docs for e in related[u.unit_id])
            if own_word and score is not None:
                score = round(min(score, STATE_WORD_SCORE), 4)   # the State's own claim, and no one else's: to review
            r.status, r.status_score = status, score
            if score is not None:       # the article-only confidence now also carries the status
                reason = review_reason(r.confidence, score, settings.review_threshold)
                if own_word:
                    reason = "status rests on the State's own report alone"
                elif disputed:
                    reason = "newer documents' status differs from an older one's"
                r.confidence = round(r.confidence * score, 4)
                r.needs_review = r.confidence < settings.review_threshold
                r.review_reason = (reason or "low confidence") if r.needs_review else None
    for canonical, qs in quotes.items():      # one recommendation: the quote shows the report item's reading
        c = by_id[canonical]
        for q in qs:
            by_id[q.unit_id].articles, by_id[q.unit_id].article_scores = list(c.articles), dict(c.article_scores)
            by_id[q.unit_id].status, by_id[q.unit_id].status_score = c.status, c.status_score
            by_id[q.unit_id].confidence = c.confidence
            by_id[q.unit_id].needs_review = False          # reviewed once, on the report item
            by_id[q.unit_id].review_reason = None
    return rows


def classify_store(store_dir: Path, settings: Settings) -> dict:
    try:
        from .classify import load_classifier

        classifier = load_classifier(settings.models_dir, settings)
    except (FileNotFoundError, ImportError) as exc:
        log.warning("no trained classifier (%s): run `upr train` first; classification skipped", exc)
        return {"classified": 0, "skipped": str(exc)}
    with Store(store_dir) as store:
        # a unit a reviewer retyped is classified as what it now is: a finding retyped as a plain paragraph gives
        # no status and is no evidence of a report item's status any more
        retyped = dict(store.con.execute("SELECT f.unit_id, f.unit_type FROM final_units f JOIN units u USING (unit_id) "
                                         "WHERE f.unit_type IS DISTINCT FROM u.unit_type").fetchall())
        units = [u.model_copy(update={"unit_type": retyped[u.unit_id]}) if u.unit_id in retyped else u
                 for u in store.units()]
        cited_by: dict[str, list[str]] = {}
        for c in store.citations():
            if c.prior_unit_id:
                cited_by.setdefault(c.prior_unit_id, []).append(c.unit_id)
        docs = store.documents()
        state_docs = {d.doc_id for d in docs if is_national_report(d.symbol)}
        # (from the corrections themselves, not the final view: a unit re-read this run has no classification row yet)
        corrected = dict(store.con.execute(LATEST_CORRECTIONS + "SELECT unit_id, json_extract_string(new_value, '$') "
                                           "FROM latest WHERE field = 'status' AND rn = 1").fetchall())
        rows = classify_units(units, classifier, settings, {d.doc_id: d.cycle for d in docs}, cited_by, state_docs,
                              corrected)
        changed = store.write_classifications(rows)
        # the review queue as reviewers see it: units a reviewer corrected have left it
        queue = store.con.execute("SELECT count(*) FROM final_classifications WHERE needs_review").fetchone()[0]
    return {"classified": len(rows), "changed": changed, "needs_review": queue, "model_version": classifier.version}
