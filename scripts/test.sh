#!/usr/bin/env bash
# Everything CI checks (run through `make test`, which trains the model first when needed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p results

bash scripts/lint.sh

echo "== rasa data validate --fail-on-warnings"
.venv/bin/rasa data validate --fail-on-warnings >results/validate.log 2>&1 \
  || { tail -n 40 results/validate.log; exit 1; }
echo "ok"

echo "== held-out NLU sets in tests/nlu (macro-F1 at least 0.93; no out-of-scope message taken for an excuse)"
# Third-party warnings from loading the model go to the log; the figures come to the screen.
.venv/bin/python scripts/eval_nlu.py --model "$MODEL" --min-f1 0.93 --json results/nlu_heldout.json \
  2>results/eval_nlu.log || { tail -n 40 results/eval_nlu.log; exit 1; }

echo "== held-out NLU per language (macro-F1 at least 0.90 in each language with training data)"
# A language's gate starts with its training data (data/nlu/<code>.yml); its held-out set was
# written before that data (tests/nlu/languages/heldout.<code>.yml).
for data in data/nlu/*.yml; do
  code=$(basename "$data" .yml)
  heldout="tests/nlu/languages/heldout.$code.yml"
  [ -f "$heldout" ] || continue
  report="results/nlu_heldout_$code.txt"
  if ! .venv/bin/python scripts/eval_nlu.py --model "$MODEL" --min-f1 0.90 --data "$heldout" \
    --json "results/nlu_heldout_$code.json" >"$report" 2>>results/eval_nlu.log; then
    cat "$report"; tail -n 40 results/eval_nlu.log; exit 1
  fi
  echo "$code: $(head -n 1 "$report")"
done

echo "== blind held-out sets, per language and family (accuracy at least 0.90 in each)"
# Written for issue 25 by people who never saw the training data (tests/nlu/blind/).
if ! .venv/bin/python scripts/eval_nlu.py --model "$MODEL" --min-f1 0 --min-accuracy 0.90 --allow-false-excuses \
  --data tests/nlu/blind/*.yml --json results/nlu_blind.json >results/nlu_blind.txt \
  2>>results/eval_nlu.log; then
  cat results/nlu_blind.txt; tail -n 40 results/eval_nlu.log; exit 1
fi
grep "examples  accuracy" results/nlu_blind.txt

echo "== test conversations (rasa test core --fail-on-prediction-errors)"
.venv/bin/rasa test core -m "$MODEL" --stories tests/conversations.yml \
  --fail-on-prediction-errors --out results/core >results/core.log 2>&1 \
  || { grep -v "Epochs\|Processed" results/core.log | tail -n 40; cat results/core/failed_test_stories.yml 2>/dev/null; exit 1; }
echo "ok"

echo "== pytest (unit, actions, demo data, real servers, channels, the web chat in chromium)"
bash scripts/install_test_packages.sh
.venv/bin/python -m pytest
