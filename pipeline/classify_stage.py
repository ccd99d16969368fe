"""Classification stage: units in the store -> the ``classifications`` table.

Prior-cycle recommendations get a status through what is linked to them: the grades of
the committee recommendations and the findings that share their fact-sheet row (the
most pessimistic linked status wins, as NGOs' findings usually report what is missing).
Reviewer corrections live in ``corrections`` and are never overwritten here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .config import Settings
from .records import Classification, Unit
from .store import Store

log = logging.getLogger(__name__)

_STATUS_ORDER = ("not_implemented", "partially_implemented", "implemented", "no_information")


def linked_status(unit: Unit, by_id: dict[str, Classification], related: dict[str, list[str]]) -> tuple[str | None, float | None]:
    """Status of a prior recommendation from the findings and committee grades linked to it."""
    found = [by_id[r] for r in related.get(unit.unit_id, []) if r in by_id and by_id[r].status]
    informative = [c for c in found if c.status != "no_information"]
    if not informative:
        return (None, None) if not found else ("no_information", max(c.status_score or 0 for c in found))
    best = min(informative, key=lambda c: _STATUS_ORDER.index(c.status or "no_information"))
    return best.status, best.status_score


def classify_units(units: list[Unit], classifier, settings: Settings) -> list[Classification]:
    preds = classifier.predict(
        [u.text for u in units], unit_types=[u.unit_type for u in units],
        section_articles=[u.section_articles for u in units], grades=[u.grade for u in units])
    rows = [
        Classification(unit_id=u.unit_id, articles=p.articles, article_scores=p.article_scores, status=p.status,
                       status_score=p.status_score, confidence=p.confidence, needs_review=p.needs_review,
                       model_version=classifier.version)
        for u, p in zip(units, preds)
    ]
    by_id = {r.unit_id: r for r in rows}
    related: dict[str, list[str]] = {}
    for u in units:
        for rid in u.related_unit_ids:
            related.setdefault(rid, []).append(u.unit_id)
    for u, r in zip(units, rows):
        if u.unit_type == "recommendation" and related.get(u.unit_id):
            status, score = linked_status(u, by_id, related)
            r.status, r.status_score = status, score
    return rows


def classify_store(store_dir: Path, settings: Settings) -> dict:
    try:
        from .classify import load_classifier

        classifier = load_classifier(settings.models_dir, settings)
    except (FileNotFoundError, ImportError) as exc:
        log.warning("no trained classifier (%s): run `upr train` first; classification skipped", exc)
        return {"classified": 0, "skipped": str(exc)}
    with Store(store_dir) as store:
        units = store.units()
        rows = classify_units(units, classifier, settings)
        store.write_classifications(rows)
    return {"classified": len(rows), "needs_review": sum(r.needs_review for r in rows), "model_version": classifier.version}
