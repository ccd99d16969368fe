"""Canonical linking: quotes and citations of prior recommendations -> the Working Group
report paragraph they come from (when that report is in the store).

- A fact sheet's prior-cycle row quotes a report recommendation nearly word for word
  (spelling fixes, "Czechia" for "Czech Republic"): the link is the report item of the same
  state under review and cycle whose words are most alike, when they are alike enough and
  the recommending states agree. A quote that prints its paragraph ("147.31 Ensure …", as
  mid-term trackers do) links to that paragraph's item when the states agree and the words
  are half alike, or half of the quote's words are the item's (such quotes are often abridged).
- A citation "A/HRC/28/10, recommendation 124.4 (Brazil)" names the paragraph: it links to
  that report's item when the state agrees; when the printed symbol is wrong (no such item
  there, or another state), the paragraph and state are looked up in the other reports of
  the same state under review, and the method says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from .detect import ORDINALS, is_midterm, review_cycle_of_year, symbol_cycle
from .ids import text_key
from .records import Citation, Document, Unit
from .segment.language import sentences
from .states import canonical_state, find_states

QUOTE_MIN_SIMILARITY = 0.85


def _states(names: list[str] | str | None) -> set[str]:
    if names is None:
        return set()
    if isinstance(names, str):      # a citation's state may name several: "Namibia, Portugal"
        names = find_states(names) or [names]
    return {canonical_state(n) or n.lower() for n in names}


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


#: a quote that prints the report paragraph it comes from may be abridged: this much alike is enough
NUMBERED_MIN_SIMILARITY = 0.5
#: ... and to link it to another cycle's report than the one its row was dated to, nearly its words
ELSEWHERE_MIN_SIMILARITY = 0.85


def _numbered(u: Unit, key: str, mine: set[str], candidates: list[Unit], keys: dict[str, str]) -> Unit | None:
    """The report item a quote names by its paragraph ("147.31 Ensure …"), when their states agree
    and their words are alike enough for an abridged quote (mid-term trackers shorten them): half
    alike, or half of the quote's words found in the item."""
    for c in candidates:
        if c.paragraph == u.paragraph and (not mine or mine & _states(c.recommending_states)) and (
                max(_similarity(key, keys[c.unit_id]), _contained(key, keys[c.unit_id])) >= NUMBERED_MIN_SIMILARITY):
            return c
    return None


def _numbered_elsewhere(u: Unit, key: str, mine: set[str], reports: dict, keys: dict[str, str],
                        state: str | None) -> Unit | None:
    """The item of another cycle's report of the same state that a quote names by its paragraph, with the
    same states and nearly the same words (:data:`ELSEWHERE_MIN_SIMILARITY`): one such item, else None."""
    found = [c for (st, cycle), group in reports.items() if st == state and cycle != u.cycle for c in group
             if c.paragraph == u.paragraph and (not mine or mine & _states(c.recommending_states))
             and max(_similarity(key, keys[c.unit_id]), _contained(key, keys[c.unit_id])) >= ELSEWHERE_MIN_SIMILARITY]
    return found[0] if len(found) == 1 else None


def _contained(quote: str, item: str) -> float:
    """The share of a quote's words that the report item has: an abridged quote keeps the item's words."""
    words = quote.split()
    have = set(item.split())
    return sum(w in have for w in words) / len(words) if words else 0.0


_REPORT_PARAGRAPH = re.compile(r"\d{1,3}\.\d{1,3}")


def quotes_a_report(u: Unit, d: Document) -> bool:
    """Is a recommendation outside a report a quote of one? A prior-cycle row (its cycle before its
    document's) or a row printing the states or the report paragraph it comes from is; a fact
    sheet's suggestion or a submission's own recommendation (this cycle's, no states) is not,
    even when the next report happens to word a recommendation the same way."""
    if u.cycle is not None and d.cycle is not None and u.cycle < d.cycle:
        return True
    return bool(u.recommending_states) or bool(u.paragraph and _REPORT_PARAGRAPH.fullmatch(u.paragraph))


def link_quotes(units: list[Unit], docs: dict[str, Document]) -> dict[str, str | None]:
    """unit_id -> canonical report unit_id for prior-cycle recommendations outside reports."""
    reports: dict[tuple[str | None, int | None], list[Unit]] = defaultdict(list)
    for u in units:
        d = docs.get(u.doc_id)
        if d and d.doc_kind == "working_group_report" and u.unit_type == "recommendation":
            reports[(d.state_under_review, u.cycle)].append(u)
    keys = {u.unit_id: text_key(u.text) for group in reports.values() for u in group}
    out: dict[str, str | None] = {}
    for u in units:
        d = docs.get(u.doc_id)
        if not d or d.doc_kind == "working_group_report" or u.unit_type != "recommendation" or not quotes_a_report(u, d):
            continue
        candidates = reports.get((d.state_under_review, u.cycle), [])
        key = text_key(u.text)
        # (a name the gazetteer does not know, "Norwegian Government", says nothing for or against an item's states)
        mine = {s for s in (canonical_state(n) for n in u.recommending_states or []) if s}
        if u.paragraph and (same := _numbered(u, key, mine, candidates, keys)):
            out[u.unit_id] = same.unit_id
            continue
        if u.paragraph and (other := _numbered_elsewhere(u, key, mine, reports, keys, d.state_under_review)):
            # the row prints the report's paragraph and words, but the cycle it was given is not that report's (a
            # plan or tracker whose own cycle was taken for the one it assesses): the report's item all the same
            out[u.unit_id] = other.unit_id
            continue
        if not candidates:
            continue
        best, best_score = None, 0.0
        for c in candidates:
            if mine and not (mine & _states(c.recommending_states)) and key != keys[c.unit_id]:
                continue
            score = 1.0 if key == keys[c.unit_id] else _similarity(key, keys[c.unit_id])
            if score > best_score:
                best, best_score = c, score
        out[u.unit_id] = best.unit_id if best and best_score >= QUOTE_MIN_SIMILARITY else None
    return out


#: a cycle named in words: "the second-cycle recommendation", "during the 2nd UPR review", "in its third cycle"
_CYCLE_WORDS = re.compile(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)[\s-]+(?:UPR\s+)?(?:cycle|review)\b", re.I)


_YEAR = r"(?:19|20)\d\d"
#: the year of the review that gave a recommendation, as a sentence dates it: "122.2, noted in 2015",
#: "accepted 118.5 in 2019", "recommendations made to Nepal in 2015", "the 2019 UPR", "its review in 2014";
#: several years in a row ("noted in 2015 and 2021 respectively") belong to the numbers cited before them,
#: in order. A response's year counts only after the number it dates.
_REVIEW_YEARS = re.compile(
    rf"(?:\b(?:accepted|supported|noted|rejected)\b|\brecommendations?\b(?:\s+[\w.()-]+){{0,3}}?\s+(?:made|received|issued|given))"
    rf"(?:\s+[\w.()-]+){{0,4}}?\s+in\s+"
    rf"(?P<years>{_YEAR}(?:\s*(?:,|and|&)\s*{_YEAR})*)\b(?P<resp>,?\s+respectively)?|"
    rf"\b(?P<year>{_YEAR})\s+(?:UPR|universal\s+periodic\s+review|(?:periodic\s+)?review|cycle)\b|"
    rf"\b(?:UPR|universal\s+periodic\s+review|review)\s+(?:\w+\s+){{0,2}}?(?:in|of)\s+(?P<after>{_YEAR})\b", re.I)
_PARAGRAPH_NUMBER = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}(?![\d])(?!\.\d)")


def _year_hint(sentence: str, paragraph: str) -> int | None:
    """The cycle of the review year the sentence gives for ``paragraph`` (see :data:`_REVIEW_YEARS`), when
    it gives one year (or, with "respectively", one year per number cited before the years, in order) and
    that year belongs to one cycle (:func:`detect.review_cycle_of_year`)."""
    named: set[int | None] = set()
    for m in _REVIEW_YEARS.finditer(sentence):
        years = [int(y) for y in re.findall(_YEAR, m.group("years") or m.group("year") or m.group("after"))]
        cited = list(dict.fromkeys(_PARAGRAPH_NUMBER.findall(sentence[:m.end()])))
        if m.group("years") and paragraph not in cited:
            continue          # a response dated before the number is cited ("As the Committee noted in 2019, 118.5 …")
        if m.group("resp") and len(years) > 1:
            if len(cited) != len(years) or paragraph not in cited:
                return None
            years = [years[cited.index(paragraph)]]
        named |= {review_cycle_of_year(y) for y in years}
    return named.pop() if len(named) == 1 else None


def cycle_hint(text: str, paragraph: str) -> int | None:
    """The cycle the sentence citing ``paragraph`` names for it, when it names one alone ("The second-cycle
    recommendation 122.2 on citizenship …"; or dates its review, "122.2, noted in 2015"): a bare number
    may exist in the reports of two cycles. A year of anything else ("In 2019 the law on 122.2 …") is
    no hint: events are dated, not reviews."""
    own = re.search(rf"(?<![\d.]){re.escape(paragraph)}\s+(?:in|of|from)\s+the\s+({'|'.join(ORDINALS)})"
                    r"(?:[\s-]+(?:UPR\s+)?(?:cycle|review)\b|\s*[);,])", text, re.I)
    if own:                 # the number's own cycle: "(109.47 in the second cycle; 142.18 in the third)"
        return ORDINALS[own.group(1).lower()]
    for sentence in sentences(text):
        if re.search(rf"(?<![\d.]){re.escape(paragraph)}(?![\d])(?!\.\d)", sentence):
            named = {ORDINALS[m.group(1).lower()] for m in _CYCLE_WORDS.finditer(sentence)}
            if len(named) == 1:
                return named.pop()
            if not named and (dated := _year_hint(sentence, paragraph)) is not None:
                return dated
    return None


def _misprint_of(printed: str, stored: str | None) -> bool:
    """Whether ``printed`` is ``stored`` with one character wrong, missing, extra or two swapped ("A/HRC/40/80",
    "A/HRC/04/8" for "A/HRC/40/8"); a stored report without a symbol is taken as named."""
    if not stored:
        return True
    a, b = printed.upper(), stored.upper()
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _cycle_of_symbol(symbol: str) -> int | None:
    """The cycle a Working Group report's symbol dates ("A/HRC/58/14" -> 4), or None for another kind of symbol."""
    if not re.fullmatch(r"A/HRC/(?:WG\.6/)?\d{1,2}/\d{1,3}", symbol):
        return None
    try:
        return symbol_cycle(symbol)
    except (ValueError, IndexError):
        return None


def resolve_citations(citations: list[Citation], units: list[Unit], docs: dict[str, Document]) -> list[Citation]:
    """Citations with prior_unit_id and method filled where the cited item is in the store.

    A symbol and paragraph name the item, if its recommending states agree and the report is about
    the citing document's state (a misprinted symbol can name another state's report). Otherwise the
    paragraph is looked up among the reports on the citing document's state of an earlier cycle than
    its own, the latest such cycle first; it links when exactly one item there fits the cited states. A
    report the citing document's sentence names by its cycle ("the second-cycle recommendation
    122.2") comes first, then one the citing document names by its symbol in another citation; when no earlier
    report has the item, the report of the document's own cycle is searched (a mid-term assessment
    cites the recommendations of the cycle it is written in)."""
    by_symbol: dict[tuple[str, str], Unit] = {}
    by_state: dict[tuple[str | None, str], list[Unit]] = defaultdict(list)
    unit_doc = {u.unit_id: u.doc_id for u in units}
    unit_text = {u.unit_id: u.text for u in units}
    for u in units:
        d = docs.get(u.doc_id)
        if d and d.doc_kind == "working_group_report" and u.paragraph:
            if d.symbol:
                by_symbol[(d.symbol, u.paragraph)] = u
            by_state[(d.state_under_review, u.paragraph)].append(u)
    stored_symbols = {d.symbol for d in docs.values() if d.symbol}
    # the reports a document names with their symbol in any of its citations
    named_symbols: dict[str, set[str]] = defaultdict(set)
    for c in citations:
        if c.symbol and (doc_id := unit_doc.get(c.unit_id)):
            named_symbols[doc_id].add(c.symbol)
    out = []
    for c in citations:
        citing = docs.get(unit_doc.get(c.unit_id, ""))
        state = citing.state_under_review if citing else None
        cited_states = _states(c.state)
        hit = by_symbol.get((c.symbol or "", c.paragraph))
        method = None
        if (hit and (not cited_states or cited_states & _states(hit.recommending_states))
                and (state is None or docs[hit.doc_id].state_under_review in (None, state))):
            method = "citation"
        else:
            hit = None
            fits = [u for u in by_state.get((state, c.paragraph), []) if state is not None
                    and (not cited_states or cited_states & _states(u.recommending_states))]
            own = citing.cycle if citing else None
            named = [u for u in fits if docs[u.doc_id].symbol in named_symbols.get(citing.doc_id if citing else "", ())]
            hinted = cycle_hint(unit_text.get(c.unit_id, ""), c.paragraph) if c.footnote is None else None
            # a well-formed symbol of a report the store does not hold dates the cycle it cites: "A/HRC/58/14, para.
            # 128.1" is a fourth-cycle item even when only the third cycle's report, with its own 128.1, is stored
            dated = _cycle_of_symbol(c.symbol) if c.symbol and c.symbol not in stored_symbols else None
            hinted = dated if dated is not None else hinted
            in_cycle = [u for u in fits if hinted is not None and docs[u.doc_id].cycle == hinted]
            if dated is not None and in_cycle and not any(_misprint_of(c.symbol or "", docs[u.doc_id].symbol)
                                                          for u in in_cycle):
                # ... and when the state's report of that cycle is stored under another symbol, the citation names
                # another report ("Uzbekistan received a comparable recommendation (A/HRC/39/7, para. 142.22)"), not
                # this one misprinted: a paragraph and a state alike in two reports are a coincidence
                fits = named = in_cycle = []
            midterm = citing is not None and own is not None and is_midterm(citing.title or "")
            if hinted is not None and not in_cycle:
                fits = named = []       # the cycle it names has no report here: no other cycle's item of that number
            elif midterm and c.symbol is None and hinted is None and not named \
                    and not any(docs[u.doc_id].cycle == own for u in fits):
                fits = []               # a mid-term report's bare number is an item of its own cycle, not stored here
            if len(in_cycle) == 1:      # the cycle its sentence names ("the second-cycle recommendation 122.2")
                hit = in_cycle[0]
            elif len(named) == 1:       # the report the document names elsewhere ("… (A/HRC/47/14)", a footnote)
                hit = named[0]
            elif own is None:           # no cycle to look back from: only an item that alone fits
                hit = fits[0] if len(fits) == 1 else None
            else:                       # a citation points back: the latest cycle before its document's own
                earlier = [y for y in (docs[u.doc_id].cycle for u in fits) if y is not None and y < own]
                same = [u for u in fits if earlier and docs[u.doc_id].cycle == max(earlier)]
                mine = [u for u in fits if docs[u.doc_id].cycle == own]
                if not earlier or (mine and is_midterm(citing.title or "")):
                    same = mine         # ... or, in a mid-term assessment, the cycle it is written in (first)
                hit = same[0] if len(same) == 1 else None
            if hit:
                # (a number without its state -- "see recommendation 106.5" -- found by its paragraph alone, weaker)
                method = ("citation:symbol-corrected" if c.symbol else
                          "citation:paragraph+state" if cited_states else "citation:paragraph")
        out.append(c.model_copy(update={"prior_unit_id": hit.unit_id if hit else None, "method": method}))
    return out
