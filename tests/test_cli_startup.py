"""Start-ups that say what they do and load only what they need: `rag info` and `rag doctor` never import the
embedding model, a taken port is refused in one line before anything loads, `rag chat` has commands (run in-process:
the session has the model stack imported already)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.test_cli import run_cli

# Runs a CLI command in-process, then reports which heavy modules it imported.
PROBE = """
import sys
from ui.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
except (SystemExit, Exception):  # usage errors raise in non-standalone mode
    pass
names = ("torch", "sentence_transformers", "chromadb", "gradio", "llama_index.core")
heavy = sorted(m for m in names if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
"""


def imported_by(args: list[str], data_dir) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("HEAVY=")]
    assert line, done.stderr[-2000:]
    return line[-1].removeprefix("HEAVY=")


@pytest.mark.parametrize("args", [["info"], ["info", "--json"], ["--help"], ["ask", "   "], ["remove", "--bogus"]])
def test_commands_that_need_no_model_do_not_load_it(seed_settings, args):
    heavy = imported_by(args, seed_settings.data_dir)
    assert "torch" not in heavy and "sentence_transformers" not in heavy and "chromadb" not in heavy, heavy


def test_a_one_shot_ask_embeds_through_sentence_transformers_without_the_serving_stack(seed_settings):
    """`rag ask` embeds the question through sentence-transformers (every model's interface, the bundled numpy
    encoder wrapped as its module) and answers without the web stack `rag serve` needs."""
    heavy = imported_by(["ask", "How many countries took part?", "--json"], seed_settings.data_dir)
    assert "chromadb" in heavy and "sentence_transformers" in heavy, heavy
    for name in ("gradio", "fastapi"):
        assert name not in heavy, heavy


def test_doctor_without_repair_does_not_load_the_embedding_model(seed_settings):
    heavy = imported_by(["doctor"], seed_settings.data_dir)
    assert "torch" not in heavy and "sentence_transformers" not in heavy, heavy


def test_info_is_a_readable_table_with_singular_plural(seed_settings):
    result = run_cli(["info"], seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    assert "Documents" in result.stdout and "Embedding model" in result.stdout and "{" not in result.stdout
    assert "seeds/004_0ee959afcab6d387.txt" in result.stdout


def test_serve_on_a_taken_port_is_one_line_and_exit_1(seed_settings):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(["serve", "--port", str(port)], seed_settings.data_dir, timeout=60)
    assert result.returncode == 1
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and f"port {port}" in lines[0] and "already in use" in lines[0], lines
    assert "http://" not in result.stdout + result.stderr and "terminate called" not in result.stderr


def test_terminal_chat_has_help_new_and_sources(seed_settings):
    """`rag chat` in-process (Typer's runner, piped stdin as in a subprocess): the test session has already imported
    the model stack, which a `rag chat` subprocess would import again (~10 s on 2 cores)."""
    from typer.testing import CliRunner

    from ui.cli import app

    script = "/help\n/sources\nQual era il montepremi del concorso?\n/sources\n/new\n/bogus\n/quit\n"
    done = CliRunner().invoke(app, ["chat"], input=script, env={"RAG_DATA_DIR": str(seed_settings.data_dir)})
    assert done.exit_code == 0, (done.stderr, done.exception)
    out = done.stdout
    assert "/sources" in out and "/new" in out and "Commands:" in out
    assert "No answer yet." in out
    assert "42.000" in out and out.count("[1] ") >= 2, "the answer, then its sources in full"
    assert "New conversation." in out and "Unknown command /bogus" in out
    assert "loading the embedding model" in done.stderr


SPLIT_PROBE = """
import sys
from index.language import split_sentences
texts = {"en": "It rained. We stayed in.", "it": "Pioveva. Siamo rimasti a casa.", "ru": "Шёл дождь. Мы остались дома."}
print("SPLIT=" + repr({lang: split_sentences(text, lang) for lang, text in texts.items()}))
print("LLAMA=" + str("llama_index.core" in sys.modules))
"""


def test_sentence_splitting_finds_the_bundled_punkt_models_without_importing_llama_index():
    done = subprocess.run([sys.executable, "-c", SPLIT_PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert out["SPLIT"] == repr(
        {
            "en": ["It rained. ", "We stayed in."],
            "it": ["Pioveva. ", "Siamo rimasti a casa."],
            "ru": ["Шёл дождь. ", "Мы остались дома."],
        }
    )
    assert out["LLAMA"] == "False"


ASK_PROBE = """
import gc, json, sys
from ui.commands import common
states, build = [], common.build_engine
def watched(settings):
    engine = build(settings)
    states.append(gc.isenabled())
    return engine
common.build_engine = watched
import ui.commands.answer
ui.commands.answer.build_engine = watched
import index.embedding
load = index.embedding.load_embedder
def loading(settings):
    states.append(gc.isenabled())
    return load(settings)
index.embedding.load_embedder = loading  # before rag.engine imports it
with common.long_lived():
    states.append(gc.isenabled())
states.append(gc.isenabled())
from ui.cli import app
app(sys.argv[1:], standalone_mode=False)
state = {"enabled": states + [gc.isenabled()], "frozen": gc.get_freeze_count()}
print("RESULT=" + json.dumps(state))
"""


@pytest.mark.parametrize("question", ["How many countries took part?", "Quanti paesi hanno partecipato?"])
def test_a_one_shot_ask_loads_with_the_collector_paused_and_leaves_it_on(seed_settings, question):
    """`rag ask` builds the engine with the cyclic garbage collector paused (`long_lived`), then turns it on again
    with the start-up heap frozen out of it, so the collections during the answer do not walk it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(seed_settings.data_dir)
    args = [sys.executable, "-c", ASK_PROBE, "ask", question, "--json"]
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    lines = done.stdout.splitlines()
    assert lines and lines[-1].startswith("RESULT="), done.stderr[-2000:]
    assert json.loads(lines[0])["language"] == ("en" if question.startswith("How") else "it")
    result = json.loads(lines[-1].removeprefix("RESULT="))
    # paused inside long_lived, on after it; paused while the model loads, on once the engine is built and at the end
    assert result["enabled"] == [False, True, False, True, True], result
    assert result["frozen"] > 100_000, "the modules and models loaded at start-up are frozen"


@pytest.mark.parametrize("collecting", [True, False])
def test_a_failed_long_lived_block_freezes_nothing_and_leaves_the_collector_as_it_was(collecting):
    """`long_lived` freezes the heap only when its block succeeds: a build that fails (a store that is down) leaves
    its garbage to the collector, which is on or off as before either way."""
    import gc

    from ui.commands.common import long_lived

    was, before = gc.isenabled(), gc.get_freeze_count()
    (gc.enable if collecting else gc.disable)()
    try:
        with pytest.raises(ConnectionError), long_lived():
            garbage = [[]]
            garbage[0].append(garbage)  # a cycle only the collector frees
            raise ConnectionError("the store is down")
        assert gc.isenabled() is collecting and gc.get_freeze_count() == before
        with long_lived():
            assert not gc.isenabled()
        assert gc.isenabled() is collecting and gc.get_freeze_count() > before
    finally:
        gc.unfreeze()  # the test process's heap goes back to the collector
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("collect", [True, False], ids=["serving", "one-shot"])
def test_start_up_garbage_is_freed_before_the_freeze_only_for_a_long_running_process(collect):
    """`long_lived(collect=True)` (`rag serve`, `rag chat`) collects the block's garbage before freezing the heap, so
    a server does not keep it for life; a one-shot command skips that half second and keeps it frozen."""
    import gc
    import weakref

    from ui.commands.common import long_lived

    class Node:
        pass

    was = gc.isenabled()
    try:
        with long_lived(collect=collect):
            garbage = Node()
            garbage.self = garbage  # a cycle only the collector frees
            alive = weakref.ref(garbage)
            del garbage
        gc.collect()  # a later collection: frozen objects are not walked
        assert (alive() is None) is collect
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
