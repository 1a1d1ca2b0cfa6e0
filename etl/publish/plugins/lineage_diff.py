"""Datasette plugin: the changes of a paragraph, word by word.

- SQL function `word_diff(old, new, language)`: the new text with the
  changes marked, [-deleted-] and {+inserted+} (etl.lineage.textdiff: words,
  characters in Chinese), usable in any query;
- cells of a column named `changes` are shown with the deletions struck
  out in red and the insertions in green.

Loaded by `python -m etl serve` (Datasette's --plugins-dir).
"""

from __future__ import annotations

import html
import re

from datasette import hookimpl
from markupsafe import Markup

from etl.lineage import textdiff

_MARKS = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def word_diff(old, new, language):
    if old is None or new is None:
        return None
    return textdiff.markup(textdiff.diff(old, new, language or "en"))


def markup_html(text: str) -> str:
    """[-...-] and {+...+} as <del> and <ins>, everything else escaped."""
    out, at = [], 0
    for m in _MARKS.finditer(text):
        out.append(html.escape(text[at:m.start()]))
        if m.group(1) is not None:
            out.append(f'<del style="background:#fdecea;color:#a4161a">{html.escape(m.group(1))}</del>')
        else:
            out.append(f'<ins style="background:#e3f4e8;color:#1b6e3a;text-decoration:none">'
                       f'{html.escape(m.group(2))}</ins>')
        at = m.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


@hookimpl
def prepare_connection(conn):
    conn.create_function("word_diff", 3, word_diff, deterministic=True)


@hookimpl
def render_cell(value, column):
    if column == "changes" and isinstance(value, str):
        return Markup(markup_html(value))
    return None
