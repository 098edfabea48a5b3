"""Keys are masked wherever they appear, told or not."""

from __future__ import annotations

from kit.coach.redact import MASK, redact


def test_known_secret_is_masked() -> None:
    assert redact("key abcd-1234-secret used", ["abcd-1234-secret"]) == f"key {MASK} used"


def test_key_shapes_are_masked_without_being_told() -> None:
    text = redact('sent sk-proj-AbC123xyz789 with "Authorization: Bearer abcdef123456" and api_key=zzz999zzz')
    assert "sk-proj-AbC123xyz789" not in text and "abcdef123456" not in text and "zzz999zzz" not in text


def test_url_credentials_are_masked() -> None:
    assert redact("http://ann:hunter2@127.0.0.1:8080/v1") == f"http://{MASK}@127.0.0.1:8080/v1"


def test_ordinary_text_is_untouched() -> None:
    text = "Raise activation from 41% to 60% by Sep 30 (owner: Lee)"
    assert redact(text, [None, ""]) == text
