"""The article model and the :class:`Classifier` that combines every signal.

Article model (trained by :mod:`pipeline.classify.train`): one TF-IDF feature space (word 1–2
grams + character 3–5 grams within words) over :func:`.text.article_text` (the text, plus the words
of a right it only describes: "protests" -> "freedom of peaceful assembly") and two linear heads:

* **any** -- binary logistic regression, P(the text concerns at least one ICCPR article);
* **conditional** -- one-vs-rest logistic regressions trained only on texts that have an
  article, P(article a | some article).

Prediction for one text (:meth:`Classifier.predict`):

1. explicit references (:mod:`.rules`): a number tied to the Covenant is forced in with score
   0.97, a bare "article 19" with 0.80; so is (0.80) an article with too few training rows to be
   learnt whose right the text names in the Covenant's words ("exit visa" -> 12, "data
   protection" -> 17, "family reunification" -> 23; :func:`.issue_map.named_rare_articles`);
2. ``section_articles`` (fact-sheet section titles) are forced in with score 0.90;
3. without forced articles: ``[]`` when P(any) < the trained ``any_threshold``; otherwise the
   most likely conditional article plus every other article whose conditional probability
   reaches ``settings.article_threshold``. With forced articles: those, plus the model's
   articles above ``settings.article_threshold`` only when P(any) itself reaches the threshold
   (an uninformative finding under "Article 19 ICCPR" stays [19]);
4. ``article_scores`` are marginal probabilities P(any) x P(a | any) (or the forced score);
5. ``confidence`` = isotonic-calibrated probability that the predicted article *set* is exactly
   right (one map for ``[]`` predictions, one for the others; fitted on out-of-fold predictions
   over the training sessions), times the status score
   for units that get a status; ``needs_review`` = confidence < ``settings.review_threshold``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np

from pipeline.config import Settings

from .calibration import IsotonicCalibrator
from .issue_map import named_rare_articles
from .rules import explicit_articles
from .status import STATUS_RULES_VERSION, STATUS_UNIT_TYPES, predict_status, status_from_grade, status_from_text
from .status_model import STATUS_MODEL_FILE, StatusModel, default_embedder, embedding_version
from .text import article_text

#: the Committee's ask, after its reference and item letter: "CCPR/C/BLR/CO/5, para. 42: The State party should: (a)
#: take …", "(b) ensure that …"
_COMMITTEE_ASK = re.compile(r"^\W*(?:[A-Z]+(?:/[\w.()-]+)+[^:]{0,30}:\s*)?(?:the\s+state\s+party\s+should\s*:?\s*)?"
                            r"(?:\(?[a-z]{1,4}\)\s*)?(?P<ask>.+)", re.I | re.S)


def committee_ask(text: str) -> bool:
    """Is a Committee recommendation's text an ask (an item of "The State party should: (a) …; (b) …"), with no
    word on what was done? Its negations are then the ask's own."""
    from pipeline.segment.language import opens_with_verb

    m = _COMMITTEE_ASK.match(text.strip())
    return bool(m) and (opens_with_verb(m.group("ask")) or bool(re.match(r"\W*the\s+state\s+party\s+should\b", text, re.I)))

MODEL_FILE = "article_model.joblib"
MANIFEST_FILE = "manifest.json"

TIED_SCORE = 0.97
BARE_SCORE = 0.80
SECTION_SCORE = 0.90
NAMED_SCORE = 0.80          # a rare article's right named outright (issue_map.named_rare_articles)
SCORE_FLOOR = 0.05          # article_scores keep articles with p >= this, and every predicted article


#: the status score of a Committee recommendation that carries no grade and says nothing of what was done (an ask):
#: "no information" is what it says, unless its grade was printed where the segmenter did not find it
UNGRADED_COMMITTEE_SCORE = 0.85


@dataclass
class Prediction:
    articles: list[int]              # most likely first; [] = no ICCPR article
    article_scores: dict[str, float] # article number (str) -> probability, for articles with p >= 0.05
    status: str | None               # implemented | partially_implemented | not_implemented | no_information | None
    status_score: float | None
    confidence: float                # calibrated probability that the whole prediction is right
    needs_review: bool               # confidence < settings.review_threshold
    review_reason: str | None = None # why needs_review is set (see review_reason()); None when it is not


def review_reason(article_confidence: float, status_score: float | None, threshold: float, *,
                  empty: bool = False) -> str | None:
    """Why a unit goes to review, in words a reviewer acts on, or None when its confidence (article-set
    confidence x status score) reaches ``threshold``: the factor(s) under the threshold, else both
    factors (each passes but their product does not)."""
    if empty:
        return "no text"
    confidence = article_confidence * (1.0 if status_score is None else status_score)
    if confidence >= threshold:
        return None
    low = ([f"articles uncertain ({article_confidence:.2f})"] if article_confidence < threshold else []) + \
          ([f"status uncertain ({status_score:.2f})"] if status_score is not None and status_score < threshold else [])
    return "; ".join(low) or f"articles ({article_confidence:.2f}) x status ({status_score:.2f}) below {threshold:.2f}"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))


@dataclass
class ArticleModel:
    """Vectorizer + two linear heads, stored as plain arrays (float32) for a small artifact."""

    vectorizer: object
    articles: list[int]
    any_coef: np.ndarray             # (n_features,)
    any_intercept: float
    cond_coef: np.ndarray            # (n_features, n_articles)
    cond_intercept: np.ndarray       # (n_articles,)
    any_threshold: float = 0.5
    cond_threshold: float = 0.5      # used when no Settings is given
    calibrators: dict[str, IsotonicCalibrator] = field(default_factory=dict)   # "empty" / "articles"
    meta: dict = field(default_factory=dict)

    def transform(self, texts: Sequence[str]):
        return self.vectorizer.transform([article_text(t) for t in texts])

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(P(any) of shape (n,), P(article | any) of shape (n, n_articles))."""
        if len(texts) == 0:
            return np.zeros(0), np.zeros((0, len(self.articles)))
        X = self.transform(texts)
        p_any = _sigmoid(np.asarray(X @ self.any_coef).ravel() + self.any_intercept)
        p_cond = _sigmoid(np.asarray(X @ self.cond_coef) + self.cond_intercept)
        return p_any, p_cond

    def calibrate(self, raws: Sequence[float], empty: Sequence[bool]) -> np.ndarray:
        """Calibrated P(set right): separate isotonic maps for [] and non-empty predictions."""
        raw = np.asarray(raws, dtype=float)
        out = raw.copy()
        empty = np.asarray(empty, dtype=bool)
        for key, mask in (("empty", empty), ("articles", ~empty)):
            if key in self.calibrators and mask.any():
                out[mask] = self.calibrators[key](raw[mask])
        return out

    def save(self, path: Path) -> None:
        state = {
            "vectorizer": self.vectorizer,
            "articles": list(self.articles),
            "any_coef": self.any_coef.astype(np.float32),
            "any_intercept": float(self.any_intercept),
            "cond_coef": self.cond_coef.astype(np.float32),
            "cond_intercept": self.cond_intercept.astype(np.float32),
            "any_threshold": float(self.any_threshold),
            "cond_threshold": float(self.cond_threshold),
            "calibrators": {k: c.to_dict() for k, c in self.calibrators.items()},
            "meta": self.meta,
        }
        joblib.dump(state, path, compress=("zlib", 6))

    @classmethod
    def load(cls, path: Path) -> "ArticleModel":
        s = joblib.load(path)
        cals = {k: IsotonicCalibrator.from_dict(d) for k, d in (s.get("calibrators") or {}).items()}
        return cls(vectorizer=s["vectorizer"], articles=list(s["articles"]), any_coef=s["any_coef"],
                   any_intercept=s["any_intercept"], cond_coef=s["cond_coef"], cond_intercept=s["cond_intercept"],
                   any_threshold=s["any_threshold"], cond_threshold=s["cond_threshold"], calibrators=cals,
                   meta=s.get("meta", {}))


@dataclass(frozen=True)
class ArticleDecision:
    articles: list[int]
    scores: dict[int, float]         # marginal score per article (all articles)
    raw: float                       # uncalibrated probability that the set is right
    forced: dict[int, float]


def decide_articles(p_any: float, p_cond: np.ndarray, articles: Sequence[int], *,
                    any_threshold: float, cond_threshold: float,
                    forced: dict[int, float] | None = None) -> ArticleDecision:
    """Turn the model's probabilities (+ forced articles from rules / sections) into a set.

    Pure function (no model object), shared by prediction, training (threshold choice and
    calibration on out-of-fold scores) and evaluation.
    """
    forced = {int(a): float(s) for a, s in (forced or {}).items()}
    p_any = float(p_any)
    cond = {int(a): float(p) for a, p in zip(articles, p_cond)}
    # marginal score: P(any) x P(a | any), or the forced score when higher
    scores = {a: p_any * p for a, p in cond.items()}
    for a, s in forced.items():
        scores[a] = max(scores.get(a, 0.0), s)
    if not forced:
        if p_any < any_threshold:
            return ArticleDecision([], scores, 1.0 - p_any, forced)
        chosen = {a for a, p in cond.items() if p >= cond_threshold}
        if cond:
            chosen.add(max(cond, key=lambda a: (cond[a], -a)))
        raw = p_any                                  # P(any) x P(exactly this set | any)
        for a, p in cond.items():
            raw *= p if a in chosen else (1.0 - p)
    else:
        # forced articles (explicit references, section titles) are in; the model adds an
        # article only when it is itself sure there is one and that it is this one
        chosen = set(forced)
        if p_any >= any_threshold:
            chosen |= {a for a, p in cond.items() if p >= cond_threshold}
        raw = 1.0
        for a in chosen:
            raw *= forced[a] if a in forced else cond[a]
        for a, p in cond.items():
            if a not in chosen:
                raw *= 1.0 - p_any * p               # marginal: the model may think there is no article
    ordered = sorted(chosen, key=lambda a: (-scores.get(a, 0.0), a))
    return ArticleDecision(ordered, scores, raw, forced)


def forced_articles(text: str, section_articles: Sequence[int] | None) -> dict[int, float]:
    refs = explicit_articles(text or "")
    forced: dict[int, float] = {}
    for a in named_rare_articles(text or ""):      # "exit visa" -> 12, "data protection" -> 17, ...
        forced[a] = max(forced.get(a, 0.0), NAMED_SCORE)
    for a in refs.bare:
        forced[a] = max(forced.get(a, 0.0), BARE_SCORE)
    for a in section_articles or ():
        forced[int(a)] = max(forced.get(int(a), 0.0), SECTION_SCORE)
    for a in refs.tied:
        forced[a] = max(forced.get(a, 0.0), TIED_SCORE)
    return forced


class Classifier:
    """Articles + status + calibrated confidence for any list of texts (see the module doc)."""

    def __init__(self, model: ArticleModel, settings: Settings | None = None, version: str | None = None,
                 status_model: StatusModel | None = None) -> None:
        self.model = model
        self.settings = settings or Settings.from_env()
        self.version = version or model.meta.get("version", "unversioned")
        self.status_model = status_model

    def statuses(self, texts: Sequence[str], unit_types: Sequence[str], grades: Sequence[str | None] | None
                 ) -> list[tuple[str | None, float | None]]:
        """(status, status score) per text: ``(None, None)`` for units that get no status; the
        status model's where it is loaded, else the cue rules of :mod:`.status`."""
        out: list[tuple[str | None, float | None]] = [(None, None)] * len(texts)
        todo = [i for i, u in enumerate(unit_types) if u in STATUS_UNIT_TYPES]
        if self.status_model is not None and todo:
            got = self.status_model.predict([texts[i] for i in todo],
                                            [grades[i] for i in todo] if grades is not None else None)
            for i, g in zip(todo, got):
                out[i] = g
        else:
            for i in todo:
                out[i] = predict_status(texts[i], unit_types[i], grades[i] if grades is not None else None)
        for i in todo:
            # a Committee recommendation with no grade (given, or written in it) and no word on what was done ("The
            # State party should revise …"): an ask, no assessment -- no information, not the model's guess
            # (an ask may hold a negation of its own: "(b) ensure that lawyers are not subjected to disciplinary
            # proceedings" is no report of failure)
            if unit_types[i] != "committee_recommendation" or status_from_grade(grades[i] if grades else None):
                continue
            rule = status_from_text(texts[i]).rule
            if rule == "default" or (rule not in ("grade", "verdict") and committee_ask(texts[i])):
                out[i] = ("no_information", UNGRADED_COMMITTEE_SCORE)
        return out

    def predict(self, texts: Sequence[str], *, unit_types: Sequence[str] | None = None,
                section_articles: Sequence[Sequence[int]] | None = None,
                grades: Sequence[str | None] | None = None) -> list[Prediction]:
        texts = [t if isinstance(t, str) else ("" if t is None or (isinstance(t, float) and math.isnan(t)) else str(t))
                 for t in texts]
        n = len(texts)
        for name, seq in (("unit_types", unit_types), ("section_articles", section_articles), ("grades", grades)):
            if seq is not None and len(seq) != n:
                raise ValueError(f"{name} has {len(seq)} items for {n} texts")
        p_any, p_cond = self.model.scores(texts)
        thr = self.settings.article_threshold
        out: list[Prediction] = []
        raws: list[float] = []
        decisions: list[ArticleDecision] = []
        for i, text in enumerate(texts):
            forced = forced_articles(text, section_articles[i] if section_articles is not None else None)
            d = decide_articles(p_any[i], p_cond[i], self.model.articles, any_threshold=self.model.any_threshold,
                                cond_threshold=thr, forced=forced)
            decisions.append(d)
            raws.append(d.raw)
        confs = self.model.calibrate(raws, [not d.articles for d in decisions])
        statuses = self.statuses(texts, list(unit_types) if unit_types is not None else ["recommendation"] * n, grades)
        for i, (text, d) in enumerate(zip(texts, decisions)):
            status, status_score = statuses[i]
            conf = float(confs[i]) * (status_score if status_score is not None else 1.0)
            empty = not text.strip()
            if empty:
                conf = 0.0
            scores = {str(a): round(min(float(s), 0.9999), 4) for a, s in sorted(d.scores.items(), key=lambda kv: (-kv[1], kv[0]))
                      if s >= SCORE_FLOOR or a in d.articles}   # a predicted article always shows its score
            out.append(Prediction(articles=[int(a) for a in d.articles], article_scores=scores, status=status,
                                  status_score=None if status_score is None else round(float(status_score), 4),
                                  confidence=round(conf, 4), needs_review=conf < self.settings.review_threshold,
                                  review_reason=review_reason(float(confs[i]), status_score, self.settings.review_threshold,
                                                              empty=empty)))
        return out


def load_classifier(models_dir: Path | None = None, settings: Settings | None = None) -> Classifier:
    """Load the trained classifier from ``models_dir`` (default: ``settings.models_dir``)."""
    settings = settings or Settings.from_env()
    models_dir = Path(models_dir or settings.models_dir)
    path = models_dir / MODEL_FILE
    if not path.exists():
        raise FileNotFoundError(f"no trained classifier at {path}: run `python -m pipeline.classify train` "
                                f"(or `upr train`) with the UPR Info CSV first")
    model = ArticleModel.load(path)
    version = model.meta.get("version")
    manifest = models_dir / MANIFEST_FILE
    if manifest.exists():
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version", version)
    status_path = models_dir / STATUS_MODEL_FILE
    if status_path.exists():
        status_model = StatusModel.load(status_path)
        if status_model.uses_embeddings:
            trained_with, here = status_model.meta.get("embedding_model"), embedding_version()
            if trained_with != here:
                raise ValueError(f"{status_path} was trained on the sentence embeddings of {trained_with}, but this "
                                 f"installation has {here}: install the pinned versions (`make setup`) or run `upr train`")
            status_model.embedder = default_embedder(settings)        # lazy: MiniLM loads on the first finding
        status_version = f"status-model-{status_model.meta.get('version', '?')}"
    else:       # no trained status model: the cue rules, which live in code (name their version)
        status_model, status_version = None, f"status-{STATUS_RULES_VERSION}"
    return Classifier(model, settings=settings, version=f"{version}+{status_version}", status_model=status_model)
