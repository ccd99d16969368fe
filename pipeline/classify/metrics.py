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
    """Accuracy, macro-F1, per-label table, confusion.

    ``macro_f1`` is the mean F1 over the labels **present in the gold of this set** (a status with
    no gold example has no recall to score; predicting it by mistake still lowers the recall of
    the true label). ``macro_f1_gold_or_pred`` is the
    mean over labels present in gold *or* prediction (an absent status predicted by mistake
    counts as F1 0), for comparison; ``macro_f1_labels`` lists the labels averaged over.
    """
    per = {}
    f1s, f1s_any, present = [], [], []
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
        f1s_any.append(f1)
        if tp + fn:
            f1s.append(f1)
            present.append(lab)
    confusion = {g: {p: sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in labels} for g in labels}
    return {"n": len(gold), "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred)])), 4) if gold else float("nan"),
            "macro_f1": round(float(np.mean(f1s)), 4) if f1s else float("nan"), "macro_f1_labels": present,
            "macro_f1_gold_or_pred": round(float(np.mean(f1s_any)), 4) if f1s_any else float("nan"),
            "per_status": per, "confusion": confusion}


def stratified_folds(labels: Sequence[str], n_folds: int, rng: np.random.Generator) -> list[list[int]]:
    """Indices split into ``n_folds`` folds, each label dealt round-robin from a random start (so a
    label with fewer examples than folds lands in a random subset of the folds)."""
    folds: list[list[int]] = [[] for _ in range(n_folds)]
    by_label: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    offset = int(rng.integers(n_folds))
    for lab in sorted(by_label):
        idx = list(rng.permutation(by_label[lab]))
        for j, i in enumerate(idx):
            folds[(offset + j) % n_folds].append(int(i))
        offset = (offset + len(idx)) % n_folds
    return [sorted(f) for f in folds]


def repeated_cv_status(gold: Sequence[str], pred: Sequence[str | None], labels: Sequence[str], *,
                       n_repeats: int = 5, n_folds: int = 2, seed: int = 0) -> dict:
    """Repeated stratified cross-validation figure for *fixed* predictions (rules do not train):
    every fold of every repeat is scored on its own, and the mean ± sd over the
    ``n_repeats * n_folds`` folds shows how much one small split can move the figure.

    Macro-F1 per fold is over the labels present in that fold's gold; a label's F1 is averaged
    over the folds where it has gold support (``folds`` says in how many)."""
    rng = np.random.default_rng(seed)
    macro, acc = [], []
    per: dict[str, list[float]] = {lab: [] for lab in labels}
    for _ in range(n_repeats):
        for fold in stratified_folds(gold, n_folds, rng):
            if not fold:
                continue
            f = status_metrics([gold[i] for i in fold], [pred[i] for i in fold], labels)
            macro.append(f["macro_f1"])
            acc.append(f["accuracy"])
            for lab in f["macro_f1_labels"]:
                per[lab].append(f["per_status"][lab]["f1"])

    def ms(xs: list[float]) -> dict:
        return {"mean": round(float(np.mean(xs)), 4) if xs else float("nan"),
                "sd": round(float(np.std(xs, ddof=1)), 4) if len(xs) > 1 else float("nan"), "folds": len(xs)}

    return {"n": len(gold), "n_repeats": n_repeats, "n_folds": n_folds, "seed": seed, "macro_f1": ms(macro),
            "accuracy": ms(acc), "per_status": {lab: ms(v) for lab, v in per.items() if v}}


def _macro_f1_rows(gold: np.ndarray, pred: np.ndarray, n_labels: int) -> np.ndarray:
    """Macro-F1 of each row of ``gold``/``pred`` (label indices; -1 = no prediction), over the
    labels present in that row's gold -- the convention of :func:`status_metrics`."""
    f1s = np.zeros((gold.shape[0], n_labels))
    present = np.zeros((gold.shape[0], n_labels), bool)
    for lab in range(n_labels):
        g, p = gold == lab, pred == lab
        tp = (g & p).sum(axis=1)
        fp = (~g & p).sum(axis=1)
        fn = (g & ~p).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            f1s[:, lab] = np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        present[:, lab] = (tp + fn) > 0
    return (f1s * present).sum(axis=1) / np.maximum(present.sum(axis=1), 1)


def bootstrap_status(gold: Sequence[str], preds: dict[str, Sequence[str | None]], labels: Sequence[str], *,
                     reps: int = 2000, seed: int = 0) -> dict:
    """Percentile 95% intervals of macro-F1 for each prediction in ``preds`` and of the difference
    between the first two (paired: the same resampled rows score both), from ``reps`` resamples of
    the rows with replacement. How far a figure from a small gold can be trusted."""
    index = {lab: i for i, lab in enumerate(labels)}
    g = np.asarray([index[x] for x in gold])
    rows = np.random.default_rng(seed).integers(0, len(g), size=(reps, len(g)))
    scores = {}
    for name, pred in preds.items():
        p = np.asarray([index.get(x, -1) if x is not None else -1 for x in pred])
        scores[name] = _macro_f1_rows(g[rows], p[rows], len(labels))

    def ci(x: np.ndarray) -> list[float]:
        return [round(float(np.percentile(x, 2.5)), 4), round(float(np.percentile(x, 97.5)), 4)]

    out = {"reps": reps, "seed": seed, "n": len(g), "ci95": {name: ci(s) for name, s in scores.items()}}
    names = list(preds)
    if len(names) >= 2:
        d = scores[names[0]] - scores[names[1]]
        out["difference"] = {"of": names[:2], "ci95": ci(d), "share_above_zero": round(float((d > 0).mean()), 4)}
    return out
