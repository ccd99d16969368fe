"""Document kind and metadata (state under review, cycle, UN symbol) from the first pages.

Rules follow how UPR documents introduce themselves, not any one file's layout:
- Working Group reports carry "Report of the Working Group on the Universal Periodic Review"
  and the symbol A/HRC/<session>/<n> (an addendum adds /Add.<n>, a corrigendum /Corr.<n>, a revision
  /Rev.<n>; the Working Group's draft is A/HRC/WG.6/<its session>/L.<n>);
- NGO fact sheets are tables whose header names prior-cycle recommendations, the
  recommending country and the state's answer, or call themselves a "fact sheet";
- stakeholder submissions call themselves a submission to the UPR.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .segment.blocks import is_block_tracker
from .segment.columns import header_kinds, names_columns
from .segment.grid import header_band
from .layout import body_size
from .records import DocKind, Page
from .states import canonical_state, find_states, gazetteer

_SYMBOL = re.compile(r"A\s*/\s*HRC\s*/\s*(WG\.\s*6\s*/\s*)?(\d{1,2})\s*/\s*(L\.\s*\d{1,3}|[A-Z]{3}\s*/\s*[1-3]\b|\d{1,3})"
                     r"((?:\s*/\s*(?:Add|Corr|Rev)\.\s*\d{1,2})*)", re.I)
_WG_SESSION = re.compile(r"A\s*/\s*HRC\s*/\s*WG\.6\s*/\s*(\d{1,2})", re.I)
_SESSION_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\s+session\s+of\s+the\s+(?:UPR|universal periodic review|"
                            r"(?:UPR\s+)?working\s+group)"
                            # "43rd UPR session", "the 43rd Universal Periodic Review session"
                            r"|(\d{1,2})(?:st|nd|rd|th)\s+(?:UPR|universal\s+periodic\s+review)\s+(?:working\s+group\s+)?session"
                            # "Universal Periodic Review of Botswana – 43rd session" (not "… 52nd session of the Human Rights Council")
                            r"|(?:UPR|universal\s+periodic\s+review)(?:\s+(?:of|for|on)\s+(?:the\s+)?(?-i:[A-Z][\w'’.()-]*(?:\s+(?:of|the|and|[A-Z][\w'’.()-]*)){0,8}))?"
                            r"\s*[,:\u2013\u2014-]\s*(\d{1,2})(?:st|nd|rd|th)\s+session\b(?!\s+of\s+the\s+(?:human\s+rights\s+)?council)",
                            re.I)
#: cycles named in words
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
# a fact sheet that names the cycle whose recommendations it assesses ("Implementation of recommendations
# of the third UPR cycle", "recommendations received during the 2nd cycle") is written for the next one;
# "Fact Sheet – Third UPR cycle" names the cycle it is written for
_ASSESSED_CYCLE = re.compile(r"\brecommendations\s+(?:(?:received|presented|made|given|accepted|issued|adopted)\s+"
                             r"(?:by\s+(?:\w+\s+){1,3})?)?(?:of|from|during|in|at)\s+the\s+"
                             r"(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+"
                             r"(?:(?:UPR\s+)?cycle|(?:UPR|universal\s+periodic)\s+review)"
                             # "Third cycle recommendations (A/HRC/48/11)"
                             r"|\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+(?:UPR\s+)?cycle\s+recommendations\b", re.I)
# a mid-term report (a tracker of implementation between two reviews) assesses the recommendations
# of the cycle under way, not those of the last one for the next review
# "Recommendations for the fourth cycle": suggestions for the next review
_FOR_CYCLE = re.compile(r"\brecommendations\s+for\s+the\s+(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+"
                        r"(?:(?:UPR\s+)?cycle|(?:UPR|universal\s+periodic)\s+review)", re.I)
_MIDTERM = re.compile(r"\bmid[- ]?term\b", re.I)
_CYCLE_WORDS = re.compile(r"\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+"
                          r"(?:(?:UPR\s+)?cycle|(?:UPR|universal\s+periodic)\s+review)", re.I)
_YEAR = re.compile(r"\b(20[0-4]\d)\b")


@dataclass
class Metadata:
    doc_kind: DocKind
    symbol: str | None
    state_under_review: str | None
    cycle: int | None
    title: str | None
    several_states: list[str] = field(default_factory=list)   # a title listing several states under review


def cycle_of_wg_session(session: int) -> int:
    """UPR Working Group sessions 1-12: cycle 1; 13-26: 2; 27-40: 3; 41 on: 4."""
    return 1 if session <= 12 else 2 if session <= 26 else 3 if session <= 40 else 4


def cycle_of_hrc_session(session: int) -> int:
    """Human Rights Council session that adopted the report (8-19: cycle 1, ... 52 on: 4)."""
    return 1 if session <= 19 else 2 if session <= 34 else 3 if session <= 51 else 4


def cycle_of_year(year: int) -> int:
    return 1 if year <= 2011 else 2 if year <= 2016 else 3 if year <= 2022 else 4


def cycle_of_filing_year(year: int) -> int:
    """The cycle of the review a stakeholder submission filed in ``year`` is written for: submissions are
    due about six months before their Working Group session, so the first sessions of a cycle (13 in May
    2012, 27 in May 2017, 41 in November 2022) took them from the autumn before (2011, 2016) or from the
    spring of the same year (2022). Late-2011 and late-2016 filings belong to the next cycle; most of those
    years' do not."""
    return 1 if year <= 2011 else 2 if year <= 2016 else 3 if year <= 2021 else 4


def review_cycle_of_year(year: int) -> int | None:
    """The cycle of a review a text dates by its year ("noted in 2015", "the 2019 UPR"), or None for a
    year two cycles share: a review held late in one cycle's last year is adopted by the Council in
    the next year, when the next cycle has begun (2012, 2017, 2022), and none before 2008."""
    for cycle, (first, last) in {1: (2008, 2011), 2: (2013, 2016), 3: (2018, 2021), 4: (2023, 2026)}.items():
        if first <= year <= last:
            return cycle
    return None


def find_symbol(text: str) -> str | None:
    """The first UN symbol of a Human Rights Council document in the text, spaces removed:
    "A/HRC/28/7", "A/HRC/28/7/Add.1", "A/HRC/28/7/Corr.1", "A/HRC/WG.6/44/L.5" (the draft). A
    report names its draft in a footnote ("Previously issued under document symbol A/HRC/WG.6/7/L.9"),
    so a draft's symbol counts only where no other is printed."""
    found = list(_SYMBOL.finditer(text))
    if not found:
        return None
    compact = lambda g: re.sub(r"\s+", "", g or "")  # noqa: E731

    def symbol(f: re.Match[str]) -> str:
        return "A/HRC/" + ("WG.6/" if f.group(1) else "") + f"{f.group(2)}/{compact(f.group(3))}" + compact(f.group(4))

    m = next((f for f in found if not f.group(1)), found[0])
    # an addendum's first page may cite its report before its own symbol is read ("… the report of the
    # Working Group (A/HRC/10/69)"): a page that calls itself an addendum takes the /Add. symbol
    if "/Add." not in symbol(m) and re.search(r"\baddendum\b", text, re.I):
        m = next((f for f in found if symbol(f).startswith(symbol(m) + "/Add.")), m)
    return symbol(m)


def report_symbols(text: str) -> list[str]:
    """The Working Group reports a text names by symbol, in order ("A/HRC/44/9"; an addendum's stands for
    its report; the Working Group's session documents, "A/HRC/WG.6/…", are no report)."""
    found = [(f.group(2), re.sub(r"\s+", "", f.group(3))) for f in _SYMBOL.finditer(text) if not f.group(1)]
    return [f"A/HRC/{session}/{number}" for session, number in found if number.isdigit()]


def symbol_cycle(symbol: str) -> int:
    """The cycle a report's symbol dates: the Council session that adopts a report, or the Working
    Group session of a draft (A/HRC/WG.6/<session>/L.<n>)."""
    parts = symbol.split("/")
    if parts[2].upper() == "WG.6":
        return cycle_of_wg_session(int(parts[3]))
    return cycle_of_hrc_session(int(parts[2]))


def is_corrigendum(symbol: str | None) -> bool:
    """A corrigendum (…/Corr.1) corrects a few words of a report in prose; it lists no recommendations."""
    return bool(symbol and "/Corr." in symbol)


_WG_TITLE = "report of the working group on the universal periodic review"
# ("stakeholder" in an organisation's name, "the Kenya Stakeholders Coalition", says nothing of the document;
# nor does "on the basis of information submitted by the responsible institutions" in a state's report)
_SUBMISSION_CUE = re.compile(r"\bsubmission|stakeholder(?!s?['’]?\s+(?:coalition|forum|network|group|platform|alliance|consortium|"
                             r"council|committee|working\s+group)\b)|\bjs\d+\b|contribution|(?<!information\s)(?<!data\s)\bsubmitted by\b"
                             r"|\b(?:shadow|parallel|alternative|civil[- ]society|ngos?|joint|coalition)(?:'s|’s)? reports?\b")


#: the title of the UN's compilation of information for a review, of any cycle
_COMPILATION = re.compile(r"\bcompilation\s+(?:on\s+(?!the\s|an?\s|its\s|their\s)\w|of\s+(?:un\s+|united\s+nations\s+)?information|"
                          r"prepared\s+by\s+the\s+office)", re.I)


def is_midterm(title: str) -> bool:
    """Does the title name a mid-term report? Such a report is written half-way through a cycle and
    assesses that cycle's recommendations (a fact sheet assesses the last cycle's, for the next review)."""
    return bool(_MIDTERM.search(title or ""))


def has_table_header(pages: list[Page]) -> bool:
    """Does a band of lines of the first pages read as the header row of a table of recommendations
    (its runs, grouped into cells as a header wrapped over up to three lines is, name the
    recommendation column and enough others: :func:`columns.names_columns`)? Such a table
    ("Recommendation | Status of implementation | Evidence") is read as a fact sheet, whatever the
    document calls itself."""
    return bool(table_header_pages(pages[:3], first_only=True))


def table_header_pages(pages: list[Page], first_only: bool = False) -> list[int]:
    """The numbers of the pages that print the header row of a table of recommendations (see
    :func:`has_table_header`)."""
    found: list[int] = []
    for page in pages:
        lines: list[list] = []
        for sp in sorted((s for s in page.spans if s.text.strip()), key=lambda s: (s.top, s.x0)):
            if lines and abs(sp.top - lines[-1][0].top) <= 2.0:
                lines[-1].append(sp)
            else:
                lines.append([sp])
        if any(len(line) >= 2 and header_band(lines, i, header_kinds, names_columns) for i, line in enumerate(lines)):
            found.append(page.number)
            if first_only:
                break
    return found


def names_upr(low: str) -> bool:
    """Does a lower-cased text name the Universal Periodic Review?"""
    return "universal periodic review" in low or bool(re.search(r"\bupr\b", low))


def calls_itself_submission(text: str) -> bool:
    """Does the text (a document's first pages) call the document a submission to the UPR?"""
    low = re.sub(r"\s+", " ", text.lower())
    return bool(_SUBMISSION_CUE.search(low)) and names_upr(low)


#: a State's national report for its review, by its title or its symbol (A/HRC/WG.6/<session>/<ISO3>/1)
_NATIONAL_REPORT = re.compile(r"\bnational report submitted in accordance with\b|\bnational report\b[^.]{0,80}\b"
                              r"(?:human rights council resolutions?\s+5/1|universal periodic review)")
_NATIONAL_SYMBOL = re.compile(r"\bA\s*/\s*HRC\s*/\s*WG\.6\s*/\s*\d{1,2}\s*/\s*[A-Z]{3}\s*/\s*1\b(?!\s*/)")


def is_national_report(symbol: str | None) -> bool:
    """Is this the symbol of a State's national report for its review (A/HRC/WG.6/48/LSO/1)?"""
    return bool(symbol) and bool(re.fullmatch(r"A/HRC/WG\.6/\d{1,2}/[A-Z]{3}/1", symbol.replace(" ", "")))


#: the masthead of a UN document: "Distr.: General" (or Limited, Restricted) under the symbol
_UN_MASTHEAD = re.compile(r"\bDistr\.?\s*:?\s*(?:General|Limited|Restricted)\b", re.I)


def un_wg_report(first_page: str) -> bool:
    """Does a first page carry a UN masthead ("Distr.: General") and the Working Group report's title?
    Its largest type is the masthead's "General Assembly", so the title is not the lead; and a report
    may speak of the "submission" of overdue reports on its first pages."""
    low = re.sub(r"\s+", " ", first_page.lower())
    return bool(_UN_MASTHEAD.search(first_page)) and _WG_TITLE in low


def detect_kind(text: str, lead: str = "", table_header: bool = False, first_page: str = "") -> DocKind:
    """The kind of a document from the text of its first pages (``text``, footnotes left out), its
    title or opening lines (``lead``) and its first page. A Working Group report names itself in its
    title under a UN masthead; an NGO document may cite that title in its body, so there the NGO cues
    are tested first."""
    low, lead_low = (re.sub(r"\s+", " ", t.lower()) for t in (text, lead))
    if _WG_TITLE in lead_low or un_wg_report(first_page):
        return "working_group_report"
    # the State's national report under its UN masthead and symbol (A/HRC/WG.6/49/GNB/1), or titled so: read as a
    # submission even where it prints a table of the items and their status (red team 53b: read as a fact sheet, its
    # paragraphs were lost)
    # (the title's own words: a mid-term report's introduction may say "its third national report under the UPR")
    if ((_UN_MASTHEAD.search(first_page) and _NATIONAL_SYMBOL.search(first_page))
            or re.search(r"\bnational report submitted in accordance with\b", lead_low[:300])) and "corrigendum" not in low:
        return "submission"
    header_words = sum(w in low for w in ("recommending", "country", "answer of the state", "response", "implementation", "suggested recommendation"))
    if "fact sheet" in low or "factsheet" in low:
        return "fact_sheet"
    # a submission may open with a table of the last cycle's recommendations and their status: it is
    # read as a submission whose tables are read as a fact sheet's (segment.segment_mixed)
    # (its title must say so: "a national stakeholder workshop" in a state's
    # methodology does not make its mid-term report a submission)
    title_low = " ".join(lead.split("\n")[0].lower().split()) or lead_low[:200]   # the title: type larger than the body
    if ((header_words >= 3 and "cycle" in low) or table_header) and not calls_itself_submission(title_low):
        return "fact_sheet"
    # NGOs call their documents submissions, contributions, or shadow / parallel / alternative /
    # civil-society reports, and say who submitted them
    if calls_itself_submission(low):
        return "submission"
    # an NHRI's or NGOs' mid-term assessment in prose ("Mid-term Assessment of the Implementation of Third
    # Cycle Universal Periodic Review Recommendations"): read as a submission (findings citing the items)
    if is_midterm(title_low) and names_upr(low):
        return "submission"
    # the UN's compilation of information for a review ("Compilation on Malawi", "Compilation prepared by
    # the Office of the High Commissioner …"): what treaty bodies, special procedures and UN agencies
    # report, read as the summary of stakeholders' information is (findings citing the items in its notes)
    if _COMPILATION.search(low) and names_upr(low):
        return "submission"
    # the State's national report ("National report submitted in accordance with … Human Rights Council
    # resolutions 5/1 and 16/21", under a masthead with its symbol A/HRC/WG.6/48/LSO/1): what the State says it
    # did, read as a submission is (findings citing the items)
    if (_NATIONAL_REPORT.search(low) or (_UN_MASTHEAD.search(first_page) and _NATIONAL_SYMBOL.search(first_page))) \
            and "corrigendum" not in low:          # (its corrigendum corrects words and lists no findings)
        return "submission"
    if _WG_TITLE in low:
        return "working_group_report"
    # a cover that calls the document a submission in type set smaller than its body ("Stakeholder submission
    # to the third Universal Periodic Review of …" in 11 pt under the authors' name, a 12 pt body)
    if calls_itself_submission(first_page):
        return "submission"
    return "unknown"


#: the commonest function words of the languages a UPR document comes in, to tell them apart
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "English": frozenset("the of and to in is that for with on by are was be this which".split()),
    "French": frozenset("le la les des du et est dans pour que une sur au aux par qui sont".split()),
    "Spanish": frozenset("el la los las del y en por para que una con se su al es como".split()),
    "Portuguese": frozenset("os da do das dos não uma com pelo pela ao à são foi".split()),
}
#: scripts of the UN languages other than the Latin one (a text mostly in one of them is not English)
SCRIPTS = {"Russian": re.compile(r"[\u0400-\u04ff]"), "Arabic": re.compile(r"[\u0600-\u06ff]"),
           "Chinese": re.compile(r"[\u4e00-\u9fff]")}


def guess_language(text: str) -> str | None:
    """The language of a text among the UN's six, from its script and its commonest function words
    (None when there are too few words to tell). The segmenters read English documents."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 200:
        return None
    for name, script in SCRIPTS.items():
        if len(script.findall(text)) > 0.3 * letters:
            return name
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    counts = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 20 else None


def _function_words(text: str) -> dict[str, int]:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}


_ROMANCE = frozenset("de la l d à".split())


def english_share(text: str) -> float:
    """The share of the text's function words that are English ones (1.0 when it has none): a page set in two
    languages side by side has English for about half of them."""
    counts = _function_words(text)
    total = sum(counts.values())
    return counts["English"] / total if total else 1.0


def foreign_language(text: str, least: int = 3) -> str | None:
    """The language of a unit's text or a sentence when it is clearly not English (a translation printed beside or
    under the English: "Ratificar el Protocolo Facultativo de la Convención …"), else None (English, or too few
    words to tell)."""
    letters = sum(ch.isalpha() for ch in text)
    for name, script in SCRIPTS.items():
        if letters and len(script.findall(text)) > 0.3 * letters:
            return name
    counts = _function_words(text)
    english = counts.pop("English")
    lang = max(counts, key=lambda k: counts[k])
    # (short texts: the words the Romance languages share count for the best of them: "de", "la", "l'", "d'", "à")
    n = sum(w in FUNCTION_WORDS[lang] | _ROMANCE for w in re.findall(r"[a-zà-ÿ]+", text.lower()))
    return lang if n >= least and n > 2 * english else None


def lead_text(pages: list[Page], body: float, chars: int = 400) -> str:
    """The title of the first page (type larger than the body) and its opening ``chars`` characters
    in body type or larger, in reading order."""
    if not pages:
        return ""
    spans = sorted((s for s in pages[0].spans if s.size >= body - 0.5), key=lambda s: (round(s.top), s.x0))
    title = " ".join(s.text for s in spans if s.size > body + 0.5)
    return title + "\n" + " ".join(s.text for s in spans)[:chars]


_REVIEW_OF = re.compile(r"\b(?:universal\s+periodic\s+review|UPR)\s+(?:of|on|for)\s+(?=(?:the\s+)?(?-i:[A-Z]))", re.I)


#: "(Germany)", "(Australia, Italy)", "recommended by Ghana and Chile": states that recommend, not the
#: state under review (a submission that cites them may name no other state)
_ATTRIBUTION = re.compile(r"\([^()]{2,120}\)|\b(?:recommended|made|proposed|put forward)\s+by\s+[^.;:()]{2,120}", re.I)


def _not_attributions(text: str) -> str:
    """``text`` without its recommending-state attributions (parentheses and "recommended by …")."""
    return _ATTRIBUTION.sub(" ", text)


def _running_state(pages: list[Page]) -> str | None:
    """A state named in a running header or footer: a line in the page's top or bottom band that
    recurs (digits ignored) on at least two pages ("Malawi – UPR follow-up fact sheet"), or on the
    first page a line of the top band above the title (its largest type)."""
    if not pages:
        return None
    if pages[0].spans:
        title = max(pages[0].spans, key=lambda sp: sp.size)
        for sp in pages[0].spans:
            if sp.top < pages[0].height * 0.09 and sp.bottom <= title.top and sp.size < title.size:
                if found := find_states(_not_attributions(sp.text)):
                    return found[0]
    seen: Counter[str] = Counter()
    for p in pages[:6]:
        band = p.height * 0.09
        seen.update({re.sub(r"\d+", "#", sp.text.strip().lower()): 1 for sp in p.spans
                     if sp.top < band or sp.bottom > p.height - band}.keys())
    for p in pages[:6]:
        band = p.height * 0.09
        for sp in p.spans:
            if (sp.top < band or sp.bottom > p.height - band) and seen[re.sub(r"\d+", "#", sp.text.strip().lower())] >= 2:
                if found := find_states(_not_attributions(sp.text)):
                    return found[0]
    return None


#: what stands between the names of a list of states: "Albania · Montenegro · North Macedonia", "in Costa Rica, El
#: Salvador and Panama"
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|·|•|/|;|\band\b|&|\s[–—-]\s)\s*")


def listed_states(text: str) -> list[str]:
    """The states a text lists one after the other ("Albania · Montenegro · North Macedonia", "recommendations in
    Albania, Montenegro and North Macedonia"): a run of at least two names with nothing but separators between
    them, the first of which may end a phrase. [] for a text that names states apart ("Kazakhstan: submission by the
    Netherlands Helsinki Committee") or in attributions ("(Germany, France)")."""
    t = _not_attributions(text)
    for key in gazetteer():
        if " and " in key:                  # "Trinidad and Tobago" is one name, not two list items
            t = re.sub(re.escape(key), lambda m: m.group(0).replace(" and ", "\x00"), t, flags=re.I)
    pieces = [p.replace("\x00", " and ").strip(" .:") for p in _LIST_SEPARATOR.split(t)]
    best: list[str] = []
    run: list[str] = []
    for piece in pieces:
        if name := canonical_state(piece) if piece else None:
            run.append(name)
            continue
        best = max(best, run, key=len)
        words = piece.split()           # "… recommendations in Albania" opens a run
        run = next(([found] for k in range(min(5, len(words)), 0, -1)
                    if (found := canonical_state(" ".join(words[-k:])))), [])
    best = max(best, run, key=len)
    return list(dict.fromkeys(best)) if len(set(best)) >= 2 else []


def several_states(pages: list[Page], body: float) -> list[str]:
    """The states a document's title block lists as those it is about (a regional report, "UPR implementation in
    the Western Balkans: Albania · Montenegro · North Macedonia"), or []."""
    if not pages:
        return []
    spans = sorted(pages[0].spans, key=lambda s: -s.size)
    for s in spans[:12]:
        if s.size < max(body + 1.0, body * 1.15):
            break
        if len(found := listed_states(s.text)) >= 2:
            return found
    first = " ".join(" ".join(s.text for s in pages[0].spans).split())
    for m in _REVIEW_OF.finditer(first):
        if len(found := listed_states(first[m.end():m.end() + 120])) >= 2:
            return found
    return []


def _title_state(pages: list[Page], body: float | None = None) -> str | None:
    """The state under review: the one the document names as reviewed, else the one in its title
    (type larger than the body, largest first), else in its running header, else the one named most
    often on the first two pages. Recommending states ("117.6 (Germany)") never count: a submission
    about an unnamed state is better left without one than given the state that recommended."""
    if not pages:
        return None
    # "… the fourth Universal Periodic Review of Peru": the state the document names as reviewed wins
    # over a larger or earlier address ("Palais Wilson, 1211 Geneva 10, Switzerland" in a letter)
    first = " ".join(" ".join(s.text for s in pages[0].spans).split())
    for m in _REVIEW_OF.finditer(first):
        if found := find_states(first[m.end():m.end() + 60]):
            return found[0]
    if body is None:
        body = body_size([s for p in pages[:3] for s in p.spans])
    spans = sorted(pages[0].spans, key=lambda s: -s.size)
    for s in spans[:12]:
        if s.size < max(body + 1.0, body * 1.15):
            break                                   # the title block is set clearly larger than the body
        if found := find_states(_not_attributions(s.text)):
            return found[0]
    if found := _running_state(pages):
        return found
    # (attributions are taken out of the whole text: a run may end inside one, "118.2 (Australia,")
    text = _not_attributions("\n".join(s.text for p in pages[:2] for s in p.spans))
    counts = Counter(st for line in text.splitlines() for st in find_states(line))
    return counts.most_common(1)[0][0] if counts else None


def detect(pages: list[Page]) -> Metadata:
    body = body_size([s for p in pages[:3] for s in p.spans])      # spans carry size and text as lines do
    # footnotes (type smaller than the body) are left out: they cite other documents' titles
    head = "\n".join(s.text for p in pages[:3] for s in p.spans if s.size >= body - 0.5)
    kind = detect_kind(head, lead_text(pages, body), has_table_header(pages),
                       " ".join(s.text for s in pages[0].spans) if pages else "")
    if kind == "unknown" and is_block_tracker(head.splitlines()):
        kind = "fact_sheet"             # a tracker written as labelled blocks ("Recommendation 128.14 (Chile) – Supported")
    symbol = find_symbol("\n".join(s.text for s in pages[0].spans)) if pages else None
    cycle: int | None = None
    if m := _WG_SESSION.search(head):
        cycle = cycle_of_wg_session(int(m.group(1)))
    elif m := _SESSION_WORDS.search(head):
        cycle = cycle_of_wg_session(int(next(g for g in m.groups() if g)))
    elif kind == "working_group_report" and symbol:
        cycle = symbol_cycle(symbol)
    if kind == "fact_sheet" and (m := _ASSESSED_CYCLE.search(head)):
        cycle = ORDINALS[(m.group(1) or m.group(2)).lower()] + 1   # it assesses that cycle's recommendations for the next
        if is_midterm(lead_text(pages, body)):
            cycle -= 1                                  # ... or, half-way, the recommendations of its own cycle
    elif kind == "fact_sheet" and (m := _FOR_CYCLE.search(head)):
        cycle = ORDINALS[m.group(1).lower()]           # it suggests recommendations for that cycle
        if is_midterm(lead_text(pages, body)):
            cycle -= 1                                  # ... half-way through the one before
    elif kind == "fact_sheet" and (named := _CYCLE_WORDS.findall(head)):
        cycle = max(ORDINALS[n.lower()] for n in named)     # a sheet written for the 4th cycle names the 3rd too
        if is_midterm(lead_text(pages, body)):
            cycle = min(ORDINALS[n.lower()] for n in named)   # half-way: its own cycle ("… for the fourth cycle" later)
    # a submission (or a state's plan read as one) whose title block names the cycle whose recommendations
    # it takes up ("Implementation Plan for the Recommendations of the Third Cycle", "on the implementation
    # of recommendations of the second UPR cycle") is dated as a fact sheet is: its rows quote that cycle
    if (cycle is None and kind == "submission"
            and (m := _ASSESSED_CYCLE.search(lead := lead_text(pages, body, chars=250)))):
        # (a mid-term report takes up its own cycle's, when it says so before naming them: "a mid-term report
        # due in 2024" later in a plan's text is not its title)
        cycle = ORDINALS[(m.group(1) or m.group(2)).lower()] + (0 if is_midterm(lead[:m.start()]) else 1)
    if cycle is None and (m := _CYCLE_WORDS.search(head)) and kind != "submission":
        cycle = ORDINALS[m.group(1).lower()]
    # a submission's body speaks of earlier cycles; its title block names its own ("Fourth cycle – …")
    if cycle is None and kind == "submission" and (m := _CYCLE_WORDS.search(lead_text(pages, body, chars=250))):
        cycle = ORDINALS[m.group(1).lower()]
    if cycle is None and kind == "submission" and pages:
        # ... or its cover, in whatever type: "Stakeholder submission to the third Universal Periodic Review of …"
        top = " ".join(s.text for s in sorted(pages[0].spans, key=lambda s: (round(s.top), s.x0)))[:300]
        if m := _CYCLE_WORDS.search(top):
            cycle = ORDINALS[m.group(1).lower()]
    if cycle is None and kind != "unknown" and (years := [int(y) for y in _YEAR.findall(head)]):
        # (a year dates a UPR document's review; an invoice's, nothing). A submission or fact sheet is written
        # for the coming review: one dated 2022 is for the fourth cycle's first sessions (41-43, from November
        # 2022; the third cycle's last, 40, took submissions in 2021)
        ahead = kind in ("submission", "fact_sheet") and not is_midterm(lead_text(pages, body))
        cycle = cycle_of_filing_year(max(years)) if ahead else cycle_of_year(max(years))
    masthead = bool(pages) and bool(_UN_MASTHEAD.search(" ".join(s.text for s in pages[0].spans)))
    if kind != "working_group_report":
        # a UN document's own symbol, printed at the top of its masthead: a national report's
        # "A/HRC/WG.6/49/MWI/1", a compilation's "…/MWI/2" (its body cites other documents' symbols)
        tops = sorted(pages[0].spans, key=lambda s: (s.top, s.x0)) if masthead else []
        symbol = next((found for s in tops if (found := find_symbol(s.text))), None)
    state = _title_state(pages, body)
    several = several_states(pages, body) if kind != "working_group_report" else []
    if several:
        state = None            # about several states: none of them is the one its numbers refer to
    return Metadata(doc_kind=kind, symbol=symbol, state_under_review=state, cycle=cycle,
                    title=document_title(pages, kind, symbol, state), several_states=several)


#: where a title block ends: a numbered or lettered heading ("1. Executive summary", "I. Introduction",
#: "A. Counter-terrorism") or a numbered item ("110.41 Adopt …") set as large as the title
_TITLE_ENDS = re.compile(r"^\s*(?:(?:[IVX]{1,4}|[A-Z]|\d{1,2})\.\s+\S|\d{1,3}\.\d{1,3}\s)")


#: the lines of a UN masthead, above a UN document's title
_MASTHEAD_LINE = re.compile(r"(?:United Nations|General Assembly|Distr\.|Original\s*:|Human Rights Council|"
                            r"Working Group on the Universal Periodic Review|[A-Z]/[A-Z]{2,}[\w./]*|GE\.\d)", re.I)


def document_title(pages: list[Page], kind: DocKind, symbol: str | None, state: str | None) -> str | None:
    """The document's title. A Working Group report's is always the same, with its state (its first page's
    largest type is the UN masthead, "General Assembly"); another document's is its first page's largest
    runs in reading order, up to the first numbered heading."""
    if kind == "working_group_report" and state:
        title = f"Report of the Working Group on the Universal Periodic Review: {state}"
        if symbol and "/Add." in symbol:
            return title + " (addendum)"
        return title + (" (draft)" if symbol and "/L." in symbol else "")
    if not pages:
        return None
    spans = pages[0].spans
    if _UN_MASTHEAD.search(" ".join(s.text for s in spans)):      # a UN document: its title is under the masthead
        spans = [s for s in spans if not _MASTHEAD_LINE.match(s.text.strip())]
    big = sorted(sorted(spans, key=lambda s: -s.size)[:3], key=lambda s: s.top)
    kept = []
    for k, span in enumerate(big):
        if k and _TITLE_ENDS.match(span.text):
            break
        kept.append(span.text)
    return " ".join(kept)[:200] or None
