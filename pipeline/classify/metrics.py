"""Article-set and status metrics (pure functions over lists, no model)."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .calibration import expected_calibration_error, reliability_table


def article_metrics(gold: Sequence[Sequence[int]], pred: Sequence[Sequence[int]],
                    confidence: Sequence[float] | None = None) -> dict:
    """Top-1, no-article accuracy, exact-set accuracy, micro/macro-F1, per-article table, reliability.

    * top-1: among texts with >= 1 gold article, is the first predicted article in the gold set
      (a ``[]`` prediction counts as wrong);
    * no-article accuracy: among texts whose gold is ``[]``, is the prediction ``[]``;
    * exact: predicted set == gold set (what ``confidence`` estimates);
    * macro-F1: mean over articles with gold support in this set.
    """
    gold_sets = [set(map(int, g)) for g in gold]
    pred_lists = [list(map(int, p)) for p in pred]
    pred_sets = [set(p) for p in pred_lists]
    pos = [i for i, g in enumerate(gold_sets) if g]
    neg = [i for i, g in enumerate(gold_sets) if not g]
    top1 = float(np.mean([bool(pred_lists[i]) and pred_lists[i][0] in gold_sets[i] for i in pos])) if pos else float("nan")
    none_acc = float(np.mean([not pred_sets[i] for i in neg])) if neg else float("nan")
    exact_flags = [p == g for p, g in zip(pred_sets, gold_sets)]
    labels = sorted(set().union(*gold_sets, *pred_sets)) if gold_sets else []
    per: dict[str, dict] = {}
    tp_all = fp_all = fn_all = 0
    f1s = []
    for a in labels:
        tp = sum(1 for p, g in zip(pred_sets, gold_sets) if a in p and a in g)
        fp = sum(1 for p, g in zip(pred_sets, gold_sets) if a in p and a not in g)
        fn = sum(1 for p, g in zip(pred_sets, gold_sets) if a not in p and a in g)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[str(a)] = {"support": tp + fn, "predicted": tp + fp, "precision": round(prec, 4),
                       "recall": round(rec, 4), "f1": round(f1, 4)}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        if tp + fn:
            f1s.append(f1)
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    out = {
        "n": len(gold_sets), "n_with_article": len(pos), "n_no_article": len(neg),
        "top1": round(top1, 4), "no_article_accuracy": round(none_acc, 4),
        "exact_set_accuracy": round(float(np.mean(exact_flags)), 4) if exact_flags else float("nan"),
        "micro_f1": round(micro, 4), "micro_precision": round(micro_p, 4), "micro_recall": round(micro_r, 4),
        "macro_f1": round(float(np.mean(f1s)), 4) if f1s else float("nan"),
        "per_article": per,
    }
    if confidence is not None:
        rel = reliability_table(confidence, exact_flags)
        out["reliability"] = [{"lo": r.lo, "hi": r.hi, "count": r.count, "mean_confidence": round(r.mean_confidence, 4),
                               "accuracy": round(r.accuracy, 4)} for r in rel]
        out["ece"] = round(expected_calibration_error(confidence, exact_flags), 4)
        out["review"] = review_curve(confidence, exact_flags)
    return out


def review_curve(confidence: Sequence[float], correct: Sequence[bool],
                 thresholds: Sequence[float] = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)) -> list[dict]:
    """For each review threshold: share sent to review, accuracy of what is not, errors caught."""
    conf = np.asarray(confidence, float)
    ok = np.asarray(correct, bool)
    rows = []
    for t in thresholds:
        flagged = conf < t
        rows.append({
            "threshold": t,
            "flagged_share": round(float(flagged.mean()), 4),
            "accuracy_not_flagged": round(float(ok[~flagged].mean()), 4) if (~flagged).any() else float("nan"),
            "errors_caught": round(float((flagged & ~ok).sum() / max(1, (~ok).sum())), 4),
        })
    return rows


def status_metrics(gold: Sequence[str], pred: Sequence[str | None], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over ``labels`` present in gold or prediction, per-label table, confusion."""
    per = {}
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        if tp + fp + fn == 0:
            continue
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"support": tp + fn, "predicted": tp + fp, "precision": round(prec, 4), "recall": round(rec, 4),
                    "f1": round(f1, 4)}
        f1s.append(f1)
    confusion = {g: {p: sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in labels} for g in labels}
    return {"n": len(gold), "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred)])), 4) if gold else float("nan"),
            "macro_f1": round(float(np.mean(f1s)), 4) if f1s else float("nan"), "per_status": per, "confusion": confusion}
