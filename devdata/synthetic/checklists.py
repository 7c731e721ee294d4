"""The risk checklists on synthetic referrals: answers whose "yes" count is the score (a part of ``Generator``)."""

from __future__ import annotations

import json

from devdata.synthetic.history import GeneratorState
from devdata.synthetic.rows import NULL, date_of
from devdata.synthetic.world import AreaInfo


class ChecklistHistory(GeneratorState):
    """Writes each referral's risk checklist."""

    def _answers(self, daq: bool, score: int, children: bool) -> str:
        rng = self.rng
        scored = [f"q{n}" for n in range(1, 25)]
        yes = set(rng.sample(scored, score))
        answers = {}
        for q in scored:
            if q in yes:
                answers[q] = "yes"
            else:
                r = rng.random()
                answers[q] = "no" if r < 0.8 else ("dont_know" if r < 0.95 else "not_asked")
        if daq:
            for q in ("c1", "c2", "c3"):
                answers[q] = ("yes" if rng.random() < 0.5 else "no") if children else "no"
            # Children are listed on this referral: the checklist says so (as the page requires).
            answers["c1"] = "yes" if children else "no"
        return json.dumps(answers, separators=(", ", ": "))

    def _score(self, threshold: int) -> int:
        rng = self.rng
        if rng.random() < 0.72:
            return min(24, threshold + int(rng.expovariate(0.35)))
        return rng.randint(4, threshold - 1)

    def _checklist(self, referral_id: int, area: AreaInfo, score: int, children: bool, created: float) -> None:
        rng = self.rng
        # A few different sets of answers for each score (making one per row is slow).
        pool = self.answer_pool.setdefault((area.daq, score, children), [])
        if len(pool) < 8:
            pool.append(self._answers(area.daq, score, children))
        answers = rng.choice(pool)
        elsewhere = rng.random() < 0.04
        cid = self.next_id("cases_riskchecklist")
        self.w["cases_riskchecklist"](
            f"{cid}\t{answers}\t{{}}\t{{}}\t{'t' if elsewhere else 'f'}\t{score if elsewhere else NULL}\t"
            f"{date_of(created)}\t{area.instrument_id}\t{referral_id}\n"
        )
