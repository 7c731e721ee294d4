"""The language check measured on its labelled corpus (marac/phrasebook/corpus.txt): precision and
recall of at least 0.95 overall and on each split, including the held-out test split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import bench.common
from bench import language as bench_language
from marac.language import RULES, LanguagePrompt
from marac.phrasebook.corpus import NEUTRAL, Sentence, evaluate, load
from marac.phrasebook.subjects import about_someone_else

CORPUS = load()


def test_the_corpus_is_large_labelled_and_split() -> None:
    assert len(CORPUS) >= 300
    labels = Counter(s.label for s in CORPUS)
    assert set(labels) <= {rule.code for rule in RULES} | {NEUTRAL}
    assert {rule.code for rule in RULES} <= set(labels), "every rule has sentences"
    assert labels[NEUTRAL] >= 100
    assert len(CORPUS) - labels[NEUTRAL] >= 150
    splits = Counter(s.split for s in CORPUS)
    assert splits["test"] >= 60
    assert splits["fresh"] >= 60
    assert splits["fresh2"] >= 50
    texts = [s.text for s in CORPUS]
    assert len(texts) == len(set(texts)), "no sentence twice"


def test_the_corpus_holds_the_ways_practitioners_write() -> None:
    texts = [s.text for s in CORPUS]
    assert sum("\n" in t for t in texts) >= 8
    assert sum("\u2019" in t for t in texts) >= 8
    for subject in ("She ", "Mum ", "Ms X ", "The victim ", "The survivor ", "They ", "Mother ", "He ", "Mr Y "):
        assert any(t.startswith(subject) for t in texts), subject


@pytest.mark.parametrize("split", [None, "train", "test", "fresh", "fresh2"])
def test_precision_and_recall_are_at_least_95_percent(split: str | None) -> None:
    sentences = [s for s in CORPUS if split is None or s.split == split]
    result = evaluate(sentences)
    missed = [(s.label, s.text) for s, _ in result.misclassified]
    assert result.overall.precision >= 0.95, missed
    assert result.overall.recall >= 0.95, missed


def test_most_prompts_name_the_framing_the_sentence_is_labelled_with() -> None:
    result = evaluate(CORPUS)
    for code, score in result.by_rule.items():
        if score.sentences:
            assert score.right_rule >= 0.8 * score.sentences, code


def _prompt(code: str) -> LanguagePrompt:
    return LanguagePrompt(code=code, matched="x", start=0, end=1, instead="x", suggestion="x")


def test_scoring_counts_each_outcome() -> None:
    sentences = [
        Sentence("chose_to_stay", "flagged, right rule", 1, "train"),
        Sentence("chose_to_stay", "flagged, other rule", 2, "train"),
        Sentence("chose_to_stay", "missed", 3, "test"),
        Sentence(NEUTRAL, "flagged", 4, "test"),
        Sentence(NEUTRAL, "quiet", 5, "test"),
    ]
    answers = {
        "flagged, right rule": [_prompt("chose_to_stay")],
        "flagged, other rule": [_prompt("refuses_to_leave")],
        "flagged": [_prompt("mutual_abuse")],
    }
    result = evaluate(sentences, lambda text: answers.get(text, []))
    overall = result.overall
    assert (overall.true_positives, overall.false_positives, overall.false_negatives, overall.true_negatives) == (
        2,
        1,
        1,
        1,
    )
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == pytest.approx(2 / 3)
    assert result.by_split["train"].recall == 1.0
    assert result.by_split["test"].precision == 0.0
    stay = result.by_rule["chose_to_stay"]
    assert (stay.sentences, stay.prompted, stay.right_rule) == (3, 2, 1)
    assert result.by_rule["mutual_abuse"].raised_on_neutral == 1
    assert [s.line for s, _ in result.misclassified] == [3, 4]


def test_loading_reads_labels_line_breaks_and_the_split(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.txt"
    lines = ["# a comment", "", *[f"neutral | sentence {n}" for n in range(1, 10)], "mutual_abuse | one\\ntwo"]
    lines += ["#! split: fresh", *[f"neutral | later {n}" for n in range(1, 6)]]
    corpus.write_text("\n".join(lines), encoding="utf-8")
    sentences = load(corpus)
    assert len(sentences) == 15
    assert [s.split for s in sentences].count("test") == 2
    assert [n for n, s in enumerate(sentences) if s.split == "test"] == [4, 9]
    assert (sentences[9].label, sentences[9].text) == ("mutual_abuse", "one\ntwo")
    assert [s.split for s in sentences[10:]] == ["fresh"] * 5
    corpus.write_text("neutral sentence without a separator", encoding="utf-8")
    with pytest.raises(ValueError, match=r"expected 'label \| sentence'"):
        load(corpus)


def test_the_bench_prints_every_split_and_rule_and_writes_its_section(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.md"
    results.write_text("# Benchmark results\n\n## Outbox sender\n\nKept.\n", encoding="utf-8")
    monkeypatch.setattr(bench.common, "RESULTS", results)
    assert bench_language.main([]) == 0
    written = results.read_text(encoding="utf-8")
    assert "## Outbox sender\n\nKept." in written
    section = written[written.index("## Language check") :]
    for row in (
        "| all |",
        "| train |",
        "| test |",
        "| fresh |",
        "| fresh2 |",
        *(f"| `{rule.code}` |" for rule in RULES),
    ):
        assert row in section
    assert "Misclassified sentences:" in section
    assert section in capsys.readouterr().out
    assert bench_language.main([]) == 0
    assert results.read_text(encoding="utf-8").count("## Language check") == 1


def test_the_bench_lists_misclassified_sentences() -> None:
    sentences = [
        Sentence("chose_to_stay", "She chose\nto stay.", 7, "test"),
        Sentence(NEUTRAL, "He hit her.", 8, "fresh"),
    ]
    result = evaluate(sentences, lambda text: [_prompt("mutual_abuse")] if text == "He hit her." else [])
    section = bench_language.report(sentences, result, 0.01)
    assert "- line 7 (test), labelled `chose_to_stay`: \u201cShe chose\\nto stay.\u201d: no prompt" in section
    assert "- line 8 (fresh), labelled `neutral`: \u201cHe hit her.\u201d: `mutual_abuse` on \u2018x\u2019" in section
    assert "| test | 1 | 1 | 1.000 | 0.000 | 0 | 0 | 1 | 0 |" in section


@pytest.mark.parametrize(
    ("text", "someone_else"),
    [
        ("He failed to attend.", True),
        ("Mr Y failed to attend.", True),
        ("The perpetrator's failure to attend.", True),
        ("His failure to attend.", True),
        ("Police failed to attend.", True),
        ("The order failed to attend.", True),
        ("He hit her and she failed to attend.", False),
        ("She failed to attend.", False),
        ("Her failure to attend.", False),
        ("Her ex-partner failed to attend.", True),
        ("She was assaulted by him and failed to attend.", False),
        ("He claims she failed to attend.", True),
        ("He was arrested. She failed to attend.", False),
        ("Failed to attend.", False),
    ],
)
def test_the_subject_test_finds_who_the_phrase_is_about(text: str, someone_else: bool) -> None:
    start = text.lower().index("fail")
    assert about_someone_else(text, start, start + len("failed to attend")) is someone_else
