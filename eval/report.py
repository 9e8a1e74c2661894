"""Render an eval result as `report.json`, `report.md` (tables and failures) and `report.png` (charts).

It does not compute metrics (see `eval/metrics.py`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.metrics import METRIC_NAMES

HEADLINE = [tuple(name.split(".", 1)) for name in METRIC_NAMES]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and value <= 1.0 else f"{value:.1f}"


def metrics_table(columns: dict[str, dict[str, Any]]) -> list[str]:
    names = list(columns)
    lines = ["| metric | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for group, metric in HEADLINE:
        if not any(metric in columns[n].get(group, {}) for n in names):
            continue
        cells = [_fmt(columns[n].get(group, {}).get(metric)) for n in names]
        lines.append(f"| {group}.{metric} | " + " | ".join(cells) + " |")
    return lines


def render_markdown(result: dict[str, Any]) -> str:
    cfg = result["config"]
    out = [
        "# Evaluation report",
        "",
        f"Dataset `{result['dataset']}`: {result['n']} questions ({result['counts']['answerable']} answerable, "
        f"{result['counts']['unanswerable']} unanswerable, {result['counts']['cross_language']} cross-language).",
        "",
        "Configuration: " + ", ".join(f"{k} = `{v}`" for k, v in cfg.items()),
        "",
        "## Overall and by question language",
        "",
        *metrics_table({"all": result, **result["by_language"]}),
        "",
        "## Same-language vs cross-language (answerable questions)",
        "",
        *metrics_table(result["cross_language"]),
    ]
    if "baselines" in result:
        out += ["", "## Baselines: what each retriever adds", "", *metrics_table(result["baselines"])]
    if "conversations" in result:
        conv = result["conversations"]
        out += [
            "",
            f"## Follow-up questions ({conv['n']} two-turn conversations, last turn scored)",
            "",
            *metrics_table({"with history": conv["with_history"], "follow-up alone": conv["without_history"]}),
        ]
    out += ["", f"## Failures ({len(result['failures'])})", ""]
    for f in result["failures"]:
        out += [
            f"### {f['id']} — {f['kind']}",
            "",
            f"- **Question:** {f['question']}",
            f"- **Answer:** {f['answer']}",
            f"- **Expected:** {', '.join(f['expected']) or '(abstain)'} from {', '.join(f['sources']) or '–'}"
            f" (first relevant chunk at rank {f['first_hit'] or '–'})",
        ]
        out += [f"- [{c['id']}] `{c['source']}`: {c['quote']}" for c in f["citations"]]
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
    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4), squeeze=False)
    for ax, (title, columns) in zip(axes[0], panels, strict=True):
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


def write_report(result: dict[str, Any], out_dir: Path | str) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(render_markdown(result), encoding="utf-8")
    render_chart(result, out / "report.png")
    return out
