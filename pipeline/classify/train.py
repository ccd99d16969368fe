"""Train the article model from the UPR Info export, and the status model, and write ``models/``.

``train(csv_path, models_dir)``:

1. derive article labels for every row (:mod:`.issue_map`); ambiguous rows are left out;
2. split by ``Session``: :data:`~.data.TRAIN_SESSIONS` for training, :data:`~.data.TEST_SESSIONS`
   held out (never used for fitting, thresholds or calibration);
3. fit the TF-IDF vocabulary on the training texts, then 5-fold out-of-fold predictions grouped
   by session: from them the ``any_threshold`` (the one that maximises min(top-1, no-article
   accuracy)) and the two isotonic confidence maps;
4. fit both heads on all training rows (+ reviewer corrections, if given);
5. train the status model (:mod:`.status_model`) on ``settings.status_training_dir``, the dev halves of
   the status gold and reviewer corrections of statuses, and write ``status_model.joblib``;
6. score the held-out sessions with the full :class:`~.model.Classifier` and write
   ``article_model.joblib``, ``manifest.json`` and ``README.md``.

Deterministic: fixed fold assignment, lbfgs (no randomness), inputs in file order.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np

from pipeline.config import PROJECT_ROOT, Settings

from .calibration import IsotonicCalibrator, format_reliability
from .data import (DEV_SESSIONS, DEV_TRAIN_SESSIONS, TEST_SESSIONS, TRAIN_SESSIONS, Example, load_examples,
                   sha256_file)
from .issue_map import MAPPING_VERSION
from .metrics import article_metrics
from .model import MANIFEST_FILE, MODEL_FILE, ArticleModel, Classifier, decide_articles
from .status_model import (CLASSES, GRID as STATUS_GRID, STATUS_MODEL_FILE, StatusExample, StatusModel,
                           default_embedder, embedding_version, load_status_training, softmax, train_status_model)
from .text import article_text, strip_vectorizer

MODEL_NAME = "upr-articles-tfidf-lr"
MODEL_VERSION = "1.1.0"
SEED = 0
HYPER = {
    "word_ngram_range": (1, 2), "word_min_df": 2,
    "char_ngram_range": (3, 5), "char_min_df": 3, "char_max_features": 60000,
    "C_any": 10.0, "C_cond": 30.0, "solver": "lbfgs",
    "oof_folds": 5, "correction_weight": 3,
}
#: See models/README.md "Review threshold": the default of Settings.review_threshold.
RECOMMENDED_REVIEW_THRESHOLD = 0.80
ANY_THRESHOLD_GRID = tuple(round(x, 3) for x in np.arange(0.2, 0.801, 0.025))


# ------------------------------------------------------------------ building blocks
def build_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    word = TfidfVectorizer(ngram_range=HYPER["word_ngram_range"], min_df=HYPER["word_min_df"], sublinear_tf=True,
                           strip_accents="unicode", lowercase=True, dtype=np.float32)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=HYPER["char_ngram_range"], min_df=HYPER["char_min_df"],
                           max_features=HYPER["char_max_features"], sublinear_tf=True, strip_accents="unicode",
                           lowercase=True, dtype=np.float32)
    return FeatureUnion([("word", word), ("char", char)])


def fit_heads(X, Y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Fit the binary 'any article' head on all rows and the conditional heads on rows with an article."""
    from sklearn.linear_model import LogisticRegression
    y_any = Y.any(axis=1).astype(int)
    any_clf = LogisticRegression(C=HYPER["C_any"], solver=HYPER["solver"], max_iter=5000, random_state=SEED)
    any_clf.fit(X, y_any)
    pos = np.flatnonzero(y_any)
    Xp, Yp = X[pos], Y[pos]
    coefs, intercepts = [], []
    for j in range(Y.shape[1]):
        yj = Yp[:, j]
        if yj.min() == yj.max():            # an article with no (or only) positives: constant head
            coefs.append(np.zeros(X.shape[1], dtype=np.float32))
            intercepts.append(-10.0 if yj.max() == 0 else 10.0)
            continue
        clf = LogisticRegression(C=HYPER["C_cond"], solver=HYPER["solver"], max_iter=5000, random_state=SEED)
        clf.fit(Xp, yj)
        coefs.append(clf.coef_.ravel().astype(np.float32))
        intercepts.append(float(clf.intercept_[0]))
    return (any_clf.coef_.ravel().astype(np.float32), float(any_clf.intercept_[0]),
            np.stack(coefs, axis=1).astype(np.float32), np.asarray(intercepts, dtype=np.float32))


def _label_matrix(labels: Sequence[Sequence[int]], articles: Sequence[int]) -> np.ndarray:
    idx = {a: j for j, a in enumerate(articles)}
    Y = np.zeros((len(labels), len(articles)), dtype=np.int8)
    for i, labs in enumerate(labels):
        for a in labs:
            if a in idx:
                Y[i, idx[a]] = 1
    return Y


def _scores(X, any_coef, any_b, cond_coef, cond_b) -> tuple[np.ndarray, np.ndarray]:
    from .model import _sigmoid
    return (_sigmoid(np.asarray(X @ any_coef).ravel() + any_b), _sigmoid(np.asarray(X @ cond_coef) + cond_b))


def _decide_all(p_any, p_cond, articles, any_threshold, cond_threshold):
    return [decide_articles(p_any[i], p_cond[i], articles, any_threshold=any_threshold, cond_threshold=cond_threshold)
            for i in range(len(p_any))]


def choose_any_threshold(p_any: np.ndarray, p_cond: np.ndarray, gold: Sequence[Sequence[int]],
                         articles: Sequence[int], cond_threshold: float) -> tuple[float, list[dict]]:
    """The grid value maximising min(top-1, no-article accuracy) on out-of-fold scores."""
    gold_sets = [set(g) for g in gold]
    pos = np.array([bool(g) for g in gold_sets])
    top_art = np.asarray(articles)[p_cond.argmax(axis=1)]
    top_ok = np.array([a in g for a, g in zip(top_art, gold_sets)])
    grid = []
    for t in ANY_THRESHOLD_GRID:
        has = p_any >= t
        top1 = float((has & top_ok)[pos].mean())
        none = float((~has)[~pos].mean())
        grid.append({"any_threshold": t, "top1": round(top1, 4), "no_article_accuracy": round(none, 4)})
    best = max(grid, key=lambda r: (min(r["top1"], r["no_article_accuracy"]), r["top1"]))
    return float(best["any_threshold"]), grid


def parse_corrections(corrections: list[dict] | None) -> tuple[list[tuple[str, list[int]]], int]:
    """Reviewer corrections usable for training: dicts with ``text`` and either ``articles`` (list)
    or ``field == "articles"`` with a JSON ``new_value``. Returns (examples, skipped)."""
    out: list[tuple[str, list[int]]] = []
    skipped = 0
    for c in corrections or []:
        if "articles" not in c and (c.get("field") not in (None, "articles") or "status" in c):
            continue                     # a correction of another field (statuses: parse_status_corrections)
        text = (c.get("text") or "").strip()
        arts = c.get("articles")
        if arts is None and c.get("field") == "articles":
            try:
                arts = json.loads(c.get("new_value") or "null")
            except (TypeError, ValueError):
                arts = None
        if isinstance(arts, str):
            try:
                arts = json.loads(arts)
            except ValueError:
                arts = None
        if not text or not isinstance(arts, list):
            skipped += 1
            continue
        try:
            out.append((text, sorted({int(a) for a in arts if 1 <= int(a) <= 27})))
        except (TypeError, ValueError):
            skipped += 1
    return out, skipped


# ------------------------------------------------------------------ training
def train(csv_path: Path | None, models_dir: Path, *, corrections: list[dict] | None = None,
          settings: Settings | None = None, verbose: bool = True, gold_dir: Path | None | bool = None) -> dict:
    """Rebuild ``models_dir`` from the UPR Info export; returns the figures (also in manifest.json).

    Runs with BLAS limited to one thread: reproducible floating-point sums, and the other half of
    a 2-core machine stays free.

    ``gold_dir`` (default ``evaluation/gold`` when it exists; ``False`` to skip): hand-labelled
    gold, scored *after* the models are fitted and written, for the README only -- it never
    influences the article model, its thresholds or its calibration. The status model
    (:func:`train_status`) trains on the *dev* halves of the status gold files (never their test
    halves) besides ``settings.status_training_dir``.
    """
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1):
        return _train(csv_path, models_dir, corrections=corrections, settings=settings, verbose=verbose,
                      gold_dir=gold_dir)


def _train(csv_path, models_dir, *, corrections, settings, verbose, gold_dir) -> dict:
    from scipy import sparse
    t0 = time.time()
    settings = settings or Settings()
    if csv_path is None:
        from .data import default_csv_path
        csv_path = default_csv_path()
    log = (lambda *a: print(*a, flush=True)) if verbose else (lambda *a: None)
    if gold_dir is None:
        gold_dir = PROJECT_ROOT / "evaluation" / "gold"
    csv_path, models_dir = Path(csv_path), Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    examples = load_examples(csv_path)
    usable = [e for e in examples if e.articles is not None]
    train_ex = [e for e in usable if e.session in TRAIN_SESSIONS]
    test_ex = [e for e in usable if e.session in TEST_SESSIONS]
    extra, skipped = parse_corrections(corrections)
    articles = sorted({a for e in train_ex for a in e.articles} | {a for _, labs in extra for a in labs})
    log(f"rows {len(examples)}, labelled {len(usable)} (dropped as ambiguous {len(examples) - len(usable)}); "
        f"train {len(train_ex)} (sessions {TRAIN_SESSIONS[0]}-{TRAIN_SESSIONS[-1]}), "
        f"test {len(test_ex)} (sessions {', '.join(map(str, TEST_SESSIONS))}); corrections {len(extra)}")

    texts = [article_text(e.text) for e in train_ex]
    Y = _label_matrix([e.articles for e in train_ex], articles)
    vec = build_vectorizer()
    X = vec.fit_transform(texts).tocsr()
    log(f"features {X.shape[1]} ({time.time() - t0:.1f}s)")

    # out-of-fold scores, folds = groups of whole sessions (deterministic assignment)
    sessions = np.array([e.session for e in train_ex])
    uniq = sorted(set(sessions.tolist()))
    fold_of = {s: i % HYPER["oof_folds"] for i, s in enumerate(uniq)}
    folds = np.array([fold_of[s] for s in sessions])
    oof_any = np.zeros(len(train_ex))
    oof_cond = np.zeros((len(train_ex), len(articles)))
    for k in range(HYPER["oof_folds"]):
        tr, va = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        heads = fit_heads(X[tr], Y[tr])
        oof_any[va], oof_cond[va] = _scores(X[va], *heads)
        log(f"fold {k + 1}/{HYPER['oof_folds']} done ({time.time() - t0:.1f}s)")

    gold = [e.articles for e in train_ex]
    cond_threshold = settings.article_threshold
    any_threshold, grid = choose_any_threshold(oof_any, oof_cond, gold, articles, cond_threshold)
    decisions = _decide_all(oof_any, oof_cond, articles, any_threshold, cond_threshold)
    correct = np.array([set(d.articles) == set(g) for d, g in zip(decisions, gold)])
    raws = np.array([d.raw for d in decisions])
    empty = np.array([not d.articles for d in decisions])
    calibrators = {"empty": IsotonicCalibrator.fit(raws[empty], correct[empty]),
                   "articles": IsotonicCalibrator.fit(raws[~empty], correct[~empty])}
    oof_pred = [d.articles for d in decisions]
    model = ArticleModel(vectorizer=vec, articles=articles, any_coef=np.zeros(1), any_intercept=0.0,
                         cond_coef=np.zeros((1, 1)), cond_intercept=np.zeros(1), any_threshold=any_threshold,
                         cond_threshold=cond_threshold, calibrators=calibrators)
    oof_conf = model.calibrate(raws, empty)
    oof_figures = article_metrics(gold, oof_pred, oof_conf)
    log(f"any_threshold {any_threshold} (out-of-fold top-1 {oof_figures['top1']}, "
        f"no-article {oof_figures['no_article_accuracy']})")

    # final heads on all training rows (+ corrections, repeated `correction_weight` times)
    if extra:
        Xc = vec.transform([article_text(t) for t, _ in extra])
        Yc = _label_matrix([labs for _, labs in extra], articles)
        w = HYPER["correction_weight"]
        X_all = sparse.vstack([X] + [Xc] * w).tocsr()
        Y_all = np.vstack([Y] + [Yc] * w)
    else:
        X_all, Y_all = X, Y
    model.any_coef, model.any_intercept, model.cond_coef, model.cond_intercept = fit_heads(X_all, Y_all)
    strip_vectorizer(vec)

    data_sha = sha256_file(csv_path)
    corr_sha = hashlib.sha256(json.dumps(extra, sort_keys=True).encode()).hexdigest()[:8] if extra else ""
    version = f"{MODEL_VERSION}+{MAPPING_VERSION}.data-{data_sha[:8]}" + (f".corr-{corr_sha}" if extra else "")
    model.meta = {"version": version, "name": MODEL_NAME}
    path = models_dir / MODEL_FILE
    model.save(path)
    log(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB, {time.time() - t0:.1f}s)")

    status_model, status_figures = train_status(settings.status_training_dir, gold_dir, corrections, models_dir, log,
                                                settings)
    status_version = f"status-model-{status_model.meta['version']}" if status_model is not None else "status-rules"

    # held-out evaluation with the full classifier (rules included), exactly as shipped
    clf = Classifier(ArticleModel.load(path), settings=settings, version=f"{version}+{status_version}",
                     status_model=status_model)
    test_figures = evaluate_examples(clf, test_ex)
    train_seconds = round(time.time() - t0, 1)
    figures = {
        "held_out": _strip_per(test_figures),
        "held_out_per_article": test_figures["per_article"],
        "held_out_reliability": test_figures.get("reliability"),
        "held_out_review_curve": test_figures.get("review"),
        "out_of_fold": _strip_per(oof_figures),
        "out_of_fold_review_curve": oof_figures.get("review"),
        "any_threshold_grid": grid,
        "status_model": status_figures,
        "train_seconds": train_seconds,
    }
    gold_sections: list[str] = []
    if gold_dir:
        from .evaluate import gold_articles_report, gold_status_report
        gold_dir = Path(gold_dir)
        if (gold_dir / "articles" / "units.jsonl").exists():
            text, fig = gold_articles_report(clf, gold_dir)
            gold_sections.append(text)
            figures["gold_articles"] = _strip_per(fig)
        if (gold_dir / "status" / "findings.jsonl").exists():
            text, fig = gold_status_report(clf, gold_dir)
            gold_sections.append(text)
            figures["gold_status"] = fig
    manifest = {
        "name": MODEL_NAME,
        "version": version,
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "model_file": MODEL_FILE,
        "model_bytes": path.stat().st_size,
        "training_data": {
            "file": csv_path.name,
            "sha256": data_sha,
            "rows": len(examples),
            "rows_labelled": len(usable),
            "rows_dropped_ambiguous": len(examples) - len(usable),
            "rows_train": len(train_ex),
            "rows_test": len(test_ex),
            "train_sessions": list(TRAIN_SESSIONS),
            "test_sessions": list(TEST_SESSIONS),
            "dev_protocol": {"train_sessions": list(DEV_TRAIN_SESSIONS), "dev_sessions": list(DEV_SESSIONS)},
            "corrections_used": len(extra),
            "corrections_skipped": skipped,
        },
        "mapping_version": MAPPING_VERSION,
        "articles": articles,
        "hyperparameters": {k: list(v) if isinstance(v, tuple) else v for k, v in HYPER.items()},
        "any_threshold": any_threshold,
        "article_threshold_at_training": cond_threshold,
        "review_threshold_recommended": RECOMMENDED_REVIEW_THRESHOLD,
        "environment": {"python": platform.python_version(), "sklearn": _sklearn_version()},
        "figures": figures,
    }
    (models_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    from .report import write_models_readme
    write_models_readme(models_dir, manifest, gold_sections)
    log(f"held-out: top-1 {test_figures['top1']}, no-article {test_figures['no_article_accuracy']}, "
        f"exact {test_figures['exact_set_accuracy']}, micro-F1 {test_figures['micro_f1']}, "
        f"macro-F1 {test_figures['macro_f1']}, ECE {test_figures.get('ece')}")
    log(format_reliability_from(test_figures))
    log(f"done in {train_seconds}s")
    return figures


def parse_status_corrections(corrections: list[dict] | None) -> list[StatusExample]:
    """Reviewer corrections of a finding's status, as training rows of the group "corrections"."""
    out = []
    for c in corrections or []:
        text = (c.get("text") or "").strip()
        status = c.get("status")
        if status is None and c.get("field") == "status":
            status = c.get("new_value")
        if isinstance(status, str) and status.startswith('"'):
            try:
                status = json.loads(status)
            except ValueError:
                status = None
        if text and status in CLASSES:
            out.append(StatusExample(text, status, "corrections"))
    return out


def train_status(training_dir: Path, gold_dir: Path | bool | None, corrections: list[dict] | None, models_dir: Path,
                 log, settings: Settings | None = None) -> tuple[StatusModel | None, dict | None]:
    """Fit and write the status model (:mod:`.status_model`); ``(None, None)`` when there is no
    training data (the classifier then uses the cue rules alone). The paragraphs' sentence
    embeddings come from the embedding cache under ``settings.cache_dir`` (encoded once)."""
    rows = load_status_training(Path(training_dir), Path(gold_dir) if gold_dir else None)
    rows += parse_status_corrections(corrections)
    if len({r.group for r in rows}) < 2:
        log(f"status model: no training data in {training_dir}; the cue rules decide statuses")
        (models_dir / STATUS_MODEL_FILE).unlink(missing_ok=True)
        return None, None
    t0 = time.time()
    log(f"status model: {len(rows)} rows from {len({r.group for r in rows})} groups; leave-one-group-out "
        f"selection over {len(STATUS_GRID)} configurations")
    embed = default_embedder(settings)
    t_embed = time.time()
    embed([r.text for r in rows])               # encode the new paragraphs once, with a log line
    log(f"status model: sentence embeddings of {len(rows)} paragraphs ready ({time.time() - t_embed:.1f}s)")
    model, sel = train_status_model(rows, progress=lambda k, n, row: log(
        f"  [{k}/{n}] {row['params']}: mean macro-F1 {row['mean_macro_f1']:.3f}") if k % 6 == 0 or k == n else None,
        embedder=embed, embedder_version=embedding_version())
    path = models_dir / STATUS_MODEL_FILE
    model.save(path)
    chosen = next(r for r in sel.table if r["params"] == sel.params)
    log(f"status model: chose {sel.params}, temperature {sel.temperature:.3f}; leave-one-group-out macro-F1 "
        f"{chosen['mean_macro_f1']:.3f} (the cue rules alone: {np.mean(list(sel.rules_by_group.values())):.3f}); "
        f"wrote {path} ({time.time() - t0:.1f}s)")
    y = [CLASSES.index(r.status) for r in rows]
    probs = softmax(sel.oof_logits, sel.temperature)
    conf = probs.max(axis=1)
    ok = probs.argmax(axis=1) == np.asarray(y)
    from .calibration import expected_calibration_error
    return model, {**model.meta, "file": STATUS_MODEL_FILE, "bytes": path.stat().st_size,
                   "selection": sel.table, "rules_by_group": sel.rules_by_group,
                   "out_of_group_ece": round(expected_calibration_error(conf, ok), 4),
                   "out_of_group_accuracy": round(float(ok.mean()), 4),
                   "seconds": round(time.time() - t0, 1)}


def evaluate_examples(clf: Classifier, examples: Sequence[Example]) -> dict:
    preds = clf.predict([e.text for e in examples])
    return article_metrics([e.articles for e in examples], [p.articles for p in preds], [p.confidence for p in preds])


def format_reliability_from(figures: dict) -> str:
    from .calibration import ReliabilityRow
    rows = [ReliabilityRow(r["lo"], r["hi"], r["count"], r["mean_confidence"], r["accuracy"])
            for r in figures.get("reliability") or []]
    return format_reliability(rows)


def _strip_per(fig: dict) -> dict:
    return {k: v for k, v in fig.items() if k not in {"per_article", "reliability", "review"}}


def _sklearn_version() -> str:
    import sklearn
    return sklearn.__version__
