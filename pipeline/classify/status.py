"""Implementation status: from Human Rights Committee grades, and from the language of findings.

Two sources, in this order of authority:

1. **Grades** (``A``–``E``, the older ``B1``/``B2``/``C1``/``C2``/``D1``/``D2``) and grade texts
   ("Partially implemented", "Not implemented"): :func:`status_from_grade`.
2. **The text of a finding** (an NGO's assessment or a committee cell): :func:`status_from_text`,
   ordered cue rules written from the domain notes (see "How the rules were made" below):

   * a grade in brackets ("[B]") or an explicit verdict ("partially implemented", "has not
     implemented any", "no information", "implemented") wins;
   * a paragraph that gives no assessment -- a normative statement ("It is very important for
     the State to …") or review background ("accepted 143 … of the 194 recommendations") ->
     ``no_information``;
   * new measures contrary to the recommendations ("a new stricter requirement", "further
     restricts", "more severe liability") -> ``not_implemented`` (grade E territory);
   * a case narrative -- the paragraph opens with a dated event ("On 13 March 2018, …",
     "In 2016, …") and its first sentence makes no general assessment ("concern", "remains",
     "widespread", "in practice", …) -> ``no_information``;
   * otherwise the text is scored for *progress* cues ("was adopted", "entered into force",
     "established", "is now more consistent with", …; not when negated just before: "no such
     mechanism has been created"), *failure* cues ("remains", "continues to", "failed to",
     "no … exists", "has not", "still", "lack of", …) and *contrast* cues ("… but", "however",
     "although", "insufficient"): progress with failure or contrast -> ``partially_implemented``;
     failure alone -> ``not_implemented``; progress alone -> ``implemented``;
   * no cue at all -> ``not_implemented`` with a low score (an NGO finding that names no
     progress is, in this corpus, a report of a restrictive law or practice).

How the rules were made: first from the domain notes alone; then revised once after reading the
errors on the *dev half* of the hand-labelled findings (``evaluation/gold/status``, split by a
hash of the text, see :func:`pipeline.classify.evaluate.status_gold_part`) and that file's
labelling conventions (normative statements, background and case narratives are
``no_information``; contrary measures are ``not_implemented``). The texts and labels of the
*test half* were not looked at (the gold's README, which describes a few hard cases from both
halves, was read); its figures are the honest ones.

The scores are fixed per rule (:data:`RULE_SCORES`) -- a prior, not a fitted probability: no
labelled findings were used to set them (``evaluate`` reports how they behave on the
hand-labelled findings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.records import STATUSES

GRADE_STATUS: dict[str, str] = {
    "A": "implemented",
    "B": "partially_implemented", "B1": "partially_implemented", "B2": "partially_implemented",
    "C": "not_implemented", "C1": "not_implemented", "C2": "not_implemented", "E": "not_implemented",
    "D": "no_information", "D1": "no_information", "D2": "no_information",
}

#: Score of each rule (how sure a status from it is). Grades are the Committee's own verdict.
RULE_SCORES: dict[str, float] = {
    "grade": 0.95,
    "verdict": 0.85,
    "partial": 0.65,
    "failure": 0.7,
    "progress": 0.6,
    "no_info": 0.7,
    "no_assessment": 0.6,
    "contrary": 0.7,
    "narrative": 0.5,
    "default": 0.4,
}

STATUS_UNIT_TYPES: frozenset[str] = frozenset({"finding", "committee_recommendation"})

_GRADE = re.compile(r"^\s*\[?\s*([A-E])\s*([12])?\s*\]?\s*(?:[:.)\-–—]|$)", re.I)

# explicit verdicts (checked in this order: the most specific first)
_VERDICTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:partially|partly|partial(?:ly)?)\s+(?:been\s+)?implement\w*|\bpartial\s+implementation\b|"
                r"\bnot\s+(?:been\s+)?fully\s+implement\w*|\bpartially\s+satisfactory\b|\bonly\s+partially\b|"
                r"\bpartly\s+fulfilled\b|\bpartial\s+progress\b|\bpositive\s+but\s+(?:insufficient|limited|not\s+sufficient)\b|"
                r"\b(?:insufficient|limited)\s+progress\b", re.I),
     "partially_implemented"),
    (re.compile(r"\bno\s+(?:follow[- ]up\s+)?information\b|\bno\s+(?:reply|response|follow[- ]up\s+report)\b|"
                r"\binformation\s+(?:is\s+)?(?:not\s+available|unavailable|lacking)\b|\bno\s+data\s+(?:is\s+|are\s+)?available\b|"
                r"did\s+not\s+(?:provide|submit)\s+(?:any\s+)?(?:information|a\s+(?:follow|report))|"
                r"has\s+not\s+(?:provided|submitted)\s+(?:any\s+)?(?:information|a\s+(?:follow|report))|"
                r"\bno\s+cooperation\b|\bunable\s+to\s+assess\b|\bnot\s+(?:been\s+)?possible\s+to\s+assess\b", re.I),
     "no_information"),
    (re.compile(r"\b(?:not|never)\s+(?:been\s+|yet\s+been\s+|yet\s+)?implement\w*|"
                r"\bhas(?:\s+not|n't)\s+implemented\b|\bhave(?:\s+not|n't)\s+(?:been\s+)?implemented\b|"
                r"\bnone\s+of\s+the\s+recommendations\b|\bimplemented\s+none\b|\bnot\s+satisfactory\b|"
                r"\bno\s+(?:action|steps|measures|progress)\s+(?:has|have)\s+been\s+taken\b|\bno\s+progress\b|"
                r"\bnot\s+been\s+(?:addressed|fulfilled|followed|acted\s+upon)\b", re.I),
     "not_implemented"),
    (re.compile(r"\b(?:fully|largely|effectively)\s+implemented\b|\b(?:has|have)\s+been\s+implemented\b|"
                r"\bwas\s+implemented\b|\blargely\s+satisfactory\b|\brecommendation\s+(?:was|has\s+been)\s+implemented\b", re.I),
     "implemented"),
)

# paragraphs that give no assessment: normative statements, review background
_NORMATIVE = re.compile(r"^\W*(?:it\s+is|it\s+remains|it\s+would\s+be)\s+(?:\w+\s+)?(?:important|crucial|essential|necessary|vital|"
                        r"imperative|urgent|critical)\b", re.I)
_BACKGROUND = re.compile(r"\b(?:accepted|supported)\s+\d+\s+(?:and\s+(?:rejected|noted)\s+\d+\s+)?(?:of\s+(?:the\s+)?\d+\s+)?"
                         r"(?:recommendations|of\s+the)", re.I)
# a case narrative opens with a dated event ("On 13 March 2018, …", "In 2016, …")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATED_OPENING = re.compile(rf"^\W*(?:on\s+\d{{1,2}}\s+{_MONTH}|on\s+{_MONTH}\s+\d{{1,2}}|in\s+(?:(?:early|late|mid-?)\s*)?"
                            rf"(?:{_MONTH}\s+)?(?:19|20)\d\d\b|(?:early|late)\s+in\s+(?:19|20)\d\d)", re.I)
# a general assessment in the first sentence turns a dated opening into a verdict
_GENERAL = re.compile(r"\bconcern\w*|\bobstacle|\bfailure\b|\bfail(?:s|ed)\s+to\b|\bremain\w*|\bcontinu\w+|\bwidespread\b|\bsystematic\w*|"
                      r"\bin\s+practice\b|\bgenerally\b|\bpersist\w*|\bnot\s+(?:been\s+)?(?:implemented|adopted|established)", re.I)
# new measures contrary to the recommendations (grade E territory): "a new stricter requirement",
# "further restricts", "more severe liability"
_CONTRARY = re.compile(r"\bstricter\b|\bharsher\b|\bmore\s+(?:severe|restrictive|stringent)\b|\bfurther\s+restrict\w*|"
                       r"\b(?:tighten|toughen)\w*\b|\b(?:new|additional)\s+(?:\w+\s+){0,3}(?:restriction|ban|limitation|liabilit|"
                       r"offen[cs]e|penalt|requirement|control)\w*|\bintermediary\s+of\s+all\b|\bexpand\w*\s+(?:the\s+)?"
                       r"(?:powers|grounds|list)\s+(?:\w+\s+){0,3}(?:to\s+)?(?:restrict|ban|block|prosecut)", re.I)

_FAILURE = re.compile(
    r"\bremains?\b|\bremained\b|\bcontinues?\s+to\b|\bcontinued\s+to\b|\bstill\b|\bfail(?:s|ed)?\s+to\b|"
    r"\b(?:has|have|had|did|does|do|is|are|was|were)\s+not\b|\b(?:hasn't|haven't|didn't|doesn't|isn't|aren't|wasn't)\b|"
    r"\bno\s+(?:\w+\s+){0,4}(?:exists?|existed|was\s+(?:adopted|established|created)|has\s+been)\b|"
    r"\bthere\s+(?:is|are|was|were)\s+no\b|\bnot\s+yet\b|\black\s+of\b|\babsence\s+of\b|\blacks\b|\black\b|"
    r"\bneither\b|\bnor\b|\brefus\w+\b|\bcontrar\w+\b|\bworsen\w*\b|\bdeteriorat\w+\b|\bmore\s+severe\b|"
    r"\bpersist\w*\b|\bwidespread\b|\bpersecut\w+|\bcontinu\w+\s+(?:to\s+be\s+)?(?:practi|appl|us)\w*|"
    r"\bcontradict\w*\b|\bunjustifiabl\w+|\bwithout\s+(?:any\s+)?(?:effect|result|progress)\b|\bnever\b|"
    r"\bno\s+(?:independent|effective|specific|comprehensive|legal|such)\b|\bnot\s+(?:been\s+)?(?:adopted|established|ratified|amended|repealed|abolished|criminali[sz]ed)\b",
    re.I)
_PROGRESS = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|are\s+being)\s+(?:\w+\s+)?(?:adopted|established|created|"
    r"introduced|amended|enacted|ratified|abolished|repealed|decriminali[sz]ed|set\s+up|launched|approved|"
    r"passed|improved|strengthened|released|reduced|signed|revised)\b|"
    r"\bentered\s+into\s+force\b|\bcame\s+into\s+force\b|\b(?:adopted|established|created|enacted|ratified|abolished|"
    r"repealed|introduced|launched|amended)\s+(?:a|an|the|its|new)\b|\bsome\s+(?:progress|steps|measures|improvement)\b|"
    r"\bprogress\s+(?:has\s+been|was)\s+made\b|\bsteps\s+(?:have\s+been|were)\s+taken\b|\bpositive\s+(?:step|development)\b|"
    r"\bwelcome[sd]?\b|\bin\s+line\s+with\s+the\s+recommendation\b|\bnow\s+(?:guarantees|provides|prohibits)\b|"
    r"\b(?:is|are)\s+now\s+(?:more|better|largely|fully)\b|\bmore\s+consistent\s+with\b|\bcloser\s+to\b|\bpositive\b",
    re.I)
_NEGATED = re.compile(r"\b(?:no|not|never|nor|neither|without)\b(?:\W+\w+){0,3}\W*$", re.I)
_CONTRAST = re.compile(r"\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bdespite\b|\bin\s+spite\s+of\b|\bnevertheless\b|"
                       r"\bnonetheless\b|\byet\b|\bwhile\b|\bwhereas\b|\bonly\b|\binsufficient\w*\b|\bnot\s+sufficient\w*\b|"
                       r"\blimited\b|\bnot\s+fully\b|\bfurther\s+(?:action|measures|steps)\b", re.I)
_GRADE_IN_TEXT = re.compile(r"\[\s*([A-E][12]?)\s*\]")


@dataclass(frozen=True)
class StatusGuess:
    status: str
    score: float
    rule: str


def status_from_grade(grade: str | None) -> str | None:
    """A Human Rights Committee grade or grade text -> our status; ``None`` when it is not one.

    ``"A"`` -> implemented; ``"B"``, ``"B1"``, ``"B2"`` -> partially_implemented; ``"C"``, ``"C1"``,
    ``"C2"``, ``"E"`` -> not_implemented; ``"D"``, ``"D1"``, ``"D2"`` -> no_information. Brackets,
    case and a trailing colon are tolerated (``"[b2]:"``); so are the grade texts "Partially
    implemented", "Not implemented", "Implemented", "No information".
    """
    if grade is None:
        return None
    g = str(grade).strip()
    if not g:
        return None
    m = _GRADE.match(g)
    if m:
        key = m.group(1).upper() + (m.group(2) or "")
        return GRADE_STATUS.get(key)
    for pattern, status in _VERDICTS:
        if pattern.search(g):
            return status
    if re.fullmatch(r"\s*implemented\s*\.?\s*", g, re.I):
        return "implemented"
    return None


def _progress_count(text: str) -> int:
    """Progress cues not negated just before ("no such mechanism has been created" is failure)."""
    return sum(1 for m in _PROGRESS.finditer(text) if not _NEGATED.search(text[max(0, m.start() - 40): m.start()]))


def _first_sentence(text: str) -> str:
    m = re.search(r"[.;!?](?:\s|$)", text[20:])
    return text if m is None else text[: 20 + m.end()]


def status_from_text(text: str | None) -> StatusGuess:
    """The status a finding's language suggests (see the module docstring for the rules)."""
    t = " ".join((text or "").split())
    if not t:
        return StatusGuess("no_information", RULE_SCORES["no_info"], "empty")
    m = _GRADE_IN_TEXT.search(t)
    if m and (s := status_from_grade(m.group(1))):
        return StatusGuess(s, RULE_SCORES["grade"], "grade")
    for pattern, status in _VERDICTS:
        if pattern.search(t):
            return StatusGuess(status, RULE_SCORES["verdict"], "verdict")
    if _NORMATIVE.search(t) or _BACKGROUND.search(t):
        return StatusGuess("no_information", RULE_SCORES["no_assessment"], "no_assessment")
    if _CONTRARY.search(t):
        return StatusGuess("not_implemented", RULE_SCORES["contrary"], "contrary")
    if _DATED_OPENING.search(t) and not _GENERAL.search(_first_sentence(t)):
        return StatusGuess("no_information", RULE_SCORES["narrative"], "narrative")
    failure = len(_FAILURE.findall(t))
    progress = _progress_count(t)
    contrast = len(_CONTRAST.findall(t))
    if progress and (failure or contrast):
        return StatusGuess("partially_implemented", RULE_SCORES["partial"], "partial")
    if failure:
        return StatusGuess("not_implemented", RULE_SCORES["failure"], "failure")
    if progress:
        return StatusGuess("implemented", RULE_SCORES["progress"], "progress")
    return StatusGuess("not_implemented", RULE_SCORES["default"], "default")


def predict_status(text: str | None, unit_type: str | None, grade: str | None = None) -> tuple[str | None, float | None]:
    """Status and score for one unit: ``(None, None)`` for recommendations and paragraphs."""
    if unit_type not in STATUS_UNIT_TYPES:
        return None, None
    from_grade = status_from_grade(grade)
    if from_grade is not None:
        return from_grade, RULE_SCORES["grade"]
    guess = status_from_text(text)
    assert guess.status in STATUSES
    return guess.status, guess.score
