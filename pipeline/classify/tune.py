"""The development protocol that chose the hyper-parameters (``python -m pipeline.classify tune``).

Train on sessions 1-8, score sessions 9-10 (the held-out test sessions 11-12 are not read).
For each configuration the any-threshold is chosen on the dev sessions themselves (this is the
tuning split), so these figures are optimistic by construction; the held-out figures in
models/README.md are the honest ones.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from pathlib import Path

import numpy as np

from .data import DEV_SESSIONS, DEV_TRAIN_SESSIONS, load_examples
from .metrics import article_metrics
from .text import article_text

T = importlib.import_module("pipeline.classify.train")   # the module (the package attribute `train` is the function)

CONFIGS: dict[str, dict] = {
    "chosen: word 1-2 + char 3-5, C_any 10, C_cond 30": {},
    "word 1-2 only": {"char_max_features": 0},
    "C_cond 10": {"C_cond": 10.0},
    "C_any 3": {"C_any": 3.0},
}


@contextlib.contextmanager
def _hyper(**overrides):
    old = dict(T.HYPER)
    T.HYPER.update(overrides)
    try:
        yield
    finally:
        T.HYPER.clear()
        T.HYPER.update(old)


def _vectorizer():
    if T.HYPER["char_max_features"] == 0:
        from sklearn.feature_extraction.text import TfidfVectorizer
        return TfidfVectorizer(ngram_range=T.HYPER["word_ngram_range"], min_df=T.HYPER["word_min_df"],
                               sublinear_tf=True, strip_accents="unicode", dtype=np.float32)
    return T.build_vectorizer()


def tune(csv_path: Path) -> str:
    examples = [e for e in load_examples(Path(csv_path)) if e.articles is not None]
    tr = [e for e in examples if e.session in DEV_TRAIN_SESSIONS]
    dev = [e for e in examples if e.session in DEV_SESSIONS]
    lines = [f"dev protocol: train sessions {DEV_TRAIN_SESSIONS[0]}-{DEV_TRAIN_SESSIONS[-1]} ({len(tr)} rows), "
             f"dev sessions {DEV_SESSIONS} ({len(dev)} rows)", "",
             "| configuration | any-threshold | top-1 | no-article | exact set | micro-F1 | macro-F1 | seconds |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    gold = [e.articles for e in dev]
    first = True
    for name, over in CONFIGS.items():
        with _hyper(**over):
            t0 = time.time()
            vec = _vectorizer()
            X = vec.fit_transform([article_text(e.text) for e in tr]).tocsr()
            Xd = vec.transform([article_text(e.text) for e in dev])
            articles = sorted({a for e in tr for a in e.articles})
            Y = T._label_matrix([e.articles for e in tr], articles)
            heads = T.fit_heads(X, Y)
            p_any, p_cond = T._scores(Xd, *heads)
            thr, _ = T.choose_any_threshold(p_any, p_cond, gold, articles, 0.5)
            preds = [d.articles for d in T._decide_all(p_any, p_cond, articles, thr, 0.5)]
            f = article_metrics(gold, preds)
            lines.append(f"| {name} | {thr} | {f['top1']:.3f} | {f['no_article_accuracy']:.3f} | "
                         f"{f['exact_set_accuracy']:.3f} | {f['micro_f1']:.3f} | {f['macro_f1']:.3f} | {time.time() - t0:.0f} |")
            if first:   # the single-stage baseline on the same features: article iff P(article) >= 0.5
                first = False
                from sklearn.linear_model import LogisticRegression
                P = np.zeros((Xd.shape[0], len(articles)))
                for j in range(len(articles)):
                    clf = LogisticRegression(C=T.HYPER["C_cond"], solver=T.HYPER["solver"], max_iter=5000)
                    P[:, j] = clf.fit(X, Y[:, j]).predict_proba(Xd)[:, 1]
                preds = []
                for p in P:
                    chosen = sorted([a for a, q in zip(articles, p) if q >= 0.5], key=lambda a: -p[articles.index(a)])
                    preds.append(chosen)
                f = article_metrics(gold, preds)
                lines.append(f"| single-stage one-vs-rest, p >= 0.5 (same features) | - | {f['top1']:.3f} | "
                             f"{f['no_article_accuracy']:.3f} | {f['exact_set_accuracy']:.3f} | {f['micro_f1']:.3f} | "
                             f"{f['macro_f1']:.3f} | - |")
    return "\n".join(lines)
