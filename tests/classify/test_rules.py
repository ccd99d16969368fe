import pytest

from pipeline.classify.rules import explicit_articles


@pytest.mark.parametrize("text, tied", [
    ("Bring the law in line with article 19 of the Covenant", [19]),
    ("as required by arts. 14 and 19 ICCPR", [14, 19]),
    ("Article 19(3) of the International Covenant on Civil and Political Rights", [19]),
    ("Article 19(3) of the International Covenant", [19]),
    ("articles 2, 3 and 26 of the Covenant", [2, 3, 26]),
    ("in accordance with ICCPR article 19, paragraph 3", [19]),
    ("under the Covenant (arts. 2 and 26)", [2, 26]),
    ("Article 19 ICCPR – Freedom of expression", [19]),
    ("articles 9-10 of the ICCPR", [9, 10]),
    ("Article 2, paragraph 3 of the Covenant", [2]),
    ("Article 6 and 7 of the International Covenant on Civil and Political Rights", [6, 7]),
    ("Demonstrate its commitment to articles 50 and 69 of the Constitution, articles 19, 21, and 22 of ICCPR", [19, 21, 22]),
    ("Withdraw the reservation to article 6, paragraph 5 of the International Covenant", [6]),
])
def test_tied_references(text, tied):
    refs = explicit_articles(text)
    assert refs.tied == tied
    assert refs.articles[: len(tied)] == tied


@pytest.mark.parametrize("text", [
    "Define criminal offences, in particular those in article 164 of the Criminal Code on incitement",
    "Amend article 2 of the Constitution",
    "article 2 of the International Covenant on Economic, Social and Cultural Rights",
    "art. 12 of the Convention on the Rights of the Child",
    "article 40 of the Covenant",                 # procedural article: not 1-27
    "article 174 of the Criminal Code and article 19",   # bare 19 next to another instrument
    "Implement general comment No. 34 on freedom of expression",
    "Repeal article 10 of the Law on Mass Media",
])
def test_not_iccpr(text):
    assert explicit_articles(text).articles == []


def test_bare_reference_needs_the_covenant_and_no_other_instrument():
    refs = explicit_articles("Respect article 19, as the Covenant requires")
    assert refs.bare == [19] and refs.tied == []
    assert explicit_articles("art. 21").articles == []                      # no Covenant anywhere
    assert explicit_articles("Respect article 19").articles == []
    assert explicit_articles("Amend article 14 of the ICCPR and article 17 of the Press Law").articles == [14]


def test_chained_reference_is_tied():
    assert explicit_articles("Respect article 19 and art. 21 of the Covenant").tied == [19, 21]
    assert explicit_articles("Respect article 19, article 21 and article 22 ICCPR").tied == [19, 21, 22]


@pytest.mark.parametrize("text", [
    "Recommended lifting the current reservation to article 8.1(a) of the ICESCR",
    "Consider withdrawing the reservations to CEDAW articles 2, 16 and 29",
    "Amend: article 14, which stipulates that participants in a press body must be citizens",
])
def test_other_treaties_and_domestic_law(text):
    assert explicit_articles(text).articles == []


def test_mixed_text_keeps_only_the_covenant_article():
    refs = explicit_articles("Article 19 ICCPR and article 164 of the Criminal Code")
    assert refs.tied == [19] and refs.bare == []


def test_empty():
    assert explicit_articles("").articles == []
