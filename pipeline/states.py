"""State names: the gazetteer, canonical names, and the recommending states of a recommendation."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})


def _key(name: str) -> str:
    # apostrophes first: the ASCII folding below would drop a typographic one ("Côte d’Ivoire")
    name = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES)).encode("ascii", "ignore").decode()
    name = name.lower()
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^a-z0-9()']+", " ", name).strip()


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Lower-cased key -> canonical state name."""
    table: dict[str, str] = {}
    text = resources.files("pipeline").joinpath("data/states.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        if "=" in raw:
            variant, canonical = (p.strip() for p in raw.split("=", 1))
            table[_key(variant)] = canonical
        else:
            table[_key(raw)] = raw
    return table


_INVERTED = re.compile(r"^\s*(?P<short>[^,()]+?)\s*,\s*(?P<qualifier>[^,()]+?)\s*$")


def canonical_state(name: str) -> str | None:
    """The canonical name of a state as printed, or None when it is not a known state. ISO-style
    inverted names ("Korea, Republic of", "Congo, Democratic Republic of the") are read too."""
    found = gazetteer().get(_key(name))
    if found is None and "-" in name:                 # broken at a line end: "Slova-kia", "Cze- chia"
        found = gazetteer().get(_key(unbroken(name)))
    if found is None and (m := _INVERTED.match(name)):
        short, qualifier = m.group("short"), m.group("qualifier")
        for form in (f"{qualifier} {short}", f"{short} ({qualifier})"):
            if found := gazetteer().get(_key(form)):
                break
    if found is None and _OCR_SLIP.search(name):
        found = gazetteer().get(_key(ocr_repaired(name)))
    return found


#: the letters an OCR engine confuses in a scan's text layer: "rn" for "m", "vv" for "w", "l" or "1" for "I" at a
#: word's start, "1" for "l" inside a word, "0" for "o" ("Gerrnany", "Norvvay", "ltaly", "Repub1ic", "P0land")
_OCR_SLIP = re.compile(r"rn|vv|\b[l1](?=[a-z])|(?<=[a-z])[10](?=[a-z])")


def ocr_repaired(name: str) -> str:
    """A name read with an OCR engine's usual confusions undone; only ever looked up as a whole in the gazetteer
    (a name that is no state either way stays unknown)."""
    name = re.sub(r"rn", "m", name)
    name = name.replace("vv", "w")
    name = re.sub(r"\b[l1](?=[a-z])", "I", name)
    name = re.sub(r"(?<=[a-z])1(?=[a-z])", "l", name)
    return re.sub(r"(?<=[a-z])0(?=[a-z])", "o", name)


def unbroken(name: str) -> str:
    """A name without the hyphens of words broken at a line end ("Slova-kia" -> "Slovakia").
    The caller keeps it only where it is a known state and the hyphenated form is not."""
    return re.sub(r"(?<=[^\W\d_])-\s*(?=[a-z])", "", name)


def mended(name: str) -> str:
    """``name`` as a state is spelled where a line-end hyphen broke it ("Lie-chtenstein")."""
    if "-" in name and not gazetteer().get(_key(name)):
        whole = unbroken(name)
        if gazetteer().get(_key(whole)):
            return whole
    return name


def is_state(name: str) -> bool:
    return canonical_state(name) is not None


def _mentions(low: str):
    """(start, end, key, canonical) for every mention of a gazetteer name in a normalised text."""
    for key, canonical in gazetteer().items():
        for m in re.finditer(r"(?<![a-z])" + re.escape(key) + r"(?![a-z])", low):
            yield m.start(), m.end(), key, canonical


def find_states(text: str) -> list[str]:
    """Known state names mentioned in a text (canonical, first mention first). A name inside a
    longer one is no mention of its own: "Guinea-Bissau" is not Guinea, "Papua New Guinea" not
    Guinea either."""
    found = sorted(((start, end, canonical) for start, end, key, canonical in _mentions(_key(text)) if len(key) >= 4),
                   key=lambda t: (t[0], -(t[1] - t[0])))
    seen: list[str] = []
    reach = -1
    for start, end, c in found:
        if end <= reach:                 # inside a longer name already taken
            continue
        reach = max(reach, end)
        if c not in seen:
            seen.append(c)
    return seen


def segment_states(text: str) -> list[str] | None:
    """The states a cell lists when it holds nothing else, found by name rather than by separators:
    "Australia France and Italy" (one name per printed line, the breaks read as spaces) ->
    Australia, France, Italy; "Bosnia and Herzegovina Estonia" -> Bosnia and Herzegovina, Estonia.
    The longest names win where they overlap ("Democratic Republic of the Congo", not "Congo").
    None when anything but states, commas, semicolons and "and" remains."""
    low = _key(text)
    spans = [(start, end, canonical) for start, end, _, canonical in _mentions(low)]
    chosen: list[tuple[int, int, str]] = []
    for a, b, name in sorted(spans, key=lambda t: (t[0], -(t[1] - t[0]))):
        if not chosen or a >= chosen[-1][1]:
            chosen.append((a, b, name))
    rest, pos = "", 0
    for a, b, _ in chosen:
        rest += low[pos:a] + " "
        pos = b
    rest += low[pos:]
    if not chosen or re.sub(r"\band\b|[\s,;&]", "", rest):
        return None
    return [_as_printed(text, low[a:b]) or name for a, b, name in chosen]


def _as_printed(text: str, key: str) -> str | None:
    """A name as the text prints it ("Netherlands (Kingdom of the)" wrapped over lines), found by its
    key's words; None where the printed form differs in more than spacing and case (accents)."""
    words = re.findall(r"[a-z0-9']+|[()]", key)
    m = re.search(r"(?<![\w])" + r"\W*".join(re.escape(w) for w in words) + r"(?![\w])", text, re.I) if words else None
    return " ".join(m.group(0).split()) if m else None


#: what may follow the last state group: punctuation and a footnote marker. A marker is glued to the
#: closing parenthesis, punctuation or a word ("(Brazil)1;", "(Brazil);2", "(Brazil) *", "employment1");
#: a number after a space belongs to the text ("by 2022", "resolution 1325") and is never taken.
_TRAIL = re.compile(r"[\s;:,.\u2026]*(?:(?:(?<=[)\];:,])|(?<=\D\.))\s?(?:\d{1,3}|\*+)|(?<=[^\W\d_])\d{1,3})?"
                    r"[\s;:,.\u2026]*$")
#: what separates two state groups, or the text from the first group: space, list punctuation, and a
#: marker glued to the last word ("… in the area of employment1 (Belarus)")
_BETWEEN = re.compile(r"(?:(?<=[^\W\d_])\d{1,3})?[\s;:,]*$")


def _split_names(inner: str) -> list[str]:
    """Split 'Canada, Norway' / 'Canada; Norway' at top-level commas and semicolons."""
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch in ",;" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [mended(re.sub(r"\s+", " ", p).strip()) for p in parts if p.strip()]


def _split_and(names: list[str]) -> list[str]:
    """'Mexico and Uruguay' -> 'Mexico', 'Uruguay' where both are states and the whole is none
    ('Trinidad and Tobago', 'Bosnia and Herzegovina' stay whole)."""
    out = []
    for name in names:
        parts = [p.strip() for p in re.split(r"\s+and\s+", re.sub(r"^and\s+", "", name))] if " and " in name else [name]
        if len(parts) > 1 and not is_state(name) and all(is_state(p) for p in parts):
            out += parts
        elif len(parts) > 1 and not is_state(name) and (by_name := segment_states(name)):
            out += by_name        # "Bosnia and Herzegovina and Slovenia", "Trinidad and Tobago and Jamaica"
        else:
            out.append(name)
    return out


def _looks_like_name(name: str) -> bool:
    words = name.split()
    return (
        0 < len(words) <= 8
        and name[:1].isupper()
        and not re.search(r"\d", name)
        and not name.isupper()   # acronyms such as CRPD are not states
    )


def _last_group(text: str) -> tuple[int, str] | None:
    """Start index and content of the balanced parenthesised group that ends ``text``."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i, text[i + 1 : -1]
    return None


_RESPECTIVELY = re.compile(r"[,;]?\s*respectively\s*$", re.I)


def split_recommending_states(text: str) -> tuple[str, list[str]]:
    """Peel the trailing '(State)', '(State, State)' or '(State) (State)' groups off a
    recommendation. Returns the text without them and the states as printed, in order.

    A group is taken when every name in it is a known state; the last group may also hold
    an unknown name that looks like one (a new spelling), so that no state is lost.
    """
    body = _TRAIL.sub("", text.strip())
    groups: list[list[str]] = []
    # the earliest reports name them in words: "…, as recommended by Slovenia and Italy", "(recommended by Brazil)"
    if (by := _RECOMMENDED_BY.search(body)) and (names := _split_and(_split_names(by.group("names")))) \
            and all(is_state(n) for n in names):
        groups.append(names)
        body = body[:by.start()].rstrip(" ,;/")
    while True:
        found = _last_group(body)
        if not found:
            break
        start, inner = found
        # "(Portugal and Ecuador, respectively)": one ask per state, each named once
        names = _split_and(_split_names(_RESPECTIVELY.sub("", inner)))
        known = names and all(is_state(n) for n in names)
        lenient = not groups and names and all(_looks_like_name(n) for n in names) and len(names) <= 12
        if not (known or lenient):
            break
        groups.append(names)
        body = _BETWEEN.sub("", body[:start])
        body = body.rstrip(" /")
    states = [n for g in reversed(groups) for n in g]
    # states inside the text: "To consider ratifying (Slovenia)/ratify (Republic of Korea) the ..."
    # ... but not the states a text lists to say which countries it means: "the countries of the
    # G5 Sahel (Burkina Faso, Chad, Mali, Mauritania, Niger)", "its neighbours (Chad, Niger)"
    inner_states = []
    for m in re.finditer(r"\(([^()]+(?:\([^()]*\))?[^()]*)\)", body):
        names = _split_names(m.group(1))
        if names and all(is_state(n) for n in names) and not _NAMES_A_GROUP.search(body[max(0, m.start() - 60):m.start()]):
            inner_states.extend(names)
    return body.strip(), inner_states + states


#: recommending states named in words at the end of a recommendation (the earliest reports)
_RECOMMENDED_BY = re.compile(r"[,;]?\s*(?P<open>\()?\s*(?:as\s+)?(?:(?:was|were)\s+)?recommended\s+by\s+(?:the\s+)?"
                             r"(?P<names>[^()]+?(?:\([^()]*\)[^()]*?)*)\s*(?(open)\))\s*$", re.I)
#: words before a parenthesis of states that make it a list of the countries a text speaks of
_NAMES_A_GROUP = re.compile(
    r"(?:countr(?:y|ies)|states|nations|neighbou?r\w*|member\s+states|region\w*|partners|governments|"
    r"sahel|union|community|alliance|group|bloc|between|including|such\s+as|namely|e\.g\.|"
    r"i\.e\.|origin|transit|destination)\W*(?:\w+\W+){0,3}$", re.I)
