"""Explicit references to ICCPR articles in a text.

``"article 19 of the Covenant"``, ``"arts. 14 and 19 ICCPR"``, ``"Article 19(3) of the
International Covenant on Civil and Political Rights"``, ``"ICCPR, art. 21"`` are *tied*
references: the article number belongs to the Covenant. ``"article 164 of the Criminal
Code"``, ``"article 2 of the Constitution"``, ``"article 12 of the Convention on the Rights of
the Child"`` or ``"article 2 of the International Covenant on Economic, Social and Cultural
Rights"`` are not. A number without any instrument (``"article 19"``, ``"art. 21"``) is a
*bare* reference: it counts only when the text names no other legal instrument (then the
UPR context makes the Covenant the likely one) *and* names the Covenant somewhere; it gets a
lower score than a tied one. (On the UPR Info export, bare numbers without any Covenant mention
were mostly articles of CEDAW, the ICESCR or domestic laws.) A bare number chained to a tied
one ("article 19 and art. 21 of the Covenant") is tied.
Only articles 1–27 (the substantive articles) are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import ARTICLES

_NUM = r"\d{1,3}(?:\.\d{1,2})*(?:\s*\(\s*(?:\d{1,2}|[a-z])\s*\))*(?:\s*,?\s*(?:para(?:graph)?s?\.?|§)\s*\d{1,2}(?:\s*\([a-z]\))?)?"
_SEP = r"\s*(?:,\s*(?:and\s+|or\s+)?|\band\b|\bor\b|&|\bto\b|-|–|—)\s*"
_LIST = rf"{_NUM}(?:{_SEP}{_NUM})*"
_REF = re.compile(rf"\b(?:articles?|arts?\.?|art\b\.?)\s*(?P<list>{_LIST})", re.I)

_CCPR = (r"(?:the\s+)?(?:International\s+Covenant\s+on\s+Civil\s+and\s+Political\s+Rights|"
         r"International\s+Covenant(?!\s+on\s+Economic)|ICCPR|CCPR|Covenant(?!\s+on\s+Economic))")
# What follows the list: "of the Covenant", "ICCPR", "(ICCPR)", ", ICCPR", "of the International Covenant…"
_TIED_AFTER = re.compile(rf"^\s*(?:,\s*)?(?:\(\s*)?(?:of|in|under|from)?\s*{_CCPR}", re.I)
# What follows the list when it belongs to another instrument.
_OTHER_AFTER = re.compile(
    r"^\s*,?\s*(?:of|in|under|from)\s+(?:the\s+|its\s+|this\s+|that\s+|a\s+)?"
    r"(?!(?:International\s+Covenant\s+on\s+Civil|ICCPR|CCPR|Covenant(?!\s+on\s+Economic)))\S", re.I)
# What precedes the reference when it is tied: "ICCPR article 19", "Covenant, art. 21", "the Covenant (arts. 2 and 26)"
_TIED_BEFORE = re.compile(rf"{_CCPR}\s*(?:,|\(|\s)\s*$", re.I)
# Another legal instrument named anywhere in the text: a bare reference may belong to it.
_OTHER_TREATIES = r"CEDAW|CRC|CAT|ICESCR|ICERD|CERD|CRPD|ICRMW|CED|UDHR|ECHR|OP-\w+|Universal\s+Declaration"
_OTHER_INSTRUMENT = re.compile(
    rf"\b(?:code|constitution|law|act|decree|convention|protocol|declaration|statute|charter|"
    rf"regulation|ordinance|bill|rules|resolution|economic,\s+social|{_OTHER_TREATIES})\b", re.I)
# "CEDAW articles 2 and 16", "ICESCR, article 8": the instrument named just before the reference
_OTHER_BEFORE = re.compile(rf"(?:{_OTHER_TREATIES}|Constitution|Code|Law|Act)\s*(?:,|\(|'s)?\s*$")
# the Covenant named anywhere: a precondition for counting a bare reference
_CCPR_ANYWHERE = re.compile(r"International\s+Covenant\s+on\s+Civil\s+and\s+Political\s+Rights|\bICCPR\b|\bCCPR\b|"
                            r"\bthe\s+Covenant\b(?!\s+on\s+Economic)", re.I)
# a bare reference chained to a tied one: "article 19 and art. 21 of the Covenant"
_CHAIN = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)$", re.I)


@dataclass(frozen=True)
class ExplicitRefs:
    tied: list[int] = field(default_factory=list)    # numbers tied to the Covenant
    bare: list[int] = field(default_factory=list)    # numbers with no instrument (only when the text names no other)

    @property
    def articles(self) -> list[int]:
        out = list(self.tied)
        out += [a for a in self.bare if a not in out]
        return out


def _numbers(list_text: str) -> list[int]:
    """"14 and 19", "2, 3 and 26", "19(3)", "9-10", "2, paragraph 3" -> [14, 19] ..."""
    # drop sub-paragraphs "(3)" and "paragraph 3" so their digits are not read as articles
    cleaned = re.sub(r"\(\s*(?:\d{1,2}|[a-z])\s*\)", " ", list_text)
    cleaned = re.sub(r"(?:para(?:graph)?s?\.?|§)\s*\d{1,2}", " ", cleaned, flags=re.I)
    out: list[int] = []
    tokens = re.findall(r"\d{1,3}|-|–|—|\bto\b", cleaned)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isdigit():
            n = int(tok)
            if i + 2 < len(tokens) and tokens[i + 1] in {"-", "–", "—", "to"} and tokens[i + 2].isdigit():
                m = int(tokens[i + 2])
                rng = range(n, m + 1) if 0 < m - n <= 6 else (n, m)
                out.extend(rng)
                i += 3
                continue
            out.append(n)
        i += 1
    seen: list[int] = []
    for n in out:
        if n in ARTICLES and n not in seen:
            seen.append(n)
    return seen


def explicit_articles(text: str) -> ExplicitRefs:
    """Find explicit ICCPR article references in ``text`` (see the module docstring)."""
    if not text:
        return ExplicitRefs()
    bare_allowed = bool(_CCPR_ANYWHERE.search(text)) and not _OTHER_INSTRUMENT.search(_strip_ccpr(text))
    found: list[tuple[int, int, list[int], str]] = []      # (start, end, numbers, kind)
    for m in _REF.finditer(text):
        nums = _numbers(m.group("list"))
        if not nums:
            continue
        after = text[m.end(): m.end() + 120]
        before = text[max(0, m.start() - 60): m.start()]
        if _TIED_AFTER.match(after):
            kind = "tied"
        elif _OTHER_AFTER.match(after) or _OTHER_BEFORE.search(before):
            kind = "other"                                 # "article 164 of the Criminal Code", "CEDAW article 16"
        elif _TIED_BEFORE.search(before):
            kind = "tied"
        else:
            kind = "bare"
        found.append((m.start(), m.end(), nums, kind))
    # "article 19 and art. 21 of the Covenant": a bare reference chained to a tied one is tied
    for i in range(len(found) - 2, -1, -1):
        s0, e0, nums, kind = found[i]
        if kind == "bare" and found[i + 1][3] == "tied" and _CHAIN.match(text[e0: found[i + 1][0]]):
            found[i] = (s0, e0, nums, "tied")
    tied: list[int] = []
    bare: list[int] = []
    for _, _, nums, kind in found:
        target = tied if kind == "tied" else bare if (kind == "bare" and bare_allowed) else None
        if target is None:
            continue
        for n in nums:
            if n not in target:
                target.append(n)
    bare = [n for n in bare if n not in tied]
    return ExplicitRefs(tied=tied, bare=bare)


def _strip_ccpr(text: str) -> str:
    """The text without mentions of the ICCPR itself (so "Covenant" is not "another instrument")."""
    return re.sub(r"International\s+Covenant\s+on\s+Civil\s+and\s+Political\s+Rights|"
                  r"\bICCPR\b|\bCCPR\b|\bCovenant\b(?!\s+on\s+Economic)", " ", text, flags=re.I)
