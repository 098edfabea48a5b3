"""A draft cannot drive the reader's terminal or hide words, whatever format its review is written in."""

from __future__ import annotations

import json

import pytest

import kit
from kit.report.html import render_html
from kit.report.json_report import render_json
from kit.report.markdown import render_markdown
from kit.report.sarif import render_sarif
from kit.report.text import render_text

HOSTILE = "Raise bookings\x1b]0;owned\x07 from 1 to 2\x1b[2J by June \u202eenuJ\u202c \x9b31m"
DRAFT = f"# Harbour\n## Objective: Skippers trust us\n- {HOSTILE}\n- Hold 6 open days\n"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c")


@pytest.mark.parametrize("render", [render_text, render_markdown, render_html, render_json, render_sarif])
def test_no_raw_control_character_or_bidi_override_is_written(render) -> None:  # type: ignore[no-untyped-def]
    output = render([kit.review(DRAFT)])
    assert not [char for char in RAW if char in output]


def test_json_keeps_the_authors_text_for_a_parser() -> None:
    data = json.loads(render_json([kit.review(DRAFT)]))
    texts = [kr["text"] for kr in data["documents"][0]["objectives"][0]["key_results"]]
    assert texts[0] == HOSTILE
