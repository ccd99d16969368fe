"""UPR Info issue labels -> ICCPR articles: the training labels of the article model.

UPR Info tags each recommendation with one or more of 54 *issues*; issues are not articles.
This module turns a row's issues (plus a few documented text conditions) into a set of ICCPR
articles, an empty set ("no ICCPR article"), or ``None`` ("too ambiguous: leave the row out
of training and evaluation"). The human-readable version of these tables, with the reasons,
is ``docs/issue_article_map.md``; a test checks that the two list the same issues.

Rules, in order (see :func:`articles_for`):

1. **Treaty-ratification recommendations** ("Ratify …", "Consider acceding to …", "Sign and
   ratify …", "withdraw reservations …"): only the issues in :data:`RATIFICATION_ISSUES` give an
   article (ratifying OP2 -> 6, CAT/OP-CAT -> 7, CED -> 16, the Palermo Protocol -> 8); every
   other issue gives nothing, so "Ratify the Rome Statute" (issue *Justice*) and "Ratify the
   ICCPR" are ``[]``, never dropped; the treaties of :data:`RATIFICATION_NAMED` add their
   article even when UPR Info forgot the issue.
2. Otherwise each issue contributes its articles (:data:`ISSUE_ARTICLES`, refined by the text
   conditions in :func:`_issue_articles`); *no-article* issues contribute nothing.
3. Rights the text names outright ("freedom of assembly", "death penalty", …,
   :data:`NAMED_RIGHTS`) are added: UPR Info often tags only one of "expression, assembly and
   association".
4. If the result is empty and the row has an *ambiguous* issue (:data:`AMBIGUOUS_ISSUES`), the
   row is dropped (``None``): its true article set is unknown. An ambiguous issue next to a
   mapped one contributes nothing and the row keeps the mapped articles.
5. An issue this module does not know makes the row ambiguous too (so a new UPR Info export
   with new issues cannot silently teach "no article").
"""

from __future__ import annotations

import re
from typing import Iterable

MAPPING_VERSION = "issue-map-3"

# ------------------------------------------------------------------ issue tables
#: Issues that map to ICCPR articles (before the text conditions of `_issue_articles`).
ISSUE_ARTICLES: dict[str, tuple[int, ...]] = {
    "Death penalty": (6,),
    "Extrajudicial executions": (6,),
    "Torture and other CID treatment": (7,),
    "Trafficking": (8,),
    "Detention": (9, 10),                       # refined by text: 9 arbitrary/pre-trial, 10 conditions
    "Freedom of movement": (12,),
    "Justice": (14,),
    "Enforced disappearances": (16,),
    "Freedom of religion and belief": (18,),
    "Freedom of opinion and expression": (19,),
    "Freedom of the press": (19,),
    "Freedom of association and peaceful assembly": (21, 22),   # refined by text
    "Elections": (25,),
    "Racial discrimination": (26,),             # + 20 for hate speech / incitement
    "Sexual Orientation and Gender Identity": (26,),   # + 17 for decriminalisation
    "Women's rights": (3,),                     # none when only about health/education/…
    "Rights of the Child": (24,),               # none when only about health/education/…; + 7 corporal punishment
    "Minorities": (27,),
    "Indigenous peoples": (27,),
    "Labour": (),                               # ESC; + 22 trade unions, + 8 forced labour
}

#: Issues about no ICCPR article (economic, social and cultural rights, other treaties,
#: institutions, the UPR process itself).
NO_ARTICLE_ISSUES: frozenset[str] = frozenset({
    "International instruments",
    "Human rights education and training",
    "Special procedures",
    "Treaty bodies",
    "NHRI",
    "Technical assistance and cooperation",
    "UPR process",
    "National plan of action",
    "General",
    "Right to education",
    "Right to health",
    "ESC rights - general",
    "Poverty",
    "Development",
    "HIV - Aids",
    "Right to food",
    "Right to housing",
    "Right to land",
    "Right to water",
    "Environment",
    "Corruption",
    "Disabilities",
})

#: Issues whose article depends on details the issue does not give (human-rights defenders:
#: 6, 9, 19, 22…; migrants: 8, 13, 26 or none…). Alone they make a row unusable.
AMBIGUOUS_ISSUES: frozenset[str] = frozenset({
    "Other",
    "CP rights - general",
    "Human rights violations by state agents",
    "Impunity",
    "Human rights defenders",
    "Civil society",
    "Counter-terrorism",
    "Public security",
    "International humanitarian law",
    "Asylum-seekers - refugees",
    "Internally displaced persons",
    "Migrants",
})

#: In a ratification recommendation only these issues give an article.
RATIFICATION_ISSUES: dict[str, tuple[int, ...]] = {
    "Death penalty": (6,),                      # ICCPR-OP2
    "Torture and other CID treatment": (7,),    # CAT, OP-CAT
    "Enforced disappearances": (16,),           # CED
    "Trafficking": (8,),                        # Palermo Protocol
}

ESC_ISSUES: frozenset[str] = frozenset({
    "Right to education", "Right to health", "ESC rights - general", "Poverty", "Development",
    "HIV - Aids", "Right to food", "Right to housing", "Right to land", "Right to water",
    "Disabilities",
})

KNOWN_ISSUES: frozenset[str] = frozenset(ISSUE_ARTICLES) | NO_ARTICLE_ISSUES | AMBIGUOUS_ISSUES

# ------------------------------------------------------------------ text conditions
_RATIFY = re.compile(
    r"^\W*(?:\w+\W+){0,6}?(?:ratif\w*|accede|accession|sign(?:ing)?\b|adhere|adhesion|"
    r"become\s+(?:a\s+)?part(?:y|ies)|withdraw\w*\s+(?:\w+\s+)?reservation|lift\w*\s+(?:\w+\s+)?reservation)",
    re.I,
)
_TREATY = re.compile(r"convention|covenant|protocol|statute|treaty|treaties|instrument|charter|"
                     r"\b(?:cat|ced|crc|crpd|cedaw|icerd|icrmw|iccpr|icescr|op\w*)\b", re.I)

_ASSEMBLY = re.compile(r"assembl|demonstrat|protest|rall(?:y|ies)|gathering|march", re.I)
_ASSOCIATION = re.compile(r"associat|trade\s+union|\bunions?\b|\bngos?\b|non-?governmental|"
                          r"political\s+part|registration\s+of\s+(?:organi|ngo)|civil\s+society\s+organi", re.I)
_DETENTION_10 = re.compile(r"condition|overcrowd|humane|treatment\s+of\s+(?:prisoners|detainees|persons)|"
                           r"prisons?\b|penitentiar|jail|juvenile|places?\s+of\s+detention|detention\s+(?:centre|center|facilit)|"
                           r"correctional|sanitation|inmates", re.I)
_DETENTION_9 = re.compile(r"arbitrar|pre-?trial|habeas|administrative\s+detention|incommunicado|"
                          r"without\s+(?:charge|trial)|\brelease|political\s+prisoner|prisoners?\s+of\s+conscience|"
                          r"legal\s+basis|custody|judicial\s+(?:review|control|oversight)|length\s+of|"
                          r"detained\s+(?:solely|for|without)|preventive\s+detention|tried\s+without", re.I)
_HATE = re.compile(r"hate\s+speech|incite|hatred|propaganda|racist\s+(?:speech|statement|discourse|propaganda)", re.I)
_DECRIM = re.compile(r"decriminali|criminali[sz]\w*\s+(?:of\s+)?(?:homosexual|same|consensual)|"
                     r"consensual\s+(?:sexual|same)|sodomy|repeal\w*\s+(?:\w+\s+){0,6}(?:homosexual|same-sex|sexual\s+relations)", re.I)
_CIVIL_WOMEN = re.compile(r"violen|discriminat|equal|traffick|marriage|genital|fgm|mutilat|rape|honou?r|"
                          r"particip|politic|vote|elect|decision|polygam|inherit|nationality|abuse|"
                          r"harass|sexual\s+exploit|widow|dowry|stereotyp|legislat|law\b|laws\b|legal", re.I)
_CIVIL_CHILD = re.compile(r"violen|abus|exploit|labou?r|traffick|birth\s+regist|regist\w*\s+(?:of\s+)?births?|"
                          r"corporal|juvenile|marriage|soldier|armed|sexual|street\s+child|detent|nationality|"
                          r"orphan|adopt|sale\s+of|protect\w*\s+(?:of\s+)?(?:\w+\s+)?child|neglect|discriminat|"
                          r"justice|stateless|punish", re.I)
_CORPORAL = re.compile(r"corporal\s+punishment", re.I)
_TRADE_UNION = re.compile(r"trade\s+union|union\s+(?:rights|activit|member)|freedom\s+of\s+association|"
                          r"collective\s+bargaining|right\s+to\s+organi[sz]e", re.I)
_FORCED_LABOUR = re.compile(r"forced\s+labou?r|bonded\s+labou?r|slavery|servitude|debt\s+bondage|"
                            r"forced\s+(?:child\s+)?labou?r", re.I)

#: Rights a text names outright -> article (rule 3).
NAMED_RIGHTS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"death\s+penalty|capital\s+punishment|moratorium\s+on\s+(?:the\s+)?(?:use\s+of\s+)?execution", re.I), 6),
    (re.compile(r"\btortur", re.I), 7),
    (re.compile(r"trafficking\s+in\s+(?:persons|human|women|children)|human\s+trafficking|\bslavery\b", re.I), 8),
    (re.compile(r"freedom\s+of\s+movement", re.I), 12),
    (re.compile(r"enforced\s+(?:or\s+involuntary\s+)?disappearance", re.I), 16),
    (re.compile(r"freedom\s+of\s+(?:thought|conscience|religion|belief|worship)|religious\s+freedom", re.I), 18),
    (re.compile(r"freedom\s+of\s+(?:opinion|expression|speech|the\s+press|press|the\s+media|media|information)|"
                r"press\s+freedom|media\s+freedom|freedom\s+of\s+(?:opinion\s+and\s+)?expression", re.I), 19),
    (re.compile(r"freedom\s+of\s+(?:peaceful\s+)?assembly|right\s+to\s+(?:peaceful(?:ly)?\s+)?assembl|"
                r"(?:expression|association)(?:,\s*|\s+and\s+|\s+or\s+)(?:\w+\s+){0,3}?(?:peaceful\s+)?assembly", re.I), 21),
    (re.compile(r"freedom\s+of\s+association|right\s+to\s+(?:freedom\s+of\s+)?associat|"
                r"(?:expression|assembly)(?:,\s*|\s+and\s+|\s+or\s+)(?:\w+\s+){0,3}?association", re.I), 22),
    # issue-map-2: see RARE_NAMED_RIGHTS below
)

#: issue-map-2: the rights of articles no UPR Info issue stands for, named in the words of the
#: Covenant (art. 1 self-determination, 2(3) effective remedy and giving effect to the Covenant in
#: domestic law, 4 states of emergency and derogation, 11 imprisonment for debt, 15 retroactive criminal
#: law (these three since issue-map-3), 12 liberty of movement,
#: 13 expulsion of aliens, 17 privacy, 20 war propaganda and advocacy of hatred, 23 marriage and the
#: family, 25 voting and public affairs, 14 fair trial) and
#: the HRC's reading of art. 7 for non-refoulement (General Comments 20, 31). The classifier also
#: forces the rarest of them in at prediction time (:data:`FORCED_NAMED_ARTICLES`), as it does explicit references.
RARE_NAMED_RIGHTS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"self-?determination", re.I), 1),
    (re.compile(r"effective\s+remed(?:y|ies)|(?:incorporat|domesticat|transpos)\w*\s+(?:\w+\s+){0,6}?"
                r"(?:covenant|iccpr)\b(?:\s+\w+){0,3}\s+(?:into|in)\s+(?:\w+\s+)?(?:domestic|national)", re.I), 2),
    (re.compile(r"\bstates?\s+of\s+(?:\w+\s+)?emergency|"
                r"\bemergency\s+(?:laws?|rule|powers|decrees?|regulations?|legislation)\b|"
                r"\bderogat(?:e|es|ed|ing|ions?)\b|\bmartial\s+law", re.I), 4),
    (re.compile(r"imprison\w*\s+(?:\w+\s+){0,4}?(?:for\s+(?:\w+\s+){0,2}?(?:debts?|failure\s+to\s+(?:fulfil|pay|honou?r)|"
                r"(?:inability|failing)\s+to\s+(?:fulfil|pay))|because\s+of\s+(?:\w+\s+)?debts?)|debtors?['’]?\s+prisons?|"
                r"(?:detention|imprisonment|prison)\s+for\s+(?:civil\s+)?debts?|(?:fulfil|breach\s+of)\s+(?:a\s+)?contractual\s+obligations?",
                re.I), 11),
    (re.compile(r"\bretroactiv\w*\s+(?:\w+\s+){0,3}?(?:criminal|penal|offen[cs]es?|penalt\w+|punish\w*)|"
                r"(?:criminal|penal)\s+(?:\w+\s+){0,4}?(?:applied|application|apply)\s+retroactively|"
                r"\bnullum\s+crimen|\bnon-?retroactivity\s+of\s+(?:criminal|penal)", re.I), 15),
    (re.compile(r"exit\s+(?:visas?|permits?)|travel\s+bans?|(?:freedom|right)\s+to\s+leave\s+(?:\w+\s+)?country|"
                r"internal\s+(?:migration|movement)|(?:residence|household)\s+registration|propiska|hukou", re.I), 12),
    (re.compile(r"\bexpel|\bexpuls|\bdeport|refoulement", re.I), 13),
    (re.compile(r"refoulement", re.I), 7),
    (re.compile(r"\bprivacy|surveillance|personal\s+data|data\s+protection|"
                r"intercept\w*\s+(?:of\s+)?(?:\w+\s+)?(?:communications|correspondence)", re.I), 17),
    (re.compile(r"propaganda\s+for\s+war|war\s+propaganda|advocacy\s+of\s+(?:\w+,?\s+(?:or\s+)?){0,3}hatred|"
                r"incite\w*\s+(?:to\s+)?(?:\w+\s+)?(?:hatred|discrimination|hostility)|hate\s+speech", re.I), 20),
    (re.compile(r"marriage|\bspouses?\b|family\s+reunification|polygam", re.I), 23),
    (re.compile(r"right\s+to\s+vote|voting\s+rights|free\s+and\s+fair\s+elections|stand\s+for\s+election|"
                r"(?:participat\w*|take\s+part)\s+in\s+(?:the\s+conduct\s+of\s+)?public\s+affairs", re.I), 25),
    (re.compile(r"fair\s+trial|independen\w+\s+of\s+(?:the\s+)?(?:judiciary|judges|courts)|independent\s+judiciary|"
                r"presumption\s+of\s+innocence", re.I), 14),
)
NAMED_RIGHTS = NAMED_RIGHTS + RARE_NAMED_RIGHTS

#: articles whose training rows are too few for the model to learn them (tens, against thousands
#: for articles 3, 7 or 24): a text naming their right gets them whatever the model says
FORCED_NAMED_ARTICLES = frozenset({1, 2, 4, 11, 12, 13, 15, 17, 20, 23})


_FORCED_PATTERNS = tuple((pattern, a) for pattern, a in RARE_NAMED_RIGHTS if a in FORCED_NAMED_ARTICLES)
# a word each of those patterns needs: most texts name none of these rights, and a substring test is
# far cheaper than the patterns (prediction speed)
_FORCED_KEYS = ("emergency", "derogat", "martial", "imprison", "debt", "contractual", "retroactiv", "nullum",
                "determination", "remed", "covenant", "iccpr", "exit", "travel",
                "leave", "internal", "registration", "propiska", "hukou", "expel", "expuls", "deport", "refoulement",
                "privacy", "surveillance", "personal data", "data protection", "intercept", "propaganda", "hatred",
                "incite", "hate speech", "marriage", "spouse", "reunification", "polygam")


def named_rare_articles(text: str) -> list[int]:
    """Articles of :data:`FORCED_NAMED_ARTICLES` whose right the text names outright (not in a
    ratification recommendation, which asks for a treaty act)."""
    low = (text or "").lower()
    if not any(key in low for key in _FORCED_KEYS) or is_ratification(text):
        return []
    return sorted({a for pattern, a in _FORCED_PATTERNS if pattern.search(text)})


#: Treaties a ratification recommendation names -> article (added to rule 1's issues).
RATIFICATION_NAMED: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"second\s+optional\s+protocol|\bop-?2\b|iccpr-op-?2|abolition\s+of\s+the\s+death\s+penalty", re.I), 6),
    (re.compile(r"against\s+torture|\bop-?cat\b|\bcat\b", re.I), 7),
    (re.compile(r"enforced\s+disappearance|\bced\b|\bicpped\b", re.I), 16),
    (re.compile(r"palermo|trafficking\s+in\s+persons", re.I), 8),
)


def is_ratification(text: str) -> bool:
    """True for recommendations to ratify / accede to / sign a treaty or withdraw reservations."""
    return bool(_RATIFY.search(text or "")) and bool(_TREATY.search(text or ""))


def split_issues(issue_field: str | Iterable[str] | None) -> list[str]:
    """UPR Info's comma-separated ``Issue`` cell -> clean issue names (order kept, no duplicates)."""
    if issue_field is None:
        return []
    parts = issue_field.split(",") if isinstance(issue_field, str) else list(issue_field)
    out: list[str] = []
    for p in parts:
        p = " ".join(str(p).split())
        if p and p not in out:
            out.append(p)
    return out


def _issue_articles(issue: str, text: str, issues: set[str]) -> set[int]:
    """Articles one issue contributes, after its text conditions."""
    base = set(ISSUE_ARTICLES.get(issue, ()))
    if issue == "Freedom of association and peaceful assembly":
        a21, a22 = bool(_ASSEMBLY.search(text)), bool(_ASSOCIATION.search(text))
        return {21, 22} if a21 == a22 else ({21} if a21 else {22})
    if issue == "Detention":
        d9, d10 = bool(_DETENTION_9.search(text)), bool(_DETENTION_10.search(text))
        return {9, 10} if d9 == d10 else ({9} if d9 else {10})
    if issue == "Racial discrimination" and _HATE.search(text):
        return base | {20}
    if issue == "Sexual Orientation and Gender Identity" and _DECRIM.search(text):
        return base | {17}
    if issue == "Women's rights":
        if issues & ESC_ISSUES and not _CIVIL_WOMEN.search(text):
            return set()
        return base
    if issue == "Rights of the Child":
        if issues & ESC_ISSUES and not _CIVIL_CHILD.search(text):
            return set()
        return base | ({7} if _CORPORAL.search(text) else set())
    if issue == "Labour":
        return ({22} if _TRADE_UNION.search(text) else set()) | ({8} if _FORCED_LABOUR.search(text) else set())
    return base


def articles_for(issue_field: str | Iterable[str] | None, text: str) -> list[int] | None:
    """The article set for one UPR Info row; ``[]`` = no ICCPR article; ``None`` = ambiguous (drop)."""
    issues = split_issues(issue_field)
    if not issues:
        return None
    text = text or ""
    if is_ratification(text):
        arts: set[int] = set()
        for issue in issues:
            arts.update(RATIFICATION_ISSUES.get(issue, ()))
        for pattern, art in RATIFICATION_NAMED:
            if pattern.search(text):
                arts.add(art)
        return sorted(arts)
    arts = set()
    ambiguous = False
    for issue in issues:
        if issue in ISSUE_ARTICLES:
            arts |= _issue_articles(issue, text, set(issues))
        elif issue in NO_ARTICLE_ISSUES:
            continue
        else:                      # AMBIGUOUS_ISSUES or an issue this map does not know
            ambiguous = True
    for pattern, art in NAMED_RIGHTS:
        if pattern.search(text):
            arts.add(art)
    if not arts and ambiguous:
        return None
    return sorted(arts)
