"""Keep API keys out of everything a person or a file can see.

Every message the coach produces passes through `redact` before it reaches a notice, a log line or
an exception, so a key pasted in the wrong place, echoed by a server or embedded in a URL is never shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Shapes of credentials worth hiding even when we were never told them (a key echoed by a proxy).
_KEY_SHAPES = [
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._\-]{8,}"),
    re.compile(r"(?i)(api[_-]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{6,}"),
]
_URL_CREDENTIALS = re.compile(r"(?i)(https?://)[^/@\s]+@")
MASK = "[redacted]"


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with the given secrets, key-shaped strings and URL credentials replaced by a mask."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = _URL_CREDENTIALS.sub(r"\1" + MASK + "@", text)
    for shape in _KEY_SHAPES:
        text = shape.sub(lambda m: m.group(1) + MASK, text) if shape.groups else shape.sub(MASK, text)
    return text
