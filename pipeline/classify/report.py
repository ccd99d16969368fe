"""``models/README.md``, written by :func:`pipeline.classify.train` from the manifest, so the
figures in it are always those of the artifact beside it."""

from __future__ import annotations

from pathlib import Path

import json

from .evaluate import _fmt_headline, _fmt_per_article, _fmt_review
from .status import PRIOR_WEIGHT, STATUS_RULES_VERSION

TEMPLATE = """# models/ -- ICCPR article classifier

Written by `train()` ({created}); do not edit by hand (re-run training instead).

| | |
|---|---|
| model | `{name}` version `{version}` |
| file | `{model_file}` ({model_mb:.2f} MB, joblib + zlib) and `manifest.json` |
| training data | `{data_file}` (UPR Info cycle-1 export; sha256 `{sha}`), read in place, never copied |
| rows | {rows} in the file; {rows_labelled} labelled by the mapping, {rows_dropped} dropped as ambiguous |
| split (by `Session`) | train sessions {train_sessions} ({rows_train} rows); **held-out test sessions {test_sessions}** ({rows_test} rows) |
| labels | issue -> article mapping `{mapping}` (`docs/issue_article_map.md`, `pipeline/classify/issue_map.py`) |
| reviewer corrections used | {corrections} |
| training time | {train_seconds} s on this machine (2 shared cores) |

## What the model is

* **Features**: TF-IDF word 1-2 grams (min_df {word_min_df}) + character 3-5 grams within words
  (min_df {char_min_df}, at most {char_max} features), sublinear tf, accents stripped.
* **Any-article head**: logistic regression (C={C_any}), P(text concerns >= 1 ICCPR article).
* **Article heads**: one-vs-rest logistic regressions (C={C_cond}) trained on texts that have an
  article, P(article | some article). Articles learned: {articles}.
* **Decision**: `[]` when P(any) < **{any_threshold}** (chosen on out-of-fold scores over the training
  sessions as the value maximising min(top-1, no-article accuracy)); otherwise the most likely
  article plus every article with P(article | any) >= `settings.article_threshold` ({art_thr} at training).
* **Rules and priors on top** (at prediction): article numbers tied to the Covenant ("article 19 of
  the Covenant", "arts. 14 and 19 ICCPR") are forced in (score 0.97); a bare "article 19" counts
  with 0.80 only in a text that names the Covenant and no other instrument; `section_articles` from fact-sheet titles are
  forced in with 0.90. The UPR Info texts almost never cite article numbers, so the held-out
  figures measure the model, not the rules.
* **Confidence**: P(predicted article set exactly right) -- the model's probability of that set,
  mapped by two isotonic regressions (one for `[]` predictions, one for the others) fitted on
  5-fold out-of-fold predictions grouped by session over the training sessions (never the test
  sessions). For findings and committee recommendations it is multiplied by the status score
  (P(whole prediction right), taking the two as independent); prior-cycle recommendations that
  get a status through linked findings and grades are multiplied by that status score too
  (`pipeline/classify_stage.py`).
* **Status**: a supervised model (`pipeline/classify/status_model.py`, `status_model.joblib`, {status_model_line})
  over word 1-2 grams, the paragraph's MiniLM sentence embedding (where the selection chose an
  embedding weight above 0; the vectors come from the matcher's embedding cache) and the evidence of the cue rules (`pipeline/classify/status.py`, rules
  version {status_rules_version}: which rule decides, the status it gives, the counts of
  progress / failure / contrast cues, narrative, statistics and normative flags), a class-balanced
  multinomial logistic regression. The Committee's grade, when given or written in the text
  ("[B]", "Grade: C"), still decides (A -> implemented, B/B1/B2 -> partially, C/C1/C2/E -> not,
  D/D1/D2 -> no information). The **status score** is the model's probability of its status,
  temperature-scaled (T = {status_temperature}) on out-of-group predictions. Without
  `status_model.joblib` (no training data) the cue rules decide alone, each with its shrunk dev
  accuracy as score ((correct + {prior_weight:g} x prior) / (fired + {prior_weight:g})).
* **Status training data** (`models/training/README.md`): {status_groups}. Helper sessions
  wrote these paragraphs blind to the rules and to every gold file; the rest are the dev halves
  of the status gold and the rule author's sentences. The test halves of the status gold are never
  trained on.
* **Status model selection: leave one group out.** Each configuration is fitted on all groups but
  one and scored on that one; the best mean macro-F1 wins. A held-out group is a new author, so this
  measures transfer to unseen phrasing:

{status_selection}

  The cue rules were revised on the dev halves of the two gold files, so they score high there, but
  they never saw the writers' files. {rules_vs_model}
  On the untouched test halves (gold section below): {test_compare}. Real findings with reviewer
  corrections would settle the difference between the real and the written paragraphs. `upr train`
  adds them to the training data.
* **History.** Rules 2.0 scored macro-F1 0.655 on `independent.jsonl` before anyone read it. Rules
  2.1, revised on its dev half, score 0.99 there and 0.68 on its test half: cue rules written from a
  few dozen paragraphs do not carry over to new phrasing. Earlier supervised variants trained on 96
  sentences only (dev half + `written_examples.jsonl`) lost the rare classes and were not kept. The
  1,400 blind-written training paragraphs are what changed that.

## Held-out figures (sessions {test_sessions}, labels from the mapping)

{headline}

Top-1 = among texts with >= 1 gold article, the first predicted article is in the gold set (a `[]`
prediction counts as wrong). No-article accuracy = among texts whose gold is `[]`, the prediction
is `[]`. Exact set = predicted set equals gold set (what `confidence` estimates).

Targets: top-1 >= 0.90 -> **{top1:.3f}**; no-article accuracy >= 0.90 -> **{none:.3f}**.

### Per article (held-out)

{per_article}

### Reliability (held-out)

{reliability}

### How the configuration was chosen (development protocol)

`python -m pipeline.classify tune`: train on sessions 1-8, score sessions 9-10 (the test sessions
11-12 are not read); the any-threshold is picked on the dev sessions themselves, so these are
optimistic. Figures as run for version 1.0.0:

| configuration | any-threshold | top-1 | no-article | exact set | micro-F1 | macro-F1 |
|---|---:|---:|---:|---:|---:|---:|
| **chosen**: word 1-2 + char 3-5, two heads, C_any 10, C_cond 30 | 0.55 | 0.914 | 0.913 | 0.816 | 0.860 | 0.802 |
| single-stage one-vs-rest, p >= 0.5 (same features) | - | 0.879 | 0.952 | 0.813 | 0.863 | 0.780 |
| word 1-2 only | 0.55 | 0.904 | 0.902 | 0.807 | 0.849 | 0.778 |
| C_cond 10 | 0.575 | 0.913 | 0.915 | 0.817 | 0.859 | 0.794 |
| C_any 3 | 0.575 | 0.909 | 0.916 | 0.814 | 0.859 | 0.801 |

The two-head design trades a little no-article accuracy for +3.5 points of top-1 over the usual
one-vs-rest threshold (which says `[]` whenever no single article reaches 0.5); character n-grams
add about a point everywhere. Sentence embeddings (MiniLM) were not tried on the default path:
~170 texts/s on these 2 cores, far below the 1,000 texts/s budget.

### Out-of-fold (training sessions; what thresholds and calibration were fitted on)

{oof_headline}

## Review threshold

`needs_review = confidence < settings.review_threshold`. Recommended: **{review}** (the default in
`pipeline/config.py`). Trade-off on the out-of-fold predictions (where the choice was made):

{oof_review}

and, for information, on the held-out sessions:

{test_review}

At {review}, {flag_share} of the out-of-fold recommendations go to a reviewer, {caught} of the
errors are among them, and the rest are {acc_rest} exactly right on the article set. A higher
threshold sends more to review for a few points of accuracy; a lower one lets markedly more errors
through (see the table). Findings and committee recommendations are multiplied by the status
score (0.95 with a Committee grade; otherwise the status model's calibrated probability, whose
reliability on the untouched test halves is in the gold section), so a finding goes to review when
either its status or its article set is uncertain; the article-set confidence of a finding (fitted
on recommendations, not findings) is itself mostly below 0.9.

## Reproduce

```
HF_HUB_OFFLINE=1 .venv/bin/python -m pipeline.classify train --data ../shared/data/upr_info_recommendations_cycle1.csv
HF_HUB_OFFLINE=1 .venv/bin/python -m pipeline.classify evaluate --data ../shared/data/upr_info_recommendations_cycle1.csv
HF_HUB_OFFLINE=1 .venv/bin/python -m pipeline.classify tune     # the dev protocol (sessions 1-8 -> 9-10)
HF_HUB_OFFLINE=1 .venv/bin/python evaluation/benchmark_classify.py
```
"""


GOLD_INTRO = """## Hand-labelled gold (evaluation only)

Scored after training; never used to fit, choose thresholds or calibrate the article model. The
article gold follows its own labelling conventions (written without the issue mapping), so it
also measures how far UPR Info's tagging is from a careful human reading. The status gold is
split in halves by a hash of the text: the status rules were revised after reading the errors on
the dev half and the gold's README (its conventions, and a few hard cases from both halves --
among them the one `implemented` line, which is in the test half); the texts and labels of the
test half were not looked at. Its aggregate figures were read twice: once for the final rules,
once for the supervised variants above. `independent.jsonl` (written by an annotator blind to the
rules) is split the same way; rules 2.1 read its dev half's errors (and its README's list of hard
labelling decisions, which names paragraphs of both halves; no rule was written for those); its
test half's aggregate figures were read twice, once for rules 2.1 and once after a fix (passive
"was replaced", found by a unit test of a sentence written for it).

"""


def _demote(section: str) -> str:
    """Section headings one level down, to sit under the gold heading."""
    return "\n".join(("#" + line) if line.startswith("##") else line for line in section.splitlines()) + "\n"


def _reliability(rows: list[dict] | None) -> str:
    lines = ["| confidence | count | mean confidence | observed accuracy |", "|---|---:|---:|---:|"]
    for r in rows or []:
        lines.append(f"| {r['lo']:.2f}-{r['hi']:.2f} | {r['count']} | {r['mean_confidence']:.3f} | {r['accuracy']:.3f} |")
    return "\n".join(lines)


def write_models_readme(models_dir: Path, manifest: dict, gold_sections: list[str] | None = None) -> None:
    f = manifest["figures"]
    td = manifest["training_data"]
    hp = manifest["hyperparameters"]
    text = TEMPLATE.format(
        created=manifest["created"], name=manifest["name"], version=manifest["version"],
        model_file=manifest["model_file"], model_mb=manifest["model_bytes"] / 1e6, data_file=td["file"],
        sha=td["sha256"], rows=td["rows"], rows_labelled=td["rows_labelled"], rows_dropped=td["rows_dropped_ambiguous"],
        train_sessions=", ".join(map(str, td["train_sessions"])), rows_train=td["rows_train"],
        test_sessions=", ".join(map(str, td["test_sessions"])), rows_test=td["rows_test"],
        mapping=manifest["mapping_version"], corrections=td["corrections_used"], train_seconds=f["train_seconds"],
        word_min_df=hp["word_min_df"], char_min_df=hp["char_min_df"], char_max=hp["char_max_features"],
        C_any=hp["C_any"], C_cond=hp["C_cond"], articles=", ".join(map(str, manifest["articles"])),
        any_threshold=manifest["any_threshold"], art_thr=manifest["article_threshold_at_training"],
        headline=_fmt_headline(f["held_out"], strong=True), top1=f["held_out"]["top1"], none=f["held_out"]["no_article_accuracy"],
        per_article=_fmt_per_article(f["held_out_per_article"]), reliability=_reliability(f["held_out_reliability"]),
        oof_headline=_fmt_headline(f["out_of_fold"], strong=True), review=manifest["review_threshold_recommended"],
        oof_review=_fmt_review(f["out_of_fold_review_curve"]),
        flag_share=f"{_at(f['out_of_fold_review_curve'], manifest['review_threshold_recommended'])['flagged_share']:.0%}",
        caught=f"{_at(f['out_of_fold_review_curve'], manifest['review_threshold_recommended'])['errors_caught']:.0%}",
        acc_rest=f"{_at(f['out_of_fold_review_curve'], manifest['review_threshold_recommended'])['accuracy_not_flagged']:.1%}", test_review=_fmt_review(f["held_out_review_curve"]),
        status_rules_version=STATUS_RULES_VERSION, prior_weight=PRIOR_WEIGHT, **status_model_fields(manifest),
    )
    if gold_sections:
        gold = GOLD_INTRO + "\n".join(_demote(sec) for sec in gold_sections)
        text = text.replace("## Review threshold", gold + "\n## Review threshold", 1)
    write_section(Path(models_dir) / "README.md", text)


def _params(p: dict) -> str:
    return (f"C={p['C']:g}, cue weight {p['cue_weight']:g}, embedding weight {p.get('embed_weight', 0):g}, "
            f"last-sentence embedding weight {p.get('last_weight', 0):g}")


def status_model_fields(manifest: dict) -> dict[str, str]:
    """The status-model parts of the README template, from the manifest's figures."""
    f = manifest.get("figures", {})
    sm, gold = f.get("status_model") or {}, f.get("gold_status") or {}
    if not sm:
        none = "not trained (no data in models/training/): the cue rules decide"
        return {"status_model_line": none, "status_temperature": "-", "status_groups": "none",
                "status_selection": "  (no status model)", "rules_vs_model": "", "test_compare": "see below"}
    rows = sorted(sm["selection"], key=lambda r: -r["mean_macro_f1"])
    groups = list(rows[0]["by_group"])
    table = ["  | configuration | mean | " + " | ".join(groups) + " |", "  |---|---:|" + "---:|" * len(groups)]
    table.append("  | cue rules alone | {:.3f} | ".format(sum(sm["rules_by_group"].values()) / len(groups))
                 + " | ".join(f"{sm['rules_by_group'][g]:.3f}" for g in groups) + " |")
    for r in rows:
        p = r["params"]
        mark = " (chosen)" if p == sm["params"] else ""
        table.append(f"  | {_params(p)}{mark} | {r['mean_macro_f1']:.3f} | "
                     + " | ".join(f"{r['by_group'][g]:.3f}" for g in groups) + " |")
    chosen = next(r for r in rows if r["params"] == sm["params"])
    unseen = [g for g in groups if not g.endswith("_dev") and g != "written_examples"]
    vs = "; ".join(f"on `{g}` the rules reach {sm['rules_by_group'][g]:.3f} and the model {chosen['by_group'][g]:.3f}"
                   for g in unseen)
    cmp = []
    for key, name in (("independent_test_half", "`independent.jsonl`"), ("test_half", "`findings.jsonl` (real corpus findings)")):
        if key in gold:
            rules = gold.get(f"{key}_rules_alone")
            r = f" against {rules['macro_f1']:.3f} for the rules alone" if rules else ""
            cmp.append(f"{name} macro-F1 {gold[key]['macro_f1']:.3f}{r}")
    if "untouched_pooled" in gold:
        r = gold.get("untouched_pooled_rules_alone")
        cmp.append(f"pooled {gold['untouched_pooled']['macro_f1']:.3f}" + (f" against {r['macro_f1']:.3f}" if r else ""))
    counts = ", ".join(f"`{g}` {sum(c.values())}" for g, c in sm["groups"].items())
    return {"status_model_line": f"version {sm['version']}, {_params(sm['params'])}, "
                                 f"{sm['training_rows']} training rows",
            "status_temperature": f"{sm['temperature']:.3f}", "status_groups": counts,
            "status_selection": "\n".join(table), "rules_vs_model": (vs[0].upper() + vs[1:] + ".") if vs else "",
            "test_compare": "; ".join(cmp) or "see below"}


BEGIN, END = "<!-- classifier:begin (written by pipeline.classify.train) -->", "<!-- classifier:end -->"


def write_section(path: Path, body: str) -> None:
    """Write the classifier's part of models/README.md between markers, keeping whatever other
    stages (e.g. the matcher's models/matching.json) wrote around it."""
    block = f"{BEGIN}\n{body.rstrip()}\n{END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        new = head + block + (("\n" + tail) if tail else "")
    elif old.startswith("# models/ -- ICCPR article classifier"):    # an earlier, unmarked version of ours
        new = block
    elif old.strip():
        new = old.rstrip() + "\n\n" + block
    else:
        new = block
    path.write_text(new, encoding="utf-8")


def _at(curve: list[dict], threshold: float) -> dict:
    return min(curve, key=lambda r: abs(r["threshold"] - threshold))


def refresh_gold(models_dir: Path, gold_dir: Path) -> dict:
    """Re-score the gold with the shipped model and the current status rules, and rewrite the
    gold figures of ``manifest.json`` and ``README.md`` without retraining the article model
    (for a change of the status rules or the gold; ``upr train`` does the same and more)."""
    from .evaluate import gold_articles_report, gold_status_report
    from .model import MANIFEST_FILE, load_classifier
    from .train import _strip_per

    models_dir, gold_dir = Path(models_dir), Path(gold_dir)
    manifest = json.loads((models_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    clf = load_classifier(models_dir)
    sections: list[str] = []
    if (gold_dir / "articles" / "units.jsonl").exists():
        text, fig = gold_articles_report(clf, gold_dir)
        sections.append(text)
        manifest["figures"]["gold_articles"] = _strip_per(fig)
    if (gold_dir / "status" / "findings.jsonl").exists():
        text, fig = gold_status_report(clf, gold_dir)
        sections.append(text)
        manifest["figures"]["gold_status"] = fig
    (models_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    write_models_readme(models_dir, manifest, sections)
    return manifest
