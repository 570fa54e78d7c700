"""How customer names change what a message means, on the trained model: every selection
phrasing of a names file, with every name, the names being customers in a temporary ledger (so
the running masker reads them, as it reads a team's ledger).

Reports per language: the share read as select_customer, the share that would have recorded
something (a warning sign or an excuse read surely enough to record, by config.yml's recording
threshold and margin), and how far a phrasing's intent confidences move between names.

usage: python scripts/eval_names.py NAMES.yml [--model PATH] [--json OUT]
NAMES.yml: {templates: {code: [... "{name}" ...]}, names: {code: [...]}}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

from dunning_coach.nlu import readings

ROOT = Path(__file__).resolve().parent.parent


def gate_settings() -> tuple[float, float]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    [gate] = [p for p in config["policies"] if p["name"].endswith("RecordingGatePolicy")]
    return float(gate["threshold"]), float(gate["margin"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", type=Path)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "dunning-coach.tar.gz")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    spec = yaml.safe_load(args.names.read_text(encoding="utf-8"))
    threshold, margin = gate_settings()

    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "accounts.db"
        os.environ["DUNNING_DB"] = str(ledger)
        from dunning_coach.accounts.store import AccountStore

        with AccountStore(ledger) as store:
            rows = [
                {"customer_id": f"N{code}{i}", "name": name, "rep_id": "R1"}
                for code, names in spec["names"].items()
                for i, name in enumerate(names)
            ]
            store.write_import(
                {"reps": [{"rep_id": "R1", "name": "Rep", "role": "rep"}], "customers": rows}
            )
        sys.path.insert(0, str(ROOT))
        from scripts.eval_nlu import quiet_rasa

        quiet_rasa()
        from rasa.core.agent import Agent

        agent = Agent.load(str(args.model))
        loop = asyncio.new_event_loop()
        report = {}
        names = [n for names in spec["names"].values() for n in names]
        for code, templates in spec["templates"].items():
            selected = recorded = total = 0
            spread = 0.0
            examples: list[str] = []
            for template in templates:
                rankings = []
                for name in names:
                    parsed = loop.run_until_complete(
                        agent.parse_message(template.format(name=name))
                    )
                    ranked = readings.ranked(parsed.get("intent_ranking") or [])
                    top = parsed["intent"]["name"]
                    total += 1
                    selected += top == "select_customer"
                    records = readings.records(top) and not readings.unsure(
                        ranked, threshold, margin
                    )
                    recorded += bool(records)
                    if records and len(examples) < 5:
                        examples.append(template.format(name=name))
                    rankings.append({r.intent: r.confidence for r in ranked})
                for intent in {i for r in rankings for i in r}:
                    values = [r.get(intent, 0.0) for r in rankings]
                    spread = max(spread, max(values) - min(values))
            report[code] = {
                "phrasings": total,
                "select_customer": selected / total,
                "would_record": recorded,
                "max_confidence_spread": spread,
                "recorded_examples": examples,
            }
            print(
                f"{code:8} {total:4d} phrasings  select_customer {selected / total:.3f}  "
                f"would record {recorded:3d}  largest confidence spread across names "
                f"{spread:.3f}"
            )
            for example in examples:
                print(f"    recorded: {example}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
