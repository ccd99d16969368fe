"""Matching: each new-cycle recommendation -> ranked prior-cycle recommendations of the same state.

Who is matched
  *New* recommendations are recommendation units whose cycle is the cycle of their own
  document, with a prior pool (below) for the same state under review in the store:
  recommendations suggested in a fact sheet, recommended in a submission, or made in a
  later Working Group report. Not new: units already linked to a
  report item (``canonical_unit_id``: a quote of a report recommendation) and a fact
  sheet's rows of prior-cycle recommendations (their cycle is the previous one).
  *Prior* candidates are the recommendation units of the Working Group report(s) of the
  previous cycle for the same state; where no such report is in the store, the recommendations
  the state's other documents quote from that cycle, each text once (:func:`prior_pools`); where
  the store has nothing of that cycle, the latest earlier cycle's. A new recommendation with no
  earlier cycle at all is not matched (``no_earlier_cycle`` in the summary), which the store
  cannot tell from an abstention.
  Never across states: every step works inside one (state, prior cycle) pool.

How they are ranked (two stages)
  1. Shortlist: MiniLM cosine (L2-normalised float32 rows, one pool and ``BLOCK_ROWS`` new
     rows at a time, top ``shortlist`` with ``np.argpartition``). Cheap; on the gold, 98% of
     the gold pairs are within a query's 50 nearest priors.
  2. Rescoring: a logistic regression over features of each shortlisted pair
     (:data:`FEATURES`): the cosine, its gap to the query's best and its rank; hubness (how
     close the query and the prior are to everything in the pool: general texts look like
     everything); the TF-IDF word cosine (fitted on the pool's priors only; a character
     4-gram cosine added nothing held-out and cost most of the time at scale);
     whether both name the same treaty, or different ones; whether the new unit's own
     document puts the prior next to it (a fact sheet's row, a citation by the unit, a
     citation in the same section of the submission); the overlap of named key terms
     (article numbers, institutions, groups, practices: :data:`KEY_TERMS`). Its probability
     is the match score.
  A candidate is kept when its probability reaches ``threshold`` (rank 1: otherwise the
  recommendation follows up nothing: abstention) or ``candidate_threshold`` (ranks 2..k).
  Coefficients and thresholds come from ``models/matching.json``, fitted on the hand-made
  pairs by ``python -m evaluation.matching --calibrate`` (the file says how and with what
  held-out figures). Without that file the score is the plain cosine with a conservative
  cut-off and the version says ``uncalibrated``.

Texts are compared with UN abbreviations spelled out (ICCPR, CRPD, OP-CAT, NPM…), since one
document writes "OP-CAT" where another writes the Optional Protocol's full name.

The functions up to :func:`match_units` are pure (arrays and records in, arrays and records
out); only :func:`match_in_store` touches the store.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Hashable, Sequence

import numpy as np

from .config import Settings
from .embed import normalize_rows  # noqa: F401  (re-exported: one definition)
from .ids import normalize_text, text_key
from .records import Citation, Document, Match, Unit
from .states import canonical_state, find_states

log = logging.getLogger(__name__)

CONFIG_NAME = "matching.json"
#: priors kept per new recommendation by the cosine before rescoring
SHORTLIST = 50
#: neighbours averaged for the hubness features
HUB_NEIGHBOURS = 10
#: character n-gram lengths of the TF-IDF character cosine (4-grams within words)
CHAR_NGRAMS = (4, 4)
#: rows of new recommendations scored at once inside one pool (bounds memory: rows x pool floats)
BLOCK_ROWS = 2048
#: the features of a pair the scorer uses, in this order (see :func:`pair_features`)
FEATURES: tuple[str, ...] = (
    "cos", "cos_gap", "cos_rank", "q_mean", "q_hub", "p_hub", "csls",
    "tfidf_word", "treaty_same", "treaty_other",
    "context_own", "context_section", "terms_jaccard", "terms_shared",
)
#: computed too, but not used by default (held-out evaluation did not show them helping)
EXTRA_FEATURES: tuple[str, ...] = ("same_state", "named_state")
ALL_FEATURES: tuple[str, ...] = FEATURES + EXTRA_FEATURES
COL = {name: i for i, name in enumerate(ALL_FEATURES)}


# ====================================================================== configuration
@dataclass(frozen=True)
class PairScorer:
    """A logistic regression on standardised features: P(the prior is a follow-up target)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def __post_init__(self) -> None:
        n = len(self.features)
        if not (len(self.mean) == len(self.scale) == len(self.coef) == n):
            raise ValueError("scorer: features, mean, scale and coef must have the same length")
        unknown = set(self.features) - set(ALL_FEATURES)
        if unknown:
            raise ValueError(f"scorer: unknown features {sorted(unknown)}")

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Probabilities for rows of ``x`` whose last axis follows :data:`ALL_FEATURES`."""
        cols = [COL[f] for f in self.features]
        z = (x[..., cols] - np.asarray(self.mean, np.float32)) / np.asarray(self.scale, np.float32)
        z = z @ np.asarray(self.coef, np.float32) + np.float32(self.intercept)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)

    @classmethod
    def from_dict(cls, d: dict) -> "PairScorer":
        return cls(features=tuple(d["features"]), mean=tuple(d["mean"]), scale=tuple(d["scale"]),
                   coef=tuple(d["coef"]), intercept=float(d["intercept"]))


@dataclass(frozen=True)
class MatchConfig:
    """What the matcher does; stored as ``models/matching.json``."""

    shortlist: int = SHORTLIST
    scorer: PairScorer | None = None        # None: the score is the cosine (uncalibrated)
    threshold: float = 0.60                 # rank 1 must reach this, else no match (abstain)
    candidate_threshold: float | None = None  # ranks 2..k must reach this (None: same as threshold)
    version: str = "uncalibrated"
    chosen_how: dict = field(default_factory=dict)

    @property
    def method(self) -> str:
        return "minilm-shortlist+pairwise-lr" if self.scorer is not None else "minilm"

    @property
    def floor(self) -> float:
        return self.threshold if self.candidate_threshold is None else min(self.candidate_threshold, self.threshold)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict) -> "MatchConfig":
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        if known.get("scorer") is not None:
            known["scorer"] = PairScorer.from_dict(known["scorer"])
        return cls(**known)


def with_threshold(config: MatchConfig, threshold: float | None) -> MatchConfig:
    """``config`` with the rank-1 threshold set by the user (``UPR_MATCH_THRESHOLD``); the version says so."""
    if threshold is None:
        return config
    if not 0.0 <= threshold <= 1.0 and config.scorer is not None:
        raise ValueError(f"UPR_MATCH_THRESHOLD={threshold} is not a probability in [0, 1]")
    return replace(config, threshold=float(threshold), version=f"{config.version}+threshold-{threshold:g}")


def load_config(models_dir: Path) -> MatchConfig:
    """``models_dir/matching.json``; the defaults (with a warning) when it is missing or unreadable."""
    path = Path(models_dir) / CONFIG_NAME
    try:
        return MatchConfig.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        log.warning("no %s: matching uses uncalibrated defaults (run `python -m evaluation.matching --calibrate`)", path)
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("unreadable %s (%s): matching uses uncalibrated defaults", path, exc)
    return MatchConfig()


# ====================================================================== pure ranking
def topk_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of each row's k largest scores, best first.

    Ties are broken by the lower column index, so results are deterministic.
    """
    n, m = scores.shape
    k = min(k, m)
    if k <= 0 or n == 0:
        return np.zeros((n, 0), np.int64), np.zeros((n, 0), np.float32)
    if k < m:
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(m), (n, m)).copy()
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)          # by value desc, then index asc
    idx = np.take_along_axis(part, order, axis=1)
    return idx.astype(np.int64), np.take_along_axis(vals, order, axis=1)


def apply_thresholds(idx: np.ndarray, vals: np.ndarray, threshold: float, floor: float | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Drop candidates under the thresholds: -1 / NaN where dropped.

    A row keeps nothing when its best score is under ``threshold``; otherwise ranks 2.. are
    kept while they reach ``floor`` (default: ``threshold``).
    """
    floor = threshold if floor is None else min(floor, threshold)
    idx, vals = idx.copy(), vals.astype(np.float32, copy=True)
    if idx.shape[1] == 0:
        return idx, vals
    keep = (vals >= floor) & np.isfinite(vals) & (idx >= 0)
    keep[:, 0] &= vals[:, 0] >= threshold
    keep &= keep[:, :1]                                   # nothing after an abstention
    idx[~keep] = -1
    vals[~keep] = np.nan
    return idx, vals


def group_slices(groups: Sequence[Hashable]) -> dict[Hashable, np.ndarray]:
    """group -> indices of its members, in their original order."""
    out: dict[Hashable, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        out[g].append(i)
    return {g: np.asarray(ix, dtype=np.int64) for g, ix in out.items()}


def shortlist_by_group(q: np.ndarray, q_groups: Sequence[Hashable], p: np.ndarray, p_groups: Sequence[Hashable],
                       n: int, block_rows: int = BLOCK_ROWS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``n`` most similar priors (cosine) of each new row, within its own group only.

    Returns ``idx`` (n_new, n) of row numbers into ``p`` (-1 = none), their cosines (NaN =
    none), best first (ties: lower row first), and each new row's mean cosine to its whole
    pool (NaN without a pool). Groups are scored one at a time, ``block_rows`` new rows at a
    time, so memory stays at ``block_rows x pool size`` floats.
    """
    nq = q.shape[0]
    idx_out = np.full((nq, n), -1, np.int64)
    val_out = np.full((nq, n), np.nan, np.float32)
    mean_out = np.full(nq, np.nan, np.float32)
    priors = group_slices(p_groups)
    for g, qi in group_slices(q_groups).items():
        pi = priors.get(g)
        if pi is None or len(pi) == 0:
            continue
        pg = p[pi]
        for start in range(0, len(qi), block_rows):
            rows = qi[start:start + block_rows]
            s = q[rows] @ pg.T
            mean_out[rows] = s.mean(axis=1)
            idx, vals = topk_rows(s, n)
            idx_out[rows, :idx.shape[1]] = pi[idx]
            val_out[rows, :idx.shape[1]] = vals
    return idx_out, val_out, mean_out


def prior_hubness(p: np.ndarray, p_groups: Sequence[Hashable], m: int = HUB_NEIGHBOURS,
                  block_rows: int = BLOCK_ROWS) -> np.ndarray:
    """Each prior's mean cosine to its ``m`` nearest other priors of the same pool (0 when alone).

    A general recommendation ("continue to promote human rights") is near everything; its
    cosine to a new text says less than the same cosine of a specific one.
    """
    out = np.zeros(p.shape[0], np.float32)
    for _, pi in group_slices(p_groups).items():
        if len(pi) < 2:
            continue
        pg = p[pi]
        for start in range(0, len(pi), block_rows):
            rows = np.arange(start, min(start + block_rows, len(pi)))
            s = pg[rows] @ pg.T
            s[np.arange(len(rows)), rows] = -np.inf               # not itself
            _, vals = topk_rows(s, min(m, len(pi) - 1))
            out[pi[rows]] = vals.mean(axis=1)
    return out


# ====================================================================== text features
#: UN abbreviations spelled out before comparing texts (longest first; whole words, case kept).
ABBREVIATIONS: dict[str, str] = {
    "ICCPR": "International Covenant on Civil and Political Rights",
    "ICESCR": "International Covenant on Economic, Social and Cultural Rights",
    "ICRMW": "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
    "CMW": "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
    "CRPD": "Convention on the Rights of Persons with Disabilities",
    "CPRD": "Convention on the Rights of Persons with Disabilities",
    "CEDAW": "Convention on the Elimination of All Forms of Discrimination against Women",
    "CERD": "International Convention on the Elimination of All Forms of Racial Discrimination",
    "ICERD": "International Convention on the Elimination of All Forms of Racial Discrimination",
    "CRC": "Convention on the Rights of the Child",
    "OPCAT": "Optional Protocol to the Convention against Torture",
    "OP-CAT": "Optional Protocol to the Convention against Torture",
    "CAT": "Convention against Torture",
    "CPED": "International Convention for the Protection of All Persons from Enforced Disappearance",
    "ICPPED": "International Convention for the Protection of All Persons from Enforced Disappearance",
    "NPM": "national preventive mechanism",
    "NPMs": "national preventive mechanisms",
    "NHRI": "national human rights institution",
    "HRDs": "human rights defenders",
    "HRD": "human rights defender",
    "LGBTI": "lesbian, gay, bisexual, transgender and intersex",
    "LGBT": "lesbian, gay, bisexual and transgender",
    "UPR": "universal periodic review",
    "OHCHR": "Office of the High Commissioner for Human Rights",
    "UNHCR": "United Nations High Commissioner for Refugees",
    "ILO": "International Labour Organization",
    "HR Committee": "Human Rights Committee",
    "NGOs": "non-governmental organizations",
    "NGO": "non-governmental organization",
}
_ABBR_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
                      + r")(?![\w-])")

#: treaties a ratification recommendation names, as (name, pattern on the expanded lower-cased text)
INSTRUMENTS: tuple[tuple[str, str], ...] = (
    ("iccpr-op2", r"second optional protocol to (the )?international covenant on civil"),
    ("iccpr-op1", r"(?<!second )optional protocol to (the )?international covenant on civil"),
    ("icescr-op", r"(?<!second )optional protocol to (the )?international covenant on economic"),
    ("crpd-op", r"optional protocol (to |thereto)?(to )?(the )?convention on the rights of persons with disabilities"
                r"|convention on the rights of persons with disabilities and (the|its) optional protocol"),
    ("crpd", r"convention on the rights of (persons|people) with disabilities"),
    # the Convention on the Rights of the Child and its three protocols (a ratification ask of one is no follow-up
    # of an ask of another, nor of the disabilities convention's protocol)
    ("crc-op3", r"optional protocol (to (the )?convention on the rights of the child )?on a communications? procedure"),
    ("crc-opsc", r"sale of children"),
    ("crc-opac", r"involvement of children in armed conflict"),
    ("crc", r"(?<!protocol to the )(?<!protocol to )convention on the rights of the child(?! on a communication)"),
    ("opcat", r"optional protocol to (the )?convention against torture"),
    ("cat", r"(?<!protocol to the )(?<!protocol to )convention against torture"),
    ("icrmw", r"migrant workers"),
    ("rome", r"rome statute|international criminal court"),
    ("ced", r"enforced disappearance"),
    ("cedaw", r"discrimination against women"),
    ("cerd", r"racial discrimination"),
    ("refugees-1951", r"convention (of 1951 )?(on|relating to) the status of refugees|1951 (refugee )?convention"),
    ("statelessness", r"statelessness|stateless persons"),
    # ILO conventions, by number or name ("the ILO Domestic Workers Convention, 2011 (No. 189)", "ILO C190"):
    # two ratification asks of ILO conventions differ by little else than the number
    ("ilo-189", r"\b(?:no\.? ?|c)189\b|domestic workers convention"),
    ("ilo-190", r"\b(?:no\.? ?|c)190\b|violence and harassment convention"),
    ("ilo-169", r"\b(?:no\.? ?|c)169\b|indigenous and tribal peoples convention"),
    ("ilo-138", r"\b(?:no\.? ?|c)138\b|minimum age convention"),
    ("ilo-182", r"\b(?:no\.? ?|c)182\b|worst forms of child labour convention"),
    ("ilo-87", r"\b(?:no\.? ?|c)87\b|freedom of association and protection of the right to organi[sz]e"),
    ("ilo-98", r"\b(?:no\.? ?|c)98\b|right to organi[sz]e and collective bargaining"),
)
_INSTRUMENT_RES = tuple((name, re.compile(pat)) for name, pat in INSTRUMENTS)
INSTRUMENT_BIT = {name: 1 << i for i, (name, _) in enumerate(INSTRUMENTS)}
_INSTRUMENT_BY_NAME = dict(_INSTRUMENT_RES)
#: a cheap first look: most texts name no treaty at all
_INSTRUMENT_HINT = re.compile(r"convention|covenant|protocol|statute|criminal court|migrant workers|disappearance"
                              r"|discrimination|refugees|stateless|sale of children|children in armed conflict")
#: ... and for the ILO conventions (plain substrings: a regular expression here cost a third of the features' time)
_ILO_WORDS = (" ilo", "(ilo", "labour organi")
#: what an ILO convention's pattern needs to find (its number or its name), so that most texts skip those patterns
_ILO_CUES = ("87", "98", "138", "169", "182", "189", "190", "domestic workers", "violence and harassment",
             "tribal peoples", "minimum age", "worst forms", "collective bargaining", "freedom of association and")
_CRPD_OP_RE = re.compile(r"optional protocol (to )?(the )?convention on the rights of (persons|people) with disabilities")


def expand_abbreviations(text: str) -> str:
    """"Ratify OP-CAT" -> "Ratify Optional Protocol to the Convention against Torture"."""
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


def match_text(text: str) -> str:
    """The form of a text that is embedded and compared: normalised, abbreviations spelled out."""
    return expand_abbreviations(normalize_text(text))


def instruments(text: str) -> int:
    """Bit mask of the treaties a (match_text) names. "The Optional Protocol to the CRPD" names
    the protocol, not the Convention itself; "the CRPD and the Optional Protocol thereto" both."""
    low = text.lower()
    mask = 0
    if not _INSTRUMENT_HINT.search(low) and not (low.startswith("ilo") or any(w in low for w in _ILO_WORDS)):
        return 0
    ilo = any(w in low for w in _ILO_CUES)
    for name, pat in _INSTRUMENT_RES:
        if (ilo or not name.startswith("ilo-")) and pat.search(low):
            mask |= INSTRUMENT_BIT[name]
    if mask & INSTRUMENT_BIT["crpd"] and not _INSTRUMENT_BY_NAME["crpd"].search(_CRPD_OP_RE.sub(" ", low)):
        mask &= ~INSTRUMENT_BIT["crpd"]
    return mask


def instrument_matrix(q_bits: np.ndarray, p_bits: np.ndarray) -> np.ndarray:
    """+1 where both name a same treaty, -1 where both name treaties but none in common, else 0."""
    q_bits = np.asarray(q_bits, np.int64)[:, None]
    p_bits = np.asarray(p_bits, np.int64)[None, :]
    both = (q_bits != 0) & (p_bits != 0)
    same = (q_bits & p_bits) != 0
    return np.where(same, 1.0, np.where(both, -1.0, 0.0)).astype(np.float32)


#: specific subjects a recommendation can name (institutions, practices, groups, rights): term ->
#: trigger phrases on the lower-cased words of the match_text; a trailing ``*`` makes the last
#: word a prefix ("religio*": religion, religious). Article numbers are terms too ("art 164").
KEY_TERMS: dict[str, tuple[str, ...]] = {
    "paris-principles": ("paris principles",), "death-penalty": ("death penalty", "capital punishment"),
    "ombudsman": ("ombuds*", "commissioner for human rights"), "nhri": ("national human rights institution*",),
    "npm": ("national preventive mechanism*", "national preventative mechanism*", "prevention of torture"),
    "torture": ("torture", "ill-treatment"), "hrd": ("human rights defender*",), "journalist": ("journalist*",),
    "media": ("media", "press"), "internet": ("internet", "online", "website*", "web-based"),
    "assembly": ("assembly", "assemblies", "demonstration*", "protest*"),
    "association": ("association", "associations", "trade union*"), "religion": ("religio*", "belief*"),
    "trafficking": ("trafficking",), "domestic-violence": ("domestic violence", "violence against women"),
    "women": ("women", "gender", "girl", "girls"), "child": ("child*",), "disability": ("disabilit*",),
    "migrant": ("migra*",), "refugee": ("refugee*", "asylum", "non-refoulement"), "stateless": ("stateless*",),
    "minority": ("minorit*", "ethnic*"), "judiciary": ("judicia*", "judge", "judges", "court", "courts"),
    "lawyer": ("lawyer*",), "prison": ("prison*", "penitentiar*"),
    "detention": ("detention", "detained", "places of deprivation"), "police": ("police", "law enforcement"),
    "corruption": ("corruption",),
    "special-procedures": ("special procedure*", "special rapporteur*", "standing invitation"),
    "treaty-bodies": ("treaty bod*", "human rights committee", "overdue report*", "periodic report*",
                      "reporting obligation*", "concluding observations"),
    "defamation": ("defamation", "libel", "slander", "insult*"),
    "lgbti": ("lesbian*", "sexual orientation", "gender identity", "same-sex", "sodomy", "homosexual*", "lgbt*",
              "transgender*", "intersex"), "guardianship": ("guardianship", "legal capacity"),
    "education": ("educat*", "school*"), "health": ("health",), "employment": ("employment", "labour", "work"),
    "civil-society": ("civil society", "non-governmental organization*"), "elections": ("election*", "electoral"),
    "political-parties": ("political part*",), "registration": ("registration", "register", "re-register*"),
    "action-plan": ("action plan*",), "extremism": ("extremis*", "terroris*"),
    "access-to-information": ("access to information", "freedom of information", "right to information"),
    "false-information": ("false information", "disinformation", "fake news", "misinformation"),
}
_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ARTICLE_RE = re.compile(r"\barticles? ((?:\d+(?:\.\d+)?(?:,? and |, | or |-)?)+)")


def _trigger_index() -> tuple[dict[str, list], dict[str, list], tuple[int, ...]]:
    """first word -> [(term, following words, last word is a prefix)], exact and by prefix."""
    exact: dict[str, list] = defaultdict(list)
    prefix: dict[str, list] = defaultdict(list)
    for term, phrases in KEY_TERMS.items():
        for phrase in phrases:
            is_prefix = phrase.endswith("*")
            words = phrase.rstrip("*").split()
            entry = (term, tuple(words[1:]), is_prefix)
            (prefix if is_prefix and len(words) == 1 else exact)[words[0]].append(entry)
    return dict(exact), dict(prefix), tuple(sorted({len(k) for k in prefix}))


_EXACT, _PREFIX, _PREFIX_LENGTHS = _trigger_index()


def key_terms(text: str) -> frozenset[str]:
    """The specific subjects a (match_text) names: :data:`KEY_TERMS` and article numbers."""
    low = text.lower()
    words = _WORD_RE.findall(low)
    found = set()
    for i, w in enumerate(words):
        entries = list(_EXACT.get(w, ()))
        for n in _PREFIX_LENGTHS:
            if n <= len(w) and w[:n] in _PREFIX:
                entries.extend(_PREFIX[w[:n]])
        longer = set()
        for term, rest, is_prefix in entries:
            tail = words[i + 1:i + 1 + len(rest)]
            if rest and len(tail) == len(rest) and all(a == b for a, b in zip(tail[:-1], rest[:-1])) and (
                    tail[-1].startswith(rest[-1]) if is_prefix else tail[-1] == rest[-1]):
                longer.add(term)
        found |= longer
        if not longer:      # a phrase that starts here wins over its first word's own term ("gender identity": lgbti, not women)
            found.update(term for term, rest, _ in entries if not rest)
    if "article" in low:
        for m in _ARTICLE_RE.finditer(low):
            found.update("art " + n for n in re.findall(r"\d+", m.group(1)))
    return frozenset(found)


def state_set(names: Sequence[str] | None) -> frozenset[str]:
    """Canonical state names (unknown names lower-cased)."""
    return frozenset(canonical_state(n) or n.strip().lower() for n in (names or ()) if n and n.strip())


_REFERS_BACK = re.compile(r"recommendations? (made|put forward|given|received|formulated)|earlier|previous|prior|"
                          r"first (cycle|review)|already accepted|accepted by", re.IGNORECASE)


def named_states(text: str) -> frozenset[str]:
    """States a text names when it refers back to recommendations ("the six recommendations made
    by the Czech Republic"); empty otherwise (a state named as a place is no reference)."""
    return frozenset(find_states(text)) if _REFERS_BACK.search(text) else frozenset()


def context_priors(units: Sequence[Unit], citations: Sequence[Citation] = ()) -> dict[str, set[str]]:
    """new unit id -> prior report units its own document places next to it.

    A fact sheet's suggested recommendation lists (``related_unit_ids``) the prior-cycle rows
    of its table row; those rows quote report items (``canonical_unit_id``, link stage). A unit
    citing a report item itself (a resolved citation) counts too.
    """
    canonical = {u.unit_id: u.canonical_unit_id for u in units if u.canonical_unit_id}
    out: dict[str, set[str]] = defaultdict(set)
    for u in units:
        for rid in u.related_unit_ids:
            if canonical.get(rid):
                out[u.unit_id].add(canonical[rid])
    for c in citations:
        if c.prior_unit_id:
            out[c.unit_id].add(c.prior_unit_id)
    return dict(out)


def section_priors(units: Sequence[Unit], citations: Sequence[Citation] = ()) -> dict[str, set[str]]:
    """new unit id -> prior report units cited (resolved citations) by any unit of the same
    section of the same document: a submission's findings cite the recommendations its
    section's own recommendations follow up."""
    cited: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        if c.prior_unit_id:
            cited[c.unit_id].add(c.prior_unit_id)
    by_section: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u in units:
        if u.section and cited.get(u.unit_id):
            by_section[(u.doc_id, u.section)] |= cited[u.unit_id]
    out = {}
    for u in units:
        if u.unit_type == "recommendation" and u.section and (u.doc_id, u.section) in by_section:
            out[u.unit_id] = set(by_section[(u.doc_id, u.section)])
    return out


# ====================================================================== lexical similarity
def tfidf_pair(new_texts: Sequence[str], prior_texts: Sequence[str], kind: str = "tfidf-word"):
    """L2-normalised TF-IDF rows for new and prior texts, fitted on the prior texts.

    The vocabulary and IDF come from the priors only: adding a new document never changes
    the scores of another. ``kind``: ``tfidf-word`` (words, sublinear tf, English stop
    words) or ``tfidf-char`` (character 4-grams within words: catches "criminalize" /
    "criminalization").
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    if kind == "tfidf-char":
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=1, dtype=np.float32)
    else:
        vec = TfidfVectorizer(analyzer="word", stop_words="english", sublinear_tf=True, min_df=1,
                              token_pattern=r"(?u)\b\w\w+\b", dtype=np.float32)
    try:
        p = vec.fit_transform(list(prior_texts))
    except ValueError:                                      # only stop words / empty texts
        from scipy.sparse import csr_matrix

        return csr_matrix((len(new_texts), 1), dtype=np.float32), csr_matrix((len(prior_texts), 1), dtype=np.float32)
    return vec.transform(list(new_texts)), p


def rowwise_dot(a, b) -> np.ndarray:
    """Dot product of row i of ``a`` with row i of ``b`` (sparse rows), as a float32 vector."""
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float32).ravel()


# ====================================================================== pair features
@dataclass
class Side:
    """One side of the matching: embeddings and what the features need of each unit."""

    vecs: np.ndarray                      # L2-normalised float32 rows
    groups: list[Hashable]                # (state, prior cycle) pool key
    texts: list[str]                      # match_text
    states: list[frozenset[str]]          # recommending states
    named: list[frozenset[str]] = field(default_factory=list)   # states a new text refers back to


@dataclass
class Candidates:
    """Shortlisted priors of each new row and the features of each pair.

    ``idx`` (n_new, n): prior rows, -1 = none; ``cos`` the cosines; ``x`` (n_new, n,
    len(ALL_FEATURES)) the features (0 where ``idx`` is -1).
    """

    idx: np.ndarray
    cos: np.ndarray
    x: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        return self.idx >= 0


def pair_features(new: Side, prior: Side, n: int = SHORTLIST,
                  own: dict[int, set[int]] | None = None, section: dict[int, set[int]] | None = None,
                  block_rows: int = BLOCK_ROWS) -> Candidates:
    """Shortlist each new row's ``n`` nearest priors of its pool and compute the pair features.

    ``own`` / ``section``: new row -> prior rows its own document places next to it (fact-sheet
    row, its own citation) / that its section's units cite.
    """
    own, section = own or {}, section or {}
    idx, cos, q_mean = shortlist_by_group(new.vecs, new.groups, prior.vecs, prior.groups, n, block_rows)
    nq, width = idx.shape
    x = np.zeros((nq, width, len(ALL_FEATURES)), np.float32)
    valid = idx >= 0
    if not valid.any():
        return Candidates(idx, cos, x)
    qi, slot = np.nonzero(valid)
    pj = idx[qi, slot]
    c = np.nan_to_num(cos)
    best = c[:, :1]
    q_hub = np.nanmean(np.where(valid[:, :HUB_NEIGHBOURS], cos[:, :HUB_NEIGHBOURS], np.nan), axis=1)
    p_hub = prior_hubness(prior.vecs, prior.groups, block_rows=block_rows)

    f = np.zeros((len(qi), len(ALL_FEATURES)), np.float32)
    f[:, COL["cos"]] = c[qi, slot]
    f[:, COL["cos_gap"]] = c[qi, slot] - best[qi, 0]
    f[:, COL["cos_rank"]] = np.log1p(slot)
    f[:, COL["q_mean"]] = q_mean[qi]
    f[:, COL["q_hub"]] = q_hub[qi]
    f[:, COL["p_hub"]] = p_hub[pj]
    f[:, COL["csls"]] = 2 * c[qi, slot] - q_hub[qi] - p_hub[pj]

    # TF-IDF cosines, fitted per pool on its priors; pairs taken pool by pool
    pools = group_slices(prior.groups)
    q_pool = {g: i for i, g in enumerate(group_slices(new.groups))}
    pair_pool = np.fromiter((q_pool[new.groups[a]] for a in qi.tolist()), np.int64, len(qi))
    order = np.argsort(pair_pool, kind="stable")
    bounds = np.searchsorted(pair_pool[order], np.arange(len(q_pool) + 1))
    local_q = np.zeros(nq, np.int64)
    local_p = np.zeros(len(prior.texts), np.int64)
    for g, rows in group_slices(new.groups).items():
        pi = pools.get(g)
        sel = order[bounds[q_pool[g]]:bounds[q_pool[g] + 1]]
        if pi is None or not len(sel):
            continue
        local_q[rows] = np.arange(len(rows))
        local_p[pi] = np.arange(len(pi))
        qm, pm = tfidf_pair([new.texts[r] for r in rows], [prior.texts[r] for r in pi], "tfidf-word")
        f[sel, COL["tfidf_word"]] = rowwise_dot(qm[local_q[qi[sel]]], pm[local_p[pj[sel]]])

    # treaties
    q_bits = np.fromiter((instruments(t) for t in new.texts), np.int64, nq)
    p_bits = np.fromiter((instruments(t) for t in prior.texts), np.int64, len(prior.texts))
    qb, pb = q_bits[qi], p_bits[pj]
    same = (qb & pb) != 0
    f[:, COL["treaty_same"]] = same
    f[:, COL["treaty_other"]] = (qb != 0) & (pb != 0) & ~same

    # key terms, context and states: sets, per pair
    q_terms = [key_terms(t) for t in new.texts]
    p_terms: dict[int, frozenset[str]] = {}
    named = new.named or [frozenset()] * nq
    for r, (a, b) in enumerate(zip(qi.tolist(), pj.tolist())):
        qt = q_terms[a]
        if qt:
            pt = p_terms.get(b)
            if pt is None:
                pt = p_terms[b] = key_terms(prior.texts[b])
            shared = len(qt & pt)
            if shared:
                f[r, COL["terms_shared"]] = 1.0
                f[r, COL["terms_jaccard"]] = shared / len(qt | pt)
        if a in own and b in own[a]:
            f[r, COL["context_own"]] = 1.0
        if a in section and b in section[a]:
            f[r, COL["context_section"]] = 1.0
        if new.states[a] and new.states[a] & prior.states[b]:
            f[r, COL["same_state"]] = 1.0
        if named[a] and named[a] & prior.states[b]:
            f[r, COL["named_state"]] = 1.0
    x[qi, slot] = f
    return Candidates(idx, cos, x)


def score_candidates(cands: Candidates, config: MatchConfig) -> np.ndarray:
    """The match score of each shortlisted pair (-inf where there is none): the scorer's
    probability, or the cosine when uncalibrated."""
    s = config.scorer.predict(cands.x) if config.scorer is not None else np.nan_to_num(cands.cos)
    return np.where(cands.valid, s, -np.inf).astype(np.float32)


def select(cands: Candidates, scores: np.ndarray, k: int, threshold: float, floor: float | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """Each new row's best ``k`` priors by score with the thresholds applied: (prior rows, scores),
    -1 / NaN where none; ties go to the prior with the higher cosine (the earlier shortlist slot)."""
    cols, vals = topk_rows(scores, k)
    cols, vals = apply_thresholds(cols, vals, threshold, floor)
    rows = np.take_along_axis(cands.idx, np.clip(cols, 0, None), axis=1)
    return np.where(cols >= 0, rows, -1), vals


# ====================================================================== selecting units
def _state(name: str | None) -> str | None:
    if not name:
        return None
    return canonical_state(name) or name.strip().lower()


def prior_pools(units: Sequence[Unit], docs: dict[str, Document]) -> dict[tuple[str, int], list[Unit]]:
    """(state, cycle) -> recommendation units of Working Group reports for that state and cycle.
    Where no report of that cycle is in the store, the recommendations that fact sheets, trackers and
    mid-term reports quote from it (a row of an earlier cycle than its document's, linked to no report
    item) stand in for it, each text once: a team that ingests only NGO documents still gets matches,
    and they move to the report's items once the report is ingested. A report stored twice gives each item
    once (the copy stored first)."""
    pools: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    quoted: dict[tuple[str, int], dict[str, Unit]] = defaultdict(dict)
    for u in units:
        d = docs.get(u.doc_id)
        if d is None or u.unit_type != "recommendation" or not u.text.strip():
            continue
        state, cycle = _state(d.state_under_review), u.cycle if u.cycle is not None else d.cycle
        if not state or cycle is None:
            continue
        if d.doc_kind == "working_group_report":
            pools[(state, cycle)].append(u)
        elif not u.canonical_unit_id and d.cycle is not None and cycle < d.cycle:
            quoted[(state, cycle)].setdefault(text_key(u.text), u)
    for key, items in pools.items():
        # two stored copies of one report (a re-typeset file under another name): each item once, from the copy
        # stored first; two equal candidates had split the matcher's confidence and its matches fell under the
        # threshold
        if len({u.doc_id for u in items}) < 2:
            continue
        first: dict[tuple[str | None, str], Unit] = {}
        for u in sorted(items, key=lambda u: (docs[u.doc_id].ingested_at, u.doc_id, u.ordinal)):
            first.setdefault((u.paragraph, text_key(u.text)), u)
        if len(first) < len(items):
            pools[key] = [u for u in items if first[(u.paragraph, text_key(u.text))] is u]
    for key, by_text in quoted.items():
        if key not in pools:
            pools[key] = list(by_text.values())
    return pools


def new_recommendations(units: Sequence[Unit], docs: dict[str, Document],
                        pools: dict[tuple[str, int], list[Unit]]) -> list[tuple[Unit, tuple[str, int]]]:
    """(unit, (state, prior cycle)) for every new-cycle recommendation that has a prior pool: the previous
    cycle's, or where the store has none for that state, the latest earlier cycle's (a third-cycle report
    beside a first-cycle one, the second missing: its items take up the first cycle's)."""
    out = []
    cycles: dict[str, list[int]] = defaultdict(list)
    for (st, c), pool in pools.items():
        if pool:
            cycles[st].append(c)
    for u in units:
        d = docs.get(u.doc_id)
        if d is None or u.unit_type != "recommendation" or u.canonical_unit_id or not u.text.strip():
            continue
        cycle = u.cycle if u.cycle is not None else d.cycle
        if cycle is None:
            continue
        if d.cycle is not None and cycle < d.cycle:
            continue                      # a fact sheet's row quoting the previous cycle: not new (a mid-term
                                          # tracker's suggestions for the next cycle are)
        state = _state(d.state_under_review)
        earlier = [c for c in cycles.get(state, ()) if c < cycle] if state else []
        if earlier:
            out.append((u, (state, max(earlier))))
    return out


def unmatchable(units: Sequence[Unit], docs: dict[str, Document], new: Sequence[tuple[Unit, tuple[str, int]]]) -> int:
    """How many new-cycle recommendations have no earlier cycle of their state in the store to be matched
    against (they get no match rows, as an abstention does; the run's summary counts them apart)."""
    matched = {u.unit_id for u, _ in new}
    n = 0
    for u in units:
        d = docs.get(u.doc_id)
        if d is None or u.unit_type != "recommendation" or u.canonical_unit_id or not u.text.strip() \
                or u.unit_id in matched:
            continue
        cycle = u.cycle if u.cycle is not None else d.cycle
        if cycle is not None and _state(d.state_under_review) and not (d.cycle is not None and cycle < d.cycle):
            n += 1
    return n


def build_sides(new: Sequence[tuple[Unit, tuple[str, int]]], pools: dict[tuple[str, int], list[Unit]],
                embed: Callable[[list[str]], np.ndarray]) -> tuple[Side, Side, list[Unit]]:
    """The new side, the prior side (every pool a new unit needs, once) and the prior units in row order."""
    priors: list[Unit] = []
    p_groups: list[tuple[str, int]] = []
    for key in sorted({key for _, key in new}):
        for u in pools[key]:
            priors.append(u)
            p_groups.append(key)
    q_units = [u for u, _ in new]
    q_texts = [match_text(u.text) for u in q_units]
    p_texts = [match_text(u.text) for u in priors]
    vecs = embed(q_texts + p_texts) if (q_texts or p_texts) else np.zeros((0, 1), np.float32)
    q_side = Side(vecs[:len(q_units)], [key for _, key in new], q_texts,
                  [state_set(u.recommending_states) for u in q_units], [named_states(t) for t in q_texts])
    p_side = Side(vecs[len(q_units):], p_groups, p_texts, [state_set(u.recommending_states) for u in priors])
    return q_side, p_side, priors


def context_rows(new_units: Sequence[Unit], priors: Sequence[Unit], by_unit: dict[str, set[str]] | None
                 ) -> dict[int, set[int]]:
    """``context_priors`` / ``section_priors`` (unit ids) as new row -> prior rows."""
    if not by_unit:
        return {}
    prow = {u.unit_id: j for j, u in enumerate(priors)}
    out = {}
    for i, u in enumerate(new_units):
        rows = {prow[p] for p in by_unit.get(u.unit_id, ()) if p in prow}
        if rows:
            out[i] = rows
    return out


# ====================================================================== matching units
@dataclass
class MatchResult:
    rows: list[Match]
    new_ids: list[str]
    seconds: dict[str, float]


def match_units(new: Sequence[tuple[Unit, tuple[str, int]]], pools: dict[tuple[str, int], list[Unit]],
                config: MatchConfig, k: int, embed: Callable[[list[str]], np.ndarray],
                model_version: str = "", own: dict[str, set[str]] | None = None,
                section: dict[str, set[str]] | None = None) -> MatchResult:
    """Rank the prior pool of each new unit; ``embed`` maps texts to normalised vectors;
    ``own`` / ``section``: new unit id -> prior unit ids its document places next to it
    (:func:`context_priors`, :func:`section_priors`)."""
    timings: dict[str, float] = {}
    if not new:
        return MatchResult([], [], timings)
    t = time.perf_counter()
    q_side, p_side, priors = build_sides(new, pools, embed)
    timings["embed"] = time.perf_counter() - t
    t = time.perf_counter()
    new_units = [u for u, _ in new]
    cands = pair_features(q_side, p_side, config.shortlist,
                          context_rows(new_units, priors, own), context_rows(new_units, priors, section))
    timings["features"] = time.perf_counter() - t
    t = time.perf_counter()
    idx, vals = select(cands, score_candidates(cands, config), k, config.threshold, config.floor)
    timings["score"] = time.perf_counter() - t
    rows: list[Match] = []
    for i, u in enumerate(new_units):
        for r in range(idx.shape[1]):
            j = idx[i, r]
            if j < 0:
                break
            rows.append(Match(unit_id=u.unit_id, prior_unit_id=priors[j].unit_id, score=round(float(vals[i, r]), 6),
                              rank=r + 1, method=config.method, model_version=model_version))
    return MatchResult(rows, [u.unit_id for u in new_units], timings)


#: above this many units the matches are written in bulk (Arrow) rather than row by row
BULK_WRITE_ABOVE = 2000


def write_matches(store, unit_ids: list[str], rows: list[Match], bulk_above: int = BULK_WRITE_ABOVE) -> None:
    """``Store.write_matches`` (delete these units' matches, insert the rows); in bulk when large.

    Row-by-row ``executemany`` costs ~2 ms a row in DuckDB: 100,000 rows would take minutes.
    """
    if len(unit_ids) <= bulk_above:
        store.write_matches(unit_ids, rows)
        return
    import pyarrow as pa

    cols = list(Match.model_fields)
    ids = pa.table({"unit_id": pa.array(unit_ids, pa.string())})
    table = pa.table({c: [getattr(r, c) for r in rows] for c in cols}) if rows else None
    store.con.register("_match_ids", ids)
    if table is not None:
        store.con.register("_match_rows", table)
    try:
        with store.transaction():
            store.con.execute("DELETE FROM matches WHERE unit_id IN (SELECT unit_id FROM _match_ids)")
            if table is not None:
                store.con.execute(f"INSERT INTO matches ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _match_rows")
    finally:
        store.con.unregister("_match_ids")
        if table is not None:
            store.con.unregister("_match_rows")


def version_string(config: MatchConfig) -> str:
    from .embed import model_version

    return f"{model_version()}; matching {config.version}"


def match_in_store(store_dir: Path, settings: Settings) -> dict:
    """Fill the ``matches`` table from the store's units (replacing earlier matches)."""
    from .embed import EmbeddingCache
    from .store import Store

    config = with_threshold(load_config(settings.models_dir), settings.match_threshold)
    cache = EmbeddingCache(settings=settings)
    with Store(store_dir) as store:
        docs = {d.doc_id: d for d in store.documents()}
        units = store.units("WHERE unit_type IN ('recommendation', 'finding')")
        citations = store.citations()
        pools = prior_pools(units, docs)
        new = new_recommendations(units, docs, pools)
        result = match_units(new, pools, config, settings.match_top_k, cache.embed, version_string(config),
                             own=context_priors(units, citations), section=section_priors(units, citations))
        # every recommendation's old matches go: a unit that is no longer new keeps none
        write_matches(store, [u.unit_id for u in units if u.unit_type == "recommendation"], result.rows)
    matched = len({r.unit_id for r in result.rows})
    return {
        "new_recommendations": len(new), "matched": matched, "abstained": len(new) - matched,
        "no_earlier_cycle": unmatchable(units, docs, new),
        "candidates": len(result.rows), "method": config.method, "calibration": config.version,
        "embedded": cache.stats.misses, "cache_hits": cache.stats.hits,
        **{f"{k}_s": round(v, 2) for k, v in result.seconds.items()},
    }
