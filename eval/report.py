"""Render an eval result as `report.json`, `report.md` (tables and failures) and `report.png` (charts).

Every value that comes from data (questions, answers, quotes, sources, the dataset name, settings) goes into
`report.md` through `md_text`: HTML-escaped with markupsafe and with Markdown's link, image and emphasis
punctuation backslash-escaped, so the chat page's Eval tab shows it as text and never renders a planted
`<img>`, `<form>` or `![](...)`. It does not compute metrics (see `eval/metrics.py`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markupsafe import escape

from eval.metrics import METRIC_NAMES

HEADLINE = [tuple(name.split(".", 1)) for name in METRIC_NAMES]


_MARKDOWN = re.compile(r"([\\`*_\[\]!|~{}])")


def md_text(value: Any) -> str:
    """Data as literal text on one Markdown line: HTML-escaped, Markdown punctuation escaped, breaks collapsed."""
    return _MARKDOWN.sub(r"\\\1", str(escape(" ".join(str(value).split()))))


def new_questions_line(new: dict[str, Any]) -> str:
    """Answer accuracy of the answerable questions asked first and after an unrelated one (`eval/new_questions.py`)."""
    return (
        f"{new['n']} answerable questions asked again after an unrelated one: accuracy "
        f"{_fmt(new['accuracy_first'])} asked first, {_fmt(new['accuracy_after'])} after."
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value:.1f}"


def metrics_table(columns: dict[str, dict[str, Any]]) -> list[str]:
    names = list(columns)
    lines = ["| metric | " + " | ".join(md_text(n) for n in names) + " |", "| --- |" + " ---: |" * len(names)]
    for group, metric in HEADLINE:
        if not any(metric in columns[n].get(group, {}) for n in names):
            continue
        cells = [_fmt(columns[n].get(group, {}).get(metric)) for n in names]
        lines.append(f"| {group}.{metric} | " + " | ".join(cells) + " |")
    return lines


def sweep_table(sweep: dict[str, Any]) -> list[str]:
    """One row per abstain threshold: abstention accuracy, false abstention, answer accuracy."""
    lines = [
        "| abstain_threshold | abstention accuracy | false abstention | answer accuracy |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for point in sweep["points"]:
        mark = " (current)" if abs(point["threshold"] - sweep["current"]) < 1e-9 else ""
        cells = [_fmt(point[k]) for k in ("abstention_accuracy", "false_abstention", "answer_accuracy")]
        lines.append(f"| {point['threshold']:.2f}{mark} | " + " | ".join(cells) + " |")
    return lines


def _follow_ups(conv: dict[str, Any]) -> list[str]:
    columns = {"with history": conv["with_history"], "follow-up alone": conv["without_history"]}
    columns |= {f"{name} (with history)": values for name, values in conv.get("splits", {}).items()}
    repeats = ", ".join(
        f"{name} {values['follow_up']['repeats']}/{values['n']}" for name, values in columns.items() if values["n"]
    )
    out = [
        "",
        f"## Follow-up questions ({conv['n']} two-turn conversations, split {md_text(conv.get('split', 'all'))}, "
        "last turn scored)",
        "",
        *metrics_table(columns),
        "",
        f"Answers that repeat the previous turn's answer although the follow-up asks another fact (counted wrong): "
        f"{repeats}.",
    ]
    for f in conv.get("failures", []):
        answer = f["answer"] if len(f["answer"]) <= 300 else f["answer"][:300] + "…"
        out += [
            f"- **{md_text(f['id'])}** ({md_text(f['kind'])}): {md_text(f['question'])} → {md_text(answer)} "
            f"(expected {md_text(', '.join(f['expected']))})"
        ]
    return out


def render_markdown(result: dict[str, Any]) -> str:
    cfg = result["config"]
    out = [
        "# Evaluation report",
        "",
        f"Dataset {md_text(result['dataset'])}, split {md_text(result.get('split', 'all'))}: {result['n']} questions "
        f"({result['counts']['answerable']} answerable, "
        f"{result['counts']['unanswerable']} unanswerable, {result['counts']['cross_language']} cross-language).",
        "",
        "Configuration: " + ", ".join(f"{md_text(k)} = {md_text(v)}" for k, v in cfg.items()),
        "",
        "## Overall and by question language",
        "",
        *metrics_table({"all": result, **result["by_language"]}),
        "",
        "## Same-language vs cross-language (answerable questions)",
        "",
        *metrics_table(result["cross_language"]),
    ]
    if "splits" in result:
        out += ["", "## Dev vs test split", "", *metrics_table({"all": result, **result["splits"]})]
    if "baselines" in result:
        out += ["", "## Baselines: what each retriever adds", "", *metrics_table(result["baselines"])]
    if "new_questions" in result:
        out += ["", "## New questions in a conversation", "", new_questions_line(result["new_questions"])]
    if "conversations" in result:
        out += _follow_ups(result["conversations"])
    if "abstention_sweep" in result:
        sweep = result["abstention_sweep"]
        out += [
            "",
            f"## Abstention trade-off (split {md_text(sweep['split'])}: {sweep['questions']} questions, "
            f"{sweep['questions'] - sweep['answerable']} unanswerable)",
            "",
            *sweep_table(sweep),
        ]
    out += ["", f"## Failures ({len(result['failures'])})", ""]
    for f in result["failures"]:
        out += [
            f"### {md_text(f['id'])} — {md_text(f['kind'])}",
            "",
            f"- **Question:** {md_text(f['question'])}",
            f"- **Answer:** {md_text(f['answer'])}",
            f"- **Expected:** {md_text(', '.join(f['expected']) or '(abstain)')} from "
            f"{md_text(', '.join(f['sources']) or '–')} "
            f"(first relevant chunk at rank {md_text(f['first_hit'] or '–')})",
        ]
        out += [f"- \\[{md_text(c['id'])}\\] {md_text(c['source'])}: {md_text(c['quote'])}" for c in f["citations"]]
        out.append("")
    return "\n".join(out) + "\n"


def render_chart(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = [("retrieval", "hit@3"), ("retrieval", "mrr@10"), ("answer", "accuracy"), ("abstention", "accuracy")]
    panels = [("By question language", {"all": result, **result["by_language"]})]
    panels.append(("Same vs cross-language", result["cross_language"]))
    if "baselines" in result:
        panels.append(("Hybrid vs baselines", result["baselines"]))
    sweep = result.get("abstention_sweep")
    fig, axes = plt.subplots(1, len(panels) + bool(sweep), figsize=(5 * (len(panels) + bool(sweep)), 4), squeeze=False)
    if sweep:
        _plot_sweep(axes[0][-1], sweep)
    for ax, (title, columns) in zip(axes[0], panels, strict=False):
        width = 0.8 / len(columns)
        for i, (name, values) in enumerate(columns.items()):
            heights = [values.get(g, {}).get(m) or 0.0 for g, m in metrics]
            positions = [x + i * width for x in range(len(metrics))]
            ax.bar(positions, heights, width, label=name)
        labels = [m if g == "retrieval" else f"{g}\n{m}" for g, m in metrics]
        ax.set_xticks([x + 0.4 - width / 2 for x in range(len(metrics))], labels, fontsize=8)
        ax.set_ylim(0, 1.05)
        ax.set_title(title)
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _plot_sweep(ax: Any, sweep: dict[str, Any]) -> None:
    points = [p for p in sweep["points"] if p["false_abstention"] is not None and p["abstention_accuracy"] is not None]
    ax.plot([p["false_abstention"] for p in points], [p["abstention_accuracy"] for p in points], marker="o")
    for p in points:
        ax.annotate(f"{p['threshold']:.2f}", (p["false_abstention"], p["abstention_accuracy"]), fontsize=6)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.05)
    ax.set_xlabel("false abstention")
    ax.set_ylabel("abstention accuracy")
    ax.set_title(f"Abstention trade-off ({sweep['split']})")


def write_report(result: dict[str, Any], out_dir: Path | str) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(render_markdown(result), encoding="utf-8")
    render_chart(result, out / "report.png")
    return out
