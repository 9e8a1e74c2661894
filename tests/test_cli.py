"""The `rag` command line: the Answer JSON contract, usage errors and clear messages for bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ANSWER_KEYS = {"question", "answer", "abstained", "mode", "language", "citations", "retrieved", "timings_ms"}
CITATION_KEYS = {"id", "source", "title", "language", "text", "score"}


def run_cli(args: list[str], data_dir: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(data_dir)
    env["COLUMNS"] = "200"  # rich would wrap usage errors at the default 80 columns
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_ask_json_prints_exactly_the_answer_contract(seed_settings):
    result = run_cli(["ask", "Quanti Paesi hanno partecipato al concorso?", "--json"], seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer.keys() >= ANSWER_KEYS
    assert answer["mode"] == "extractive" and answer["language"] == "it"
    assert "122" in answer["answer"]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer["answer"])}
    assert markers == {c["id"] for c in answer["citations"]}
    for citation in answer["citations"]:
        assert citation.keys() >= CITATION_KEYS
        assert citation["source"].startswith("seeds/")
    assert {"retrieve", "answer", "total"} == answer["timings_ms"].keys()
    assert all({"source", "chunk_id", "score"} == r.keys() for r in answer["retrieved"])


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_a_usage_error_without_traceback(tmp_path, question):
    result = run_cli(["ask", question], tmp_path)
    assert result.returncode == 2
    assert "question is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_path_and_unknown_option_are_usage_errors(tmp_path):
    missing = run_cli(["ingest", str(tmp_path / "nope")], tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    unknown = run_cli(["ask", "hi", "--bogus"], tmp_path)
    assert unknown.returncode == 2 and "No such option" in unknown.stderr


def test_ask_without_an_index_names_the_fix(tmp_path):
    result = run_cli(["ask", "What is Kling AI?"], tmp_path / "empty")
    assert result.returncode == 1
    assert "rag ingest" in result.stderr and "Traceback" not in result.stderr


def test_info_json_describes_the_index(seed_settings):
    result = run_cli(["info", "--json"], seed_settings.data_dir)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["documents"] == 5 and info["chunks"] > 0
    assert info["languages"] == {"it": 3, "ru": 1, "en": 1}
    assert info["embedding_model"] == "use-multilingual-v3"


def run_with_stdout_closed(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    """`rag ARGS | head -0`, deterministically: the pipe's only read end is closed before `rag` starts, so its first
    write to stdout meets a reader that has left. stderr is captured as usual."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(data_dir)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "ui", *args], cwd=ROOT, env=env, stdout=write_end, stderr=subprocess.PIPE,
            text=True, timeout=600,
        )  # fmt: skip
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [["info"], ["info", "--json"], ["--help"], ["ask", "--help"]])
def test_a_reader_that_leaves_early_ends_the_command_quietly_with_141(seed_settings, args):
    """`rag info | head -1` and the like: no message, and the status a shell shows for a standard tool that SIGPIPE
    ended (128 + 13), for a command's output (rich's table or JSON) and for a help page alike."""
    result = run_with_stdout_closed(args, seed_settings.data_dir)
    assert (result.returncode, result.stderr) == (141, "")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [(["ask", "  "], 2, "error: the question is empty\n"), (["info"], 1, "error: no index in ")],
)
def test_a_real_error_keeps_its_message_and_code_when_nobody_reads_stdout(tmp_path, args, code, message):
    closed = run_with_stdout_closed(args, tmp_path / "empty")
    read = run_cli(args, tmp_path / "empty")
    assert (closed.returncode, closed.stderr) == (read.returncode, read.stderr) and closed.returncode == code
    assert closed.stderr.startswith(message) and closed.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "code"), [(["--help"], 0), (["ask", "  "], 2), (["info"], 1)], ids=["help", "usage-error", "no-index"]
)
def test_a_command_started_with_stderr_closed_keeps_its_exit_code(tmp_path, args, code):
    """`rag … 2>&-`: Python starts with no sys.stderr; the command still ends with its own code, not a crash's 1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env["RAG_DATA_DIR"] = str(tmp_path / "empty")
    result = subprocess.run(
        [sys.executable, "-m", "ui", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, timeout=600,
        preexec_fn=lambda: os.close(2),
    )  # fmt: skip
    assert result.returncode == code
    assert ("Usage" in result.stdout) is (code == 0)


@pytest.mark.parametrize(
    ("question", "as_json"),
    [
        ("Which films did Kling AI make?", False),
        ("Chi ha vinto il Gran Premio?", True),
        ("Кто участвовал в конкурсе?", False),
    ],
    ids=["en-text", "it-json", "ru-text"],
)
def test_an_answer_whose_reader_left_ends_quietly_with_141(seed_settings, question, as_json):
    """`rag ask … | head -1` (an answer printed by rich, or its JSON): no message, exit 141; the model loads first."""
    result = run_with_stdout_closed(["ask", question, *(["--json"] if as_json else [])], seed_settings.data_dir)
    assert (result.returncode, result.stderr) == (141, "")
