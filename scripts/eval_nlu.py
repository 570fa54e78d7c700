"""Evaluate the trained model's intents on the held-out set; exit 1 below the macro-F1 bar.

usage: python scripts/eval_nlu.py [--model PATH] [--data PATH] [--min-f1 0.90] [--json OUT]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from dunning_coach.evaluation import score


def quiet_rasa() -> None:
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def predict(model: Path, texts: list[str]) -> tuple[list[str], list[float]]:
    from rasa.core.agent import Agent

    quiet_rasa()
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()
    names, seconds = [], []
    for text in texts:
        start = time.perf_counter()
        parsed = loop.run_until_complete(agent.parse_message(text))
        seconds.append(time.perf_counter() - start)
        names.append(parsed["intent"]["name"])
    return names, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=Path(os.environ.get("MODEL", "models/dunning-coach.tar.gz")))
    parser.add_argument("--data", type=Path, default=Path("tests/nlu/heldout.yml"))
    parser.add_argument("--min-f1", type=float, default=0.90)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(args.data)).intent_examples
    gold = [e.get("intent") for e in examples]
    predicted, seconds = predict(args.model, [e.get("text") for e in examples])
    result = score(gold, predicted)
    print(f"NLU held-out: {len(gold)} examples, accuracy {result.accuracy:.3f}, "
          f"macro-F1 {result.macro_f1:.3f} (bar {args.min_f1:.2f})")
    for gold_intent, predicted_intent, count in result.confusions[:8]:
        print(f"  {count} x {gold_intent} -> {predicted_intent}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "examples": len(gold), "accuracy": result.accuracy, "macro_f1": result.macro_f1,
            "per_intent_f1": result.per_intent_f1,
            "confusions": result.confusions[:20],
            "parse_ms_p50": sorted(seconds)[len(seconds) // 2] * 1000,
        }, indent=2))
    return 0 if result.macro_f1 >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
