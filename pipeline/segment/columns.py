"""The columns of a table of recommendations, named by the words of its header cells.

Fact sheets, mid-term reports and implementation trackers print one table per topic whose
header row names its columns: the prior-cycle recommendations, the recommending states, the
state's response, the Human Rights Committee's recommendations, an assessment of
implementation (findings), a printed status of implementation, recommendations suggested for
the next cycle, an ICCPR article. Columns are known by these words only, never by position or
font, so the same vocabulary serves the segmenter (:mod:`.fact_sheet`) and the document-kind
detection (:mod:`pipeline.detect`).
"""

from __future__ import annotations

import re

from ..ids import normalize_text

PRIOR, COUNTRY, ANSWER = "prior", "country", "answer"
COMMITTEE, IMPLEMENTATION, SUGGESTED = "committee", "implementation", "suggested"
STATUS = "status"          # a printed status of implementation ("Partially implemented")
ARTICLE = "article"        # the ICCPR article of the row ("Art. 7"): its section, no unit
NUMBER = "number"          # the report paragraph of the row's recommendation ("Rec. No.": 147.9), or a row number
GRADE = "grade"            # the Human Rights Committee's follow-up grade of the row's Committee item ("HRC grade": B1)
RESPONSIBLE = "responsible"  # who is to act ("Responsible institution", "Lead agency"): read, no unit
NOTES = "notes"            # "Sources", "References", "Notes": where the row's assessment comes from: read, no unit
CYCLE = "cycle"            # the cycle of the row's recommendation ("Cycle": "2nd"), in a tracker of several cycles

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def header_kind(text: str) -> str | None:
    """The column a header cell names, from its words only. A word broken over two lines of a narrow cell
    ("Statu" / "s", "Recommen" / "ding State") is read whole when the words as printed name no column."""
    kind = _header_kind(text)
    if kind is None:        # (the word's end is short: "Statu s", "Recommen ding"; its lines may be joined by a space)
        kind = _header_kind(re.sub(r"(?<=[a-z])\s+(?=[a-z]{1,4}\b)", "", text))
    return kind


def _header_kind(text: str) -> str | None:
    t = normalize_text(text).lower()
    if not t:
        return None
    if len(parts := [x for x in re.split(r"\s*[|/()]\s*", t) if x]) >= 2 and any(
            re.fullmatch(r"(?:the\s+)?recommendations?", x) for x in parts) and all(
            _header_kind(x) in (NUMBER, COUNTRY, ANSWER, PRIOR) for x in parts):
        return PRIOR        # "No. | State | Position / Recommendation", "Recommendation (No. | State | Position)": a cell packing
        #                     them all, its text the main part
    if re.search(r"\bparas?\b\.?|\bparagraphs?\b", t) and re.search(r"\ba\s*/\s*hrc\b|\bsource\b|\breport\b", t) \
            and not re.search(r"recommendation", t):
        return NUMBER       # "Source (A/HRC/39/6 para.)": the report paragraph of the row's recommendation
    if re.fullmatch(r"(?:upr\s+|review\s+)?cycle(?:\s+of\s+(?:the\s+)?(?:review|upr))?", t):
        return CYCLE        # "Cycle", "UPR cycle": the cycle of each row's recommendation
    if re.fullmatch(r"(?:rec(?:ommendation)?s?\.?\s*)?(?:no\.?|nos\.?|number|#|n°)|para(?:graph)?s?\.?(?:\s*no\.?)?"
                    r"|(?:upr|review|cycle)\s*(?:19|20)\d\d", t):     # ("UPR 2018": the item of that review, "para. 120.45")
        return NUMBER       # "Rec. No.", "No.", "Para.": the row's number or its report paragraph
    if re.fullmatch(r"recs?\.?|rec(?:ommendation)?s?\.?\s*(?:text|quoted|received)", t):
        return PRIOR        # "Rec.": the recommendation (its number and text) in an NGO's table
    if re.search(r"\bgrades?\b", t) and len(t.split()) <= 5 and not re.search(r"recommend|implement", t):
        return GRADE        # "HRC grade", "Committee's grade", "HRC follow-up grade (A–E)": a grade per row
    if re.search(r"\bgrades?\b", t) and re.search(r"recommend", t) and re.search(r"follow|\bhrc\b|committee|ccpr", t):
        return COMMITTEE    # "HRC recommendation & follow-up grade": the Committee's item with its grade (red team 50a)
    if re.search(r"suggest|proposed|for the (?:next|coming|upcoming|\d+\s*(?:st|nd|rd|th)|"
                 r"first|second|third|fourth|fifth) (?:upr )?cycle", t):
        return SUGGESTED
    if re.search(r"committee|(?<!i)ccpr|treaty bod|concluding observ", t):      # "CCPR", never "ICCPR"
        return COMMITTEE
    if re.search(r"^(?:status|level|degree|extent|rating)\b|^state\s+of\s+implementation"
                 r"|\bimplementation\s+(?:status|level|rating)\b", t):
        return STATUS       # "Status of implementation", "Implementation status": a printed label per row
    if re.fullmatch(r"(?:(?:main|key)\s+)?(?:sources|references?|(?:foot|end)?notes?)(?:\s+and\s+(?:sources|references?|notes?))?"
                    r"|sources?\s+of\s+(?:information|data|evidence)|(?:foot|end)?notes?\s*/\s*sources?|sources?\s*/\s*(?:foot|end)?notes?", t):
        # ("Source" alone is a follow-up table's recommending State, below)
        return NOTES        # "Sources", "Notes", "References": where the row's assessment comes from
    if re.match(r"(?:responsible|lead|implementing|competent)\s+(?:institutions?|ministr(?:y|ies)|agenc(?:y|ies)|"
                r"bod(?:y|ies)|authorit(?:y|ies)|entit(?:y|ies))|focal\s+points?", t):
        return RESPONSIBLE  # a tracker's "Responsible institution" column
    if re.search(r"implement|assessment|evaluation|progress|status|evidence|comments?\b|justification|explanation"
                 r"|what\s+has\s+(?:happened|been\s+done|changed)|\b(?:developments?|changes?)\s+since\b"
                 r"|remarks|observations|analysis|rationale|(?:measures|actions?|steps)\s+taken|^activities\b", t):
        return IMPLEMENTATION   # (a state's tracker: "Measures taken", "Actions taken")
    if re.search(r"recommendations?\s+(?:received|presented|made|addressed|issued)|recommendations?\s+(?:\w+\s+){0,3}during", t):
        return PRIOR        # "Recommendations received during the 3rd cycle, recommending State and position"
    if re.search(r"^(?:the\s+)?states?(?:\s*\(s\))?\s+(?:that|which|who)\s+(?:made|gave|addressed)", t):
        return COUNTRY      # "State(s) that made the recommendation"
    if re.search(r"^(?:iccpr\s+)?articles?\b|^art\.", t) and "recommend" not in t:
        return ARTICLE      # a column of article numbers ("ICCPR article"): the rows' section, no unit
    if re.fullmatch(r"(?:thematic\s+)?(?:clusters?|themes?|topics?|areas?|issues?)(?:\s*/\s*\w+)?", t):
        return ARTICLE      # "Cluster", "Theme", "Thematic area": the rows' section too
    if re.search(r"^(?:the\s+)?(?:government|state|authorities)(?:['’]s)?\s+(?:claims?|reports?|says|information|view)\b", t):
        return IMPLEMENTATION   # "Government claims": what the State says it did, beside the NGO's own assessment
    if re.search(r"answer|response|position|accepted|supported|noted", t):
        return ANSWER
    if re.search(r"countr|recommending state|\bdelegation|^source\b(?!\s+of\s+(?:information|data|position))|^made\s+by\b", t):
        return COUNTRY      # "Source" (of a follow-up table's recommendation): the state that made it
    if re.search(r"recommendation", t):
        return PRIOR
    if re.search(r"\bstates?\b", t):
        return COUNTRY
    return None


def header_kinds(texts: list[str]) -> list[str | None]:
    """The columns the cells of one header row name (:func:`header_kind`). Two cells naming
    recommendations of different cycles ("Recommendations received … during the third cycle" |
    "Questions and recommendations to Peru in the fourth cycle") are the prior column and the
    suggested one: the later cycle is the suggested column."""
    kinds = [header_kind(t) for t in texts]
    # a regional sheet's "State" (the one under review) beside its "Recommending State": only the latter names
    # who made each recommendation
    named = [i for i, (t, k) in enumerate(zip(texts, kinds)) if k == COUNTRY and re.search(r"recommend|made",
                                                                                             normalize_text(t), re.I)]
    for i, (t, k) in enumerate(zip(texts, kinds)):
        if k == COUNTRY and i not in named and (named or re.search(r"\bunder\s+review\b", normalize_text(t), re.I)):
            kinds[i] = None
    priors = [(cycle_in(t), i) for i, (t, k) in enumerate(zip(texts, kinds)) if k == PRIOR]
    if len(priors) >= 2 and SUGGESTED not in kinds and all(c is not None for c, _ in priors):
        latest = max(priors)
        if sum(c == latest[0] for c, _ in priors) == 1:
            kinds[latest[1]] = SUGGESTED
    return kinds


def cycle_in(text: str) -> int | None:
    """'Recommendations presented during the 2nd cycle' -> 2."""
    t = normalize_text(text).lower()
    if m := re.fullmatch(r"\s*(\d)\s*(?:st|nd|rd|th)?\.?\s*|\s*(first|second|third|fourth|fifth|sixth)\s*", t):
        return int(m.group(1)) if m.group(1) else _ORDINALS[m.group(2)]    # a cycle column's cell: "2nd", "3"
    m = re.search(r"(\d+)\s*(?:st|nd|rd|th)?\s+(?:upr\s+)?cycle", t)
    if m:
        return int(m.group(1))
    m = re.search(r"\b(first|second|third|fourth|fifth|sixth)\s+(?:upr\s+)?cycle", t)
    if m:
        return _ORDINALS[m.group(1)]
    m = re.search(r"cycle\s+(\d+)", t)
    return int(m.group(1)) if m else None


def names_columns(kinds: dict[str, str]) -> bool:
    """Do the kinds a row's cells name make it a header row? A header names the prior or suggested
    column and the state/answer columns; a three-column sheet (state and position inside the prior
    cell) names prior, assessment and suggested; a mid-term table names the recommendation, its
    status of implementation and the evidence, or (a state's two-column table) the recommendation
    and the action taken; an NGO tracker may name the recommendation, its status and the suggested
    recommendation only. ``kinds``: kind -> the header cell's text."""
    if kinds.keys() - {NUMBER} == {PRIOR, IMPLEMENTATION}:
        # a state's mid-term report: "Recommendation | Action taken" and nothing else (but a row number: "No.")
        return bool(re.match(r"(?:the\s+)?recommendations?\b", normalize_text(kinds[PRIOR]).lower())) and bool(
            _ACTIONS_TAKEN.fullmatch(normalize_text(kinds[IMPLEMENTATION]).lower()))
    return len(kinds) >= 3 and bool({PRIOR, SUGGESTED} & kinds.keys()) and bool(
        {COUNTRY, ANSWER} & kinds.keys() or {PRIOR, IMPLEMENTATION, SUGGESTED} <= kinds.keys()
        or {PRIOR, IMPLEMENTATION, STATUS} <= kinds.keys() or {PRIOR, STATUS, SUGGESTED} <= kinds.keys()
        # a state's plan or dashboard: "Cluster | UPR recommendations | Lead institution | Status"
        or {PRIOR, STATUS, RESPONSIBLE} <= kinds.keys()
        # an NHRI's or a state's follow-up table: "N° | Recommendation | Responsible institution | Actions taken |
        # Assessment" (the assessment a label per row, or prose)
        or {PRIOR, IMPLEMENTATION, RESPONSIBLE} <= kinds.keys()
        # a follow-up table by theme: "Theme | UPR recommendation | Observations of the Commission" (its assessment
        # column named as one, not "Rationale" or "Comments", which a table of new recommendations may have)
        or ({PRIOR, IMPLEMENTATION, ARTICLE} <= kinds.keys() and bool(_ASSESSES.search(normalize_text(kinds[IMPLEMENTATION]).lower()))))


#: an assessment column's header: what was done, or how far the recommendation is implemented
_ASSESSES = re.compile(r"implement|assessment|evaluation|progress|observations|(?:measures|actions?|steps)\s+taken|"
                       r"what\s+has\s+(?:happened|been\s+done|changed)|status")

#: the second column of a two-column mid-term table: "Action taken", "Measures taken by the Government"
#: (a bare "Implementation" or "Comments" column beside recommendations says too little)
_ACTIONS_TAKEN = re.compile(r"(?:(?:measures?|actions?|steps?)\s+taken|progress(?:\s+(?:made|achieved|of\s+implementation))?"
                            # (an NGO's "What has happened since", "Developments since 2018")
                            r"|what\s+has\s+(?:happened|been\s+done|changed)|(?:developments?|changes?)"
                            # (an NHRI's or NGO's "Recommendation | Progress" table: the progress on each quoted item)
                            r")(?:\s+(?:by|to\s+date|so\s+far|since|in)\b.*)?")
