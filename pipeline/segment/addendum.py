"""Addenda to Working Group reports (A/HRC/<s>/<n>/Add.1): the state's responses.

Addenda state responses in prose ("Kazakhstan supports recommendations 124.1, 124.3 and
124.10-124.12") or in a table (a row per recommendation with "Supported"/"Noted"). Both
come down to recommendation numbers near a response word; ranges are expanded.
"""

from __future__ import annotations

import re

from ..layout import document_lines
from ..records import Page

_NUM = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})(?:\s*(?:-|–|to)\s*(?:(\d{1,3})\.)?(\d{1,3}))?(?![\d])")
_NOTED = re.compile(r"\b(not\s+support|noted|notes|takes?\s+note|reject|does\s+not\s+accept)", re.I)
_ACCEPTED = re.compile(r"\b(support(?:s|ed)?|accept(?:s|ed)?|enjoy)", re.I)


def _numbers(text: str) -> list[str]:
    out: list[str] = []
    for m in _NUM.finditer(text):
        para, first = m.group(1), int(m.group(2))
        last = int(m.group(4)) if m.group(4) else first
        if m.group(3) and m.group(3) != para:
            last = first
        out.extend(f"{para}.{n}" for n in range(first, max(first, last) + 1) if last - first < 400)
    return out


def addendum_responses(pages: list[Page]) -> dict[str, str]:
    """Recommendation number -> 'accepted' | 'noted', as the addendum states them."""
    found: dict[str, str] = {}
    lines = [ln for page in document_lines(pages) for ln in page if ln.role == "body"]
    # sentences of prose, and table rows (a line): the response word closest before the numbers
    text = " ".join(ln.text for ln in lines)
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z])", text):
        numbers = _numbers(sentence)
        if not numbers:
            continue
        noted, accepted = _NOTED.search(sentence), _ACCEPTED.search(sentence)
        if noted and (not accepted or noted.start() <= accepted.start() or "not support" in noted.group(0).lower()):
            response = "noted"
        elif accepted:
            response = "accepted"
        else:
            continue
        for n in numbers:
            found.setdefault(n, response)
    for ln in lines:  # table rows override prose: one number and one response word on a line
        numbers = _numbers(ln.text)
        if len(numbers) == 1:
            if _NOTED.search(ln.text):
                found[numbers[0]] = "noted"
            elif _ACCEPTED.search(ln.text):
                found[numbers[0]] = "accepted"
    return found
