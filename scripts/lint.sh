#!/usr/bin/env bash
# Lint, formatting, types and the package layering (pyproject.toml configures all four).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p results
echo "== ruff check, ruff format --check"
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
echo "== mypy"
.venv/bin/mypy
echo "== import layering (lint-imports)"
.venv/bin/lint-imports --no-cache >results/lint-imports.log 2>&1 || { cat results/lint-imports.log; exit 1; }
echo "ok"
