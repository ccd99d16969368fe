import re
from pathlib import Path

import pytest

from pipeline.classify.issue_map import (AMBIGUOUS_ISSUES, ISSUE_ARTICLES, KNOWN_ISSUES, NO_ARTICLE_ISSUES,
                                         articles_for, is_ratification, split_issues)

DOC = Path(__file__).resolve().parents[2] / "docs" / "issue_article_map.md"


def test_tables_are_disjoint_and_cover_54_issues():
    a, n, m = set(ISSUE_ARTICLES), set(NO_ARTICLE_ISSUES), set(AMBIGUOUS_ISSUES)
    assert not (a & n) and not (a & m) and not (n & m)
    assert len(KNOWN_ISSUES) == 54


def test_doc_lists_every_issue_of_the_code():
    doc = DOC.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([^|]+?) \|", doc, flags=re.M))
    for issue in KNOWN_ISSUES:
        assert issue in rows, f"{issue} missing from {DOC.name}"


@pytest.mark.parametrize("issues, text, expected", [
    ("Death penalty", "Establish a moratorium on executions", [6]),
    ("Torture and other CID treatment", "Investigate all allegations of ill-treatment", [7]),
    ("Freedom of religion and belief", "Respect religious minorities' places of worship", [18]),
    ("Freedom of opinion and expression,Freedom of the press", "Protect journalists", [19]),
    ("Freedom of association and peaceful assembly", "Allow peaceful demonstrations", [21]),
    ("Freedom of association and peaceful assembly", "Simplify the registration of NGOs", [22]),
    ("Freedom of association and peaceful assembly", "Respect these freedoms", [21, 22]),
    ("Right to education", "Improve access to primary education", []),
    ("Right to health,Women's rights", "Reduce maternal mortality", []),
    ("Right to education,Rights of the Child", "Ensure free primary education for all children", []),
    ("Rights of the Child", "Prohibit corporal punishment in all settings", [7, 24]),
    ("Detention", "Improve prison conditions and reduce overcrowding", [10]),
    ("Detention", "End arbitrary detention and pre-trial detention without charge", [9]),
    ("Sexual Orientation and Gender Identity", "Decriminalize consensual same-sex relations", [17, 26]),
    ("Racial discrimination", "Prohibit hate speech and incitement to racial hatred", [20, 26]),
    ("Opinion", "x", None),                                      # unknown issue -> ambiguous
    ("Human rights defenders", "Protect human rights defenders", None),
    ("Human rights defenders,Freedom of the press", "Protect defenders and journalists", [19]),
    ("Freedom of opinion and expression", "Guarantee freedom of expression, assembly and association", [19, 21, 22]),
    ("", "anything", None),
    # issue-map-2: rights of articles no issue stands for, named in the Covenant's words
    ("Other", "Respect the right of the people of Western Sahara to self-determination", [1]),
    ("Asylum-seekers - refugees", "Refrain from expelling asylum seekers and respect non-refoulement", [7, 13]),
    ("Migrants", "Ensure that deportation decisions can be appealed", [13]),
    ("Women's rights", "Raise the minimum age of marriage to 18", [3, 23]),
    ("Other", "Adopt a data protection law and regulate surveillance", [17]),
    ("Racial discrimination", "Prohibit propaganda for war and advocacy of religious hatred", [20, 26]),
    ("Justice", "Guarantee the right to a fair trial and the independence of the judiciary", [14]),
    ("Other", "Abolish the exit visa requirement", [12]),
    ("Other", "Ensure that victims have access to an effective remedy", [2]),
    ("Human rights defenders", "Protect human rights defenders", None),      # still ambiguous: names no right
    # issue-map-3: states of emergency and derogation (art. 4); "derogatory" is not a derogation
    ("Public security", "Lift the state of emergency in force since 1981", [4]),
    ("Counter-terrorism", "Ensure that emergency powers do not derogate from non-derogable rights", [4]),
    ("Migrants", "Protect migrants from derogatory stereotyping", None),
    ("Human rights defenders", "Lift the travel bans imposed on human rights defenders", [12]),
    ("Justice", "Abolish imprisonment for failure to fulfil a contractual obligation", [11, 14]),
    ("Other", "Ensure that the new Criminal Code is not applied retroactively", [15]),
    ("Other", "Cancel all retroactive measures replacing jus soli with jus sanguinis for nationality", None),
])
def test_articles_for(issues, text, expected):
    assert articles_for(issues, text) == expected


@pytest.mark.parametrize("issues, text, expected", [
    ("International instruments,Justice", "Ratify the Rome Statute of the International Criminal Court", []),
    ("CP rights - general,International instruments", "Consider ratifying the ICCPR", []),
    ("Death penalty,International instruments", "Accede to the Second Optional Protocol to the ICCPR", [6]),
    ("International humanitarian law,International instruments", "Ratify the Second Optional Protocol to the ICCPR", [6]),
    ("Detention,International instruments,Torture and other CID treatment", "Sign and ratify the OP-CAT", [7]),
    ("Disabilities,International instruments", "Ratify the Convention on the Rights of Persons with Disabilities", []),
])
def test_ratification_rule(issues, text, expected):
    assert is_ratification(text)
    assert articles_for(issues, text) == expected


def test_not_ratification():
    assert not is_ratification("Ensure the independence of the judiciary")
    assert not is_ratification("Design a national plan on torture prevention")


def test_split_issues():
    assert split_issues("Justice, Detention,Justice") == ["Justice", "Detention"]
    assert split_issues(None) == []
