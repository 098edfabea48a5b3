"""What a credential looks like, for every part of the kit that must keep one out of what it shows or saves.

The coach masks these in notices and logs; the store refuses records holding them. One definition, so a
key that one part would hide is never saved by another.
"""

from __future__ import annotations

import re
from typing import Any

# Shapes of credentials worth catching even when nobody said they were one (a key echoed by a proxy).
KEY_SHAPES = [
    re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._\-]{8,}"),
    re.compile(r"(?i)(api[_-]?key[\"']?\s*[:=]\s*[\"']?)[^\s\"',}]{6,}"),
]
URL_CREDENTIALS = re.compile(r"(?i)(https?://)[^/@\s]+@")
# field names that hold credentials: "api_key", "OPENAI_KEY", "client-secret", "password", "token"
KEY_LIKE_NAME = re.compile(r"api[_-]?key|(?:^|[_-])key$|secret|password|passwd|token|credential", re.IGNORECASE)


def holds_key(text: str) -> bool:
    """Whether the text has a key-shaped string or credentials in a URL."""
    return URL_CREDENTIALS.search(text) is not None or any(shape.search(text) for shape in KEY_SHAPES)


def find_credential(data: Any) -> str | None:
    """The name of the first field that is named like a credential or holds one, anywhere in nested data."""
    if isinstance(data, dict):
        for name, value in data.items():
            if KEY_LIKE_NAME.search(str(name)) or (isinstance(value, str) and holds_key(value)):
                return str(name)
            found = find_credential(value)
            if found:
                return found
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str) and holds_key(item):
                return "a list item"
            found = find_credential(item)
            if found:
                return found
    return None
