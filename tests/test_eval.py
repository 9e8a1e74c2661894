"""`rag eval`: dataset validation, dev/test splits, answer matching, follow-up repeats, the abstention sweep,
metrics and the report files (the `--fail-under` gate: `tests/test_eval_gate.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dataset import SPLITS, DatasetError, load_conversations, load_qa, select_split
from eval.harness import run_eval, write_report
from eval.metrics import contains_any, leads_with, normalise, repeats_previous
from eval.split import assign_splits, conversation_stratum, qa_stratum
from eval.sweep import abstention_sweep, parse_grid
from index.settings import IndexSettings
from tests.conftest import ROOT, SEEDS
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
    assert len(items) >= 170
    assert all(sum(i.lang == lang for i in items) >= 50 for lang in LANGS)
    assert sum(not i.answerable for i in items) >= 35
    convs = load_conversations(ROOT / "eval" / "conversations.jsonl", LANGS)
    assert len(convs) >= 25 and all(sum(c.lang == lang for c in convs) >= 7 for lang in LANGS)


def _assert_is_qa_jsonl_asked_in_rotating_languages(name: str, rotation: tuple[str, ...]) -> None:
    """`eval/external/<name>` is every row of `qa.jsonl`, in order, asked in the `rotation` languages in turn, with a
    new question text (distinct across rows, holding none of its golds) and the original answers, sources,
    answerability and split."""
    original = load_qa(ROOT / "eval" / "qa.jsonl", LANGS)
    translated = load_qa(ROOT / "eval" / "external" / name, list(rotation))
    assert len(translated) == len(original)
    for n, (old, new) in enumerate(zip(original, translated, strict=True)):
        lang = rotation[n % len(rotation)]
        assert (new.id, new.lang) == (f"{lang}-{old.id}", lang)
        assert (new.answers, new.sources, new.answerable, new.split) == (
            old.answers,
            old.sources,
            old.answerable,
            old.split,
        )
        assert new.question != old.question and not contains_any(new.question, new.answers)
    assert len({item.question for item in translated}) == len(translated)


def test_seeds_de_fr_es_set_is_qa_jsonl_asked_in_rotating_languages_with_its_golds_and_splits():
    """`eval/external/seeds-de-fr-es-qa.jsonl`: every row of `qa.jsonl`, in order, asked in de, fr, es in turn,
    with a new question text and the original answers, sources, answerability and split."""
    _assert_is_qa_jsonl_asked_in_rotating_languages("seeds-de-fr-es-qa.jsonl", ("de", "fr", "es"))


def test_seeds_nl_pt_pl_tr_uk_set_is_qa_jsonl_asked_in_rotating_languages_with_its_golds_and_splits():
    """`eval/external/seeds-nl-pt-pl-tr-uk-qa.jsonl`: every row of `qa.jsonl`, in order, asked in nl, pt, pl, tr,
    uk in turn, with a new question text and the original answers, sources, answerability and split; the five
    languages are in the default `RAG_LANGUAGES`, so `rag eval` accepts the file as it is."""
    rotation = ("nl", "pt", "pl", "tr", "uk")
    assert set(rotation) <= set(IndexSettings.model_fields["languages"].default)
    _assert_is_qa_jsonl_asked_in_rotating_languages("seeds-nl-pt-pl-tr-uk-qa.jsonl", rotation)


def test_seeds_zh_ja_set_is_qa_jsonl_asked_in_rotating_languages_with_its_golds_and_splits():
    """`eval/external/seeds-zh-ja-qa.jsonl`: every row of `qa.jsonl`, in order, asked in zh (Simplified Chinese) and
    ja in turn, with a new question text and the original answers, sources, answerability and split; both
    languages are in the default `RAG_LANGUAGES`, so `rag eval` accepts the file as it is."""
    rotation = ("zh", "ja")
    assert set(rotation) <= set(IndexSettings.model_fields["languages"].default)
    _assert_is_qa_jsonl_asked_in_rotating_languages("seeds-zh-ja-qa.jsonl", rotation)


def test_seeds_ko_ar_th_set_is_qa_jsonl_asked_in_rotating_languages_with_its_golds_and_splits():
    """`eval/external/seeds-ko-ar-th-qa.jsonl`: every row of `qa.jsonl`, in order, asked in ko, ar and th in turn,
    with a new question text written in its language's script and the original answers, sources, answerability and
    split. The helper hands the rotation to the loader, so the check does not depend on the default
    `RAG_LANGUAGES` (`rag eval` needs ko, ar and th in it)."""
    rotation = ("ko", "ar", "th")
    _assert_is_qa_jsonl_asked_in_rotating_languages("seeds-ko-ar-th-qa.jsonl", rotation)
    scripts = {"ko": ("\uac00", "\ud7a3"), "ar": ("\u0600", "\u06ff"), "th": ("\u0e00", "\u0e7f")}
    items = load_qa(ROOT / "eval" / "external" / "seeds-ko-ar-th-qa.jsonl", list(rotation))
    unwritten = [i.id for i in items if not any(scripts[i.lang][0] <= ch <= scripts[i.lang][1] for ch in i.question)]
    assert unwritten == []


def _seed_texts() -> dict[str, str]:
    return {path.name[:3]: normalise(path.read_text(encoding="utf-8")) for path in SEEDS.iterdir()}


def test_shipped_gold_answers_are_written_in_every_listed_source():
    """An extractive answer that quotes any listed source verbatim must be able to count as correct."""
    seeds = _seed_texts()
    gold = [(i.id, i.answers, i.sources) for i in load_qa(ROOT / "eval" / "qa.jsonl", LANGS) if i.answerable]
    gold += [(c.id, c.answers, c.sources) for c in load_conversations(ROOT / "eval" / "conversations.jsonl", LANGS)]
    missing = [
        (id_, source)
        for id_, answers, sources in gold
        for source in sources
        if not any(normalise(a) in seeds[source] for a in answers)
    ]
    assert missing == []


def test_shipped_follow_ups_ask_a_different_fact_than_their_first_turn():
    convs = load_conversations(ROOT / "eval" / "conversations.jsonl", LANGS)
    same = [c.id for c in convs if {normalise(a) for a in c.answers} & {normalise(a) for a in c.previous_answers}]
    assert same == [] and all(c.previous_answers for c in convs)


@pytest.mark.parametrize(("name", "stratum"), [("qa.jsonl", qa_stratum), ("conversations.jsonl", conversation_stratum)])
def test_shipped_splits_are_balanced_per_stratum_and_stable(name, stratum):
    rows = [json.loads(line) for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()]
    assert {r["split"] for r in rows} == set(SPLITS)
    for key in {stratum(r) for r in rows}:
        sizes = [sum(r["split"] == s for r in rows if stratum(r) == key) for s in SPLITS]
        assert abs(sizes[0] - sizes[1]) <= 2, (key, sizes)
    assert assign_splits(rows, stratum) == rows  # re-running the split script moves nothing


def test_new_rows_get_a_deterministic_balanced_split_and_old_rows_keep_theirs():
    old = [{"id": f"en-{n}", "lang": "en", "answerable": True, "split": "dev"} for n in range(3)]
    new = [{"id": f"{lang}-{n}", "lang": lang, "answerable": n % 3 > 0} for lang in LANGS for n in range(12)]
    first = assign_splits(old + new, qa_stratum)
    assert first == assign_splits(old + new, qa_stratum) and first[:3] == old
    for key in {qa_stratum(r) for r in new}:  # each batch of new rows is split evenly within every stratum
        splits = [r["split"] for r in first[3:] if qa_stratum(r) == key]
        assert abs(splits.count("dev") - splits.count("test")) <= 1, key
    odd = assign_splits([*old, new[1]], qa_stratum)  # one new row where dev already holds three
    assert odd[-1]["split"] == "test"
    assert [r["id"] for r in first] == [r["id"] for r in old + new]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([GOOD | {"split": "train"}], "'split' must be one of dev, test, not 'train'"),
        ([GOOD | {"split": "dev"}, GOOD | {"id": "y"}], "no 'split', but line 1 has one"),
        ([GOOD, GOOD | {"id": "y", "split": "test"}], "no 'split', but line 2 has one"),
    ],
)
def test_bad_split_field_names_the_line(tmp_path, rows, problem):
    with pytest.raises(DatasetError, match=problem):
        load_qa(_write(tmp_path, *rows), LANGS)


def test_select_split_keeps_one_split_and_refuses_what_it_cannot_pick(tmp_path):
    rows = [GOOD | {"id": f"{s}-{n}", "split": s} for s in SPLITS for n in range(2)]
    items = load_qa(_write(tmp_path, *rows), LANGS)
    assert [i.id for i in select_split(items, "dev", "set")] == ["dev-0", "dev-1"]
    assert select_split(items, None, "set") == items
    with pytest.raises(DatasetError, match="unknown split 'train'"):
        select_split(items, "train", "set")
    unsplit = load_qa(_write(tmp_path, GOOD), LANGS)
    with pytest.raises(DatasetError, match="no 'split' field"):
        select_split(unsplit, "test", "set")
    only_dev = load_qa(_write(tmp_path, GOOD | {"split": "dev"}), LANGS)
    with pytest.raises(DatasetError, match="no row is in the 'test' split"):
        select_split(only_dev, "test", "set")


@pytest.mark.parametrize(
    ("previous", "answer", "previous_gold", "gold", "repeat"),
    [
        ("4.600 submissions [1]", "4.600  SUBMISSIONS [1]", ("4.600",), ("122",), True),
        ("Alzheimer [1]", "Alzheimer [1]", ("Alzheimer",), ("Cao Yizhe",), True),
        ("Более 4600 заявок [1]", "Более 4600 заявок [1]", ("4600",), ("122",), True),
        ("🎬 Ghost Lap [1]", "🎬 Ghost Lap [1]", ("Ghost Lap",), ("asfalto",), True),
        ("122 Paesi [1]", "122 Paesi [1]", ("122",), ("122",), False),  # the follow-up asks the same thing
        ("4.600 [1]", "122 [1]", ("4.600",), ("122",), False),
        ("", "", ("a",), ("b",), False),
    ],
)
def test_a_follow_up_repeating_the_previous_answer_for_another_fact_is_a_repeat(
    previous, answer, previous_gold, gold, repeat
):
    assert repeats_previous(previous, answer, previous_gold, gold) is repeat


def test_eval_reports_both_splits_and_scores_only_the_chosen_one(engine, tmp_path):
    rows = [
        {"id": "a", "question": "Кому достался приз жюри?", "lang": "ru", "answers": ["Kocakalay"],
         "sources": ["003", "004"], "answerable": True, "split": "dev"},
        {"id": "b", "question": "How many moons does Neptune have?", "lang": "en", "answers": [], "sources": [],
         "answerable": False, "split": "dev"},
        {"id": "c", "question": "Quanti Paesi hanno partecipato al concorso?", "lang": "it", "answers": ["122"],
         "sources": ["000", "001"], "answerable": True, "split": "test"},
    ]  # fmt: skip
    path = _write(tmp_path, *rows)
    whole = run_eval(engine, path)
    assert whole["split"] == "all" and whole["n"] == 3
    assert {s: whole["splits"][s]["n"]["questions"] for s in SPLITS} == {"dev": 2, "test": 1}
    dev = run_eval(engine, path, split="dev")
    assert dev["split"] == "dev" and dev["n"] == 2 and "splits" not in dev
    assert set(dev["by_language"]) == {"en", "ru"}
    assert dev["abstention"]["accuracy"] == whole["splits"]["dev"]["abstention"]["accuracy"]
    with pytest.raises(DatasetError, match="no 'split' field"):
        run_eval(engine, _write(tmp_path, GOOD), split="dev")


def _conversation(tmp_path: Path, first_gold: list[str]) -> Path:
    question = "Quanti Paesi hanno partecipato al concorso?"
    turns = [
        {"question": question, "answers": first_gold, "sources": ["000", "001"]},
        {"question": question, "answers": ["122"], "sources": ["000", "001"]},
    ]
    path = tmp_path / f"conv-{first_gold[0]}.jsonl"
    path.write_text(json.dumps({"id": "c", "lang": "it", "turns": turns, "split": "dev"}) + "\n", encoding="utf-8")
    return path


def test_a_repeated_answer_counts_wrong_only_when_the_follow_up_asks_another_fact(engine, tmp_path):
    """The same question twice gets the same answer; it is a repeat only if the gold says the facts differ."""
    qa = _write(tmp_path, GOOD | {"question": "Quanti Paesi?", "lang": "it", "answers": ["122"], "split": "dev"})
    same = run_eval(engine, qa, conversations_path=_conversation(tmp_path, ["122"]))["conversations"]
    assert same["with_history"]["follow_up"] == {"repeats": 0, "repeat_rate": 0.0}
    assert same["with_history"]["answer"]["accuracy"] == 1.0 and same["failures"] == []
    other = run_eval(engine, qa, conversations_path=_conversation(tmp_path, ["4.600"]))["conversations"]
    assert other["with_history"]["follow_up"] == {"repeats": 1, "repeat_rate": 1.0}
    assert other["with_history"]["answer"]["accuracy"] == 0.0
    assert [f["kind"] for f in other["failures"]] == ["repeated_previous_answer"]
    assert other["splits"]["dev"]["follow_up"]["repeats"] == 1 and other["splits"]["test"]["n"] == 0


def test_abstention_sweep_reuses_retrieval_and_leaves_the_engine_as_it_was(engine, tmp_path, monkeypatch):
    rows = [
        {"id": "a", "question": "How much did Ne Zha 2 cost to make?", "lang": "en", "answers": ["80 milioni"],
         "sources": ["002"], "answerable": True},
        {"id": "b", "question": "Кому достался приз жюри?", "lang": "ru", "answers": ["Kocakalay"],
         "sources": ["003", "004"], "answerable": True},
        {"id": "c", "question": "Chi ha fondato DeepSeek?", "lang": "it", "answers": [], "sources": [],
         "answerable": False},
    ]  # fmt: skip
    items = load_qa(_write(tmp_path, *rows), LANGS)
    snapshot, threshold = engine.snapshot(), engine.settings.abstain_threshold
    calls = []
    rank = engine.rank
    monkeypatch.setattr(engine, "rank", lambda *a, **k: calls.append(a) or rank(*a, **k))
    sweep = abstention_sweep(engine, items, grid=(0.0, threshold, 1.0))
    assert len(calls) == len(items)  # retrieved and re-ranked once per question, answered at three thresholds
    assert engine.snapshot() is snapshot and engine.settings.abstain_threshold == threshold
    points = sweep["points"]
    assert [p["threshold"] for p in points] == [0.0, threshold, 1.0] and sweep["current"] == threshold
    false_rates = [p["false_abstention"] for p in points]
    assert false_rates == sorted(false_rates) and false_rates[0] < false_rates[-1]  # stricter abstains more
    monkeypatch.undo()
    result = run_eval(engine, _write(tmp_path, *rows), sweep=(threshold,))
    at_current = result["abstention_sweep"]["points"][0]
    assert at_current["abstention_accuracy"] == result["abstention"]["accuracy"]
    assert at_current["false_abstention"] == result["abstention"]["false_rate"]
    assert at_current["answer_accuracy"] == result["answer"]["accuracy"]
    report = (write_report(result, tmp_path / "report") / "report.md").read_text(encoding="utf-8")
    assert "## Abstention trade-off" in report and f"| {threshold:.2f} (current) |" in report


@pytest.mark.parametrize(
    ("spec", "problem"), [("0.1,x", "'x' is not a number"), ("0.5,1.5", "outside 0..1"), ("", "'' is not a number")]
)
def test_sweep_grid_rejects_what_is_not_a_threshold(spec, problem):
    with pytest.raises(ValueError, match=problem):
        parse_grid(spec)
    assert parse_grid("0.3,0.1,0.3") == (0.1, 0.3)


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


@pytest.mark.parametrize(
    ("answer", "first"),
    [
        ("122 [1]\n\nThe contest drew 4,600 submissions from 122 countries. [1]", True),
        ("Заявки пришли из 122 стран [1].", True),  # a short opening sentence of a generated answer leads too
        ("The contest drew over 4,600 submissions from 122 countries. [1]", False),  # a whole quote mentions it
        ("4,600 [1]\n\nThe contest drew 4,600 submissions from 122 countries. [1]", False),  # another value
        ("", False),
        ("🎬 122 🏁 [1]", True),
        ("1122 [1]\n\nThe contest drew 1122 submissions from 122 countries. [1]", False),  # another value holds it
        ("4.122 [1]", False),
        ("122. [1]", True),
        ("Из 122 стран [1].", True),
        ("Da 122 Paesi [1].", True),
        ("Из 122-х стран [1].", True),
    ],
)
def test_an_answer_leads_with_a_value_only_when_its_short_opening_holds_the_expected_one(answer, first):
    assert leads_with(answer, ("122",)) is first


@pytest.mark.parametrize(
    ("answer", "expected", "first"),
    [
        ("Линусом Торвальдсом [1]", "Торвальдс", True),  # a name inflected as the sentence needs it
        ("Da Anna Rossi [1]", "Anna Rossi", True),
        ("Marco Bianchi [1]", "Anna Rossi", False),
        ("Rossi [1]", "Anna Rossi", False),
        ("🎬 [1]", "Anna Rossi", False),
    ],
)
def test_a_name_leads_inflected_but_whole_from_its_first_letter(answer, expected, first):
    assert leads_with(answer, (expected,)) is first


@pytest.mark.parametrize(
    ("answer", "expected", "found"),
    [
        ("The museum opened in 2012.", "12", False),
        ("Oltre 14.600 opere", "4,600", False),
        ("Заявки из 122 стран", "22", False),
        ("Заявки из 122 стран", "122", True),
        ("122 [1]", "122", True),
        ("версия 2.6.35", "2.6", False),
        ("a partire da util-linux v2.22", "2.22", True),  # a version glued to its "v" is still that number
        ("R1 è il modello", "R1", True),  # a name ending in a digit stands whole too
        ("🎬 top 20 🏁", "top 20", True),
    ],
)
def test_an_expected_number_is_found_only_standing_whole(answer, expected, found):
    assert contains_any(answer, (expected,)) is found


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
    assert result["answer"]["value_first"] == 1.0  # "Sefa Kocakalay [1]", "12,3 milioni di dollari [1]"
    assert result["abstention"] == {"accuracy": 1.0, "false_rate": 0.0}
    assert set(result["by_language"]) == {"en", "ru"}
    assert result["cross_language"]["cross"]["n"]["questions"] == 1
    assert set(result["baselines"]) == {"hybrid", "dense", "lexical"}
    assert result["config"]["answer_mode"] == "extractive"
    assert result["failures"] == []
    out = write_report(result, tmp_path / "report")
    assert {p.name for p in out.iterdir()} == {"report.json", "report.md", "report.png"}
    assert "Same-language vs cross-language" in (out / "report.md").read_text(encoding="utf-8")


def test_eval_cli_scores_the_chosen_split_with_a_sweep(seed_settings, tmp_path):
    rows = [
        {"id": "a", "question": "Quanti Paesi hanno partecipato al concorso?", "lang": "it", "answers": ["122"],
         "sources": ["000", "001"], "answerable": True, "split": "test"},
        {"id": "b", "question": "Chi ha fondato DeepSeek?", "lang": "it", "answers": [], "sources": [],
         "answerable": False, "split": "test"},
        {"id": "c", "question": "Who directed Ne Zha 2?", "lang": "en", "answers": [], "sources": [],
         "answerable": False, "split": "dev"},
    ]  # fmt: skip
    args = ["eval", "--dataset", str(_write(tmp_path, *rows)), "--split", "test", "--json"]
    done = run_cli([*args, "--sweep-abstention", "--sweep-grid", "0,1"], seed_settings.data_dir)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["split"] == "test" and result["n"] == 2 and set(result["by_language"]) == {"it"}
    assert [p["threshold"] for p in result["abstention_sweep"]["points"]] == [0.0, 1.0]
