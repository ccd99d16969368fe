"""Evaluation report: held-out UPR Info sessions, and hand-labelled gold when it exists.

The gold files are used **only** here (never in training, threshold choice or calibration of
the article model):

* ``<gold>/articles/units.jsonl`` -- ``{"source", "paragraph", "text_start", "articles"}``; the
  full text is joined from ``<gold>/segmentation/*.jsonl`` (same source, same paragraph or
  same first 60 characters); where no text is found the 60-character start is classified and
  the report says how many.
* ``<gold>/status/findings.jsonl`` -- ``{"source", "text", "status"}`` (optional ``unit_type``,
  ``grade``). This file is split in two halves by a hash of the text: the status rules were
  revised once after reading the errors on the *dev* half; the *test* half was never looked at.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Sequence

from pipeline.records import STATUSES

from .calibration import ReliabilityRow, format_reliability
from .data import TEST_SESSIONS, load_examples
from .metrics import article_metrics, status_metrics
from .model import Classifier, load_classifier
from .rules import explicit_articles

SEGMENTATION_FILES = {
    "wg2010": "A-HRC-14-10_working_group_report_2010.jsonl",
    "wg2014": "A-HRC-28-10_working_group_report_2014.jsonl",
    "submission": "amnesty_upr_submission_2019.jsonl",
    "factsheet": "ccpr_factsheet_3rd_cycle.jsonl",
}


# ------------------------------------------------------------------ formatting
def _fmt_reliability(fig: dict) -> str:
    rows = [ReliabilityRow(r["lo"], r["hi"], r["count"], r["mean_confidence"], r["accuracy"])
            for r in fig.get("reliability") or []]
    return format_reliability(rows)


def _fmt_per_article(per: dict) -> str:
    lines = ["| article | support | predicted | precision | recall | F1 |", "|---:|---:|---:|---:|---:|---:|"]
    for a in sorted(per, key=int):
        r = per[a]
        lines.append(f"| {a} | {r['support']} | {r['predicted']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
    return "\n".join(lines)


def _fmt_review(rows: Sequence[dict] | None) -> str:
    lines = ["| review threshold | sent to review | accuracy of the rest | errors caught |", "|---:|---:|---:|---:|"]
    for r in rows or []:
        lines.append(f"| {r['threshold']:.2f} | {r['flagged_share']:.1%} | {r['accuracy_not_flagged']:.3f} | {r['errors_caught']:.1%} |")
    return "\n".join(lines)


def _fmt_headline(fig: dict) -> str:
    return (f"n={fig['n']} (with article {fig['n_with_article']}, no article {fig['n_no_article']}): "
            f"top-1 {fig['top1']:.3f} · no-article accuracy {fig['no_article_accuracy']:.3f} · "
            f"exact set {fig['exact_set_accuracy']:.3f} · micro-F1 {fig['micro_f1']:.3f} "
            f"(P {fig['micro_precision']:.3f} / R {fig['micro_recall']:.3f}) · macro-F1 {fig['macro_f1']:.3f}"
            + (f" · ECE {fig['ece']:.3f}" if "ece" in fig else ""))


def format_article_section(title: str, fig: dict, *, per_article: bool = True) -> str:
    parts = [f"## {title}", "", _fmt_headline(fig), ""]
    if per_article:
        parts += ["Per article:", "", _fmt_per_article(fig["per_article"]), ""]
    if fig.get("reliability"):
        parts += ["Reliability (confidence = P(predicted article set exactly right)):", "", _fmt_reliability(fig), ""]
    if fig.get("review"):
        parts += ["Review threshold trade-off:", "", _fmt_review(fig["review"]), ""]
    return "\n".join(parts)


# ------------------------------------------------------------------ gold
def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", (s or "")).strip().lower()


def load_gold_articles(gold_dir: Path) -> tuple[list[dict], int]:
    """Gold article units with their full text joined from the segmentation gold.

    Returns (units with a ``text`` key, how many had only a truncated ``text_start``)."""
    path = gold_dir / "articles" / "units.jsonl"
    units = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts: dict[str, list[dict]] = {}
    for source, name in SEGMENTATION_FILES.items():
        seg = gold_dir / "segmentation" / name
        if seg.exists():
            texts[source] = [json.loads(line) for line in seg.read_text(encoding="utf-8").splitlines() if line.strip()]
    fallback = 0
    for u in units:
        start = _norm(u.get("text_start", ""))
        cands = [s for s in texts.get(u.get("source", ""), []) if s.get("text")]
        hit = None
        for s in cands:      # same paragraph and same start
            if u.get("paragraph") and s.get("paragraph") == u.get("paragraph") and _norm(s["text"]).startswith(start[:40]):
                hit = s
                break
        if hit is None:
            for s in cands:  # same start
                if start and _norm(s["text"]).startswith(start):
                    hit = s
                    break
        if hit is None:
            # short units: text_start (60 characters) is the whole text; longer ones are truncated
            fallback += len(u.get("text_start", "")) >= 60
            u["text"] = u.get("text_start", "")
        else:
            u["text"] = hit["text"]
    return units, fallback


def evaluate_gold_articles(clf: Classifier, gold_dir: Path) -> str:
    return gold_articles_report(clf, gold_dir)[0]


def gold_articles_report(clf: Classifier, gold_dir: Path) -> tuple[str, dict]:
    """(markdown section, figures) for the article gold."""
    units, fallback = load_gold_articles(gold_dir)
    preds = clf.predict([u["text"] for u in units], unit_types=["recommendation"] * len(units))
    fig = article_metrics([u["articles"] for u in units], [p.articles for p in preds], [p.confidence for p in preds])
    parts = [format_article_section(f"Hand-labelled gold: {gold_dir / 'articles' / 'units.jsonl'} (evaluation only)", fig),
             f"Full texts: {len(units) - fallback}/{len(units)} (joined from the segmentation gold, or text_start "
             f"when shorter than 60 characters)" + (f"; {fallback} classified from a truncated 60-character start"
                                                     if fallback else ""), ""]
    by_source: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_source.setdefault(u.get("source", "?"), []).append(i)
    parts += ["By source:", ""]
    for src, idx in sorted(by_source.items()):
        f = article_metrics([units[i]["articles"] for i in idx], [preds[i].articles for i in idx])
        parts.append(f"- {src}: {_fmt_headline(f)}")
    # top-scoring article regardless of the any-threshold (how often the ranking is right)
    pos = [i for i, u in enumerate(units) if u["articles"]]
    if pos:
        ranked_ok = sum(1 for i in pos if preds[i].article_scores and int(next(iter(preds[i].article_scores))) in units[i]["articles"])
        parts += ["", f"Top-scoring article in gold among units with an article (ignoring the no-article decision): "
                      f"{ranked_ok}/{len(pos)} = {ranked_ok / len(pos):.3f}"]
        fig["top_scoring_in_gold"] = round(ranked_ok / len(pos), 4)
    return "\n".join(parts) + "\n", fig


def status_gold_part(text: str) -> str:
    """Fixed split of the status gold: "dev" (used while writing the status rules, see
    models/README.md) or "test" (never looked at). sha1 of the text, even -> dev."""
    return "dev" if int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def _status_table(title: str, rows: list[dict], preds: list) -> list[str]:
    fig = status_metrics([r["status"] for r in rows], [p.status for p in preds], STATUSES)
    lines = [f"### {title}", "", f"n={fig['n']}: accuracy {fig['accuracy']:.3f} · macro-F1 {fig['macro_f1']:.3f} "
             f"(over the statuses present in gold or prediction)", "",
             "| status | support | predicted | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|"]
    for lab, r in fig["per_status"].items():
        lines.append(f"| {lab} | {r['support']} | {r['predicted']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} |")
    return lines + [""]


def evaluate_gold_status(clf: Classifier, gold_dir: Path) -> str:
    return gold_status_report(clf, gold_dir)[0]


def gold_status_report(clf: Classifier, gold_dir: Path) -> tuple[str, dict]:
    """(markdown section, figures by half) for the status gold."""
    path = gold_dir / "status" / "findings.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("status") in STATUSES]
    kinds = [r.get("unit_type") or ("committee_recommendation" if r.get("source") == "committee" else "finding")
             for r in rows]
    preds = clf.predict([r.get("text", "") for r in rows], unit_types=kinds, grades=[r.get("grade") for r in rows])
    parts = [status_gold_part(r.get("text", "")) for r in rows]
    lines = [f"## Hand-labelled status gold: {path}", "",
             "Split by sha1 of the text: the *dev* half was read while writing the status rules (so its figures are "
             "optimistic); the texts and labels of the *test* half were not looked at -- its figures are the honest "
             "ones.", ""]
    test = [i for i, p in enumerate(parts) if p == "test"]
    dev = [i for i, p in enumerate(parts) if p == "dev"]
    lines += _status_table("test half (not used for the rules)", [rows[i] for i in test], [preds[i] for i in test])
    lines += _status_table("dev half (used for the rules)", [rows[i] for i in dev], [preds[i] for i in dev])
    lines += _status_table("all", rows, preds)
    fig = status_metrics([r["status"] for r in rows], [p.status for p in preds], STATUSES)
    lines += ["Confusion, all (rows gold, columns predicted):", "",
              "| gold \\ pred | " + " | ".join(STATUSES) + " |", "|---|" + "---:|" * len(STATUSES)]
    for g in STATUSES:
        lines.append(f"| {g} | " + " | ".join(str(fig["confusion"][g][p]) for p in STATUSES) + " |")
    rel: dict = {}
    for p, r in zip(preds, rows):
        rel.setdefault(p.status_score, []).append(p.status == r["status"])
    lines += ["", "Status score (fixed per rule) vs observed accuracy, all:", "", "| status_score | count | accuracy |",
              "|---:|---:|---:|"]
    for sc in sorted(rel, key=lambda x: (x is None, x)):
        lines.append(f"| {sc} | {len(rel[sc])} | {sum(rel[sc]) / len(rel[sc]):.3f} |")
    figs = {}
    for name, idx in (("test_half", test), ("dev_half", dev), ("all", list(range(len(rows))))):
        f = status_metrics([rows[i]["status"] for i in idx], [preds[i].status for i in idx], STATUSES)
        figs[name] = {"n": f["n"], "accuracy": f["accuracy"], "macro_f1": f["macro_f1"],
                      "f1": {k: v["f1"] for k, v in f["per_status"].items()}}
    return "\n".join(lines) + "\n", figs


# ------------------------------------------------------------------ entry point
def evaluate(csv_path: Path | None, models_dir: Path, gold_dir: Path, *, classifier: Classifier | None = None) -> str:
    """Human-readable report: held-out sessions of the UPR Info export, then the gold files."""
    from .data import default_csv_path
    clf = classifier or load_classifier(Path(models_dir))
    parts = [f"# Classifier evaluation -- model {clf.version}", ""]
    csv_path = Path(csv_path) if csv_path is not None else default_csv_path()
    if csv_path.exists():
        examples = [e for e in load_examples(csv_path) if e.articles is not None and e.session in TEST_SESSIONS]
        preds = clf.predict([e.text for e in examples])
        fig = article_metrics([e.articles for e in examples], [p.articles for p in preds], [p.confidence for p in preds])
        parts.append(format_article_section(
            f"Held-out UPR Info sessions {', '.join(map(str, TEST_SESSIONS))} (labels from docs/issue_article_map.md; "
            f"never used for training, thresholds or calibration)", fig))
        fired = [i for i, e in enumerate(examples) if explicit_articles(e.text).articles]
        if fired:
            ok = sum(1 for i in fired if set(explicit_articles(examples[i].text).articles) <= set(examples[i].articles))
            parts.append(f"Explicit-reference rules fired on {len(fired)} held-out texts; their articles were all in the "
                         f"derived gold for {ok}.\n")
        else:
            parts.append("Explicit-reference rules fired on no held-out text (UPR recommendations rarely cite article numbers).\n")
    else:
        parts.append(f"(UPR Info CSV not found at {csv_path}: held-out figures skipped)\n")
    gold_dir = Path(gold_dir)
    if (gold_dir / "articles" / "units.jsonl").exists():
        parts.append(evaluate_gold_articles(clf, gold_dir))
    else:
        parts.append(f"(no article gold at {gold_dir / 'articles' / 'units.jsonl'})\n")
    if (gold_dir / "status" / "findings.jsonl").exists():
        parts.append(evaluate_gold_status(clf, gold_dir))
    else:
        parts.append(f"(no status gold at {gold_dir / 'status' / 'findings.jsonl'})\n")
    return "\n".join(parts)
