"""Stable identifiers: the same bytes and the same code give the same ids on any machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_WS = re.compile(r"\s+")


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def normalize_text(text: str) -> str:
    """Unicode NFKC, one space between words, no soft hyphens; case kept."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufffe", "-")
    return _WS.sub(" ", text).strip()


def text_key(text: str) -> str:
    """A key for comparing texts: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", " ", normalize_text(text).lower()).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(text_key(text).encode()).hexdigest()[:16]


def unit_id(doc_id: str, unit_type: str, locator: str, text: str) -> str:
    """``u_`` + 16 hex: the document, the kind of unit, where it stands and its words."""
    payload = "\x1f".join((doc_id, unit_type, locator, text_key(text)))
    return "u_" + hashlib.sha256(payload.encode()).hexdigest()[:16]
