"""Choose the recording threshold and margin (dunning_coach/nlu/readings.py) on cross-validation.

Reads the out-of-fold rankings that `scripts/tune_nlu.py --save-rows FILE` wrote: every training
example predicted by a model that never saw it. Only messages whose top reading would record
something (an excuse or a warning sign) matter. Each outcome costs what it costs a rep:
  recorded, and right                     +1
  recorded, but the rep said something else  -FALSE (a false record about a customer)
  asked, and one of the two buttons is right  -ASK  (one tap)
  asked, and neither button is right         -ASK (one tap, then say it again; nothing false)
The most cautious setting within 1 % of the best utility is chosen, and the whole curve printed.

usage: python scripts/tune_recording.py ROWS.json [--false-cost 3] [--ask-cost 0.25]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dunning_coach.nlu.readings import Reading, records, unsure

NEAR_BEST = 0.01
THRESHOLDS = [round(0.40 + 0.05 * i, 2) for i in range(12)]  # 0.40 .. 0.95
MARGINS = [0.0, 0.1, 0.2, 0.3, 0.4]


def outcomes(rows: list[dict], threshold: float, margin: float) -> dict[str, int]:
    counts = {"right": 0, "false": 0, "asked_right": 0, "asked_wrong": 0}
    for row in rows:
        ranked = sorted(
            (Reading(i, s) for i, s in zip(row["intents"], row["scores"])),
            key=lambda r: r.confidence,
            reverse=True,
        )
        if not records(ranked[0].intent):
            continue
        asked = unsure(ranked, threshold, margin)
        if asked is None:
            counts["right" if ranked[0].intent == row["gold"] else "false"] += 1
        else:
            offered = {asked[0].intent, asked[1].intent if asked[1] else None}
            counts["asked_right" if row["gold"] in offered else "asked_wrong"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=Path)
    parser.add_argument("--false-cost", type=float, default=3.0)
    parser.add_argument("--ask-cost", type=float, default=0.25)
    args = parser.parse_args()
    rows = json.loads(args.rows.read_text(encoding="utf-8"))
    print(
        f"{len(rows)} out-of-fold predictions; recorded right +1, false record "
        f"-{args.false_cost:g}, asked -{args.ask_cost:g}\n"
    )
    print(
        f"{'threshold':>9} {'margin':>6} {'right':>6} {'false':>6} {'asked':>6} "
        f"{'asked, neither right':>20} {'utility':>8}"
    )
    sweep = []
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            c = outcomes(rows, threshold, margin)
            asked = c["asked_right"] + c["asked_wrong"]
            utility = c["right"] - args.false_cost * c["false"] - args.ask_cost * asked
            sweep.append((utility, threshold, margin, c))
            print(
                f"{threshold:9.2f} {margin:6.2f} {c['right']:6d} {c['false']:6d} "
                f"{asked:6d} {c['asked_wrong']:20d} {utility:8.2f}"
            )
    best = max(s[0] for s in sweep)
    near = [s for s in sweep if s[0] >= best - abs(best) * NEAR_BEST]
    utility, threshold, margin, c = max(near, key=lambda s: (s[1], s[2]))
    print(
        f"\nchosen: threshold {threshold:.2f}, margin {margin:.2f} (utility {utility:.2f}; "
        f"{c['right']} recorded right, {c['false']} false records, "
        f"{c['asked_right'] + c['asked_wrong']} asked)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
