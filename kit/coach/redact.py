"""Keep API keys out of everything a person or a file can see.

Every message the coach produces passes through `redact` before it reaches a notice, a log line or
an exception, so a key pasted in the wrong place, echoed by a server or embedded in a URL is never shown.
"""

from __future__ import annotations

from collections.abc import Iterable

from kit.secrets import KEY_SHAPES, URL_CREDENTIALS

MASK = "[redacted]"


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """`text` with the given secrets, key-shaped strings and URL credentials replaced by a mask."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    text = URL_CREDENTIALS.sub(r"\1" + MASK + "@", text)
    for shape in KEY_SHAPES:
        text = shape.sub(lambda m: m.group(1) + MASK, text) if shape.groups else shape.sub(MASK, text)
    return text
