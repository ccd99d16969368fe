"""How recommendations are worded, as opposed to the sentences around them.

Recommendations are written as imperatives ("Ensure …", "Repeal …", "In line with article 21,
replace …") or with a modal ("The State should …", "The right … must be reserved", "We urge the
authorities to …"). A sentence that opens with a determiner, pronoun, preposition or number, or
with a subject and a finite verb ("Kazakhstan has …", "Authorities were …"), and has no such
modal, describes or explains: "Such mechanism could be created …", "In 2019 the Committee
decided …". Segmenters use this to keep explanations with the recommendation before them and
to tell a submission's recommendation lists from its assessment prose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_OPEN = "“\"‘'(«["
_NOT_IMPERATIVE = re.compile(
    r"^(?:such|this|these|those|that|the|a|an|it|its|they|their|there|he|she|we|our|in|on|at|as|for|since|"
    r"from|by|with|after|before|during|under|according|currently|however|moreover|also|\d)\b", re.I)
_SUBJECT_VERB = re.compile(
    r"^[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}\s+(?:has|have|had|is|are|was|were|did|does|do|will|would|can|could|"
    r"may|might|remains?|continues?|accepted|adopted|rejected|noted|supported|received|reported)\b")
_RECOMMENDING = re.compile(r"\b(?:should|must|shall|needs?\s+to|(?:is|are)\s+(?:urged|encouraged|invited)|"
                           r"urges?|recommend(?!ations?\b)\w*|call(?:s|ed)?\s+(?:on|upon))\b", re.I)
_LEAD_IN = re.compile(r"\b(?:recommend\w*|urges?|call(?:s|ed)?\s+(?:on|upon)|should|asks?)\b[^.]*:\s*$"
                      # "We encourage the authorities to:", "… invites the State that:", "Freedonia must:"
                      r"|(?:\b(?:encourag|invit|request|appeal|urg|ask|call)\w*\b[^.:]*\b(?:to|that)|\bmust)\s*:\s*$"
                      # "… the PDHJ makes the following recommendations to the Government ahead of its review."
                      r"|\b(?:makes?|offers?|puts?\s+forward|presents?|submits?|proposes?)\s+the\s+following\s+"
                      r"recommendations\b[^.:]*[.:]\s*$", re.I)


@lru_cache(maxsize=1)
def imperative_verbs() -> frozenset[str]:
    """Verbs recommendations open with (``pipeline/data/imperative_verbs.txt``, how it was made is in its header)."""
    text = resources.files("pipeline").joinpath("data/imperative_verbs.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


_ADVERB = re.compile(r"[a-z]+ly")
_ADVERB_FIRST = re.compile(r"(?:[A-Za-z]+ly|further|also)\s", re.I)
# an opening phrase a recommendation may put before its verb
_OPENING_PHRASE = re.compile(
    r"(?:in|on|at|as|for|with|by|from|under|according|during|before|after|since|while|whilst|although|though|"
    r"given|pending|until|once|when|where|if|to|through|within|without|following|taking|bearing|recalling|"
    r"noting|considering|building|further\s+to|pursuant|consistent|together)\b", re.I)
# verbs coined with these endings open recommendations too ("Depoliticise", "Operationalize", "Codify")
_VERB_ENDING = re.compile(r"(?:is|iz|ys|yz)e$|ify$")
# a finite verb: the sentence states something ("Domestic violence remains …", "Human rights defenders are …")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|remains?|remained|continues?|continued|persists?|persisted|"
                     r"lacks?|lacked|exists?|existed|became|becomes|seems?|seemed|appears?|appeared|does|did|do|"
                     r"can|could|will|would|may|might|cannot|"
                     # what people live through, in the present: "Families of victims face obstacles …"
                     r"faces?|experiences?|endures?|suffers?|encounters?|struggles?|"
                     # the past: "Fiji ratified …", "Seychelles designated …", "Parliament passed …"
                     r"\w{3,}ed|made|took|gave|began|brought|held|kept|left|met|paid|saw|sent|found|told|won|lost|led|"
                     r"fell|rose|grew|went|came|built|spent|sought|taught|fought|broke|chose|spoke|wrote|drew|froze)\b", re.I)


_CLAUSE_START = re.compile(r"\b(?:that|which|who|whom|whose|where|when|whether|if|so|because|unless|until|as|than)\b", re.I)


def opens_with_verb(text: str) -> bool:
    """Does the text open with a verb recommendations begin with? Adverbs, "and" and an
    infinitive's "to" before it are passed over ("Fully implement", "Immediately and
    unconditionally release", "…, to implement"), but not a verb ending in -ly ("Apply", "Rely")."""
    verbs = imperative_verbs()
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text[:200])
    for word in words[:5]:
        low = word.lower()
        low = low[3:] if low.startswith("re-") else low          # "Re-register", "Re-examine"
        if low in verbs or _VERB_ENDING.search(low):
            following = text[:200].split(word, 1)[1].lstrip().lower() if word in text[:200] else ""
            return not following.startswith("of ")      # "Review of the law …", "Reform of …": a noun
        if not (_ADVERB.fullmatch(low) or low in ("to", "and", "also", "then", "now", "still", "not", "never", "do")):
            return False
    return False


def _states_something(body: str) -> bool:
    """A sentence that opens with a noun phrase and a finite verb within its first words, before
    any comma ("Domestic violence remains widespread", "Human rights defenders working on land are
    routinely criminalised"), unless it opens with a verb recommendations begin with."""
    if opens_with_verb(body):
        return False
    head = " ".join(re.split(r"[,;:]", body, maxsplit=1)[0].split()[:12])
    # the verb of the opening noun phrase, not of a clause inside it ("Determine the forms of
    # assemblies that do not require notice": an imperative whose verb the list may lack)
    head = _CLAUSE_START.split(head, maxsplit=1)[0]
    if _FINITE.search(head):
        return True
    # a plural noun and a verb in the present: "Mining licences cover …", "Prisons hold …"
    words = [w.lower() for w in re.findall(r"[A-Za-z’']+", head)]
    verbs = imperative_verbs()
    return any(len(a) > 3 and a.endswith("s") and not a.endswith(("ss", "us", "is", "'s", "’s")) and b in verbs
               for a, b in zip(words, words[1:]))


def _main_clause_states(body: str) -> bool:
    """After an opening phrase with no verb ("Three years after its third review, Paraguay has
    implemented …"), the main clause states something."""
    comma = re.search(r",\s+", body[:200])
    if not comma:
        return False
    rest = body[comma.end():]
    return bool(_NOT_IMPERATIVE.match(rest) or _SUBJECT_VERB.match(rest) or _states_something(rest))


def makes_recommendation(sentence: str) -> bool:
    """Does this sentence recommend something itself (imperative or modal)?"""
    body = sentence.lstrip(_OPEN + "-–•▪· ")
    if _RECOMMENDING.search(body):
        return True
    if not _NOT_IMPERATIVE.match(body) and not _SUBJECT_VERB.match(body) and not _states_something(body) and (
            opens_with_verb(body) or not _main_clause_states(body)):
        return True
    if _ADVERB_FIRST.match(body) and opens_with_verb(body):          # "Actively continue to …", "Further pursue …"
        return True
    # an opening phrase, then the imperative: "In accordance with …, eliminate the requirement …",
    # "With the support of …, including …, strengthen …" (a verb after one of its first commas;
    # not any comma before a lower-case word: "…, prior and informed consent", "…, please contact")
    if _OPENING_PHRASE.match(body):
        for comma in re.finditer(r",\s+(?=[a-z])", body[:250]):
            if opens_with_verb(body[comma.end():]):
                return True
    return False


#: a sentence ends at . ! ? before a capital or an opening quote, except after an abbreviation
_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bart)(?<!\barts)(?<!\bpara)"
                             r"(?<!\bparas)(?<!\bcf)(?<!\be\.g)(?<!\bi\.e)(?<!\bMrs)(?<!\bSt)[.!?][”\"’')]*\s+(?=[A-Z“\"‘(])")


def first_sentence(paragraph: str) -> str:
    """The paragraph's first sentence ("Art. 19" and "e.g. Mr. X" do not end one)."""
    m = _SENTENCE_BREAK.search(paragraph)
    return paragraph[:m.start() + 1] if m else paragraph


def before_last_sentence(paragraph: str) -> str:
    """The paragraph without its last sentence ('' for one sentence): what a paragraph says
    before the lead-in it ends with ("… were detained. We recommend that the Government:")."""
    breaks = list(_SENTENCE_BREAK.finditer(paragraph))
    return paragraph[:breaks[-1].start() + 1] if breaks else ""


def opens_with_recommendation(paragraph: str) -> bool:
    """Does a paragraph recommend from its first sentence? A finding may report what someone
    said the State *should* do in a later sentence ("In 2021 the Committee found … It said the
    State should …"); a recommendation says so at once."""
    return makes_recommendation(first_sentence(paragraph))


#: a treaty body's or a rapporteur's recommendation quoted in a submission ("The Committee recommends
#: that the State party:"): treaty bodies address "the State party", the UPR "the State" or the Government
_OTHER_BODY = re.compile(r"\bstate\s+party\b|^\W*(?:\d{1,3}\.\s*)?(?:the\s+)?(?:(?:human\s+rights\s+)?committee|"
                         r"special\s+rapporteur|working\s+group\s+on|treaty\s+bod|sub-?committee)", re.I)


def introduces_recommendations(text: str) -> bool:
    """A lead-in that opens a list of recommendations: "… calls on the government to:" (not a
    treaty body's "The Committee recommends that the State party:")."""
    text = text.strip()
    return bool(_LEAD_IN.search(text)) and not _OTHER_BODY.search(text)


# the authors' own voice: "We urge …", "The coalition also recommends that …", "Recommendation: …"
# (a UN body's or a State's recommendation, reported in a finding, is no new recommendation)
_OWN_VOICE = re.compile(
    r"^(?:we|the\s+(?:coalition|authors?|(?:submitting\s+|reporting\s+)?organi[sz]ations?|ngos?|"
    r"(?:joint\s+)?submission|signatories|(?:united\s+nations\s+|un\s+)?country\s+team|unct|nhri|"
    r"(?:national\s+)?(?:human\s+rights\s+)?(?:institution|ombuds\w+|public\s+defender))"
    # a UN country team or agency, or an NHRI, by its acronym: "UNCT", "UNHCR", "UNICEF"
    r"|(?-i:UNCT|UNHCR|UNICEF|UNFPA|UNDP|UN\s+Women|OHCHR|NHRI)"
    # the authors by their own acronym ("The CNDH further recommends that …"), not a treaty body, a UN
    # mechanism or another organisation whose recommendation a finding reports
    r"|(?:the\s+)?(?-i:(?!(?:CESCR|CEDAW|CRC|CAT|SPT|HRC|CCPR|CERD|CRPD|CMW|CED|WGAD|ILO|OSCE|ODIHR|UPR|ECtHR|ECHR|"
    r"IACHR|ACHPR|EU|UN|IMF|WHO|FATF|GRECO|CPT|ECRI|UNGA|HRCttee|OAS|AU|ASEAN)\b)[A-Z]{2,7})"
    # an NGO by its name: "Amnesty International", "Human Rights Watch", "the Freedom Now Coalition"
    r"|(?:the\s+)?(?-i:(?:[A-Z][\w’'&.-]*\s+){1,5}(?:International|Watch|Coalition|Foundation|Network|Alliance|"
    r"Initiative|Institute|Association|Forum)))\s+(?:(?:also|therefore|further|again|strongly|respectfully|"
    r"once\s+again|thus)\s+)*(?:recommends?|urges?|calls?\s+(?:on|upon)|asks?|encourages?|requests?|invites?)\b", re.I)
# the authors telling the State what to do, in assessment prose: "The authorities should immediately disclose …"
_SHOULD_VOICE = re.compile(r"^(?:the\s+)?(?:government|authorities|state(?!\s+party)|parliament|police|national\s+assembly)"
                           r"(?:\s+of\s+[A-Z][\w’'-]*)?\s+(?:should|must)\s+(?!have\b|not\s+have\b)\w", re.I)
_LABEL = re.compile(r"^(?:our\s+)?recommendations?\s*[:\u2013\u2014-]\s*(?=\S)", re.I)
# a body that recommends, in the present tense, named by its head noun: "The Defender recommends", "The
# Commission further urges" (its own voice when the authors' name holds that noun; see own_recommendation)
_NAMED_VOICE = re.compile(r"^(?:the\s+)?(?:[\w’'-]+\s+){0,5}?(?P<noun>[A-Za-z][\w’'-]+)\s+(?:(?:also|therefore|further|again|"
                          r"strongly|respectfully|once\s+again|thus)\s+)*(?:recommends|urges|calls\s+(?:on|upon)|asks|"
                          r"encourages|requests|invites)\b", re.I)
_NOT_AUTHORS = {"state", "states", "government", "republic", "kingdom", "human", "rights", "national", "people", "peoples",
                "universal", "periodic", "review", "submission", "report", "united", "nations", "cycle", "session",
                # the addressees a cover names ("Submission to the Human Rights Committee / Council")
                "committee", "council", "working", "group", "special", "rapporteur", "treaty", "body", "mechanism"}


# a recommending voice and its addressee before the ask: "The Commission recommends that the State ",
# "We urge the Government to ", "The coalition calls on the authorities to "
_VOICE_LEAD = re.compile(r"^\W*(?:\S+\s+){0,6}?(?:also\s+|further\s+|strongly\s+)*(?:recommends?|urges?|calls?\s+(?:on|upon)|asks?|"
                         r"encourages?|requests?|invites?)\s+(?:that\s+)?(?:the\s+)?(?:\S+\s+){0,3}?"
                         r"(?:state(?:\s+party)?|government|authorities|parliament|ministry|\S+\s+(?:should|must))(?:\s+of\s+[A-Z]\S*)?"
                         r"\s*(?:to\s+|should\s+|must\s+|shall\s+)?(?=[a-z])", re.I)


#: an assessment that opens with its status label: "Not implemented. No bill has been tabled …", or with
#: a traffic light's colour: "Red. Overcrowding …"
_OPENING_LABEL = re.compile(r"^((?:(?:not(?:\s+yet)?|partially|partly|largely|fully)\s+)?implemented|no\s+information|"
                            r"green|amber|red)\s*[.:;\u2013\u2014-]\s+(?=\S)", re.I)
#: the status a traffic light's colour stands for
COLOUR_STATUS = {"green": "Implemented", "amber": "Partially implemented", "red": "Not implemented"}


def opening_label(text: str, colours: bool = False) -> str | None:
    """The status label an assessment opens with ("Partially implemented" of "Partially implemented. …");
    with ``colours``, a traffic light's colour too ("Red. …" -> "Not implemented")."""
    m = _OPENING_LABEL.match(text)
    if not m:
        return None
    label = m.group(1)
    if label.lower() in COLOUR_STATUS:
        return COLOUR_STATUS[label.lower()] if colours else None
    return label[:1].upper() + label[1:].lower()

def ask_of(recommendation: str) -> str:
    """The ask of a recommendation without the voice that makes it: "The Commission recommends that
    the State adopt a plan." -> "adopt a plan." (the text itself when no such lead opens it)."""
    m = _VOICE_LEAD.match(recommendation)
    return recommendation[m.end():] if m and len(recommendation[m.end():].split()) >= 2 else recommendation


def author_nouns(cover: str) -> frozenset[str]:
    """The words that can name the authors in their own voice, from the lines that open a document
    ("HUMAN RIGHTS DEFENDER OF THE REPUBLIC OF ARMENIA" -> {"defender", "armenia"})."""
    return frozenset(w for w in re.findall(r"[a-z][a-z’'-]{3,}", cover.lower()) if w not in _NOT_AUTHORS)


def sentences(paragraph: str) -> list[str]:
    """The paragraph's sentences, split as :func:`first_sentence` does."""
    out, start = [], 0
    for m in _SENTENCE_BREAK.finditer(paragraph):
        out.append(paragraph[start:m.start() + 1].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [x for x in out if x]


_ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
# an item marker inside a sentence: "(i)", "(b)", "3)", "(4)", after the lead-in's colon, a ";", a "," or "and"
_INLINE_MARK = re.compile(r"(?:^|(?<=[:;,])|(?<=\band)|(?<=\bto)|(?<=\bthat)|(?<=\bshould)|(?<=\bmust))\s*"
                          r"\(?([ivx]{1,4}|[a-l]|\d{1,2})\)\s+(?=\S)")


def inline_items(recommendation: str) -> list[str] | None:
    """The asks of a recommendation that numbers them inside one sentence ("We urge the authorities to:
    (i) repeal …; (ii) end …; and (iii) guarantee …", "… recommends that X: 1) lift …; 2) drop …"),
    each without its marker and closing "; and"; None when the sentence numbers no run of items
    (i, ii, iii … / a, b, c … / 1, 2, 3 …) after a colon."""
    colon = recommendation.find(":")
    if re.match(r"\(?(?:i|a|1)\)\s", recommendation):
        colon = -1          # the items open the text: "(i) Repeal …; (ii) Drop …" (after a "Recommendations:" label)
    elif colon < 0:         # "We call on the authorities to (a) release …; (b) …": the lead-in ends at "to"
        lead = re.search(r"\b(?:to|that|should|must)(?=\s+\(?(?:i|a|1)\)\s)", recommendation)
        if not lead:
            return None
        colon = lead.end() - 1
    marks = [m for m in _INLINE_MARK.finditer(recommendation, colon + 1)]
    if len(marks) < 2 or marks[0].start() - colon > 3:
        return None

    def rank(label: str) -> int | None:
        if label.isdigit():
            return int(label)
        if label in _ROMAN_NUMERALS and (marks[0].group(1) in ("i",)):
            return _ROMAN_NUMERALS.index(label) + 1
        return ord(label) - ord("a") + 1 if len(label) == 1 else None

    kept = [marks[0]]
    for m in marks[1:]:
        if rank(m.group(1)) == (rank(kept[-1].group(1)) or 0) + 1:
            kept.append(m)
    if len(kept) < 2 or rank(kept[0].group(1)) != 1:
        return None
    ends = [m.start() for m in kept[1:]] + [len(recommendation)]
    items = [re.sub(r"[\s;,]*(?:\band\s*)?[\s;,.]*$", "", recommendation[m.end():e]).strip() for m, e in zip(kept, ends)]
    return items if all(len(i.split()) >= 2 for i in items) else None


def own_recommendation(sentence: str, authors: frozenset[str] = frozenset()) -> str | None:
    """The recommendation a sentence of assessment prose makes in the authors' own voice ("We
    urge the Government to …", "Recommendation: Disclose …" -> "Disclose …"), else None. A
    recommendation that the text reports ("The Committee recommended that …") is none. ``authors``
    (:func:`author_nouns`) are the words of the authors' name: "The Defender recommends …" is their
    own voice in a report by the Human Rights Defender, a reported one elsewhere."""
    body = sentence.strip().lstrip(_OPEN + " ")
    if m := _LABEL.match(body):
        rest = body[m.end():].strip()
        return rest if len(rest.split()) >= 3 else None
    named = _NAMED_VOICE.match(body)
    if (_OWN_VOICE.match(body) or _SHOULD_VOICE.match(body) or (named and named.group("noun").lower() in authors)) \
            and not body.rstrip().endswith(":"):
        return body
    return None
