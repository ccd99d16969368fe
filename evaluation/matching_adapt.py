"""Does adapting the embeddings to the matching task help the held-out ranking?

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m evaluation.matching_adapt [--variants base,linear,...]

Same protocol as :mod:`evaluation.matching_experiments`: the 5 outer folds of
:func:`evaluation.matching.fold_ids`, the matcher's own feature code (:func:`evaluation.matching.prepare`,
i.e. :func:`pipeline.match.build_sides` + :func:`pipeline.match.pair_features`) and the kept
scorer (:func:`evaluation.matching.fit_scorer`, logistic regression over
:data:`pipeline.match.FEATURES`). A variant is an *embedder factory*: given the training items of a
fold it returns a text -> vector function; everything else is unchanged.

For each outer fold f (train = the other 4 folds, test = fold f):
1. The embedding is adapted on the gold pairs of the training items only.
2. The test items are embedded with it and ``prepare`` recomputes the shortlist (top 50 by the
   new cosine) and every pair feature (cos, cos_gap, cos_rank, q_mean, q_hub, p_hub, csls, ...).
3. The scorer needs training pairs whose features look like the test pairs': features of a
   training item computed with an embedding adapted on that item itself are in-sample (its gold
   priors were pulled towards it), so the scorer would over-trust the cosine. The training
   items' features are therefore *cross-fitted*: an inner 5-fold split of the training items
   (``fold_ids(..., salt="inner")``), an embedding adapted on 4 inner folds describes the 5th.
   ``--in-sample`` switches this off (cheaper; shown for comparison).
4. The scorer is fitted on those training pairs and scores the test fold.
No test-fold label is used for fitting anything. The test items' texts are embedded like any
new text (transductive only in the sense that the prior pools are the same for all folds: the
adapted embedding has seen the priors, as positives of training items, never as positives of a
test item).

Variants
- ``base``: the packaged all-MiniLM-L6-v2 vectors (the pipeline's cache): reproduces the kept
  figures through this code path.
- ``linear``: a linear map W (384 x 384, initialised to the identity) on the frozen vectors, then
  L2-normalised; trained full-batch with a listwise softmax over the query's whole prior pool
  (every non-gold prior of the pool is a negative, the shortlist's hard ones included; several
  gold priors share the positive mass), temperature ``TAU``, plus ``lam * ||W - I||^2``.
- ``lowrank``: the same with W = I + U V^T (rank ``RANK``): fewer parameters.
- ``finetune``: MiniLM itself fine-tuned per fold (sentence-transformers model, own loop since
  the ``datasets`` package is not installed): in-batch-negatives softmax (MultipleNegativesRanking
  style, scale 20) over (query, gold prior, hard negative from the base shortlist) triples, the
  other gold priors of a query masked out of its negatives; AdamW, small LR, few epochs. Models
  live in memory only (nothing is written to the repository).
- ``finetune+upr``: as ``finetune`` with extra weak pairs from UPR Info's cycle-1 recommendations
  (``pipeline.classify.data.default_csv_path()``: $UPR_INFO_CSV or ../shared/data/…): two recommendations to the same
  state, from different recommending states, sharing an Issue label and with a high word-TF-IDF
  cosine, are a weak positive (they ask the same thing). Only run when asked for.

Reported for each variant: held-out ranking (top 5, no threshold) over the items with a gold
prior: P@1 and recall@5 (any gold prior among the 5), overall and per source; the ROC AUC of the
top candidate's probability for "follows up something" over all items; the run time.
"""

from __future__ import annotations

import argparse
import copy
import logging
import math
import os
import random
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from evaluation import matching as M  # noqa: E402
from pipeline.ids import normalize_text  # noqa: E402
from pipeline.match import Candidates, match_text, new_recommendations, prior_pools, topk_rows  # noqa: E402

log = logging.getLogger(__name__)

SEED = 0
TAU = 0.05                 # softmax temperature of the linear adapters' listwise loss
RANK = 16                  # rank of the low-rank adapter

Embed = Callable[[list[str]], np.ndarray]


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _normalize(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (x / n).astype(np.float32)


# ====================================================================== the task, once
@dataclass
class Task:
    items: list
    corpus: M.Corpus
    base: M.Data                          # the kept pipeline's data (base embeddings)
    base_embed: Embed                     # cached MiniLM vectors
    q_text: list[str]                     # match_text of each item (rows of base)
    p_text: list[str]                     # match_text of each prior row
    q_group: np.ndarray                   # pool id of each item
    p_group: np.ndarray                   # pool id of each prior row
    gold_rows: list[list[int]]            # prior rows that are gold for each item


def load_task() -> Task:
    from pipeline.embed import EmbeddingCache

    items = M.load_gold(ROOT / "evaluation" / "gold" / "matching")
    corpus = M.ingest(ROOT / "raw")
    M.align(items, corpus)
    cache = EmbeddingCache()
    base = M.prepare(items, corpus, cache.embed)
    units = {u.unit_id: u for u in corpus.units}
    pools = prior_pools(corpus.units, corpus.docs)
    key_of_new = {u.unit_id: key for u, key in new_recommendations(corpus.units, corpus.docs, pools)}
    key_of_prior = {u.unit_id: key for key, us in pools.items() for u in us}
    keys = sorted(set(key_of_prior.values()))
    gid = {k: i for i, k in enumerate(keys)}
    q_text = [match_text(units[it.unit_id].text) for it in base.items]
    p_text = [match_text(units[uid].text) for uid in base.prior_ids]
    row = {uid: j for j, uid in enumerate(base.prior_ids)}
    gold_rows = [sorted({row[u] for u in it.prior_ids if u in row}) for it in base.items]
    return Task(items, corpus, base, cache.embed, q_text, p_text,
                np.asarray([gid[key_of_new[it.unit_id]] for it in base.items]),
                np.asarray([gid[key_of_prior[uid]] for uid in base.prior_ids]), gold_rows)


# ====================================================================== variants (embedder factories)
def base_factory(task: Task, train: np.ndarray, seed: int) -> Embed:
    return task.base_embed


def _train_queries(task: Task, train: np.ndarray) -> np.ndarray:
    return np.asarray([i for i in train if task.gold_rows[i]], np.int64)


def linear_factory(lam: float, rank: int | None = None, steps: int = 300, lr: float = 1e-2,
                   tau: float = TAU) -> Callable[[Task, np.ndarray, int], Embed]:
    """A linear adapter on the frozen vectors (full W, or I + U V^T of rank ``rank``)."""

    def make(task: Task, train: np.ndarray, seed: int) -> Embed:
        import torch

        _seed(seed)
        tq = _train_queries(task, train)
        q0 = torch.from_numpy(task.base_embed([task.q_text[i] for i in tq]))
        p0 = torch.from_numpy(task.base_embed(task.p_text))
        d = q0.shape[1]
        same_pool = torch.from_numpy(task.q_group[tq][:, None] == task.p_group[None, :])
        pos = torch.zeros(len(tq), len(task.p_text), dtype=torch.bool)
        for r, i in enumerate(tq):
            pos[r, task.gold_rows[i]] = True
        if rank is None:
            delta = torch.zeros(d, d, requires_grad=True)
            params = [delta]
            w_of = lambda: torch.eye(d) + delta  # noqa: E731
        else:
            u = torch.zeros(d, rank, requires_grad=True)
            v = (torch.randn(d, rank) * 0.01).requires_grad_(True)
            params = [u, v]
            w_of = lambda: torch.eye(d) + u @ v.T  # noqa: E731
        opt = torch.optim.Adam(params, lr=lr)
        neg_inf = torch.tensor(-1e9)
        for _ in range(steps):
            w = w_of()
            q = torch.nn.functional.normalize(q0 @ w, dim=1)
            p = torch.nn.functional.normalize(p0 @ w, dim=1)
            s = torch.where(same_pool, q @ p.T / tau, neg_inf)
            loss = (torch.logsumexp(s, 1) - torch.logsumexp(torch.where(pos, s, neg_inf), 1)).mean()
            loss = loss + lam * ((w - torch.eye(d)) ** 2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        w = w_of().detach().numpy().astype(np.float32)

        def embed(texts: list[str]) -> np.ndarray:
            return _normalize(task.base_embed(texts) @ w)

        return embed

    return make


_BASE_MODEL = None


def _base_model():
    global _BASE_MODEL
    if _BASE_MODEL is None:
        from pipeline.embed import load_model

        _BASE_MODEL = load_model()
    return _BASE_MODEL


def _upr_pairs(max_pairs: int, seed: int) -> list[tuple[str, str]]:
    """Weak positive pairs from UPR Info cycle 1: same state under review, different recommending
    state, a shared Issue label, word TF-IDF cosine >= 0.5 (each text used once)."""
    import csv

    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.classify.data import default_csv_path
    rows = list(csv.DictReader(default_csv_path().open(encoding="utf-8")))
    by_state: dict[str, list[dict]] = {}
    for r in rows:
        if r.get("Text") and r.get("To"):
            by_state.setdefault(r["To"], []).append(r)
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")
    vec.fit([r["Text"] for r in rows])
    cand = []
    for state in sorted(by_state):
        rs = by_state[state]
        if len(rs) < 2:
            continue
        x = vec.transform([r["Text"] for r in rs])
        s = (x @ x.T).toarray()
        issues = [set(t.strip() for t in (r.get("Issue") or "").split(",") if t.strip()) for r in rs]
        a, b = np.nonzero(np.triu(s, 1) >= 0.5)
        for i, j in zip(a.tolist(), b.tolist()):
            if s[i, j] > 0.95 or rs[i]["From"] == rs[j]["From"] or not (issues[i] & issues[j]):
                continue
            cand.append((float(s[i, j]), match_text(rs[i]["Text"]), match_text(rs[j]["Text"])))
    rng = random.Random(seed)
    rng.shuffle(cand)
    used: set[str] = set()
    out = []
    for _, t1, t2 in cand:
        if t1 in used or t2 in used:
            continue
        used.update((t1, t2))
        out.append((t1, t2))
        if len(out) >= max_pairs:
            break
    return out


def finetune_factory(epochs: int = 2, lr: float = 2e-5, batch: int = 16, hard: int = 10, scale: float = 20.0,
                     upr_pairs: int = 0) -> Callable[[Task, np.ndarray, int], Embed]:
    """Fine-tune MiniLM on (query, gold prior, hard negative) triples of the training items."""

    def make(task: Task, train: np.ndarray, seed: int) -> Embed:
        import torch

        _seed(seed)
        model = copy.deepcopy(_base_model())
        model.train()
        rng = random.Random(seed)
        tq = _train_queries(task, train)
        base = task.base
        extra = _upr_pairs(upr_pairs, seed) if upr_pairs else []
        steps_per_epoch = math.ceil((len(tq) + len(extra)) / batch)
        total = steps_per_epoch * epochs
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
        warm = max(1, total // 10)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))

        def enc(texts: list[str]):
            prep = getattr(model, "preprocess", None) or model.tokenize
            feats = prep(texts)
            return torch.nn.functional.normalize(model(feats)["sentence_embedding"], dim=1)

        for _ in range(epochs):
            # one triple per training query per epoch: a random gold prior, a random non-gold
            # candidate of the base shortlist's first ``hard`` as its hard negative
            ex = []
            for i in tq:
                negs = [int(j) for s, j in enumerate(base.cands.idx[i][:hard + len(task.gold_rows[i])])
                        if j >= 0 and not base.gold[i, s]][:hard]
                ex.append((task.q_text[i], rng.choice(task.gold_rows[i]), rng.choice(negs) if negs else None,
                           frozenset(task.gold_rows[i])))
            ex += [(a, ("upr", b), None, frozenset()) for a, b in extra]
            rng.shuffle(ex)
            for start in range(0, len(ex), batch):
                chunk = ex[start:start + batch]
                # candidate texts: the batch's positives and hard negatives (prior rows or raw texts)
                cand_keys: list = []
                for _, p, n, _ in chunk:
                    for c in (p, n):
                        if c is not None and c not in cand_keys:
                            cand_keys.append(c)
                ctext = [c[1] if isinstance(c, tuple) else task.p_text[c] for c in cand_keys]
                q = enc([a for a, _, _, _ in chunk])
                c = enc(ctext)
                s = scale * q @ c.T
                target = torch.tensor([cand_keys.index(p) for _, p, _, _ in chunk])
                mask = torch.zeros_like(s, dtype=torch.bool)
                for r, (_, p, _, golds) in enumerate(chunk):
                    for k, key in enumerate(cand_keys):
                        if key != p and not isinstance(key, tuple) and key in golds:
                            mask[r, k] = True         # another gold prior of this query: not a negative
                s = s.masked_fill(mask, -1e4)
                loss = torch.nn.functional.cross_entropy(s, target)
                opt.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
        model.eval()
        memo: dict[str, np.ndarray] = {}

        def embed(texts: list[str]) -> np.ndarray:
            todo = [t for t in dict.fromkeys(texts) if t not in memo]
            if todo:
                v = model.encode([normalize_text(t) for t in todo], batch_size=32, show_progress_bar=False,
                                 convert_to_numpy=True, normalize_embeddings=True)
                memo.update(zip(todo, v.astype(np.float32)))
            return np.stack([memo[t] for t in texts]) if texts else np.zeros((0, 384), np.float32)

        return embed

    return make


# ====================================================================== the held-out protocol
def _rows(data: M.Data, rows: np.ndarray, into: dict[str, np.ndarray]) -> None:
    for name, arr in (("idx", data.cands.idx), ("cos", data.cands.cos), ("x", data.cands.x), ("gold", data.gold)):
        into[name][rows] = arr[rows]


def _empty_like(base: M.Data) -> dict[str, np.ndarray]:
    return {"idx": np.full_like(base.cands.idx, -1), "cos": np.full_like(base.cands.cos, np.nan),
            "x": np.zeros_like(base.cands.x), "gold": np.zeros_like(base.gold)}


def _as_data(base: M.Data, arrs: dict[str, np.ndarray]) -> M.Data:
    return replace(base, cands=Candidates(arrs["idx"], arrs["cos"], arrs["x"]), gold=arrs["gold"])


@dataclass
class Result:
    name: str
    held: M.Data                          # every item described by its own outer fold's embedding
    probs: np.ndarray                     # held-out probabilities (items, shortlist)
    seconds: float
    adapt_seconds: list[float]            # per outer fold: adapting the final embedding
    note: str = ""


def splits(task: Task, how: str = "cv") -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) item rows: the 5 outer folds (``cv``) or leave-one-source-out (``source``)."""
    base = task.base
    idx = np.arange(len(base.items))
    if how == "source":
        src = np.asarray([it.source for it in base.items])
        return [(idx[src != s], idx[src == s]) for s in M.SOURCES]
    outer = M.fold_ids(base, idx)
    return [(idx[outer != f], idx[outer == f]) for f in range(M.FOLDS)]


def run_variant(task: Task, name: str, factory, cross_fit: bool = True, split: str = "cv") -> Result:
    base = task.base
    held = _empty_like(base)
    probs = np.full(base.cands.idx.shape, -np.inf, np.float32)
    t0 = time.perf_counter()
    adapt = []
    for f, (tr, te) in enumerate(splits(task, split)):
        t = time.perf_counter()
        embed = factory(task, tr, SEED + 100 * f)
        adapt.append(time.perf_counter() - t)
        data_f = M.prepare(task.items, task.corpus, embed)
        assert [it.unit_id for it in data_f.items] == [it.unit_id for it in base.items]
        train = _empty_like(base)
        if cross_fit and factory is not base_factory:
            inner = M.fold_ids(base, tr, salt="inner")
            for g in range(M.FOLDS):
                e = factory(task, tr[inner != g], SEED + 100 * f + g + 1)
                _rows(M.prepare(task.items, task.corpus, e), tr[inner == g], train)
        else:
            _rows(data_f, tr, train)
        scorer = M.fit_scorer(_as_data(base, train), tr)
        _rows(data_f, te, held)
        probs[te] = M.probabilities(data_f, scorer, te)
        log.info("%s fold %d: adapted in %.1fs, fold done at %.1fs", name, f, adapt[-1], time.perf_counter() - t0)
    return Result(name, _as_data(base, held), probs, time.perf_counter() - t0, adapt,
                  "cross-fitted" if cross_fit and factory is not base_factory else "in-sample train features")


def figures(task: Task, res: Result) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    data = res.held
    cols, vals = topk_rows(res.probs, M.K)
    hit = np.take_along_axis(data.gold, cols, axis=1) & np.isfinite(vals)
    pos = data.n_gold > 0
    out = {"p1": hit[pos, 0].mean(), "r5": hit[pos].any(axis=1).mean(), "auc": roc_auc_score(pos, vals[:, 0]),
           "short": data.gold.sum() / data.n_gold.sum()}
    # the (adapted) cosine alone, without the scorer: did the similarity itself improve?
    ccols, cvals = topk_rows(np.where(data.cands.valid, np.nan_to_num(data.cands.cos), -np.inf), M.K)
    chit = np.take_along_axis(data.gold, ccols, axis=1) & np.isfinite(cvals)
    out["cos_p1"], out["cos_r5"] = chit[pos, 0].mean(), chit[pos].any(axis=1).mean()
    for s in M.SOURCES:
        sel = pos & np.asarray([it.source == s for it in data.items])
        out[f"p1_{s}"], out[f"r5_{s}"] = hit[sel, 0].mean(), hit[sel].any(axis=1).mean()
    return out


VARIANTS = {
    "base": ("1. base MiniLM (kept pipeline)", base_factory),
    "linear": ("2a. linear W=I+D, lam=1e-2", linear_factory(lam=1e-2)),
    "linear-weak": ("2b. linear W=I+D, lam=1e-3", linear_factory(lam=1e-3)),
    "lowrank": (f"2c. low-rank I+UV^T r={RANK}, lam=1e-2", linear_factory(lam=1e-2, rank=RANK)),
    "finetune": ("3a. fine-tune MiniLM 2 ep lr 2e-5", finetune_factory()),
    "finetune-strong": ("3b. fine-tune MiniLM 3 ep lr 5e-5", finetune_factory(epochs=3, lr=5e-5)),
    "finetune+upr": ("4. fine-tune + UPR Info cycle-1 pairs", finetune_factory(upr_pairs=400)),
}
DEFAULT = "base,linear,linear-weak,lowrank,finetune,finetune-strong"


def main(argv: list[str] | None = None) -> None:
    import torch

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variants", default=DEFAULT, help=f"comma-separated of {', '.join(VARIANTS)} (default {DEFAULT})")
    ap.add_argument("--in-sample", action="store_true",
                    help="fit the scorer on in-sample training features (no inner cross-fitting; cheaper, biased)")
    ap.add_argument("--split", choices=("cv", "source"), default="cv",
                    help="outer splits: the 5 folds of evaluation.matching (default) or leave-one-source-out")
    ap.add_argument("--threads", type=int, default=max(1, os.cpu_count() or 1),
                    help="torch threads (use 1 when the machine is shared: 2 threads on 1 free core thrash)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    torch.set_num_threads(args.threads)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # noqa: BLE001 - cosmetic only
        pass
    t = time.perf_counter()
    task = load_task()
    print(f"loaded {len(task.items)} gold lines, {len(task.base.items)} evaluated items "
          f"({int((task.base.n_gold > 0).sum())} with a gold prior), {len(task.p_text)} prior rows "
          f"in {time.perf_counter() - t:.1f}s", flush=True)
    results = []
    for key in [k.strip() for k in args.variants.split(",") if k.strip()]:
        label, factory = VARIANTS[key]
        res = run_variant(task, label, factory, cross_fit=not args.in_sample, split=args.split)
        f = figures(task, res)
        results.append((res, f))
        print(f"  {label:<40} P@1 {f['p1']:.3f}  R@5 {f['r5']:.3f}  AUC {f['auc']:.3f}  "
              f"({res.seconds:.0f}s, adapt {np.mean(res.adapt_seconds):.1f}s/fold; {res.note})", flush=True)

    print()
    print(("Held-out 5-fold" if args.split == "cv" else "Leave-one-source-out") + " ranking (top 5, no threshold); P@1 / R@5 over items with a gold prior; "
          "AUC: top probability vs 'follows up something' over all items")
    head = (f"{'variant':<40}{'P@1':>7}{'R@5':>7}{'AUC':>7}{'short':>7}{'cos P@1/R@5':>13}"
            + "".join(f"{s[:10] + ' P@1/R@5':>20}" for s in M.SOURCES) + f"{'total s':>9}{'adapt s/fold':>13}")
    print(head)
    n = {s: int(((task.base.n_gold > 0) & np.asarray([it.source == s for it in task.base.items])).sum())
         for s in M.SOURCES}
    print(f"{'(items with a gold prior)':<40}{int((task.base.n_gold > 0).sum()):>7}{'':>34}"
          + "".join(f"{n[s]:>20}" for s in M.SOURCES))
    for res, f in results:
        print(f"{res.name:<40}{f['p1']:>7.3f}{f['r5']:>7.3f}{f['auc']:>7.3f}{f['short']:>7.3f}"
              f"{'%.3f/%.3f' % (f['cos_p1'], f['cos_r5']):>13}"
              + "".join(f"{'%.3f/%.3f' % (f['p1_' + s], f['r5_' + s]):>20}" for s in M.SOURCES)
              + f"{res.seconds:>9.0f}{np.mean(res.adapt_seconds):>13.1f}")
    print("short: share of gold pairs inside the (new) 50-candidate shortlist; cos P@1/R@5: ranking by the "
          "(adapted) cosine alone, no scorer. "
          + ("Scorer trained on in-sample features." if args.in_sample else
             "Scorer trained on cross-fitted features (inner 5-fold)."))


if __name__ == "__main__":
    main()
