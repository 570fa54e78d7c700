# Dunning Coach. `make run` to chat, `make test` for everything CI checks. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed

# The demo database is built from demo_data/ and dated: its stories hold as of DEMO_TODAY.
DEMO_DB := var/dunning.db
DEMO_TODAY := 2026-11-23
DUNNING_DB ?= $(DEMO_DB)
ifeq ($(DUNNING_DB),$(DEMO_DB))
DUNNING_TODAY ?= $(DEMO_TODAY)
endif
RASA_PORT ?= 5005
ACTION_PORT ?= 5055
TRACKER_DB ?= var/tracker.db
ACTION_ENDPOINT_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
MODEL := models/dunning-coach.tar.gz

export DUNNING_DB DUNNING_TODAY RASA_PORT ACTION_PORT TRACKER_DB ACTION_ENDPOINT_URL MODEL
export PYTHONPATH := $(CURDIR)
# Rasa and TensorFlow are chatty and phone home; keep them quiet and offline.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# The encoder's own code (its pass and tokenizing) is in both fingerprints: a change fits again.
ENCODER_CODE := dunning_coach/nlu/encoder_pass.py dunning_coach/nlu/word_tokens.py
TRAIN_INPUTS := config.yml domain.yml entity_patterns.jsonl $(ENCODER_CODE) \
	dunning_coach/nlu/name_masking.py dunning_coach/accounts/matching.py dunning_coach/nlu/morphemes.py \
	$(shell find data components -name '*.yml' -o -name '*.py' 2>/dev/null)

.PHONY: help setup model-ok run serve stop test test-fast lint import bench lock db clean signin-code signin-revoke copy-ledger

help:
	@echo "make run     set up what is missing, then chat in the terminal as the demo rep (REP=R2: as another)"
	@echo "make serve   set up, then start the action server and Rasa (web chat, REST, Slack, Telegram) under supervisord"
	@echo "make stop    stop what make serve started"
	@echo "make test    everything CI checks"
	@echo "make test-fast   lint, types, layering and the unit tests (no servers), for the inner loop"
	@echo "make lint    ruff (lint and format check), mypy and the import layering contracts"
	@echo "make import DIR=path   load the CSVs (reps, customers, invoices, payments, promises, warning signs) into DUNNING_DB"
	@echo "make bench   speed and accuracy beside the stock rasa init assistant, and the scale table up to 1M invoices (about 20 minutes: it trains both assistants)"
	@echo "make copy-ledger FROM=path  copy an SQLite ledger into PostgreSQL (DUNNING_DB=postgresql://...)"
	@echo "make signin-code REP=R1   a rep's sign-in code and link for the web chat"
	@echo "make signin-revoke REP=R1 refuse every web chat sign-in code the rep was issued so far"

setup: $(INSTALLED)

# Each step prints one line; what the tools print goes to var/log/ (scripts/step.sh).
$(INSTALLED): requirements.lock scripts/setup_venv.sh scripts/find_python.sh
	@bash scripts/step.sh "Installing the packages into .venv" install.log bash scripts/setup_venv.sh
	@touch $@

# Rasa skips training when nothing changed but leaves the file's time alone: touch it so make
# knows the model is current and a second `make run` does not even ask Rasa.
$(MODEL): $(INSTALLED) $(TRAIN_INPUTS)
	@bash scripts/step.sh "Training the model" train.log \
		$(RASA) train --fixed-model-name dunning-coach --out models
	@touch $@

# The role-play answer judge, fitted once per version of its checks (a server would fit it on
# its first role-play answer otherwise); the file's name says which version it is.
JUDGE_INPUTS := $(wildcard answer_checks/*.yml answer_checks/labelled/*.yml) playbook.yml \
	$(wildcard dunning_coach/training/*.py) $(ENCODER_CODE)
JUDGE := models/answer-judge.done
$(JUDGE): $(INSTALLED) $(JUDGE_INPUTS)
	@bash scripts/step.sh "Fitting the role-play answer judge" judge.log \
		$(PY) -m dunning_coach.training.shared_judge
	@touch $@

# A damaged model (an interrupted copy, a full disk) is newer than its inputs, so the rule above
# would keep it, and Rasa would start without a model: removed here, so that rule trains it again.
model-ok: $(INSTALLED)
	@if [ -f $(MODEL) ] && ! problem=$$($(PY) scripts/check_model.py $(MODEL) 2>&1); then \
		echo "$$problem: training it again."; rm -f $(MODEL); fi

# Rebuilt from scratch, so the demo never keeps rows from an older demo or schema.
$(DEMO_DB): $(INSTALLED) $(wildcard demo_data/*.csv)
	@rm -f $@ $@-wal $@-shm
	@DUNNING_DB=$@ bash scripts/step.sh "Building the demo database" demo-db.log \
		$(PY) -m dunning_coach.accounts.importer demo_data
	@touch $@

# The demo database is (re)built only when DUNNING_DB is the demo's; another database is left alone.
db: $(INSTALLED) $(if $(filter $(DEMO_DB),$(DUNNING_DB)),$(DEMO_DB))

run: model-ok $(MODEL) $(JUDGE) db
	@REP=$(REP) bash scripts/chat.sh

serve: model-ok $(MODEL) $(JUDGE) db
	@bash scripts/servers.sh start

stop:
	@bash scripts/servers.sh stop

import: $(INSTALLED)
	@test -n "$(DIR)" || { echo "usage: make import DIR=path/to/csv-folder [DUNNING_DB=path]"; exit 2; }
	umask 077 && $(PY) -m dunning_coach.accounts.importer "$(DIR)"

test: model-ok $(MODEL) $(JUDGE)
	bash scripts/test.sh

lint: $(INSTALLED)
	bash scripts/lint.sh

test-fast: lint
	$(PY) -m pytest tests/unit

bench: model-ok $(MODEL) $(JUDGE)
	$(PY) scripts/bench.py

copy-ledger: $(INSTALLED)
	@test -n "$(FROM)" || { echo "usage: DUNNING_DB=postgresql://… make copy-ledger FROM=path/to/ledger.db"; exit 2; }
	$(PY) -m dunning_coach.accounts.ledger_copy "$(FROM)"

signin-code: db
	@test -n "$(REP)" || { echo "usage: make signin-code REP=<rep id or web id> [DUNNING_DB=path]"; exit 2; }
	@source scripts/env.sh && $(PY) -m dunning_coach.accounts.signin "$(REP)"

signin-revoke: db
	@test -n "$(REP)" || { echo "usage: make signin-revoke REP=<rep id or web id> [DUNNING_DB=path]"; exit 2; }
	@$(PY) -m dunning_coach.accounts.signin --revoke "$(REP)"

lock: $(INSTALLED)
	$(VENV)/bin/uv pip compile requirements.in --python-version 3.10 --generate-hashes -o requirements.lock

clean:
	rm -rf models results var/*.db var/run var/log .pytest_cache
