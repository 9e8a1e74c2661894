# Two commands on a fresh clone: `make run` and `make test` (`make test-fast` for the quick tier).
SHELL   := bash
.SHELLFLAGS := -eo pipefail -c
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DATA    ?= $(or $(RAG_DATA_DIR),data)
LOCKS   := requirements.lock $(wildcard requirements-nodeps.lock)
# pip warns once per package about index folders of this machine's pip.conf that do not exist; not ours to fix.
PIP     := $(BIN)/python -m pip install --quiet --require-hashes
NOISE   := is ignored: it is neither a file nor a directory
step     = @printf '\n==> %s\n' $(1)

.PHONY: run test test-fast eval-gate lint style typecheck lock check-lock format eval bench install clean

# Installs exactly what requirements.lock pins (versions and hashes); `make lock` rewrites it from pyproject.toml.
$(STAMP): pyproject.toml $(LOCKS)
	@$(PY) .ci/lock.py check
	$(call step,"[1/5] virtual environment $(VENV) and pip from the lock")
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(PY) .ci/lock.py only pip > $(VENV)/pip.lock
	@$(PIP) -r $(VENV)/pip.lock 2> >(grep -v "$(NOISE)" >&2)
	$(call step,"[2/5] torch first: the local CPU wheel (a looser requirement would pull several GB of CUDA packages)")
	@$(PY) .ci/lock.py only torch > $(VENV)/torch.lock
	@$(PIP) --no-deps -r $(VENV)/torch.lock 2> >(grep -v "$(NOISE)" >&2)
	$(call step,"[3/5] $$(grep -ci '^[a-z0-9].*==' requirements.lock) locked packages from requirements.lock (a few minutes on a fresh machine)")
	@$(BIN)/python -m pip install --require-hashes --progress-bar off -r requirements.lock 2> >(grep -v "$(NOISE)" >&2) \
	    | awk '/^Collecting /{n++; if (n % 25 == 0) {print "    " n " packages fetched"; fflush()}} \
	           /^Installing collected/{print "    installing " n " packages"; fflush()} /^Successfully installed/{print "    done"}'
	$(call step,"[4/5] packages installed without their dependencies (requirements-nodeps.lock)")
	@test ! -f requirements-nodeps.lock || $(PIP) --no-deps -r requirements-nodeps.lock 2> >(grep -v "$(NOISE)" >&2)
	$(call step,"[5/5] polyglot-rag itself (editable)")
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . 2> >(grep -v "$(NOISE)" >&2)
	@touch $(STAMP)

install: $(STAMP)

# Regenerates the lock files from pyproject.toml (uv, about 10 s); commit them with the pyproject.toml change.
# Works before the venv is installed (a stale lock stops the install): uv then comes from the lock into build/uv.
UV_VENV := build/uv
lock:
	test -x $(BIN)/uv || test -x $(UV_VENV)/bin/uv || { $(PY) -m venv $(UV_VENV) && \
	    $(PY) .ci/lock.py only uv > $(UV_VENV)/uv.lock && $(UV_VENV)/bin/python -m pip install -q --require-hashes \
	    -r $(UV_VENV)/uv.lock 2> >(grep -v "$(NOISE)" >&2); }
	PATH="$(abspath $(BIN)):$(abspath $(UV_VENV))/bin:$$PATH" $(PY) .ci/lock.py compile

check-lock:
	@$(PY) .ci/lock.py check

$(DATA)/manifest.json: | $(STAMP)
	$(BIN)/rag ingest seeds

# Indexes seeds/ on first use, then serves the web chat and API (RAG_HOST/RAG_PORT); `rag serve` prints the URL.
run: $(STAMP) $(DATA)/manifest.json
	$(BIN)/rag serve

# The CI gate, on the test split: each threshold sits one question below what the pipeline reaches today (for mrr@10,
# one first hit lost), so a regression fails, while one near miss that lands the other way on another CPU (the
# vectors differ in their last bits between CPU kinds) does not. The de/fr/es manual pages' abstention (1 of 6) is
# the exception: one question below would be 0.
GATE_DATA := build/eval-data
EVAL_GATE := --split test --fail-under hit@3=0.95 --fail-under mrr@10=0.9 --fail-under answer.accuracy=0.75 \
             --fail-under citations.precision=0.8 --fail-under abstention.accuracy=0.44 \
             --fail-under follow_ups.accuracy=0.69 --fail-under answer.value_first=0.6 \
             --new-questions --fail-under new_questions.accuracy_after=0.75
# The seeds' questions asked in German, French and Spanish (eval/DATASET.md), over the same data dir.
SEEDS_DFE_GATE := --split test --fail-under hit@3=0.95 --fail-under mrr@10=0.9 --fail-under answer.accuracy=0.72 \
                  --fail-under citations.precision=0.83 --fail-under abstention.accuracy=0.38 \
                  --fail-under answer.value_first=0.5 --new-questions --fail-under new_questions.accuracy_after=0.66
# The seeds' questions asked in nl/pt/pl/tr/uk (eval/DATASET.md).
SEEDS_NPTU_GATE := --split test --fail-under hit@3=0.94 --fail-under mrr@10=0.9 --fail-under answer.accuracy=0.65 \
                   --fail-under citations.precision=0.86 --fail-under abstention.accuracy=0.6
# The seeds' questions asked in Chinese and Japanese (eval/DATASET.md).
SEEDS_ZHJA_GATE := --split test --fail-under hit@3=0.92 --fail-under mrr@10=0.86 --fail-under answer.accuracy=0.6 \
                   --fail-under citations.precision=0.82 --fail-under abstention.accuracy=0.38
# The seeds' questions asked in Korean, Arabic and Thai (eval/DATASET.md).
SEEDS_KOARTH_GATE := --split test --fail-under hit@3=0.94 --fail-under mrr@10=0.87 --fail-under answer.accuracy=0.58 \
                     --fail-under citations.precision=0.76 --fail-under abstention.accuracy=0.33
# The same on the external set over Debian manual pages (eval/DATASET.md), built from the installed packages.
MANPAGES_DATA := build/eval-manpages
MANPAGES_GATE := --split test --fail-under hit@3=0.9 --fail-under mrr@10=0.85 --fail-under answer.accuracy=0.47 \
                 --fail-under citations.precision=0.81 --fail-under follow_ups.accuracy=0.53
# And on the external set over the Debian FAQ (eval/DATASET.md).
FAQ_DATA := build/eval-faq
FAQ_GATE := --split test --fail-under hit@3=0.88 --fail-under mrr@10=0.85 --fail-under answer.accuracy=0.63 \
            --fail-under citations.precision=0.81 --fail-under follow_ups.accuracy=0.46
# And on the Korean set over the Debian FAQ's Korean chapters (eval/DATASET.md); its abstention (1 of 6) has no gate.
FAQ_KO_DATA := build/eval-faq-ko
FAQ_KO_GATE := --split test --fail-under hit@3=0.86 --fail-under mrr@10=0.83 --fail-under answer.accuracy=0.33 \
               --fail-under citations.precision=0.72
# And on the German/French/Spanish set over Debian's translated manual pages (eval/DATASET.md).
DFE_DATA := build/eval-manpages-de-fr-es
DFE_GATE := --split test --fail-under hit@3=0.88 --fail-under mrr@10=0.84 --fail-under answer.accuracy=0.44 \
            --fail-under citations.precision=0.88 --fail-under abstention.accuracy=0.15

# Full tier, what .ci/run runs: every test (real Chroma, models, Chromium, servers, the load test) and the eval gate.
test: $(STAMP) lint
	$(BIN)/python -m pytest -q --durations=15
	$(MAKE) eval-gate

# Fast tier, under 3 minutes on 2 cores: every module's unit and contract tests, no browser, no load test.
test-fast: $(STAMP) style
	$(BIN)/python -m pytest -q -m "not slow" --durations=10

eval-gate: $(STAMP)
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag ingest seeds --json > /dev/null
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag eval --conversations eval/conversations.jsonl \
	    --report $(GATE_DATA)/report $(EVAL_GATE)
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag eval --dataset eval/external/seeds-de-fr-es-qa.jsonl \
	    --report $(GATE_DATA)/report-de-fr-es $(SEEDS_DFE_GATE)
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag eval --dataset eval/external/seeds-nl-pt-pl-tr-uk-qa.jsonl \
	    --report $(GATE_DATA)/report-nl-pt-pl-tr-uk $(SEEDS_NPTU_GATE)
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag eval --dataset eval/external/seeds-zh-ja-qa.jsonl \
	    --report $(GATE_DATA)/report-zh-ja $(SEEDS_ZHJA_GATE)
	RAG_DATA_DIR=$(GATE_DATA) $(BIN)/rag eval --dataset eval/external/seeds-ko-ar-th-qa.jsonl \
	    --report $(GATE_DATA)/report-ko-ar-th $(SEEDS_KOARTH_GATE)
	$(BIN)/python -m eval.manpages_corpus build $(MANPAGES_DATA)/docs > /dev/null
	RAG_DATA_DIR=$(MANPAGES_DATA)/data $(BIN)/rag ingest $(MANPAGES_DATA)/docs --json > /dev/null
	RAG_DATA_DIR=$(MANPAGES_DATA)/data $(BIN)/rag eval --dataset eval/external/manpages-qa.jsonl \
	    --conversations eval/external/manpages-conversations.jsonl --report $(MANPAGES_DATA)/report $(MANPAGES_GATE)
	$(BIN)/python -m eval.faq_corpus build $(FAQ_DATA)/docs > /dev/null
	RAG_DATA_DIR=$(FAQ_DATA)/data $(BIN)/rag ingest $(FAQ_DATA)/docs --json > /dev/null
	RAG_DATA_DIR=$(FAQ_DATA)/data $(BIN)/rag eval --dataset eval/external/debian-faq-qa.jsonl \
	    --conversations eval/external/debian-faq-conversations.jsonl --report $(FAQ_DATA)/report $(FAQ_GATE)
	$(BIN)/python -m eval.faq_ko_corpus build $(FAQ_KO_DATA)/docs > /dev/null
	RAG_DATA_DIR=$(FAQ_KO_DATA)/data $(BIN)/rag ingest $(FAQ_KO_DATA)/docs --json > /dev/null
	RAG_DATA_DIR=$(FAQ_KO_DATA)/data $(BIN)/rag eval --dataset eval/external/debian-faq-ko-qa.jsonl \
	    --report $(FAQ_KO_DATA)/report $(FAQ_KO_GATE)
	$(BIN)/python -m eval.manpages_de_fr_es_corpus build $(DFE_DATA)/docs > /dev/null
	RAG_DATA_DIR=$(DFE_DATA)/data $(BIN)/rag ingest $(DFE_DATA)/docs --json > /dev/null
	RAG_DATA_DIR=$(DFE_DATA)/data $(BIN)/rag eval --dataset eval/external/manpages-de-fr-es-qa.jsonl \
	    --report $(DFE_DATA)/report $(DFE_GATE)

eval: $(STAMP) $(DATA)/manifest.json
	$(BIN)/rag eval --conversations eval/conversations.jsonl --report $(DATA)/reports/latest

# Benchmarks: bench/results.json, docs/benchmarks.md and its chart. Built indexes and ONNX exports are cached in
# bench/cache, so reruns are shorter. The external benchmark reads Debian's translated manual pages (installed here
# when missing; needs root and apt). `$(BIN)/python -m bench.run --only external` reruns one section.
MANPAGES := manpages manpages-fr manpages-de manpages-es manpages-pl
bench: $(STAMP)
	dpkg -s $(MANPAGES) > /dev/null 2>&1 || (apt-get update && apt-get install -y $(MANPAGES))
	$(BIN)/python -m bench.run

# lint = style + types. The fast tier runs only the style half (mypy alone takes about a minute on a fresh clone).
lint: style typecheck

style: $(STAMP) check-lock
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy, strict on index/, rag/ and eval/ ([tool.mypy] in pyproject.toml).
typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) data build .pytest_cache .ruff_cache .mypy_cache
