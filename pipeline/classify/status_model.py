"""Supervised implementation-status model: TF-IDF n-grams + the status rules' cues + the paragraph's
MiniLM sentence embedding -> multinomial logistic regression, with a temperature-scaled confidence.

Why: the cue rules of :mod:`.status` (2.1) reach macro-F1 ~0.99 on the paragraphs they were revised
on and ~0.7 on paragraphs they never saw -- cue lists written from a few dozen examples do not carry
over to new phrasing. A linear model over words *and* the rules' evidence (which rule fired, what
it says, the counts of progress / failure / contrast cues, narrative, statistics, normative
statements; :func:`.status.status_cues`) learns how much each cue is worth from many more paragraphs.
The sentence embedding (all-MiniLM-L6-v2, the matcher's packaged model, through the same embedding
cache) adds what word n-grams miss in an author's new phrasing: in leave-one-group-out it raised the
mean macro-F1 over the training groups from 0.859 to 0.877 (seven groups, every one up or level), and
from 0.866 to 0.879 with writer E's paragraphs as an eighth group (``python -m evaluation.status_experiments``).
Model 1.2 may add the embedding of the paragraph's last sentence, where NGO paragraphs put their
verdict (see :data:`GRID`). Its price is speed: a finding is encoded once or twice (paragraph and last
sentence; ~40 long paragraphs/s on 2 cores, then cached by text hash); recommendations get no status
and never pay it.

Training data (:func:`load_status_training`), each row with a *group* -- where it comes from:

* ``models/training/*.jsonl`` -- finding paragraphs written and labelled for training by annotators
  who never saw the status rules, the code or any status gold (invented texts; see
  ``models/training/README.md``);
* ``evaluation/gold/status/written_examples.jsonl`` -- 48 generic sentences (rule author);
* the *dev* halves of ``findings.jsonl`` (real corpus findings) and ``independent.jsonl``.

The *test* halves of the two gold files are never read here: they stay the untouched test.

Model selection is leave-one-group-out: every configuration of :data:`GRID` is fitted on all groups
but one and scored on that one, for each group; the configuration with the best mean macro-F1 over
the groups wins (a new group is a new author, so this measures transfer to unseen phrasing). The
temperature of the softmax is fitted on the same out-of-group predictions (minimum log loss), so
the confidence is calibrated on paragraphs the fitted model had not seen. Committee grades stay
decisive: where one is given or written in the text, the grade's status wins (see
:meth:`StatusModel.predict`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import joblib
import numpy as np

from pipeline.records import STATUSES
from pipeline.segment.language import sentences

from .status import CUE_NAMES, RULE_PRIORS, STATUS_RULES_VERSION, status_cues, status_from_grade, status_from_text
from .text import normalize, strip_vectorizer

STATUS_MODEL_FILE = "status_model.joblib"
STATUS_MODEL_NAME = "upr-status-tfidf-cues-lr"
STATUS_MODEL_VERSION = "1.4.0"
#: the labels, in the column order of the model's probabilities
CLASSES: tuple[str, ...] = tuple(STATUSES)
#: configurations compared by leave-one-group-out (see the module doc). A first, wider grid (C 0.3-10,
#: cue weight 0 / 1 / 3, with and without character 3-5 grams; 24 configurations, 21 minutes) was run
#: once on the training groups: the ten best all used the cues (weight 1 ahead of 3), character
#: n-grams moved none of the top configurations by more than 0.012 (mean macro-F1 0.843 best, word
#: n-grams only). It was narrowed to this before any test half was scored. Version 1.1 adds the
#: sentence embedding's weight (0 = none, the 1.0 model); C=1 was dropped, last in every earlier run and
#: below C=3 and 10 with the embedding too (``python -m evaluation.status_experiments``).
#: Version 1.2 adds the embedding of the paragraph's *last* sentence (weight 0.5, beside the paragraph's):
#: NGO paragraphs often end on their verdict ("… Since then, police have dispersed two rallies."), and
#: MiniLM reads at most 256 word pieces of a long paragraph. In leave-one-group-out over 13 groups it
#: raised the mean macro-F1 from 0.855 to 0.864 (the real corpus findings' dev half 0.724 -> 0.789;
#: session 14, before any test half or blind probe was scored). Versions 1.3 and 1.4 are the same model retrained on
#: the cues of status rules 2.3 (session 20) and 2.5 (session 22): the major step marks the cues it reads.
GRID: tuple[dict, ...] = tuple(
    {"C": c, "cue_weight": w, "char": False, "embed_weight": e, "last_weight": last}
    for e, last in ((0.0, 0.0), (1.0, 0.0), (1.0, 0.5)) for c in (3.0, 10.0) for w in (0.5, 1.0, 2.0))
#: text -> L2-normalised sentence vectors (the MiniLM embedding cache's ``embed``; tests pass a fake one)
Embedder = Callable[[Sequence[str]], np.ndarray]
TEMPERATURES = tuple(np.round(np.exp(np.linspace(np.log(0.2), np.log(10.0), 81)), 4))


@dataclass(frozen=True)
class StatusExample:
    text: str
    status: str
    group: str                      # where the row comes from (one author / file / half)
    kind: str | None = None         # factsheet | submission | committee | midterm, when known


# ------------------------------------------------------------------ data
def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_part(text: str) -> str:
    """The fixed split of the status gold files: sha1 of the text, even -> "dev", odd -> "test"."""
    return "dev" if int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def load_status_training(training_dir: Path, gold_dir: Path | None) -> list[StatusExample]:
    """Every status training row (see the module doc); never a row of a gold file's test half."""
    rows: list[StatusExample] = []
    for path in sorted(Path(training_dir).glob("*.jsonl")):
        rows += [StatusExample(r["text"], r["status"], path.stem, r.get("kind")) for r in _jsonl(path)
                 if r.get("status") in CLASSES and (r.get("text") or "").strip()]
    if gold_dir is not None:
        status_dir = Path(gold_dir) / "status"
        written = status_dir / "written_examples.jsonl"
        if written.exists():
            rows += [StatusExample(r["text"], r["status"], "written_examples", None) for r in _jsonl(written)
                     if r.get("status") in CLASSES]
        for name, kind_field in (("findings", "source"), ("independent", "kind")):
            path = status_dir / f"{name}.jsonl"
            if path.exists():
                rows += [StatusExample(r["text"], r["status"], f"{name}_dev", r.get(kind_field)) for r in _jsonl(path)
                         if r.get("status") in CLASSES and gold_part(r.get("text", "")) == "dev"]
    return rows


# ------------------------------------------------------------------ features
def build_vectorizer(char: bool):
    """Word 1-2 grams, plus character 3-5 grams within words when ``char``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion
    parts = [("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, strip_accents="unicode",
                                      dtype=np.float32))]
    if char:
        parts.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                              strip_accents="unicode", max_features=40000, dtype=np.float32)))
    return FeatureUnion(parts)


@lru_cache(maxsize=1 << 16)
def _cues(text: str) -> tuple[float, ...]:
    return status_cues(text)


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """(n, len(CUE_NAMES)) cue values of :func:`.status.status_cues` (memoised: selection refits many times)."""
    return np.asarray([_cues(t or "") for t in texts], dtype=np.float32).reshape(len(texts), len(CUE_NAMES))


def last_sentence(text: str) -> str:
    """The paragraph's last sentence (the paragraph itself when it has one)."""
    return (sentences(text) or [text])[-1]


def features(vectorizer, texts: Sequence[str], cue_weight: float, embed_weight: float = 0.0,
             embedder: Embedder | None = None, last_weight: float = 0.0):
    """TF-IDF n-grams, then ``cue_weight`` x the cue values, then ``embed_weight`` x the paragraph's
    sentence vector, then ``last_weight`` x its last sentence's."""
    from scipy import sparse
    parts = [vectorizer.transform([normalize(t) for t in texts]).tocsr()]
    if cue_weight > 0:
        parts.append(sparse.csr_matrix(cue_weight * cue_matrix(texts)))
    if (embed_weight > 0 or last_weight > 0) and embedder is None:
        raise ValueError("this status model uses sentence embeddings: give it an embedder "
                         "(load_classifier does; see StatusModel.embedder)")
    if embed_weight > 0:
        parts.append(sparse.csr_matrix(embed_weight * np.asarray(embedder(list(texts)), np.float32)))
    if last_weight > 0:
        parts.append(sparse.csr_matrix(last_weight * np.asarray(embedder([last_sentence(t) for t in texts]),
                                                                np.float32)))
    return parts[0] if len(parts) == 1 else sparse.hstack(parts, format="csr")


def default_embedder(settings=None) -> Embedder:
    """The matcher's MiniLM vectors through the persistent embedding cache (loaded on first use)."""
    from pipeline.embed import EmbeddingCache
    return EmbeddingCache(settings=settings).embed


def embedding_version() -> str:
    from pipeline.embed import model_version
    return model_version()


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = logits / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


# ------------------------------------------------------------------ model
@dataclass
class StatusModel:
    vectorizer: object
    coef: np.ndarray                  # (n_features, n_classes)
    intercept: np.ndarray             # (n_classes,)
    cue_weight: float
    temperature: float = 1.0
    classes: tuple[str, ...] = CLASSES
    meta: dict = field(default_factory=dict)
    embed_weight: float = 0.0
    #: where ``embed_weight`` > 0: text -> sentence vectors of the model named in ``meta["embedding_model"]``
    #: (not saved; :func:`pipeline.classify.model.load_classifier` sets the cached MiniLM one)
    embedder: Embedder | None = field(default=None, repr=False, compare=False)
    last_weight: float = 0.0          # the last sentence's embedding (model 1.2; 0 in older files)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, len(self.classes)))
        x = features(self.vectorizer, texts, self.cue_weight, self.embed_weight, self.embedder, self.last_weight)
        return np.asarray(x @ self.coef) + self.intercept

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, columns in the order of :attr:`classes`."""
        return softmax(self.logits(texts), self.temperature)

    def predict(self, texts: Sequence[str], grades: Sequence[str | None] | None = None) -> list[tuple[str, float]]:
        """(status, confidence) per text. A Committee grade (given, or written in the text as "[B]",
        "Grade: C") decides with the grade rule's prior; otherwise the model's most likely status
        and its calibrated probability."""
        probs = self.proba(texts)
        cues = cue_matrix(texts)            # memoised: computed once for the features above
        graded_in_text = cues[:, CUE_NAMES.index("rule=grade")] > 0
        says = [CUE_NAMES.index(f"says={s}") for s in self.classes]
        out: list[tuple[str, float]] = []
        for i in range(len(texts)):
            graded = status_from_grade(grades[i]) if grades is not None else None
            if graded is None and graded_in_text[i]:
                graded = self.classes[int(np.argmax(cues[i, says]))]
            if graded is not None:
                out.append((graded, RULE_PRIORS["grade"]))
            else:
                j = int(np.argmax(probs[i]))
                out.append((self.classes[j], float(probs[i, j])))
        return out

    def save(self, path: Path) -> None:
        joblib.dump({"vectorizer": self.vectorizer, "coef": self.coef.astype(np.float32),
                     "intercept": self.intercept.astype(np.float32), "cue_weight": float(self.cue_weight),
                     "temperature": float(self.temperature), "classes": list(self.classes), "meta": self.meta,
                     "embed_weight": float(self.embed_weight), "last_weight": float(self.last_weight),
                     "cue_names": list(CUE_NAMES)},
                    path, compress=("zlib", 6))

    @classmethod
    def load(cls, path: Path, embedder: Embedder | None = None) -> "StatusModel":
        s = joblib.load(path)
        trained_cues = s.get("cue_names")          # (files written before status rules 2.2 lack it)
        if trained_cues is not None and list(trained_cues) != list(CUE_NAMES):
            raise ValueError(f"{path} was trained on the cues of other status rules than these "
                             f"(rules {STATUS_RULES_VERSION}): run `upr train` to rebuild it")
        return cls(vectorizer=s["vectorizer"], coef=s["coef"], intercept=s["intercept"], cue_weight=s["cue_weight"],
                   temperature=s["temperature"], classes=tuple(s["classes"]), meta=s.get("meta", {}),
                   embed_weight=float(s.get("embed_weight", 0.0)), embedder=embedder,
                   last_weight=float(s.get("last_weight", 0.0)))

    @property
    def uses_embeddings(self) -> bool:
        return self.embed_weight > 0 or self.last_weight > 0


def fit_status_model(texts: Sequence[str], labels: Sequence[str], *, C: float, cue_weight: float, char: bool,
                     embed_weight: float = 0.0, embedder: Embedder | None = None, last_weight: float = 0.0
                     ) -> StatusModel:
    """Fit the vectorizer and a class-balanced multinomial logistic regression (deterministic: lbfgs)."""
    from sklearn.linear_model import LogisticRegression
    vec = build_vectorizer(char).fit([normalize(t) for t in texts])
    x = features(vec, texts, cue_weight, embed_weight, embedder, last_weight)
    y = np.asarray([CLASSES.index(s) for s in labels])
    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(x, y)
    coef = np.zeros((x.shape[1], len(CLASSES)), np.float32)
    intercept = np.zeros(len(CLASSES), np.float32)
    coef[:, lr.classes_] = lr.coef_.T
    intercept[lr.classes_] = lr.intercept_
    intercept[[j for j in range(len(CLASSES)) if j not in set(lr.classes_)]] = -1e4
    strip_vectorizer(vec)
    return StatusModel(vec, coef, intercept, cue_weight, embed_weight=embed_weight,
                       embedder=embedder if (embed_weight > 0 or last_weight > 0) else None, last_weight=last_weight)


# ------------------------------------------------------------------ selection and calibration
def out_of_group_logits(examples: Sequence[StatusExample], params: dict, embedder: Embedder | None = None
                        ) -> np.ndarray:
    """Logits of each row from a model fitted on every *other* group."""
    groups = sorted({e.group for e in examples})
    out = np.zeros((len(examples), len(CLASSES)))
    for g in groups:
        tr = [e for e in examples if e.group != g]
        te = [i for i, e in enumerate(examples) if e.group == g]
        m = fit_status_model([e.text for e in tr], [e.status for e in tr], **params, embedder=embedder)
        out[te] = m.logits([examples[i].text for i in te])
    return out


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-F1 over the statuses present in ``gold``."""
    from sklearn.metrics import f1_score
    labels = sorted(set(gold))
    return float(f1_score(list(gold), list(pred), labels=labels, average="macro", zero_division=0))


def per_group_f1(examples: Sequence[StatusExample], pred: Sequence[str]) -> dict[str, float]:
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        groups.setdefault(e.group, []).append(i)
    return {g: round(macro_f1([examples[i].status for i in ix], [pred[i] for i in ix]), 4)
            for g, ix in sorted(groups.items())}


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature with the lowest log loss on ``logits`` (grid search, deterministic)."""
    best, best_t = np.inf, 1.0
    for t in TEMPERATURES:
        p = softmax(logits, float(t))[np.arange(len(y)), y]
        nll = float(-np.log(np.clip(p, 1e-12, 1)).mean())
        if nll < best - 1e-12:
            best, best_t = nll, float(t)
    return best_t


def rules_predictions(texts: Iterable[str]) -> list[str]:
    return [status_from_text(t).status for t in texts]


@dataclass
class Selection:
    params: dict
    temperature: float
    table: list[dict]                 # one row per configuration: params, mean and per-group macro-F1
    oof_logits: np.ndarray            # out-of-group logits of the chosen configuration
    rules_by_group: dict[str, float]


def select(examples: Sequence[StatusExample], grid: Sequence[dict] = GRID, progress=None,
           embedder: Embedder | None = None) -> Selection:
    """Leave-one-group-out over ``grid``; the best mean per-group macro-F1 wins (ties: the earlier).
    Without an ``embedder`` the configurations that use sentence embeddings are left out.
    BLAS runs on one thread: these small fits are ~50x slower when threads compete for 2 cores."""
    from threadpoolctl import threadpool_limits
    grid = [p for p in grid if embedder is not None or not (p.get("embed_weight") or p.get("last_weight"))]
    with threadpool_limits(limits=1):
        return _select(examples, grid, progress, embedder)


def _select(examples: Sequence[StatusExample], grid: Sequence[dict], progress, embedder: Embedder | None
            ) -> Selection:
    table, best = [], None
    for k, params in enumerate(grid):
        logits = out_of_group_logits(examples, params, embedder)
        pred = [CLASSES[j] for j in logits.argmax(axis=1)]
        by = per_group_f1(examples, pred)
        row = {"params": dict(params), "mean_macro_f1": round(float(np.mean(list(by.values()))), 4), "by_group": by}
        table.append(row)
        if best is None or row["mean_macro_f1"] > best[0]["mean_macro_f1"] + 1e-9:
            best = (row, logits)
        if progress:
            progress(k + 1, len(grid), row)
    assert best is not None
    y = np.asarray([CLASSES.index(e.status) for e in examples])
    return Selection(best[0]["params"], fit_temperature(best[1], y), table, best[1],
                     per_group_f1(examples, rules_predictions(e.text for e in examples)))


def training_hash(examples: Sequence[StatusExample]) -> str:
    """8 hex digits of the training rows (text, status, group): a new version whenever the data changes."""
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, e.status, e.group], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()[:8]


def train_status_model(examples: Sequence[StatusExample], progress=None, embedder: Embedder | None = None,
                       embedder_version: str | None = None) -> tuple[StatusModel, Selection]:
    """Select by leave-one-group-out, fit the chosen configuration on every row, set the temperature.
    ``embedder`` (and its ``embedder_version``, stored in the model's meta) lets the selection try the
    sentence-embedding configurations; without it only the others compete."""
    if len({e.group for e in examples}) < 2:
        raise ValueError("status training needs rows from at least two groups (files) for its selection")
    from threadpoolctl import threadpool_limits
    sel = select(examples, progress=progress, embedder=embedder)
    with threadpool_limits(limits=1):
        model = fit_status_model([e.text for e in examples], [e.status for e in examples], **sel.params,
                                 embedder=embedder)
    model.temperature = sel.temperature
    counts: dict[str, dict[str, int]] = {}
    for e in examples:
        counts.setdefault(e.group, {s: 0 for s in CLASSES})[e.status] += 1
    model.meta = {"name": STATUS_MODEL_NAME, "version": f"{STATUS_MODEL_VERSION}+data-{training_hash(examples)}",
                  "params": sel.params,
                  "temperature": sel.temperature, "training_rows": len(examples), "groups": counts}
    if model.uses_embeddings:
        model.meta["embedding_model"] = embedder_version or "unnamed"
    return model, sel
