"""How recommendations are worded (pipeline/segment/language.py)."""

from __future__ import annotations

import pytest

from pipeline.segment.language import (imperative_verbs, introduces_recommendations, makes_recommendation,
                                       opens_with_verb, own_recommendation)


@pytest.mark.parametrize("sentence", [
    "Ensure that journalists are protected.",
    "Fully implement the recommendations that were accepted.",
    "Immediately and unconditionally release all prisoners of conscience.",
    "Depoliticise appointments so that judges are independent.",            # a verb the list lacks, by its ending
    "Determine the forms of assemblies that do not require notice.",        # a finite verb inside a clause only
    "In accordance with article 21, eliminate the requirement of prior authorisation.",
    "With the support of the international community, including UNDP, strengthen the Ombudsman.",
    "Without delay, release all prisoners of conscience.",
    "Actively continue to implement the national action plan.",
    "Re-register the organisations dissolved in 2021.",
    "Do not detain asylum seekers.",
    "Desegregate schools and support teachers.",
    "The State should guarantee access to a lawyer.",
    "We urge the authorities to repeal article 174.",
    "Reduce the risks that migrants face at sea.",
    "Strengthen support for women who experience violence.",
])
def test_recommendations(sentence: str):
    assert makes_recommendation(sentence)


@pytest.mark.parametrize("sentence", [
    # red team, round 11: findings after a "Recommendations" heading set like the theme headings
    # were read as recommendations, and so was a contact line
    "Domestic violence remains the most frequent form of violence against women.",
    "Human rights defenders working on land and Indigenous rights are routinely criminalised through charges of trespass.",
    "Forced evictions of Indigenous communities continued throughout the review period.",
    "Paraguay noted the recommendation to adopt a framework on free, prior and informed consent.",
    "For further information, please contact Promo-LEX Association, Chisinau.",
    "Three years after its third review, Paraguay has implemented few of the recommendations it supported.",
    "Fiji ratified the Convention against Torture on 16 March 2016.",
    "Children with disabilities do not attend mainstream schools.",
    "Mining licences cover about 9 per cent of the territory.",              # a plural noun, then a verb in the present
    "Such a body could report to parliament.",
    "In 2018 the Committee adopted two views on this.",
    "Review of the defamation provisions, announced in 2023, has not started.",   # a verb's form used as a noun
    # red team round 28a: what people live through, in the present, under a recommendations heading
    "Families of victims face obstacles in obtaining information about the investigations.",
    "Women human rights defenders experience threats and smear campaigns online.",
    "Civil society faces new registration requirements.",
])
def test_statements(sentence: str):
    assert not makes_recommendation(sentence)


def test_verb_list_and_what_precedes_a_verb():
    verbs = imperative_verbs()
    assert {"ensure", "repeal", "ratify", "step", "decriminalize", "decriminalise"} <= verbs
    assert not verbs & {"the", "civil", "ghana", "allegations", "fully", "state"}      # no nouns, adverbs or names
    assert opens_with_verb("urgently and effectively investigate all cases")
    assert opens_with_verb("apply the law")                  # "apply" ends in -ly but is the verb itself
    assert not opens_with_verb("prior and informed consent")
    assert not opens_with_verb("please contact us")


def test_own_voice_and_other_bodies_lead_ins():
    """Red team, round 12: "The UNCT recommends that …" and "The authorities should immediately
    disclose …" in assessment prose are the authors' recommendations; "The Committee recommends that
    the State party:" in an annex quoting a treaty body opens no list of the authors' recommendations."""
    assert own_recommendation("The UNCT recommends that the Government establish a national preventive mechanism.")
    assert own_recommendation("UNHCR recommends that the State withdraw its reservation to article 17.")
    assert own_recommendation("The authorities should immediately disclose the whereabouts of the disappeared.")
    assert own_recommendation("The Government of Egypt must release them.")
    assert not own_recommendation("The State should have acted in 2019.")
    assert not own_recommendation("The State party should ensure that all children are registered.")
    assert not own_recommendation("The Committee recommended that the State establish a mechanism.")
    assert not introduces_recommendations("30. The Committee recommends that the State party:")
    assert introduces_recommendations("The UNCT recommends that the Government:")
    assert introduces_recommendations("We call on the authorities to:")
    # red team 43d: a sentence that announces the list and ends with a full stop
    assert introduces_recommendations("On the basis of this assessment, the PDHJ makes the following recommendations "
                                      "to the Government of Timor-Leste ahead of its fourth review.")
    assert not introduces_recommendations("The Committee made the following recommendations to the State party.")


def test_a_recommendations_label_with_no_stop_after_it():
    """Red team 43d: an NHRI's closing chapter "R1<tab>Ratify …" (no stop after the label) was twelve findings."""
    from pipeline.segment.prose import REC_LABEL, rec_label_unpunctuated

    assert rec_label_unpunctuated("R1 Ratify the Optional Protocol to the Convention against Torture.").group("n") == "1"
    assert rec_label_unpunctuated("R12 Guarantee the financial autonomy of the PDHJ.").group("n") == "12"
    assert rec_label_unpunctuated("R2 Billion was spent on prisons in 2021.") is None
    assert REC_LABEL.match("R1. Repeal the Act.") and not REC_LABEL.match("R1 Repeal the Act.")


@pytest.mark.parametrize("sentence, own", [
    ("The CNDH further recommends that the State repeal article 12 of the Press Code.", True),   # an NHRI's acronym
    ("The HRC recommends that the State party release all detainees.", False),      # a treaty body, reported
    ("CEDAW urges the State party to adopt the bill.", False),
    ("The ILO Committee of Experts recommends that the Government amend the Labour Code.", False),
])
def test_the_authors_by_their_own_acronym(sentence, own):
    """Red team, round 15: an NHRI writing as "The CNDH recommends that …" was read as reporting another
    body's recommendation; a treaty body's or the ILO's still is."""
    assert bool(own_recommendation(sentence)) is own


@pytest.mark.parametrize("text, items", [
    ("We therefore urge the authorities to: (i) repeal Law No. 72; (ii) end unannounced inspections of NGOs; and "
     "(iii) guarantee access to foreign funding.",
     ["repeal Law No. 72", "end unannounced inspections of NGOs", "guarantee access to foreign funding"]),
    ("The Initiative recommends that Freedonia: 1) lift the bans on assemblies; 2) drop the charges against protesters.",
     ["lift the bans on assemblies", "drop the charges against protesters"]),
    ("We call on the authorities to (a) release the journalists; and (b) amend the law on false information.",
     ["release the journalists", "amend the law on false information"]),
    ("We urge the Government to amend article 3(1) and article 4(2) of the Code.", None),    # numbers of the text
    ("We urge the Government to ratify the Convention (Articles 1 and 2) and to act.", None),
])
def test_asks_numbered_inside_one_sentence(text, items):
    """Red team, round 15: "We therefore urge the authorities to: (i) …; (ii) …; and (iii) …" is three
    recommendations, each without its marker and its closing "; and"."""
    from pipeline.segment.language import inline_items

    assert inline_items(text) == items
