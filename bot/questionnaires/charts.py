"""Bar charts of the answers as PNG bytes, drawn headless (Agg, no pyplot global state)."""
from __future__ import annotations

import io
import textwrap

from bot.questionnaires.results import QuestionResult

MAX_BARS = 15


def chartable(result: QuestionResult) -> bool:
    """Choice-like questions with at least one answer; numbers only with few distinct values."""
    if not result.counts or not result.answered:
        return False
    return result.question.type != "number" or len(result.counts) <= 10


def bar_chart(title: str, labels: list[str], counts: list[int], answered: int) -> bytes:
    """A horizontal bar chart, counts and percentages on the bars."""
    # Imported here: matplotlib (with numpy and Pillow) is ~35 MB of every instance's memory for what
    # only an organiser's /risultati draws (BENCHMARKS.md, "Sandbox load", memory).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels, counts = labels[:MAX_BARS], counts[:MAX_BARS]
    height = 1.2 + 0.45 * len(labels)
    fig = Figure(figsize=(8, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    wrapped = ["\n".join(textwrap.wrap(label, 34)[:2]) or "–" for label in labels]
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, counts, color="#2f6db5")
    ax.set_yticks(positions, wrapped, fontsize=9)
    top = max(counts) if counts and max(counts) else 1
    ax.set_xlim(0, top * 1.25)
    for y, n in zip(positions, counts):
        pct = f" {n} ({n / answered:.0%})" if answered else f" {n}"
        ax.text(n, y, pct, va="center", fontsize=9)
    ax.set_title("\n".join(textwrap.wrap(title, 70)[:3]), fontsize=10, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.75 / height, bottom=0.45 / height)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def question_chart(n: int, result: QuestionResult) -> bytes:
    labels = [label for label, _ in result.counts]
    counts = [count for _, count in result.counts]
    return bar_chart(f"{n}. {result.question.label}", labels, counts, result.answered)
