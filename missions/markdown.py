"""Text from the data or from a link, made safe to show through Streamlit's Markdown.

Streamlit renders Markdown in st.markdown, st.caption, headers, alerts, table cells, tab and
button labels and metric deltas. A mission name such as `**bold** [link](javascript:…)`, or a
link such as `?q=[click](http://x.invalid)`, would be rendered there as formatting or as a
link. `markdown_literal` escapes every character Markdown (or Streamlit's own `:material/…:`,
`:red[…]` and `$…$` directives) gives a meaning, so the text shows exactly as written.
"""

from __future__ import annotations

import re

import pandas as pd

# ASCII punctuation with a meaning in CommonMark, GitHub Markdown or Streamlit's directives.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:=&")
WHITESPACE_RUN = re.compile(r"\s+")
# GitHub Markdown turns "http://…", "www.…" and "name@host.org" in plain text into links, even
# when escaped (it looks at the parsed text). An invisible WORD JOINER inside the pattern stops it.
WORD_JOINER = "\u2060"
AUTOLINK_STARTS = re.compile(r"(://|(?<![\w.])www\.|@)", re.IGNORECASE)


def markdown_literal(value: object) -> str:
    """`value` as Markdown that shows it literally on one line ("" for a missing value).

    Runs of whitespace (tabs, line breaks) become one space, so a leading tab cannot turn
    the text into a code block and a line break cannot start a heading or a list; web and
    mail addresses get an invisible word joiner so that they are not made into links.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = WHITESPACE_RUN.sub(" ", str(value)).strip()
    text = AUTOLINK_STARTS.sub(lambda match: _split(match.group()), text)
    return "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in text)


def _split(start: str) -> str:
    """ "://" -> ":⁠//", "www." -> "www⁠.", "@" -> "@⁠" (with an invisible word joiner)."""
    if start == "://":
        return ":" + WORD_JOINER + "//"
    if start.endswith("."):
        return start[:-1] + WORD_JOINER + "."
    return start + WORD_JOINER


def markdown_link(text: object, url: str) -> str:
    """A Markdown link whose text shows literally. The URL (validated as http or https) goes
    in <…>, with spaces and angle brackets percent-encoded so that it cannot end early."""
    target = str(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{markdown_literal(text)}](<{target}>)"


def markdown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose cells, column names and index are literal Markdown (st.table)."""
    safe = frame.map(markdown_literal)
    safe.columns = [markdown_literal(column) for column in frame.columns]
    safe.index = [markdown_literal(label) for label in frame.index]
    return safe
