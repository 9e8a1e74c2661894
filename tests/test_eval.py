"""`rag eval`: dataset validation, answer matching, metrics, thresholds and the report files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import DatasetError, load_qa
from eval.harness import check_thresholds, parse_thresholds, run_eval, write_report
from eval.metrics import contains_any, normalise
from tests.conftest import ROOT
from tests.test_cli import run_cli

LANGS = ["en", "it", "ru"]
GOOD = {"id": "x", "question": "Q?", "lang": "en", "answers": ["a"], "sources": ["000"], "answerable": True}


def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("{not json", "malformed JSON"),
        ({k: v for k, v in GOOD.items() if k != "sources"}, "missing field 'sources'"),
        (GOOD | {"lang": "xx"}, "unknown language 'xx'"),
        (GOOD | {"answerable": "yes"}, "'answerable' must be bool"),
        (GOOD | {"answers": []}, "needs 'answers' and 'sources'"),
        (GOOD | {"answerable": False}, "must have empty"),
    ],
)
def test_bad_line_names_the_file_line_and_problem(tmp_path, row, problem):
    path = _write(tmp_path, GOOD | {"id": "ok"}, row)
    with pytest.raises(DatasetError) as error:
        load_qa(path, LANGS)
    assert f"{path}:2:" in str(error.value) and problem in str(error.value)


def test_empty_dataset_is_an_error(tmp_path):
    with pytest.raises(DatasetError, match="empty"):
        load_qa(_write(tmp_path, ""), LANGS)


def test_shipped_datasets_meet_the_documented_mix():
    items = load_qa(ROOT / "eval" / "qa.jsonl", LANGS)
    assert len(items) >= 60
    assert all(sum(i.lang == lang for i in items) >= 15 for lang in LANGS)
    assert sum(not i.answerable for i in items) >= 10


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("oltre 4.600 candidature", "4,600"),
        ("a budget of 80\u202f000 dollars", "80000"),
        ("Il  Botteghino\nha superato i 2,2 miliardi", "il botteghino ha superato i 2.2 miliardi"),
        ("приз жюри получил SEFA Kocakalay", "sefa kocakalay"),
        ("🎬 Ghost Lap 🏁", "ghost lap"),
    ],
)
def test_answer_matching_normalises_case_space_and_number_separators(answer, expected):
    assert contains_any(answer, (expected,))


def test_normalise_treats_separators_alike_but_keeps_different_numbers_apart():
    assert normalise("4.600") == normalise("4,600") == "4.600"
    assert normalise("4 600") == "4600"
    assert not contains_any("4600 submissions", ("4.600",))


def test_eval_scores_a_small_set_per_language_and_cross_language(engine, tmp_path):
    path = _write(
        tmp_path,
        {"id": "a", "question": "Кому достался приз жюри?", "lang": "ru", "answers": ["Kocakalay"],
         "sources": ["003", "004"], "answerable": True},
        {"id": "b", "question": "How much money did AI save on the production of Ne Zha 2?", "lang": "en",
         "answers": ["12,3 milioni"], "sources": ["002"], "answerable": True},
        {"id": "c", "question": "How many moons does Neptune have?", "lang": "en", "answers": [], "sources": [],
         "answerable": False},
    )  # fmt: skip
    result = run_eval(engine, path, baselines=True)
    assert result["n"] == 3 and result["counts"]["cross_language"] == 1
    assert result["retrieval"]["hit@3"] == 1.0 and result["answer"]["accuracy"] == 1.0
    assert result["abstention"] == {"accuracy": 1.0, "false_rate": 0.0}
    assert set(result["by_language"]) == {"en", "ru"}
    assert result["cross_language"]["cross"]["n"]["questions"] == 1
    assert set(result["baselines"]) == {"hybrid", "dense", "lexical"}
    assert result["config"]["answer_mode"] == "extractive"
    assert result["failures"] == []
    out = write_report(result, tmp_path / "report")
    assert {p.name for p in out.iterdir()} == {"report.json", "report.md", "report.png"}
    assert "Same-language vs cross-language" in (out / "report.md").read_text(encoding="utf-8")


def test_thresholds_accept_short_names_and_report_what_fell_short():
    result = {"retrieval": {"hit@3": 0.8}, "answer": {"accuracy": 0.95}, "abstention": {"accuracy": 0.5}}
    assert check_thresholds(result, ["hit@3=0.7", "answer.accuracy=0.9"]) == []
    assert check_thresholds(result, ["hit@3=0.9"]) == ["retrieval.hit@3 = 0.8000 is below the required 0.9000"]
    with pytest.raises(ValueError, match="ambiguous"):
        parse_thresholds(["accuracy=0.5"])
    with pytest.raises(ValueError, match="unknown metric"):
        parse_thresholds(["recall@7=0.5"])


def test_eval_cli_fails_under_threshold_and_rejects_bad_datasets(seed_settings, tmp_path):
    small = _write(
        tmp_path,
        {"id": "a", "question": "Quanti Paesi hanno partecipato al concorso?", "lang": "it", "answers": ["122"],
         "sources": ["000", "001"], "answerable": True},
    )  # fmt: skip
    gate = run_cli(["eval", "--dataset", str(small), "--fail-under", "hit@1=1.01"], seed_settings.data_dir)
    assert gate.returncode == 1 and "retrieval.hit@1" in gate.stderr
    bad = _write(tmp_path, "{oops")
    refused = run_cli(["eval", "--dataset", str(bad)], seed_settings.data_dir)
    assert refused.returncode == 2 and f"{bad}:1: malformed JSON" in refused.stderr
