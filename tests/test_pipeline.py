"""The question pipeline's shared pieces: one rank fusion, one follow-up context, one-way imports inside rag/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rag.plan import follow_up_context, plan, previous_answer
from rag.retrieve import reciprocal_rank_fusion
from rag.types import Turn
from tests.conftest import ROOT


def test_fusion_adds_weighted_reciprocal_ranks_and_keeps_the_first_seen_item():
    first = [("a", 1), ("b", 1)]
    second = [("b", 2), ("c", 2)]
    fused = reciprocal_rank_fusion([(1.0, first), (0.5, second)], key=lambda item: item[0], rrf_k=5, top_k=3)
    assert [item for item, _ in fused] == [("b", 1), ("a", 1), ("c", 2)]  # "b" is kept as the first ranking had it
    scores = dict((item[0], score) for item, score in fused)
    assert scores == pytest.approx({"a": 1 / 6, "b": 1 / 7 + 0.5 / 6, "c": 0.5 / 7})


def test_fusion_ties_keep_the_order_items_were_first_seen_in_and_top_k_cuts():
    fused = reciprocal_rank_fusion([(1.0, ["x", "y"]), (1.0, ["y", "x"])], key=str, rrf_k=60, top_k=1)
    assert fused == [("x", pytest.approx(1 / 61 + 1 / 62))]
    assert reciprocal_rank_fusion([], key=str, rrf_k=60, top_k=5) == []


CONVERSATIONS = {
    "en": ["Tell me about Ne Zha 2", "Who directed it?", "And the budget?"],
    "it": ["Parlami di Ne Zha 2", "Chi lo ha diretto?", "E il budget?"],
    "ru": ["Расскажи о Ne Zha 2", "Кто режиссёр?", "А бюджет?"],
    "emoji": ["🎬 Ne Zha 2?", "🎥 who?", "💰?"],
}


@pytest.mark.parametrize("lang", sorted(CONVERSATIONS))
def test_a_follow_up_is_retrieved_with_the_last_two_user_questions(lang):
    asked = CONVERSATIONS[lang]
    history = [turn for q in asked for turn in (Turn("user", q), Turn("assistant", f"answer to {q} [1]"))]
    assert follow_up_context(history) == " ".join(asked[-2:])
    planned = plan("next?", lang, history)
    assert planned.queries == ["next?"] and planned.context == planned.conversation == " ".join(asked[-2:])
    assert planned.previous == f"answer to {asked[-1]} [1]"


def test_no_history_or_blank_turns_give_no_context_and_asking_again_may_repeat_the_answer():
    assert follow_up_context([]) == "" and previous_answer([], "Who?") == ""
    assert follow_up_context([Turn("user", "   "), Turn("assistant", "…")]) == ""
    again = [Turn("user", "Who  won?"), Turn("assistant", "Kocakalay [1]")]
    assert previous_answer(again, "who won?") == ""


def _rag_imports() -> dict[str, set[str]]:
    graph = {}
    for path in sorted((ROOT / "rag").glob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rag."):
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names if alias.name.startswith("rag.")}
        graph[f"rag.{Path(path).stem}"] = names
    return graph


def test_rag_modules_import_each_other_one_way_only_even_lazily():
    graph = _rag_imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, f"import circle: {' -> '.join([*path, module])}"
        if module in done:
            return
        for imported in graph.get(module, ()):
            visit(imported, [*path, module])
        done.add(module)

    for module in graph:
        visit(module, [])
    assert "rag.engine" not in {m for imports in graph.values() for m in imports}  # nothing calls back into it


LAYERS = {"index": set(), "rag": {"index"}, "eval": {"index", "rag"}, "ui": {"index", "rag", "eval"}}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_a_layer_imports_only_the_layers_below_it_even_lazily_or_for_types(layer):
    root = Path(__file__).resolve().parent.parent
    upward = set(LAYERS) - LAYERS[layer] - {layer}
    found = []
    for path in sorted((root / layer).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            found += [f"{path.relative_to(root)}: {name}" for name in names if name.split(".")[0] in upward]
    assert not found, f"{layer}/ imports a layer above it: {found}"
