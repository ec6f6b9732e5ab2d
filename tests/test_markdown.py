"""Text from the data or a link is escaped so Streamlit's Markdown shows it literally."""

import pandas as pd
import pytest

from missions.markdown import markdown_frame, markdown_link, markdown_literal


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("UNAMSIL", "UNAMSIL"),
        ("**bold**", "\\*\\*bold\\*\\*"),
        ("[link](javascript:alert(1))", "\\[link\\]\\(javascript\\:alert\\(1\\)\\)"),
        ("<img src=x onerror=alert(1)>", "\\<img src\\=x onerror\\=alert\\(1\\)\\>"),
        ("# heading", "\\# heading"),
        ("\t=1+1", "\\=1\\+1"),
        ("a\r\nb", "a b"),
        (":red[x] $x$ :material/home:", "\\:red\\[x\\] \\$x\\$ \\:material/home\\:"),
        ("http://x.invalid", "http\\:\u2060//x\\.invalid"),
        ("www.un.org, a@b.org", "www\u2060\\.un\\.org, a@\u2060b\\.org"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        (None, ""),
        (float("nan"), ""),
        (591, "591"),
    ],
)
def test_markdown_literal_escapes_what_markdown_would_interpret(text, escaped):
    assert markdown_literal(text) == escaped


def test_markdown_link_keeps_the_url_whole_and_the_text_literal():
    link = markdown_link("**T** [x]", "https://example.org/a_(b)?q=<x>")
    assert link == "[\\*\\*T\\*\\* \\[x\\]](<https://example.org/a_(b)?q=%3Cx%3E>)"


def test_markdown_frame_escapes_cells_columns_and_index():
    frame = pd.DataFrame({"*A*": ["=1+1", None]}, index=["#1", "ok"])
    safe = markdown_frame(frame)
    assert list(safe.columns) == ["\\*A\\*"]
    assert list(safe.index) == ["\\#1", "ok"]
    assert safe.iloc[:, 0].tolist() == ["\\=1\\+1", ""]
