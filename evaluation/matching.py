"""Evaluate (and calibrate) the cross-cycle matcher and the canonical links against hand-made gold.

Gold: ``evaluation/gold/matching/pairs.jsonl``, one new-cycle recommendation a line::

    {"source": "wg2014" | "factsheet_suggested" | "submission",
     "new_text_start": first 60 characters, "new_paragraph": "124.4" or null,
     "prior": [{"symbol": "A/HRC/14/10", "paragraph": "95.17"}, ...]   # best first; [] = follows up nothing}

and ``evaluation/gold/linking/links.jsonl`` (fact-sheet quotes and submission citations -> report
paragraphs; see its README).

What happens
1. The PDFs in ``raw/`` are read and segmented with :func:`pipeline.ingest.process_file` and
   linked with :mod:`pipeline.link` (no Prefect, no store). A source whose document is missing
   is reported as unavailable and the others go on.
2. Gold lines are aligned to units: Working Group items by paragraph number, the others by
   the normalised start of their text; prior ids (symbol, paragraph) map to report units.
3. The matcher's own functions (:func:`pipeline.match.build_sides`,
   :func:`pipeline.match.pair_features`) shortlist and describe the candidate pairs, exactly as
   ``upr match`` does.
4. Nothing is scored with parameters fitted on it: 5-fold cross-validation over the items,
   with every copy of a same text in one fold (the fact sheet repeats sentences), stratified by
   source and by empty / non-empty gold. In each training part the logistic regression is
   fitted on the pairs, and the thresholds are chosen on out-of-fold probabilities of an inner
   5-fold split of that training part. Leave-one-source-out does the same with two sources
   for training and the third for testing. ``--calibrate`` fits on all the gold (thresholds
   from 5-fold out-of-fold probabilities) and writes ``models/matching.json``.

Metrics (items = new recommendations), per source and overall
- P@1: among items with a gold prior, the first candidate is a gold prior.
- R@5 any: among items with a gold prior, at least one gold prior among the candidates (<= 5).
- R@5 pairs: gold pairs found among the candidates, over all gold pairs.
- MRR: mean of 1 / rank of the first gold prior (0 when none among the candidates).
- abstain: among gold-empty items, the share for which nothing is returned (right);
  false-abst: among items with a gold prior, the share for which nothing is returned.
- prec@1 answered: among items for which a candidate is returned (gold-empty ones included),
  the first candidate is a gold prior -- how often a proposed follow-up is right. Not a target
  (the issue's P@1 counts every item with a gold prior), shown for the users of the table.
"Ranking" rows return the top 5 always (no threshold); "end-to-end" rows apply the thresholds,
so an abstention on an item with a gold prior counts as a miss in P@1, R@5 and MRR.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .venv/bin/python -m evaluation.matching [--calibrate] [-v]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from pipeline.config import Settings  # noqa: E402
from pipeline.ids import text_key  # noqa: E402
from pipeline.match import (  # noqa: E402
    ALL_FEATURES,
    CONFIG_NAME,
    COL,
    FEATURES,
    SHORTLIST,
    Candidates,
    MatchConfig,
    PairScorer,
    build_sides,
    context_priors,
    context_rows,
    new_recommendations,
    pair_features,
    prior_pools,
    section_priors,
    topk_rows,
)
from pipeline.records import Citation, Document, Unit  # noqa: E402

log = logging.getLogger(__name__)

SOURCES = ("wg2014", "factsheet_suggested", "submission")
SOURCE_KIND = {"wg2014": "working_group_report", "factsheet_suggested": "fact_sheet", "submission": "submission"}
K = 5
FOLDS = 5
C_REG = 1.0                     # inverse L2 strength of the logistic regression (sklearn's default)
TARGETS = {"p_at_1": 0.90, "recall_at_5": 0.97, "abstention": 0.90, "link_accuracy": 1.0}
#: feature groups for the ablation table (each row drops one group from FEATURES)
GROUPS = {
    "cosine rank/gap": ("cos_gap", "cos_rank"),
    "hubness": ("q_mean", "q_hub", "p_hub", "csls"),
    "tf-idf": ("tfidf_word",),
    "treaties": ("treaty_same", "treaty_other"),
    "document context": ("context_own", "context_section"),
    "key terms": ("terms_jaccard", "terms_shared"),
}


# ====================================================================== loading and alignment
@dataclass
class GoldItem:
    line: int
    source: str
    start: str
    paragraph: str | None
    prior: list[tuple[str, str]]
    note: str | None = None
    unit_id: str | None = None            # aligned new unit
    how: str = ""                         # paragraph | prefix | inside | unaligned
    prior_ids: list[str] = field(default_factory=list)
    unresolved_priors: list[tuple[str, str]] = field(default_factory=list)
    fold: int = 0


def load_gold(gold_dir: Path) -> list[GoldItem]:
    path = Path(gold_dir) / "pairs.jsonl"
    items = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        items.append(GoldItem(line=i, source=r["source"], start=r.get("new_text") or r["new_text_start"],
                              paragraph=r.get("new_paragraph"), note=r.get("note"),
                              prior=[(p["symbol"], str(p["paragraph"])) for p in r.get("prior", [])]))
    return items


@dataclass
class Corpus:
    docs: dict[str, Document]
    units: list[Unit]
    unavailable: dict[str, str]           # source -> why
    citations: list[Citation] = field(default_factory=list)


def ingest(raw_dir: Path) -> Corpus:
    from pipeline.ingest import discover, process_file

    from pipeline.link import link_quotes, resolve_citations

    docs: dict[str, Document] = {}
    units: list[Unit] = []
    citations: list[Citation] = []
    failed: dict[str, str] = {}
    for path in discover([Path(raw_dir)]):
        r = process_file(path)
        d = r.document
        if d.status == "failed":
            failed[d.doc_kind] = f"{path.name}: {d.error}"
            continue
        if d.status == "partial" and d.error and "segmentation failed" in d.error:
            failed[d.doc_kind] = f"{path.name}: {d.error}"
            continue                          # paragraphs only: nothing to match
        docs[d.doc_id] = d
        units.extend(r.units)
        citations.extend(r.citations)
    # the link stage, as the pipeline runs it before matching (quotes -> canonical report items)
    canonical = link_quotes(units, docs)
    units = [u.model_copy(update={"canonical_unit_id": canonical[u.unit_id]}) if canonical.get(u.unit_id) else u
             for u in units]
    citations = resolve_citations(citations, units, docs)
    kinds = Counter(d.doc_kind for d in docs.values())
    unavailable = {}
    for source, kind in SOURCE_KIND.items():
        if not kinds.get(kind):
            unavailable[source] = failed.get(kind, f"no {kind} in {raw_dir}")
    return Corpus(docs, units, unavailable, citations)


def _starts(a: str, b: str) -> bool:
    return bool(b) and a.startswith(b)


def align(items: list[GoldItem], corpus: Corpus) -> None:
    """Fill unit_id / how / prior_ids of gold items (in place)."""
    by_symbol_para: dict[tuple[str, str], Unit] = {}
    by_kind: dict[str, list[Unit]] = defaultdict(list)
    for u in corpus.units:
        d = corpus.docs[u.doc_id]
        if u.unit_type != "recommendation":
            continue
        by_kind[d.doc_kind].append(u)
        if d.doc_kind == "working_group_report" and d.symbol and u.paragraph:
            by_symbol_para.setdefault((d.symbol, u.paragraph), u)
    wg_new = {}
    for u in by_kind["working_group_report"]:
        d = corpus.docs[u.doc_id]
        if d.cycle == 2 and u.paragraph:
            wg_new.setdefault(u.paragraph, u)
    keys = {u.unit_id: text_key(u.text) for us in by_kind.values() for u in us}
    for it in items:
        if it.source in corpus.unavailable:
            it.how = "unavailable"
            continue
        for p in it.prior:
            u = by_symbol_para.get(p)
            (it.prior_ids.append(u.unit_id) if u else it.unresolved_priors.append(p))
        if it.source == "wg2014" and it.paragraph:
            u = wg_new.get(it.paragraph)
            it.unit_id, it.how = (u.unit_id, "paragraph") if u else (None, "unaligned")
            continue
        kind = SOURCE_KIND[it.source]
        pool = [u for u in by_kind[kind] if (u.cycle or 0) >= 3 or corpus.docs[u.doc_id].cycle == u.cycle]
        want = text_key(it.start)
        head = want[:50]
        hits = [u for u in pool if _starts(keys[u.unit_id], head) or _starts(want, keys[u.unit_id][:50])]
        if hits:
            it.unit_id, it.how = hits[0].unit_id, "prefix"
            continue
        inside = [u for u in pool if head and head in keys[u.unit_id]]
        it.unit_id, it.how = (inside[0].unit_id, "inside") if inside else (None, "unaligned")


def _stable_hash(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


# ====================================================================== candidate pairs, once
@dataclass
class Data:
    """Every evaluated item with its shortlisted candidates and their features."""

    items: list[GoldItem]
    cands: Candidates                      # rows = items
    prior_ids: list[str]                   # prior row -> unit id
    gold: np.ndarray                       # (items, shortlist) the candidate is a gold prior
    n_gold: np.ndarray                     # gold priors of each item (resolved to units)
    gkey: list[str]                        # same text -> same key (kept in one fold)
    not_new: list[GoldItem] = field(default_factory=list)

    def where(self, source: str | None = None, strict: bool = False) -> np.ndarray:
        return np.asarray([i for i, it in enumerate(self.items)
                           if (source is None or it.source == source)
                           and not (strict and (it.note or "").lower().startswith("weak"))], np.int64)


def prepare(items: list[GoldItem], corpus: Corpus, embed) -> Data:
    pools = prior_pools(corpus.units, corpus.docs)
    new = {u.unit_id: (u, key) for u, key in new_recommendations(corpus.units, corpus.docs, pools)}
    use = [it for it in items if it.unit_id and it.unit_id in new]
    not_new = [it for it in items if it.unit_id and it.unit_id not in new]
    pairs = [new[it.unit_id] for it in use]
    q_side, p_side, priors = build_sides(pairs, pools, embed)
    new_units = [u for u, _ in pairs]
    own = context_rows(new_units, priors, context_priors(corpus.units, corpus.citations))
    sec = context_rows(new_units, priors, section_priors(corpus.units, corpus.citations))
    cands = pair_features(q_side, p_side, SHORTLIST, own, sec)
    prior_ids = [u.unit_id for u in priors]
    gold = np.zeros(cands.idx.shape, bool)
    for i, it in enumerate(use):
        g = set(it.prior_ids)
        gold[i] = [j >= 0 and prior_ids[j] in g for j in cands.idx[i]]
    n_gold = np.asarray([len(set(it.prior_ids)) for it in use], np.int64)
    return Data(use, cands, prior_ids, gold, n_gold, [text_key(u.text) for u in new_units], not_new)


def fold_ids(data: Data, idx: np.ndarray, k: int = FOLDS, salt: str = "outer") -> np.ndarray:
    """A fold per item of ``idx``: every copy of a text in one fold; stratified by source and by
    empty / non-empty gold; deterministic (groups ordered by a hash of their text)."""
    strata: dict[tuple[str, bool], set[str]] = defaultdict(set)
    for i in idx:
        strata[(data.items[i].source, bool(data.n_gold[i]))].add(data.gkey[i])
    fold_of: dict[str, int] = {}
    offset = 0
    for key in sorted(strata):
        for j, g in enumerate(sorted(strata[key], key=lambda g: _stable_hash(salt + g))):
            fold_of.setdefault(g, (j + offset) % k)
        offset += len(strata[key])
    return np.asarray([fold_of[data.gkey[i]] for i in idx], np.int64)


# ====================================================================== fitting
def fit_scorer(data: Data, idx: np.ndarray, features: tuple[str, ...] = FEATURES, c: float = C_REG) -> PairScorer:
    """Logistic regression on the standardised features of the shortlisted pairs of items ``idx``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    cols = [COL[f] for f in features]
    valid = data.cands.valid[idx]
    x = data.cands.x[idx][valid][:, cols].astype(np.float64)
    y = data.gold[idx][valid]
    scaler = StandardScaler().fit(x)
    lr = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(x), y)
    return PairScorer(features=tuple(features), mean=tuple(float(v) for v in scaler.mean_),
                      scale=tuple(float(v) for v in scaler.scale_), coef=tuple(float(v) for v in lr.coef_[0]),
                      intercept=float(lr.intercept_[0]))


def probabilities(data: Data, scorer: PairScorer | None, idx: np.ndarray, feature: str = "cos") -> np.ndarray:
    """Scores of the candidates of items ``idx`` (-inf where none): the scorer's, or one raw feature."""
    x = data.cands.x[idx]
    s = scorer.predict(x) if scorer is not None else x[..., COL[feature]]
    return np.where(data.cands.valid[idx], s, -np.inf).astype(np.float32)


def returned(probs: np.ndarray, threshold: float = -np.inf, floor: float | None = None) -> np.ndarray:
    """Candidate slots returned per item (-1 = none), best first, at most K."""
    from pipeline.match import apply_thresholds

    cols, vals = topk_rows(probs, K)
    cols, _ = apply_thresholds(cols, vals, threshold, floor)
    return cols


def choose_thresholds(data: Data, idx: np.ndarray, features: tuple[str, ...] = FEATURES) -> tuple[float, float]:
    """(threshold, candidate threshold) chosen on out-of-fold probabilities of an inner 5-fold split of ``idx``.

    threshold: maximises P@1 (end-to-end, items with a gold prior) + abstention accuracy
    (gold-empty items), each on its own items so the 5:1 ratio does not decide; candidate
    threshold for ranks 2..5: maximises the F1 of the returned pairs (precision over returned
    candidates, recall over gold pairs) with that threshold.
    """
    inner = fold_ids(data, idx, salt="inner")
    oof = np.full((len(idx), data.cands.idx.shape[1]), -np.inf, np.float32)
    for f in range(FOLDS):
        tr, te = idx[inner != f], inner == f
        if te.any() and len(tr):
            oof[te] = probabilities(data, fit_scorer(data, tr, features), idx[te])
    cols, vals = topk_rows(oof, K)
    gold = np.take_along_axis(data.gold[idx], cols, axis=1) & np.isfinite(vals)
    pos = data.n_gold[idx] > 0
    top = vals[:, 0]
    cand = np.unique(top[np.isfinite(top)])
    thr_grid = np.concatenate([[0.0], (cand[:-1] + cand[1:]) / 2]) if len(cand) > 1 else np.array([0.5])
    kept = top[:, None] >= thr_grid[None, :]
    p1 = (gold[:, :1] & kept)[pos].mean(axis=0) if pos.any() else 0.0
    ab = (~kept)[~pos].mean(axis=0) if (~pos).any() else 0.0
    threshold = float(thr_grid[int(np.argmax(p1 + ab))])
    lower = np.unique(vals[np.isfinite(vals) & (vals < threshold)])
    floor_grid = np.concatenate([[threshold], lower[::-1]])
    total = max(int(data.n_gold[idx].sum()), 1)
    best_f1, floor = -1.0, threshold
    for fl in floor_grid:
        keep = (vals >= fl) & (top >= threshold)[:, None]
        n_ret = int(keep.sum())
        found = int((gold & keep).sum())
        f1 = 2 * found / (n_ret + total) if n_ret else 0.0
        if f1 > best_f1 + 1e-12:
            best_f1, floor = f1, float(fl)
    return round(threshold, 6), round(floor, 6)


# ====================================================================== metrics
@dataclass
class Figures:
    n: int
    n_pos: int
    p1: float
    any5: float
    pairs5: float
    pairs_found: int
    pairs_total: int
    mrr: float
    n_neg: int
    abstention: float
    false_abstention: float
    per_item: float
    p1_answered: float = float("nan")   # precision of the first candidate where one is returned


def figures(data: Data, idx: np.ndarray, cols: np.ndarray) -> Figures:
    """Metrics of the candidates ``cols`` (slots, -1 = none) returned for items ``idx``."""
    nan = float("nan")
    if not len(idx):
        return Figures(0, 0, nan, nan, nan, 0, 0, nan, 0, nan, nan, nan, nan)
    ret = cols >= 0
    hit = np.take_along_axis(data.gold[idx], np.clip(cols, 0, None), axis=1) & ret
    pos = data.n_gold[idx] > 0
    first = np.where(hit.any(axis=1), 1.0 / (hit.argmax(axis=1) + 1), 0.0)
    found, total = int(hit[pos].sum()), int(data.n_gold[idx][pos].sum())
    mean = lambda a: float(a.mean()) if len(a) else nan  # noqa: E731
    return Figures(len(idx), int(pos.sum()), mean(hit[pos, 0]), mean(hit[pos].any(axis=1)),
                   found / total if total else nan, found, total, mean(first[pos]), int((~pos).sum()),
                   mean(~ret[~pos, 0]), mean(~ret[pos, 0]), float(ret.sum()) / len(idx), mean(hit[ret[:, 0], 0]))


def _fmt(x: float) -> str:
    return "  n/a" if x != x else f"{x:5.3f}"


def table(rows: list[tuple[str, Figures]]) -> list[str]:
    out = [f"{'':<30}{'items':>6}{'w/gold':>7}{'P@1':>7}{'R@5 any':>8}{'R@5 pairs':>17}{'MRR':>7}"
           f"{'empty':>6}{'abstain':>8}{'false-abst':>11}{'cand/item':>10}{'prec@1 answered':>16}"]
    for name, f in rows:
        pairs = f"{_fmt(f.pairs5)} ({f.pairs_found}/{f.pairs_total})"
        out.append(f"{name:<30}{f.n:>6}{f.n_pos:>7}{_fmt(f.p1):>7}{_fmt(f.any5):>8}{pairs:>17}{_fmt(f.mrr):>7}"
                   f"{f.n_neg:>6}{_fmt(f.abstention):>8}{_fmt(f.false_abstention):>11}{f.per_item:>10.2f}"
                   f"{_fmt(f.p1_answered):>16}")
    return out


def by_source(data: Data, idx: np.ndarray, cols_of: dict[int, np.ndarray], strict: bool = True
              ) -> list[tuple[str, Figures]]:
    """Rows per source, overall, and overall without the 'weak' labels."""
    def rows_for(sel: np.ndarray) -> np.ndarray:
        return np.stack([cols_of[int(i)] for i in sel]) if len(sel) else np.zeros((0, K), np.int64)

    out = []
    for s in SOURCES:
        sel = np.asarray([i for i in idx if data.items[i].source == s], np.int64)
        if len(sel):
            out.append((s, figures(data, sel, rows_for(sel))))
    out.append(("all", figures(data, idx, rows_for(idx))))
    if strict:
        weak = {int(i) for i in idx if (data.items[i].note or "").lower().startswith("weak")}
        sel = np.asarray([i for i in idx if int(i) not in weak], np.int64)
        out.append((f"all, strict (-{len(weak)} weak)", figures(data, sel, rows_for(sel))))
    return out


# ====================================================================== held-out runs
@dataclass
class HeldOut:
    ranked: dict[int, np.ndarray]         # item -> slots, top 5 without threshold
    e2e: dict[int, np.ndarray]            # item -> slots returned with the thresholds
    probs: dict[int, np.ndarray]          # item -> probabilities of its candidates
    settings: list[str]                   # what each part was scored with


def held_out(data: Data, splits: list[tuple[str, np.ndarray, np.ndarray]],
             features: tuple[str, ...] = FEATURES) -> HeldOut:
    """Score each test part with a scorer and thresholds fitted on its training part only."""
    out = HeldOut({}, {}, {}, [])
    for name, train, test in splits:
        scorer = fit_scorer(data, train, features)
        thr, floor = choose_thresholds(data, train, features)
        probs = probabilities(data, scorer, test)
        ranked, e2e = returned(probs), returned(probs, thr, floor)
        for r, i in enumerate(test):
            out.ranked[int(i)], out.e2e[int(i)], out.probs[int(i)] = ranked[r], e2e[r], probs[r]
        out.settings.append(f"{name}: fitted on {len(train)} items, threshold {thr:.3f}, candidate threshold {floor:.3f}")
    return out


def cv_splits(data: Data, idx: np.ndarray) -> list[tuple[str, np.ndarray, np.ndarray]]:
    folds = fold_ids(data, idx)
    return [(f"fold {f} ({int((folds == f).sum())} items)", idx[folds != f], idx[folds == f]) for f in range(FOLDS)]


def loso_splits(data: Data, idx: np.ndarray) -> list[tuple[str, np.ndarray, np.ndarray]]:
    out = []
    for s in SOURCES:
        test = np.asarray([i for i in idx if data.items[i].source == s], np.int64)
        train = np.asarray([i for i in idx if data.items[i].source != s], np.int64)
        if len(test) and len(train):
            out.append((f"test {s}", train, test))
    return out


# ====================================================================== a second annotator
SECOND_FILE = "pairs_second.jsonl"


@dataclass
class Agreement:
    n: int
    n_pos: int
    p1: float            # the answer's first prior is one of the reference's (items the reference links)
    any5: float          # one of the answer's first five is one of the reference's
    n_neg: int
    abstention: float    # the answer is empty where the reference is empty


def agreement(reference: list[set[str]], answers: list[list[str]]) -> Agreement:
    """Figures of ``answers`` (priors, best first; [] = follows up nothing) scored against ``reference``
    with the matcher's end-to-end definitions (an empty answer on a linked item is a miss)."""
    pos = [(r, a) for r, a in zip(reference, answers) if r]
    neg = [a for r, a in zip(reference, answers) if not r]
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    return Agreement(len(reference), len(pos), mean([bool(a) and a[0] in r for r, a in pos]),
                     mean([bool(set(a[:5]) & r) for r, a in pos]), len(neg), mean([not a for a in neg]))


def second_annotator_lines(data: Data, gold_dir: Path, cv: "HeldOut", paragraph_of: dict[str, str]) -> list[str]:
    """The second annotator's labels of a sample of lines scored against the gold, beside the matcher's
    held-out figures on the same lines: how far two careful readers agree, the ceiling to compare with."""
    path = Path(gold_dir) / SECOND_FILE
    if not path.exists():
        return []
    second = {r["line"]: r for r in (json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip())}
    idx = [i for i, it in enumerate(data.items) if it.line in second]
    ref = [{p for _, p in data.items[i].prior} for i in idx]

    def answers(cols_of: dict[int, np.ndarray]) -> list[list[str]]:
        return [[paragraph_of[data.prior_ids[data.cands.idx[i, c]]] for c in cols_of[i] if c >= 0] for i in idx]

    rows = [("second annotator", agreement(ref, [second[data.items[i].line]["prior"] for i in idx])),
            ("matcher, ranking (held-out)", agreement(ref, answers(cv.ranked))),
            ("matcher, end-to-end (held-out)", agreement(ref, answers(cv.e2e)))]
    out = [f"SECOND ANNOTATOR ({SECOND_FILE}: {len(idx)} lines drawn at random, labelled blind by another annotator "
           "from the judging rules; scored against the gold like the matcher):",
           f"  {'':<32}{'items':>6}{'w/gold':>7}{'P@1':>7}{'R@5 any':>8}{'empty':>6}{'abstain':>8}"]
    for name, a in rows:
        out.append(f"  {name:<32}{a.n:>6}{a.n_pos:>7}{_fmt(a.p1):>7}{_fmt(a.any5):>8}{a.n_neg:>6}{_fmt(a.abstention):>8}")
    return out


# ====================================================================== canonical links
def evaluate_links(gold_dir: Path, corpus: Corpus) -> tuple[list[str], float]:
    """Accuracy of the link stage on ``gold_dir/links.jsonl`` (every copy of a quoted row must link right)."""
    path = Path(gold_dir) / "links.jsonl"
    if not path.exists():
        return [f"Canonical links: no gold at {path}"], float("nan")
    gold = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    by_target: dict[tuple[str, str], str] = {}
    for u in corpus.units:
        d = corpus.docs[u.doc_id]
        if d.doc_kind == "working_group_report" and d.symbol and u.paragraph and u.unit_type == "recommendation":
            by_target.setdefault((d.symbol, u.paragraph), u.unit_id)
    rows = [u for u in corpus.units if corpus.docs[u.doc_id].doc_kind == "fact_sheet" and u.unit_type == "recommendation"
            and corpus.docs[u.doc_id].cycle is not None and u.cycle is not None and u.cycle < corpus.docs[u.doc_id].cycle]
    sub_units = {u.unit_id for u in corpus.units if corpus.docs[u.doc_id].doc_kind == "submission"}
    cits = [c for c in corpus.citations if c.unit_id in sub_units]
    counts: Counter = Counter()
    errors: list[str] = []
    covered: set[str] = set()
    for g in gold:
        want = by_target.get((g["target"]["symbol"], g["target"]["paragraph"]))
        src = g["source"]
        counts[(src, "n")] += 1
        if src == "factsheet_prior_row":
            head = text_key(g["text_start"])[:50]
            copies = [u for u in rows if text_key(u.text).startswith(head)]
            covered.update(u.unit_id for u in copies)
            ok = bool(copies) and want is not None and all(u.canonical_unit_id == want for u in copies)
            if not ok:
                got = sorted({str(u.canonical_unit_id) for u in copies}) or ["row not found"]
                errors.append(f"    {g['text_start'][:50]!r} ({g['country']}) -> {g['target']['paragraph']}: got {got}")
        else:
            p = g["printed"]
            same = [c for c in cits if c.paragraph == p["paragraph"] and (c.state or "") == p["state"]]
            ok = bool(same) and want is not None and all(c.prior_unit_id == want for c in same)
            if not ok:
                errors.append(f"    footnote {g['footnote']} {p['paragraph']} ({p['state']}): "
                              f"got {[c.prior_unit_id for c in same] or 'citation not found'}")
        counts[(src, "ok")] += ok
    n, ok = sum(counts[(s, "n")] for s in ("factsheet_prior_row", "submission_citation")), \
        sum(counts[(s, "ok")] for s in ("factsheet_prior_row", "submission_citation"))
    lines = [f"Canonical links ({path}): {ok}/{n} = {ok / n:.1%} right"
             + f"  [fact-sheet rows {counts[('factsheet_prior_row', 'ok')]}/{counts[('factsheet_prior_row', 'n')]}"
             + f" ({len(covered)} segmented copies), submission citations "
             + f"{counts[('submission_citation', 'ok')]}/{counts[('submission_citation', 'n')]}]"]
    extra = [u for u in rows if u.unit_id not in covered]
    if extra:
        lines.append(f"  {len(extra)} segmented prior-cycle rows are not in the gold (e.g. {extra[0].text[:50]!r})")
    lines.extend(errors)
    return lines, ok / n if n else float("nan")


# ====================================================================== the report
def _gold_hash(gold_dir: Path, full: bool = False) -> str:
    h = hashlib.sha256((Path(gold_dir) / "pairs.jsonl").read_bytes()).hexdigest()
    return h if full else h[:8]


def _fig_dict(f: Figures) -> dict:
    r = lambda x: None if x != x else round(x, 4)  # noqa: E731
    return {"items": f.n, "with_gold": f.n_pos, "p_at_1": r(f.p1), "recall_at_5_any": r(f.any5),
            "recall_at_5_pairs": r(f.pairs5), "mrr": r(f.mrr), "gold_empty": f.n_neg, "abstention": r(f.abstention),
            "false_abstention": r(f.false_abstention)}


def evaluate(gold_dir: Path, raw_dir: Path, calibrate_out: Path | None = None, verbose: bool = False,
             linking_dir: Path | None = None) -> tuple[str, bool]:
    """(the report, whether every target is met). With ``calibrate_out`` also writes the fitted config there."""
    from pipeline.embed import EmbeddingCache

    gold_dir = Path(gold_dir)
    linking_dir = Path(linking_dir) if linking_dir is not None else gold_dir.parent / "linking"
    lines: list[str] = []
    items = load_gold(gold_dir)
    corpus = ingest(raw_dir)
    align(items, corpus)
    cache = EmbeddingCache()
    data = prepare(items, corpus, cache.embed)

    lines.append(f"Matching evaluation: {len(items)} gold lines in {gold_dir / 'pairs.jsonl'}; documents from {raw_dir}")
    for s, why in corpus.unavailable.items():
        lines.append(f"  source {s}: UNAVAILABLE ({why}); its {sum(it.source == s for it in items)} lines are skipped")
    how = Counter((it.source, it.how) for it in items)
    lines.append("  alignment of gold lines to units: " + ", ".join(f"{s} {h}={n}" for (s, h), n in sorted(how.items())))
    unresolved = Counter(p for it in items for p in it.unresolved_priors)
    if unresolved:
        lines.append(f"  gold priors not found among report units: {sum(unresolved.values())} "
                     f"({', '.join(f'{a} {b}' for a, b in list(unresolved)[:8])})")
    if data.not_new:
        lines.append(f"  aligned but not selected as new by the matcher: {len(data.not_new)} "
                     f"(lines {', '.join(str(it.line) for it in data.not_new[:10])})")
    shared = Counter(data.gkey)
    lines.append(f"  evaluated: {len(data.items)} new recommendations ({sum(n for n in shared.values() if n > 1)} "
                 f"share their text with another line and are kept in one fold); embeddings: {cache.stats.misses} "
                 f"encoded, {cache.stats.hits} from the cache ({cache.version})")
    in_short = int(data.gold.sum())
    lines.append(f"  shortlist: the {SHORTLIST} nearest priors by cosine hold {in_short}/{int(data.n_gold.sum())} "
                 f"gold pairs ({in_short / max(int(data.n_gold.sum()), 1):.1%}): the ceiling of any rescoring")
    link_lines, link_acc = evaluate_links(linking_dir, corpus)
    if not len(data.items):
        lines.extend(["nothing to evaluate", ""] + link_lines)
        return "\n".join(lines), False

    all_idx = np.arange(len(data.items))
    cv = held_out(data, cv_splits(data, all_idx))
    lines.append("")
    lines.append(f"HELD-OUT, {FOLDS}-fold cross-validation (scorer and thresholds fitted on the other folds only; "
                 "thresholds from an inner 5-fold split of those):")
    lines.extend("  " + s for s in cv.settings)
    lines.append(" Ranking (top 5 always returned, no threshold):")
    lines.extend("  " + r for r in table(by_source(data, all_idx, cv.ranked)))
    lines.append(" End-to-end (with the thresholds; an abstention on an item with a gold prior is a miss):")
    e2e_rows = by_source(data, all_idx, cv.e2e)
    lines.extend("  " + r for r in table(e2e_rows))

    lines.append(" Trade-off, for information (held-out probabilities of the 5 folds pooled; not used to choose anything):")
    probs = np.stack([cv.probs[int(i)] for i in all_idx])
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        f = figures(data, all_idx, returned(probs, t, min(t, 0.3)))
        lines.append(f"   threshold {t:.1f}: P@1 {_fmt(f.p1)}  R@5 any {_fmt(f.any5)}  abstain {_fmt(f.abstention)}  "
                     f"false-abst {_fmt(f.false_abstention)}")

    lo = held_out(data, loso_splits(data, all_idx))
    lines.append("")
    lines.append("LEAVE-ONE-SOURCE-OUT (fitted on the two other sources; how it carries over to an unseen kind of document):")
    lines.extend("  " + s for s in lo.settings)
    lines.append(" Ranking:")
    lines.extend("  " + r for r in table(by_source(data, all_idx, lo.ranked, strict=False)))
    lines.append(" End-to-end:")
    lines.extend("  " + r for r in table(by_source(data, all_idx, lo.e2e, strict=False)))

    lines.append("")
    lines.append("What the parts add (held-out ranking and end-to-end, all items; same folds):")
    rows = []
    for name, feat in (("cosine only", "cos"), ("tf-idf word only", "tfidf_word")):
        rows.append((name + " (ranking)", figures(data, all_idx, returned(probabilities(data, None, all_idx, feat)))))
    rows.append(("scorer (ranking)", figures(data, all_idx, np.stack([cv.ranked[i] for i in all_idx]))))
    rows.append(("scorer (end-to-end)", figures(data, all_idx, np.stack([cv.e2e[i] for i in all_idx]))))
    for name, drop in GROUPS.items():
        feats = tuple(f for f in FEATURES if f not in drop)
        ab = held_out(data, cv_splits(data, all_idx), feats)
        rows.append((f"- {name} (ranking)", figures(data, all_idx, np.stack([ab.ranked[i] for i in all_idx]))))
    ab = held_out(data, cv_splits(data, all_idx), FEATURES + ("same_state", "named_state"))
    rows.append(("+ states, unused (ranking)", figures(data, all_idx, np.stack([ab.ranked[i] for i in all_idx]))))
    lines.extend("  " + r for r in table(rows))
    lines.append("  (rows '- group' / '+ states': the scorer's held-out ranking with that feature group dropped / added)")

    units = {u.unit_id: u for u in corpus.units}
    human = second_annotator_lines(data, gold_dir, cv, {uid: units[uid].paragraph or uid for uid in data.prior_ids})
    if human:
        lines.append("")
        lines.extend(human)

    lines.append("")
    lines.extend(link_lines)

    overall = next(f for name, f in e2e_rows if name == "all")
    checks = [("P@1 (held-out, end-to-end)", overall.p1, TARGETS["p_at_1"]),
              ("recall@5, items with a gold prior found (held-out, end-to-end)", overall.any5, TARGETS["recall_at_5"]),
              ("abstention on gold-empty items (held-out)", overall.abstention, TARGETS["abstention"]),
              ("canonical link accuracy", link_acc, TARGETS["link_accuracy"])]
    lines.append("")
    lines.append("Targets:")
    ok = True
    for name, value, target in checks:
        met = value == value and value >= target - 1e-9
        ok &= met
        lines.append(f"  {'met   ' if met else 'MISSED'} {name}: {_fmt(value)} (target >= {target:.2f})")

    if calibrate_out is not None:
        scorer = fit_scorer(data, all_idx)
        thr, floor = choose_thresholds(data, all_idx)
        held = {name: _fig_dict(f) for name, f in e2e_rows}
        cfg = MatchConfig(shortlist=SHORTLIST, scorer=scorer, threshold=thr, candidate_threshold=floor,
                          version=f"cal-{date.today().isoformat()}-{_gold_hash(gold_dir)}", chosen_how={
            "gold": "evaluation/gold/matching/pairs.jsonl", "gold_sha256": _gold_hash(gold_dir, full=True),
            "items": len(all_idx), "with_gold_prior": int((data.n_gold > 0).sum()),
            "gold_empty": int((data.n_gold == 0).sum()),
            "by_source": dict(Counter(it.source for it in data.items)),
            "scorer": f"scikit-learn LogisticRegression (C={C_REG}, L2) on standardised features of the "
                      f"{int(data.cands.valid.sum())} shortlisted pairs of all the gold (positive: a gold prior)",
            "threshold": "rank 1 must reach it: maximises P@1 (end-to-end) + abstention accuracy, each on its own "
                         "items, on 5-fold out-of-fold probabilities of all the gold",
            "candidate_threshold": "ranks 2..5 must reach it: maximises the F1 of the returned pairs on the same "
                                   "out-of-fold probabilities",
            "held_out_5fold_end_to_end": held,
            "held_out_leave_one_source_out_end_to_end": {
                name: _fig_dict(f) for name, f in by_source(data, all_idx, lo.e2e, strict=False)},
            "embedding_model": cache.version,
            "command": "python -m evaluation.matching --calibrate",
        })
        calibrate_out.parent.mkdir(parents=True, exist_ok=True)
        calibrate_out.write_text(cfg.to_json(), encoding="utf-8")
        lines.append("")
        lines.append(f"wrote {calibrate_out} ({cfg.version}): threshold {thr:.3f}, candidate threshold {floor:.3f}")

    if verbose:
        lines.append("")
        lines.append("Held-out end-to-end errors (line: source, gold -> returned):")
        units = {u.unit_id: u for u in corpus.units}
        par = lambda uid: units[uid].paragraph or uid  # noqa: E731
        for i in all_idx:
            it, cols = data.items[i], cv.e2e[int(i)]
            got = [(par(data.prior_ids[data.cands.idx[i, c]]), round(float(cv.probs[int(i)][c]), 2)) for c in cols if c >= 0]
            first_ok = bool(got) and data.gold[i, cols[0]]
            if (not it.prior_ids and not got) or first_ok:
                continue
            lines.append(f"  {it.line:>3} {it.source:<19} {it.start[:60]!r}")
            lines.append(f"      gold {[par(u) for u in it.prior_ids]} got {got}")
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> None:
    settings = Settings.from_env()
    ap = argparse.ArgumentParser(description="Evaluate (and calibrate) the matcher against hand-made pairs.")
    ap.add_argument("--gold", type=Path, default=ROOT / "evaluation" / "gold" / "matching")
    ap.add_argument("--raw", type=Path, default=settings.raw_dir)
    ap.add_argument("--calibrate", action="store_true",
                    help=f"fit on all the gold and write {settings.models_dir / CONFIG_NAME}")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the held-out errors")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    out = settings.models_dir / CONFIG_NAME if args.calibrate else None
    report, ok = evaluate(args.gold, args.raw, calibrate_out=out, verbose=args.verbose)
    print(report)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
