"""Text clean-up shared by training and prediction (the same function on both sides)."""

from __future__ import annotations

import re

_LEAD_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3}){1,2}|\(?[a-z]\)|\d{1,3}\.)\s+")
# "(Brazil);" or "(Canada, Norway)." at the very end: the recommending states, not content.
_STATES_TAIL = re.compile(r"(?:\s*\([A-Z][a-z][^()\d]*\))+\s*[;.,]?\s*$")
_SPACE = re.compile(r"\s+")


def normalize(text: str | None) -> str:
    """Collapse white space, drop a leading paragraph number ("124.4") and a trailing list of
    recommending states ("(Canada, Norway);"). Case is kept (the vectorizer lowercases)."""
    if not text:
        return ""
    t = _SPACE.sub(" ", str(text)).strip()
    t = _LEAD_NUMBER.sub("", t)
    t = _STATES_TAIL.sub("", t)
    return t.strip()


def strip_vectorizer(vec) -> None:
    """Drop ``stop_words_`` (every pruned term: megabytes nobody needs at prediction time) and
    ``_stop_words_id`` (an ``id()``, different in every process: the artifact would not be
    byte-for-byte reproducible; scikit-learn recomputes it on first use)."""
    for _, v in getattr(vec, "transformer_list", [("", vec)]):
        if hasattr(v, "stop_words_"):
            v.stop_words_ = None
        if hasattr(v, "_stop_words_id"):
            del v._stop_words_id
