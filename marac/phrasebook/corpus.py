"""The language check's labelled corpus (``corpus.txt``, next to this module) and how it is scored.

Each sentence is labelled with the code of the rule that should prompt for it,
or ``neutral`` where no prompt should be raised. Every 5th sentence is held out
as the test split: its misses are never tuned on (though, like the train split,
it was written before the rules were). The sentences after a "#! split: fresh"
(and "fresh2") line were written after the rules were frozen and measured once
before any change, a check on wording the rules were not written against; the
file records those first figures. All splits are reported
(``python -m bench.language``; asserted by tests/test_language_corpus.py).

A sentence counts as a true positive when it is labelled with a rule and the
check raises at least one prompt on it; as a false positive when it is neutral
and a prompt is raised. Per rule: recall over the sentences labelled with it
(any prompt), and how often the prompt raised was that rule's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marac.language import LanguagePrompt, check_language

CORPUS_FILE = Path(__file__).with_name("corpus.txt")
NEUTRAL = "neutral"
TEST_EVERY = 5
# "#! split: fresh": the sentences after this line are in the named split (written after the rules were frozen).
SPLIT_MARKER = "#! split:"


@dataclass(frozen=True)
class Sentence:
    label: str
    text: str
    line: int
    split: str  # "train", "test", or as a "#! split:" line names ("fresh", "fresh2")

    @property
    def blaming(self) -> bool:
        return self.label != NEUTRAL


def load(path: Path = CORPUS_FILE) -> list[Sentence]:
    """The sentences in file order; every ``TEST_EVERY``-th is in the test split."""
    sentences: list[Sentence] = []
    fixed_split = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.startswith(SPLIT_MARKER):
            fixed_split = raw.removeprefix(SPLIT_MARKER).strip()
            continue
        if not raw.strip() or raw.startswith("#"):
            continue
        label, separator, text = raw.partition(" | ")
        if not separator or not text.strip():
            raise ValueError(f"{path.name}:{number}: expected 'label | sentence'")
        split = fixed_split or ("test" if (len(sentences) + 1) % TEST_EVERY == 0 else "train")
        sentences.append(Sentence(label.strip(), text.replace("\\n", "\n"), number, split))
    return sentences


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    true_negatives: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        blaming = self.true_positives + self.false_negatives
        return self.true_positives / blaming if blaming else 1.0

    def add(self, blaming: bool, prompted: bool) -> None:
        if blaming and prompted:
            self.true_positives += 1
        elif blaming:
            self.false_negatives += 1
        elif prompted:
            self.false_positives += 1
        else:
            self.true_negatives += 1


@dataclass
class RuleScore:
    sentences: int = 0
    prompted: int = 0
    right_rule: int = 0
    raised_on_neutral: int = 0


@dataclass
class Evaluation:
    overall: Score = field(default_factory=Score)
    by_split: dict[str, Score] = field(default_factory=dict)
    by_rule: dict[str, RuleScore] = field(default_factory=dict)
    misclassified: list[tuple[Sentence, list[LanguagePrompt]]] = field(default_factory=list)


Checker = Callable[[str], Sequence[LanguagePrompt]]


def evaluate(sentences: Iterable[Sentence], check: Checker = check_language) -> Evaluation:
    result = Evaluation()
    for sentence in sentences:
        prompts = list(check(sentence.text))
        prompted = bool(prompts)
        result.overall.add(sentence.blaming, prompted)
        result.by_split.setdefault(sentence.split, Score()).add(sentence.blaming, prompted)
        codes = {p.code for p in prompts}
        if sentence.blaming:
            rule = result.by_rule.setdefault(sentence.label, RuleScore())
            rule.sentences += 1
            rule.prompted += prompted
            rule.right_rule += sentence.label in codes
        for code in codes if not sentence.blaming else ():
            result.by_rule.setdefault(code, RuleScore()).raised_on_neutral += 1
        if prompted != sentence.blaming:
            result.misclassified.append((sentence, prompts))
    return result
