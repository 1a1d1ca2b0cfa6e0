"""The dataset card's figures, as deterministic SVG (matplotlib).

Same data, same bytes: a fixed hash salt for the SVG ids, no date in the
metadata, text drawn as paths in the DejaVu Sans font that matplotlib ships
(so the figure does not depend on the fonts of the machine or the reader).
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display: figures are only written to files

import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "svg.hashsalt": "unga-resolutions",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
METADATA = {"Date": None, "Creator": "unga-resolutions dataset card (matplotlib)"}
# Colour-blind-safe (Okabe-Ito), one per outcome.
COLOURS = {"yes": "#009E73", "no": "#D55E00", "abstain": "#E69F00",
           "recorded_vote": "#0072B2", "without_vote": "#56B4E9", "not_stated": "#BBBBBB",
           "unchanged": "#009E73", "edited": "#56B4E9", "moved": "#CC79A7", "new": "#E69F00",
           "no_predecessor": "#BBBBBB"}


def _svg(fig) -> bytes:
    sink = io.BytesIO()
    fig.savefig(sink, format="svg", metadata=METADATA, bbox_inches="tight")
    plt.close(fig)
    return sink.getvalue()


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])


def coverage(sessions: list[str], languages: list[str], counts: dict[tuple[str, str], int]) -> bytes:
    """Heat map: resolutions per session (rows) and language (columns)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(1.2 + 0.7 * max(len(languages), 1),
                                        0.8 + 0.32 * max(len(sessions), 1)))
        if not sessions:
            _empty(ax, "no resolutions in this package")
            return _svg(fig)
        grid = [[counts.get((s, lang), 0) for lang in languages] for s in sessions]
        top = max(max(row) for row in grid) or 1
        ax.imshow(grid, cmap="Blues", vmin=0, vmax=top * 1.25, aspect="auto")
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                # A dash for none: blank would read as "not counted".
                ax.text(j, i, str(value) if value else "–", ha="center", va="center",
                        color="white" if value > top * 0.6 else ("black" if value else "#999999"))
        ax.set_xticks(range(len(languages)), languages)
        ax.set_yticks(range(len(sessions)), sessions)
        ax.xaxis.tick_top()
        ax.set_xlabel("language")
        ax.xaxis.set_label_position("top")
        ax.set_ylabel("session")
        ax.set_title("Resolutions by session and language", pad=28)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _svg(fig)


def stacked_bars(sessions: list[str], series: dict[str, list[int]], title: str, ylabel: str,
                 labels: dict[str, str], empty_message: str, percent: bool = False) -> bytes:
    """Bars per session, stacked by category (in the order of `series`); with
    `percent`, each bar as shares of its total."""
    if percent:
        totals = [sum(values[i] for values in series.values()) for i in range(len(sessions))]
        series = {name: [100 * v / t if t else 0 for v, t in zip(values, totals)]
                  for name, values in series.items()}
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(1.5 + 0.45 * max(len(sessions), 1), 3.2))
        if not sessions or not any(sum(values) for values in series.values()):
            _empty(ax, empty_message)
            ax.set_title(title)
            return _svg(fig)
        bottom = [0] * len(sessions)
        for name, values in series.items():
            ax.bar(range(len(sessions)), values, bottom=bottom, label=labels.get(name, name),
                   color=COLOURS.get(name), width=0.7)
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_xticks(range(len(sessions)), sessions, rotation=90 if len(sessions) > 12 else 0)
        ax.set_xlabel("session")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig)
