"""`rag eval --fail-under`: the CI gate's thresholds, by full or short metric name, the follow-up metric that needs
conversations and the new-question one that needs `--new-questions`, and the command's exit codes (1 below a
threshold, 2 for bad input before anything runs)."""

from __future__ import annotations

import pytest

from eval.harness import check_thresholds, parse_thresholds
from tests.test_cli import run_cli
from tests.test_eval import _write


def test_thresholds_accept_short_names_and_report_what_fell_short():
    result = {"retrieval": {"hit@3": 0.8}, "answer": {"accuracy": 0.95}, "abstention": {"accuracy": 0.5}}
    assert check_thresholds(result, ["hit@3=0.7", "answer.accuracy=0.9"]) == []
    assert check_thresholds(result, ["hit@3=0.9"]) == ["retrieval.hit@3 = 0.8000 is below the required 0.9000"]
    with pytest.raises(ValueError, match="ambiguous"):
        parse_thresholds(["accuracy=0.5"])
    with pytest.raises(ValueError, match="unknown metric"):
        parse_thresholds(["recall@7=0.5"])


def test_follow_up_accuracy_is_a_gate_metric_that_needs_conversations():
    result = {
        "answer": {"accuracy": 0.9},
        "conversations": {
            "with_history": {"answer": {"accuracy": 0.5}},
            "without_history": {"answer": {"accuracy": 1}},
        },
    }
    assert check_thresholds(result, ["follow_ups.accuracy=0.5"]) == []
    assert check_thresholds(result, ["follow_ups.accuracy=0.6"]) == [
        "follow_ups.accuracy = 0.5000 is below the required 0.6000"
    ]
    assert check_thresholds({"answer": {"accuracy": 0.9}}, ["follow_ups.accuracy=0.6"]) == [
        "follow_ups.accuracy is missing from the report (it needs --conversations), so it cannot reach 0.6000"
    ]
    with pytest.raises(ValueError, match="needs --conversations"):
        parse_thresholds(["follow_ups.accuracy=0.5"], conversations=False)


def test_new_question_accuracy_is_a_gate_metric_that_needs_new_questions():
    result = {"answer": {"accuracy": 0.9}, "new_questions": {"n": 4, "accuracy_first": 1.0, "accuracy_after": 0.75}}
    assert check_thresholds(result, ["new_questions.accuracy_after=0.75", "accuracy_after=0.7"]) == []
    assert check_thresholds(result, ["accuracy_after=0.8"]) == [
        "new_questions.accuracy_after = 0.7500 is below the required 0.8000"
    ]
    assert check_thresholds({"answer": {"accuracy": 0.9}}, ["accuracy_after=0.6"]) == [
        "new_questions.accuracy_after is missing from the report (it needs --new-questions), so it cannot reach 0.6000"
    ]
    with pytest.raises(ValueError, match="needs --new-questions"):
        parse_thresholds(["new_questions.accuracy_after=0.5"], new_questions=False)
    parse_thresholds(["new_questions.accuracy_after=0.5"], conversations=False)  # conversations are not needed


def test_eval_cli_fails_under_threshold_and_rejects_bad_datasets(seed_settings, tmp_path):
    small = _write(
        tmp_path,
        {"id": "a", "question": "Quanti Paesi hanno partecipato al concorso?", "lang": "it", "answers": ["122"],
         "sources": ["000", "001"], "answerable": True},
    )  # fmt: skip
    gate = run_cli(["eval", "--dataset", str(small), "--fail-under", "hit@1=1.01"], seed_settings.data_dir)
    assert gate.returncode == 1 and "retrieval.hit@1" in gate.stderr
    unsplit = run_cli(["eval", "--dataset", str(small), "--split", "test"], seed_settings.data_dir)
    assert unsplit.returncode == 2 and "no 'split' field" in unsplit.stderr
    bad = _write(tmp_path, "{oops")
    refused = run_cli(["eval", "--dataset", str(bad)], seed_settings.data_dir)
    assert refused.returncode == 2 and f"{bad}:1: malformed JSON" in refused.stderr
    unknown = run_cli(["eval", "--split", "train"], seed_settings.data_dir)
    assert unknown.returncode == 2 and "unknown split 'train'" in unknown.stderr
    grid = run_cli(["eval", "--sweep-abstention", "--sweep-grid", "0.2,2"], seed_settings.data_dir)
    assert grid.returncode == 2 and "outside 0..1" in grid.stderr
    alone = run_cli(["eval", "--fail-under", "follow_ups.accuracy=0.5"], seed_settings.data_dir)
    assert alone.returncode == 2 and "needs --conversations" in alone.stderr
    unasked = run_cli(["eval", "--fail-under", "new_questions.accuracy_after=0.5"], seed_settings.data_dir)
    assert unasked.returncode == 2 and "needs --new-questions" in unasked.stderr
