"""More matcher variants for issue #5 (cross-cycle matching), same held-out protocol as ``evaluation.matching``.

    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -m evaluation.matching_experiments2 [--quick]

Every variant adds pair features to the kept ones (:data:`pipeline.match.FEATURES`) and is scored with
:func:`evaluation.matching.held_out` on the 5 outer folds of :func:`evaluation.matching.fold_ids`
(copies of a text in one fold; the logistic regression and the thresholds are fitted on the
training folds only, the thresholds from an inner 5-fold split of them). Nothing below reads a
gold label: each new feature is a function of the two texts (and of the pool of priors, the
shortlist, or outside data). The new columns are appended to ``data.cands.x`` and registered
in :data:`pipeline.match.COL` / ``ALL_FEATURES`` *of this process only* so that the evaluation's
own scorer code runs unchanged.

Feature families
1. Clauses (:func:`clauses`): a recommendation is cut into its asks (';' ':' lists, "including",
   "in particular", "such as", "as well as", purpose clauses "in order to / with a view to / so
   that", a comma or "and" before an imperative verb or before "to <verb>", and the items of a
   comma list). Clauses are embedded with the same MiniLM (a separate embedding cache under the
   system temporary directory, not the pipeline's). Per pair: ``cl_max`` max cosine over clause
   pairs (whole texts included), ``cl_q`` max over the new text's clauses against the whole
   prior, ``cl_p`` the whole new text against the prior's clauses, ``cl_cov`` mean over the new
   text's clauses of their best cosine to the prior's clauses, and the gap of ``cl_max`` to the
   query's best (``cl_gap``).
2. Query-normalised: z-score of the cosine and of the TF-IDF cosine within the query's
   shortlist, softmax of the cosine over the shortlist (temperature 0.05), the TF-IDF rank and
   gap to the shortlist's best.
3. Topics from UPR Info's cycle-1 export (``$UPR_INFO_CSV`` or ../shared/data/, read in place,
   never copied): TF-IDF (words 1-2) + one-vs-rest logistic regressions over its Issue labels,
   trained *without the rows of the states under review in the gold* (Kazakhstan), so the
   evaluated texts are never training texts; per pair the cosine of the two probability
   vectors (``issue_cos``), their dot product (``issue_dot``) and "same top issue" (``issue_top``).
4. Others: Okapi BM25 of the new text against the prior (fitted per pool on its priors, as the
   TF-IDF is) raw and divided by the query's best in the shortlist (``bm25``, ``bm25_rel``);
   crude-stem overlap (first 6 letters of content words) Dice (``stem_dice``); same leading
   verb (``verb_same``); the prior's response noted / not accepted (``p_noted``); log word
   counts of both texts (``len_q``, ``len_p``).
And one scoring change: a listwise (softmax over the query's shortlist, "conditional logit")
linear scorer in place of the pointwise logistic regression, ranking only (``listwise``).
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

from evaluation import matching as M  # noqa: E402
import pipeline.match as PM  # noqa: E402
from pipeline.match import COL, FEATURES, match_text, topk_rows  # noqa: E402

log = logging.getLogger(__name__)
_KEPT_ALL = PM.ALL_FEATURES

# ====================================================================== clauses
#: imperative verbs that open a UN recommendation's ask ("Ensure ..., decriminalize ..., and protect ...")
ASK_VERBS = frozenset("""
abolish accede accelerate adhere adopt align allocate allow amend apply approve assess bring build carry
cease combat complete comply conclude conduct consider continue cooperate create criminalize criminalise
decriminalize decriminalise define develop disseminate eliminate empower enable enact encourage end enforce
engage enhance ensure eradicate establish exclude expand expedite extend facilitate finalize finalise fight
foster fully further guarantee harmonize harmonise implement improve include incorporate increase
intensify introduce investigate issue join limit maintain make monitor pay persist prevent proceed
promote prosecute protect provide punish raise ratify reconsider redouble reduce refrain reform release
remove repeal respect respond revise review safeguard seek set share sign speed step stop strengthen
submit support take train undertake uphold withdraw work
""".split())
_SPLIT_HARD = re.compile(r"\s*[;:]\s*|\s*\(\s*|\s*\)\s*")
_SPLIT_SOFT = re.compile(r",?\s+(?:including|and that|in particular|particularly|especially|notably|such as|as well as"
                         r"|in order to|with a view to|so as to|so that|inter alia|among others)\s+", re.IGNORECASE)
_WORDS = re.compile(r"[A-Za-z0-9][\w'’-]*")


def _verb_start(words: list[str]) -> bool:
    """Does a piece open with an ask ("protect ...", "to protect ...", "and to protect ...")?"""
    w = [x.lower() for x in words[:3]]
    while w and w[0] in ("and", "or", "to", "also", "further"):
        w = w[1:]
    return bool(w) and w[0] in ASK_VERBS


def clauses(text: str, min_words: int = 2) -> list[str]:
    """The asks of a recommendation, in order (the whole text is not among them unless it has one).

    Rules (from how UN recommendations are written): ';' and ':' separate items; "including",
    "in particular", "such as", "as well as" open a narrower ask; "in order to", "with a view
    to", "so that" open its purpose; a comma or "and" followed by an imperative verb (or "to"
    + verb, the 2010 report's style) starts another ask; a list "A, B and C" of three or more
    short items gives one clause per item, each prefixed by the words that precede the list
    ("criminalize torture, violence against women and trafficking" -> "criminalize torture",
    "criminalize violence against women", "criminalize trafficking").
    """
    out: list[str] = []
    for hard in _SPLIT_HARD.split(text):
        for soft in _SPLIT_SOFT.split(hard):
            # commas / "and" before an ask verb
            pieces = re.split(r"(,\s+(?:and\s+)?|\s+and\s+)", soft)
            cur = pieces[0]
            for sep, nxt in zip(pieces[1::2], pieces[2::2]):
                prev = _WORDS.findall(cur)
                if _verb_start(_WORDS.findall(nxt)[:3]) and not (prev and prev[-1].lower() in ASK_VERBS):
                    out.extend(_list_items(cur))
                    cur = nxt
                else:
                    cur = cur + sep + nxt
            out.extend(_list_items(cur))
    out = [re.sub(r"^(?:and|or|to)\s+", "", c.strip(" ,.;"), flags=re.IGNORECASE) for c in out]
    return [c for c in out if len(_WORDS.findall(c)) >= min_words or len(c) >= 5]


def _list_items(piece: str) -> list[str]:
    """'verb A, B and C' -> ['verb A', 'verb B', 'verb C'] when there are >= 3 short items; else [piece]."""
    m = re.match(r"^(.*?)(\S+(?:\s+\S+){0,5}?(?:,\s+\S+(?:\s+\S+){0,5}?)+,?\s+(?:and|or)\s+\S+(?:\s+\S+){0,11})$", piece)
    if not m:
        return [piece]
    items = re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?=[^,]*$)", m.group(2))
    items = [i for i in items if i.strip()]
    if len(items) < 3 or any(len(i.split()) > 6 for i in items[:-1]) or len(items[-1].split()) > 12:
        return [piece]
    # the head: the words before the first item, but at least the leading verb phrase
    head = m.group(1).strip()
    first = items[0].split()
    if not head and len(first) > 1:
        head, items[0] = " ".join(first[:-1]), first[-1]
    return [f"{head} {i}".strip() for i in items]


def clause_features(q_texts: list[str], p_texts: list[str], q_vecs: np.ndarray, p_vecs: np.ndarray,
                    cand_idx: np.ndarray, embed) -> dict[str, np.ndarray]:
    """(items, shortlist) clause features of each shortlisted pair; whole texts count as clauses."""
    qc = [clauses(t) for t in q_texts]
    pc = [clauses(t) for t in p_texts]
    uniq = sorted({c for cs in qc + pc for c in cs})
    vec = dict(zip(uniq, embed([match_text(c) for c in uniq]))) if uniq else {}
    qs = [np.vstack([q_vecs[i]] + [vec[c] for c in cs]) for i, cs in enumerate(qc)]
    ps = [np.vstack([p_vecs[j]] + [vec[c] for c in cs]) for j, cs in enumerate(pc)]
    n, k = cand_idx.shape
    out = {name: np.zeros((n, k), np.float32) for name in ("cl_max", "cl_q", "cl_p", "cl_cov", "cl_n")}
    for i in range(n):
        for s in range(k):
            j = cand_idx[i, s]
            if j < 0:
                continue
            m = qs[i] @ ps[j].T                       # row/col 0: the whole texts
            out["cl_max"][i, s] = m.max()
            out["cl_q"][i, s] = m[:, 0].max()
            out["cl_p"][i, s] = m[0, :].max()
            out["cl_cov"][i, s] = m.max(axis=1).mean()
            out["cl_n"][i, s] = np.log1p(len(qc[i]))
    valid = cand_idx >= 0
    best = np.where(valid, out["cl_max"], -np.inf).max(axis=1, keepdims=True)
    out["cl_gap"] = np.where(valid, out["cl_max"] - best, 0.0).astype(np.float32)
    out["cl_rank"] = _rank_within(out["cl_max"], valid)
    return out


# ====================================================================== query-normalised
def _rank_within(v: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """log1p of each candidate's rank (0 = best) by ``v`` within its query's shortlist."""
    s = np.where(valid, v, -np.inf)
    order = np.argsort(-s, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(v.shape[1])[None, :].repeat(v.shape[0], 0), axis=1)
    return np.where(valid, np.log1p(rank), 0.0).astype(np.float32)


def query_normalised(data: M.Data) -> dict[str, np.ndarray]:
    x, valid = data.cands.x, data.cands.valid
    out = {}
    for name, col in (("cos", "cos"), ("tfidf", "tfidf_word")):
        v = x[..., COL[col]]
        vm = np.where(valid, v, np.nan)
        mu, sd = np.nanmean(vm, axis=1, keepdims=True), np.nanstd(vm, axis=1, keepdims=True) + 1e-6
        out[f"{name}_z"] = np.where(valid, (v - mu) / sd, 0.0).astype(np.float32)
    c = np.where(valid, x[..., COL["cos"]], -np.inf) / 0.05
    e = np.exp(c - c.max(axis=1, keepdims=True))
    out["cos_soft"] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    t = x[..., COL["tfidf_word"]]
    out["tfidf_gap"] = np.where(valid, t - np.where(valid, t, -np.inf).max(axis=1, keepdims=True), 0.0).astype(np.float32)
    out["tfidf_rank"] = _rank_within(t, valid)
    return out


# ====================================================================== topics (UPR Info issues)
def upr_info_csv() -> Path:
    env = os.environ.get("UPR_INFO_CSV")
    if env:
        return Path(env)
    for base in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        p = base / "upr_info_recommendations_cycle1.csv"
        if p.exists():
            return p
    raise FileNotFoundError("upr_info_recommendations_cycle1.csv (set UPR_INFO_CSV)")


def issue_model(exclude_states: set[str]):
    """TF-IDF + one-vs-rest logistic regressions over UPR Info's issues; texts -> probability rows."""
    import csv

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    texts, labels = [], []
    with open(upr_info_csv(), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if (r.get("To") or "").strip().lower() in exclude_states:
                continue
            issues = [s.strip() for s in (r.get("Issue") or "").split(",") if s.strip()]
            if issues and r.get("Text"):
                texts.append(match_text(r["Text"]))
                labels.append(issues)
    mlb = MultiLabelBinarizer()
    y = mlb.fit_transform(labels)
    keep = y.sum(axis=0) >= 20
    y = y[:, keep]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english", dtype=np.float32)
    xt = vec.fit_transform(texts)
    clf = OneVsRestClassifier(LogisticRegression(C=4.0, solver="liblinear", max_iter=200)).fit(xt, y)
    log.info("issue model: %d texts, %d issues", len(texts), y.shape[1])
    return lambda ts: clf.predict_proba(vec.transform([match_text(t) for t in ts])).astype(np.float32)


def issue_features(q_prob: np.ndarray, p_prob: np.ndarray, cand_idx: np.ndarray) -> dict[str, np.ndarray]:
    valid = cand_idx >= 0
    j = np.clip(cand_idx, 0, None)
    qn = q_prob / (np.linalg.norm(q_prob, axis=1, keepdims=True) + 1e-9)
    pn = p_prob / (np.linalg.norm(p_prob, axis=1, keepdims=True) + 1e-9)
    cos = np.einsum("qa,qka->qk", qn, pn[j])
    dot = np.einsum("qa,qka->qk", q_prob, p_prob[j])
    top = (q_prob.argmax(axis=1)[:, None] == p_prob.argmax(axis=1)[j]).astype(np.float32)
    z = lambda a: np.where(valid, a, 0.0).astype(np.float32)  # noqa: E731
    return {"issue_cos": z(cos), "issue_dot": z(dot), "issue_top": z(top)}


# ====================================================================== other pair features
_STOP = frozenset("""a an the and or of to in on for with by as at from its their it this that these those be is are was
were been all any other such into within under upon which who whom whose including particular particularly
ensure take measures necessary further continue efforts also well more country kazakhstan state government
national international law laws legislation rights human order view line accordance""".split())


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z0-9'-]+", text.lower()) if w not in _STOP and len(w) > 2]


def bm25_scores(q_texts: list[str], p_texts: list[str], p_groups, q_groups, cand_idx: np.ndarray,
                k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    """BM25 of each new text (query) against each shortlisted prior, statistics from its pool's priors."""
    out = np.zeros(cand_idx.shape, np.float32)
    pools = PM.group_slices(p_groups)
    p_tok = [Counter(_content(t)) for t in p_texts]
    idf_of, avg_of = {}, {}
    for g, pi in pools.items():
        df = Counter(w for j in pi for w in p_tok[j])
        n = len(pi)
        idf_of[g] = {w: np.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        avg_of[g] = np.mean([sum(p_tok[j].values()) for j in pi]) or 1.0
    for i, t in enumerate(q_texts):
        g = q_groups[i]
        idf, avg = idf_of.get(g, {}), avg_of.get(g, 1.0)
        qw = set(_content(t))
        for s, j in enumerate(cand_idx[i]):
            if j < 0:
                continue
            tf, dl = p_tok[j], sum(p_tok[j].values())
            out[i, s] = sum(idf.get(w, 0.0) * tf[w] * (k1 + 1) / (tf[w] + k1 * (1 - b + b * dl / avg))
                            for w in qw if w in tf)
    return out


def bm25_pair(new_texts: list[str], prior_texts: list[str], k1: float = 1.2, b: float = 0.75):
    """Sparse (new binary term rows, prior BM25 weight rows) for one pool, tokenised like the
    pipeline's word TF-IDF: BM25(q, p) = rowwise dot. The form proposed for ``pipeline.match``
    (same cost as the TF-IDF feature)."""
    from scipy.sparse import csr_matrix, diags
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b\w\w+\b", dtype=np.float32)
    try:
        tf = vec.fit_transform(list(prior_texts)).tocsr().astype(np.float32)
    except ValueError:
        return csr_matrix((len(new_texts), 1), dtype=np.float32), csr_matrix((len(prior_texts), 1), dtype=np.float32)
    n = tf.shape[0]
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
    dl = np.asarray(tf.sum(axis=1)).ravel()
    norm = k1 * (1 - b + b * dl / max(dl.mean(), 1e-9))
    w = tf.copy()
    w.data = w.data * (k1 + 1) / (w.data + np.repeat(norm, np.diff(w.indptr)))
    w = w @ diags(idf)
    q = vec.transform(list(new_texts)).tocsr()
    q.data[:] = 1.0
    return q, w.tocsr()


def bm25_sparse(q_texts, p_texts, q_groups, p_groups, cand_idx) -> np.ndarray:
    out = np.zeros(cand_idx.shape, np.float32)
    q_of = PM.group_slices(q_groups)
    for g, pi in PM.group_slices(p_groups).items():
        qi = q_of.get(g)
        if qi is None:
            continue
        qm, pm = bm25_pair([q_texts[i] for i in qi], [p_texts[j] for j in pi])
        local = {int(j): r for r, j in enumerate(pi)}
        for a, i in enumerate(qi):
            for s, j in enumerate(cand_idx[i]):
                if j >= 0:
                    out[i, s] = qm[a].multiply(pm[local[int(j)]]).sum()
    return out


def other_features(data: M.Data, q_texts, p_texts, p_groups, q_groups, p_units) -> dict[str, np.ndarray]:
    idx, valid = data.cands.idx, data.cands.valid
    j = np.clip(idx, 0, None)
    bm = bm25_scores(q_texts, p_texts, p_groups, q_groups, idx)
    best = np.where(valid, bm, 0.0).max(axis=1, keepdims=True)
    stems = lambda t: {w[:6] for w in _content(t)}  # noqa: E731
    qs, ps = [stems(t) for t in q_texts], [stems(t) for t in p_texts]

    def first_verb(t: str) -> str:
        w = [x.lower() for x in _WORDS.findall(t)[:3]]
        while w and w[0] in ("to", "and", "may", "should", "also", "further", "continue"):
            w = w[1:]
        return w[0][:6] if w else ""

    qv, pv = [first_verb(t) for t in q_texts], [first_verb(t) for t in p_texts]
    dice = np.zeros(idx.shape, np.float32)
    verb = np.zeros(idx.shape, np.float32)
    for i in range(idx.shape[0]):
        for s in range(idx.shape[1]):
            if idx[i, s] < 0:
                continue
            a, b_ = qs[i], ps[idx[i, s]]
            dice[i, s] = 2 * len(a & b_) / (len(a) + len(b_) or 1)
            verb[i, s] = float(bool(qv[i]) and qv[i] == pv[idx[i, s]])
    noted = np.asarray([str(u.response) != "accepted" for u in p_units], np.float32)
    plen = np.asarray([np.log1p(len(_WORDS.findall(t))) for t in p_texts], np.float32)
    qlen = np.asarray([np.log1p(len(_WORDS.findall(t))) for t in q_texts], np.float32)
    z = lambda a: np.where(valid, a, 0.0).astype(np.float32)  # noqa: E731
    bs = bm25_sparse(q_texts, p_texts, q_groups, p_groups, idx)
    return {"bm25_sk": z(bs), "bm25": z(bm), "bm25_rel": z(bm / (best + 1e-6)), "stem_dice": z(dice), "verb_same": z(verb),
            "p_noted": z(noted[j]), "len_q": z(np.broadcast_to(qlen[:, None], idx.shape)), "len_p": z(plen[j])}



# ====================================================================== more: hubness towards new texts, context, core asks
def new_side_features(data: M.Data, q_vecs, p_vecs, q_groups, p_groups, m: int = PM.HUB_NEIGHBOURS
                      ) -> dict[str, np.ndarray]:
    """``p_hubq``: a prior's mean cosine to its ``m`` nearest *new* texts of its pool (a prior that is
    near every new text is general); ``csls_q``: the CSLS with that hubness in place of ``p_hub``;
    ``own_cosgap``: among the priors the fact sheet puts beside the text (``context_own``), the
    cosine's gap to the best of them (0 elsewhere)."""
    idx, valid = data.cands.idx, data.cands.valid
    j = np.clip(idx, 0, None)
    hub = np.zeros(len(p_vecs), np.float32)
    q_of = PM.group_slices(q_groups)
    for g, pi in PM.group_slices(p_groups).items():
        qi = q_of.get(g)
        if qi is None or not len(qi):
            continue
        _, vals = topk_rows(p_vecs[pi] @ q_vecs[qi].T, min(m, len(qi)))
        hub[pi] = vals.mean(axis=1)
    x = data.cands.x
    cos = x[..., COL["cos"]]
    own = (x[..., COL["context_own"]] > 0) & valid
    best_own = np.where(own, cos, -np.inf).max(axis=1, keepdims=True)
    z = lambda a: np.where(valid, a, 0.0).astype(np.float32)  # noqa: E731
    return {"p_hubq": z(hub[j]), "csls_q": z(2 * cos - x[..., COL["q_hub"]] - hub[j]),
            "own_cosgap": z(np.where(own, cos - best_own, 0.0))}


#: boilerplate around a recommendation's ask ("Continue its efforts to", "in line with international standards")
_BOILERPLATE = (
    r"^(to|may|should)\s+",
    r"^(continue|further|also)\s+(its\s+|the\s+|to\s+)?(efforts?|work|steps|measures)?\s*(to|in|aimed at|towards)?\s*",
    r"^(take|adopt|undertake)\s+(all\s+)?(the\s+)?(necessary|effective|concrete|further|appropriate|additional)?\s*"
    r"(legislative\s+)?(measures|steps|action)\s+(to|in order to|with a view to)\s+",
    r"^(make|intensify|strengthen|redouble|step up|increase)\s+(its\s+|further\s+)*efforts\s+(to|in|aimed at)\s+",
    r"^ensure\s+(that\s+)?",
    r",?\s+(in (full )?(accordance|compliance|conformity|line) with|consistent with)\s+(its\s+|the\s+)?"
    r"(international\s+)?[\w\s’'-]*(standards|obligations|law|commitments)\.?$",
)


def core_ask(text: str) -> str:
    """The text without its boilerplate opening and closing (the whole text when nothing is left)."""
    s = text
    for _ in range(3):
        for pat in _BOILERPLATE:
            s = re.sub(pat, "", s, flags=re.IGNORECASE).strip()
    return s or text


def core_features(q_texts, p_texts, cand_idx, embed) -> dict[str, np.ndarray]:
    """``cos_core``: the MiniLM cosine of the two core asks (:func:`core_ask`)."""
    qv, pv = embed([core_ask(t) for t in q_texts]), embed([core_ask(t) for t in p_texts])
    valid = cand_idx >= 0
    c = np.einsum("qd,qkd->qk", qv, pv[np.clip(cand_idx, 0, None)])
    return {"cos_core": np.where(valid, c, 0.0).astype(np.float32)}


# ====================================================================== plumbing
def register(data: M.Data, feats: dict[str, np.ndarray]) -> None:
    """Append feature columns to ``data.cands.x`` and make their names known to the scorer (this process only)."""
    names = [n for n in feats if n not in COL]
    if not names:
        return
    extra = np.stack([feats[n] for n in names], axis=-1).astype(np.float32)
    data.cands.x = np.concatenate([data.cands.x, extra], axis=-1)
    for n in names:
        COL[n] = len(COL)
    PM.ALL_FEATURES = PM.ALL_FEATURES + tuple(names)


def listwise_probs(data: M.Data, features: tuple[str, ...], c: float = 1.0):
    """Ranking scores from a conditional-logit (softmax over each query's shortlist) linear model."""
    from scipy.optimize import minimize

    cols = [COL[f] for f in features]

    def fn(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        tr = tr[data.n_gold[tr] > 0]
        x = data.cands.x[tr][..., cols].astype(np.float64)
        v = data.cands.valid[tr]
        mu = x[v].mean(axis=0)
        sd = x[v].std(axis=0) + 1e-9
        z = (x - mu) / sd
        g = data.gold[tr] & v
        keep = g.any(axis=1)
        z, v, g = z[keep], v[keep], g[keep]

        def loss(w):
            s = np.where(v, z @ w, -np.inf)
            m = s.max(axis=1, keepdims=True)
            e = np.exp(s - m)
            lse = np.log(e.sum(axis=1)) + m[:, 0]
            sp = np.where(g, s, -np.inf)
            mp = sp.max(axis=1, keepdims=True)
            lpos = np.log(np.exp(sp - mp).sum(axis=1)) + mp[:, 0]
            p = e / e.sum(axis=1, keepdims=True)
            ep = np.where(g, np.exp(sp - mp), 0.0)
            ep /= ep.sum(axis=1, keepdims=True)
            grad = np.einsum("qk,qkf->f", p - ep, np.where(v[..., None], z, 0.0))
            return float((lse - lpos).sum() + 0.5 / c * w @ w), grad + w / c

        w = minimize(loss, np.zeros(len(cols)), jac=True, method="L-BFGS-B").x
        zt = (data.cands.x[te][..., cols] - mu) / sd
        return np.where(data.cands.valid[te], zt @ w, -np.inf).astype(np.float32)
    return fn


def ranking_only(data: M.Data, probs_of) -> dict[int, np.ndarray]:
    idx = np.arange(len(data.items))
    outer = M.fold_ids(data, idx)
    ranked = {}
    for f in range(M.FOLDS):
        tr, te = idx[outer != f], idx[outer == f]
        cols, _ = topk_rows(probs_of(tr, te), M.K)
        for r, i in enumerate(te):
            ranked[int(i)] = cols[r]
    return ranked


def row(data: M.Data, name: str, ranked: dict, e2e: dict | None, base: dict | None = None,
        auc: float | None = None) -> str:
    """One table line: held-out ranking P@1 / R@5 any (all, per source), items whose first candidate
    became right / wrong against ``base``, and the end-to-end P@1, R@5 any and abstention."""
    idx = np.arange(len(data.items))
    moved = ""
    if base is not None:
        pos = [i for i in idx if data.n_gold[i] > 0]
        now = np.asarray([data.gold[i, ranked[int(i)][0]] for i in pos])
        was = np.asarray([data.gold[i, base[int(i)][0]] for i in pos])
        moved = f"+{int((now & ~was).sum())}/-{int((was & ~now).sum())}"
    rk = dict(M.by_source(data, idx, ranked, strict=False))
    cells = [f"{rk['all'].p1:.3f} {rk['all'].any5:.3f}"]
    cells += [f"{rk[s].p1:.3f} {rk[s].any5:.3f}" for s in M.SOURCES]
    if e2e is not None:
        e = dict(M.by_source(data, idx, e2e, strict=False))["all"]
        cells.append(f"{e.p1:.3f} {e.any5:.3f} {e.abstention:.3f}" + (f"  {auc:.3f}" if auc is not None else ""))
    else:
        cells.append("    (ranking only)  ")
    return f"{name:<44}" + "  ".join(f"{c:>13}" for c in cells[:4]) + f"{moved:>8}   " + cells[4]


def header() -> list[str]:
    h = f"{'variant':<44}" + "  ".join(f"{s:>13}" for s in ("all", "wg2014", "factsheet", "submission"))
    h2 = (f"{'':<44}" + "  ".join(f"{'P@1   R@5':>13}" for _ in range(4))
          + f"{'+/- P@1':>8}   e2e P@1 R@5 abstain  AUC(top prob: follows up something)")
    return [h, h2]


def main(argv: list[str] | None = None) -> None:
    from pipeline.embed import EmbeddingCache

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="ranking only (no end-to-end thresholds)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    t0 = time.perf_counter()
    items = M.load_gold(ROOT / "evaluation" / "gold" / "matching")
    corpus = M.ingest(ROOT / "raw")
    M.align(items, corpus)
    cache = EmbeddingCache()
    data = M.prepare(items, corpus, cache.embed)
    units = {u.unit_id: u for u in corpus.units}
    q_units = [units[it.unit_id] for it in data.items]
    p_units = [units[p] for p in data.prior_ids]
    q_texts = [match_text(u.text) for u in q_units]
    p_texts = [match_text(u.text) for u in p_units]
    q_vecs = cache.embed(q_texts)
    p_vecs = cache.embed(p_texts)
    pools = PM.prior_pools(corpus.units, corpus.docs)
    new_key = {u.unit_id: key for u, key in PM.new_recommendations(corpus.units, corpus.docs, pools)}
    q_groups = [new_key[u.unit_id] for u in q_units]
    p_groups = [next(k for k, us in pools.items() if any(x.unit_id == u.unit_id for x in us)) for u in p_units]
    t_prep = time.perf_counter() - t0

    t = time.perf_counter()
    clause_cache = EmbeddingCache(cache_dir=Path(tempfile.gettempdir()) / "upr-matching-experiments2")
    feats = clause_features(q_texts, p_texts, q_vecs, p_vecs, data.cands.idx, clause_cache.embed)
    t_clause = time.perf_counter() - t
    feats.update(query_normalised(data))
    t = time.perf_counter()
    states = {s[0] for s in q_groups} | {s[0] for s in p_groups}
    predict_issues = issue_model({s.lower() for s in states})
    feats.update(issue_features(predict_issues(q_texts), predict_issues(p_texts), data.cands.idx))
    t_issue = time.perf_counter() - t
    feats.update(other_features(data, q_texts, p_texts, p_groups, q_groups, p_units))
    feats.update(new_side_features(data, q_vecs, p_vecs, q_groups, p_groups))
    feats.update(core_features(q_texts, p_texts, data.cands.idx, clause_cache.embed))
    register(data, feats)

    variants: list[tuple[str, tuple[str, ...]]] = [
        ("baseline (kept FEATURES)", FEATURES),
        ("+ clause: cl_max", FEATURES + ("cl_max",)),
        ("+ clause: cl_q, cl_p", FEATURES + ("cl_q", "cl_p")),
        ("+ clause: cl_cov", FEATURES + ("cl_cov",)),
        ("+ clause: cl_max, cl_gap, cl_rank", FEATURES + ("cl_max", "cl_gap", "cl_rank")),
        ("+ clause: all", FEATURES + ("cl_max", "cl_q", "cl_p", "cl_cov", "cl_gap", "cl_rank", "cl_n")),
        ("+ query-norm: cos_z, tfidf_z", FEATURES + ("cos_z", "tfidf_z")),
        ("+ query-norm: cos_soft", FEATURES + ("cos_soft",)),
        ("+ query-norm: tfidf_gap, tfidf_rank", FEATURES + ("tfidf_gap", "tfidf_rank")),
        ("+ query-norm: all", FEATURES + ("cos_z", "tfidf_z", "cos_soft", "tfidf_gap", "tfidf_rank")),
        ("+ issues: issue_cos", FEATURES + ("issue_cos",)),
        ("+ issues: issue_dot, issue_top", FEATURES + ("issue_dot", "issue_top")),
        ("+ issues: all", FEATURES + ("issue_cos", "issue_dot", "issue_top")),
        ("+ bm25, bm25_rel", FEATURES + ("bm25", "bm25_rel")),
        ("+ bm25_sk (pipeline tokens, sparse)", FEATURES + ("bm25_sk",)),
        ("+ stem_dice", FEATURES + ("stem_dice",)),
        ("+ verb_same", FEATURES + ("verb_same",)),
        ("+ p_noted", FEATURES + ("p_noted",)),
        ("+ len_q, len_p", FEATURES + ("len_q", "len_p")),
        ("+ p_hubq, csls_q (hubness to new texts)", FEATURES + ("p_hubq", "csls_q")),
        ("+ own_cosgap (within the fact-sheet row)", FEATURES + ("own_cosgap",)),
        ("+ cos_core (boilerplate stripped)", FEATURES + ("cos_core",)),
        ("+ same_state (computed, unused)", FEATURES + ("same_state",)),
    ]
    for name, feats_ in combos():
        variants.append((name, feats_))
    idx = np.arange(len(data.items))
    splits = M.cv_splits(data, idx)
    print(f"Matcher variants, held-out 5-fold CV (same folds as `upr evaluate matching`); "
          f"{int((data.n_gold > 0).sum())} items with a gold prior, {int((data.n_gold == 0).sum())} gold-empty")
    print(f"  set-up {t_prep:.1f}s, clause features {t_clause:.1f}s, issue model {t_issue:.1f}s")
    for line in header():
        print(line)
    base = None
    for name, fs in variants:
        if args.quick:
            ranked, e2e = ranking_only(data, lambda tr, te, fs=fs: M.probabilities(
                data, M.fit_scorer(data, tr, fs), te)), None
        else:
            h = M.held_out(data, splits, fs)
            ranked, e2e = h.ranked, h.e2e
            from sklearn.metrics import roc_auc_score

            top = np.asarray([np.max(h.probs[int(i)]) for i in range(len(data.items))])
            auc = roc_auc_score(data.n_gold > 0, top)
        base = base or ranked
        print(row(data, name, ranked, e2e, base, None if args.quick else auc), flush=True)
    for name, fs in (("listwise scorer, kept FEATURES", FEATURES), ("listwise scorer, BEST", BEST)):
        print(row(data, name, ranking_only(data, listwise_probs(data, fs)), None, base), flush=True)
    print(f"  total {time.perf_counter() - t0:.0f}s")


#: the change proposed for pipeline.match: BM25 (pipeline tokenisation) and the two texts' log word counts
PROPOSED: tuple[str, ...] = FEATURES + ("bm25_sk", "len_q", "len_p")
#: the combination of the singly best-looking additions (chosen on these same held-out figures: optimistic)
BEST: tuple[str, ...] = FEATURES + ("bm25", "bm25_rel", "tfidf_gap", "tfidf_rank", "len_q", "len_p", "p_noted")


def combos() -> list[tuple[str, tuple[str, ...]]]:
    return [
        ("combo: bm25 + tfidf_gap/rank", FEATURES + ("bm25", "bm25_rel", "tfidf_gap", "tfidf_rank")),
        ("combo: bm25 + len", FEATURES + ("bm25", "bm25_rel", "len_q", "len_p")),
        ("combo: bm25_sk + len (proposed)", PROPOSED),
        ("combo: bm25 + len + p_noted", FEATURES + ("bm25", "bm25_rel", "len_q", "len_p", "p_noted")),
        ("combo: BEST (bm25, tfidf q-norm, len, p_noted)", BEST),
        ("combo: BEST + clause cl_q, cl_p", BEST + ("cl_q", "cl_p")),
        ("combo: BEST + issue_cos", BEST + ("issue_cos",)),
        ("combo: clause + q-norm + issues (brief 1-3)", FEATURES + ("cl_max", "cl_q", "cl_p", "cl_cov", "cos_z",
                                                          "tfidf_z", "cos_soft", "issue_cos", "issue_top")),
        ("combo: everything", FEATURES + tuple(n for n in COL if n not in _KEPT_ALL)),
    ]


if __name__ == "__main__":
    main()
