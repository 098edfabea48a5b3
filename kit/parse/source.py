"""Reading a file's bytes into text that every format parser can trust.

Drafts arrive from spreadsheets, word processors and chat tools in whatever encoding the
author's machine used, sometimes several in one file after copy and paste. Decoding must
never crash and must say clearly when the file is not text at all.
"""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from kit.errors import InputError

# An OKR set is a few kilobytes; anything far bigger is the wrong file, and refusing it
# early keeps a mistaken drag-and-drop from freezing a workshop notebook.
MAX_BYTES = 16 * 1024 * 1024
# A whole organisation's OKRs are a few thousand lines; this many reviews in about a minute, and a
# file far longer (an export of something else) is refused at once rather than reviewed for minutes.
MAX_LINES = 100_000

SAVE_AS_TEXT = (
    "Save the OKRs as Markdown, plain text, YAML, JSON or CSV "
    "(in a spreadsheet: File > Download/Save as > CSV) and try again."
)

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zipped office document (e.g. .xlsx or .docx)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document (.xls or .doc)"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)

_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _legacy_byte(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not UTF-8 as Windows-1252 (Latin-1 where 1252 has a gap).

    Files pasted together from several tools mix UTF-8 with Windows-1252; decoding the odd
    bytes one by one keeps both halves readable instead of garbling the whole file.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error("okrkit-legacy", _legacy_byte)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: every other byte is NUL for Latin text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode(data: bytes, label: str | None) -> str:
    """Bytes to text: byte-order marks first, then UTF-8 with a per-byte legacy fallback."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"the file is over {MAX_BYTES // 1_000_000} MB; an OKR set is a few KB, so this is probably not one",
            path=label,
            line=1,
            fix="Check you picked the right file, or split it into one file per team.",
        )
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"this is {kind}, not text", path=label, line=1, fix=SAVE_AS_TEXT)
    if data.startswith(_UTF32_BOMS):
        return data.decode("utf-32", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _looks_like_bomless_utf16(data)
        if utf16 is not None:
            return data.decode(utf16, errors="replace")
        raise InputError(
            "this looks like a binary file, not text (it contains NUL bytes)",
            path=label,
            line=data.count(b"\n", 0, nul) + 1,
            fix=SAVE_AS_TEXT,
        )
    return data.decode("utf-8", errors="okrkit-legacy")


def read_file(path: Path) -> str:
    """A file's text, with every way reading can fail turned into an error the user can act on."""
    label = str(path)
    try:
        kind = path.stat().st_mode
        if not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
            # a FIFO with no writer would block forever, a device could stream without end
            raise InputError(
                "this is not a regular file (a pipe, socket or device)", path=label, line=1,
                fix="Save the OKRs to a file and give its path, or pipe them in with '-' as the path.",
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # a device or a huge file never gets read whole
    except FileNotFoundError:
        raise InputError("file not found", path=label, fix="Check the path and the file name.") from None
    except IsADirectoryError:
        raise InputError(
            "this is a folder, not a file", path=label, fix="Give the path of one OKR file inside it."
        ) from None
    except PermissionError:
        raise InputError(
            "permission denied", path=label, fix="Check you are allowed to read the file."
        ) from None
    except OSError as error:
        raise InputError(
            f"could not read the file ({error.strerror or error})", path=label, fix="Check the path."
        ) from None
    return decode(data, label)


def clean_text(text: str, label: str | None) -> str:
    """Normalise line endings and refuse text that cannot be an OKR set before any parser runs."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > MAX_BYTES:
        raise InputError(
            f"the text is {len(text) / 1_000_000:.0f} million characters; an OKR set is a few thousand",
            path=label,
            line=1,
            fix="Check you pasted the right text, or review one team's OKRs at a time.",
        )
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise InputError(
            f"the text has {lines:,} lines; the kit reviews up to {MAX_LINES:,} lines at a time "
            "(a whole organisation's OKRs are a few thousand)",
            path=label,
            line=MAX_LINES + 1,
            fix="Split it into one file per team or department and review those.",
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "the text contains NUL characters, so it is binary data rather than OKRs",
            path=label,
            line=text.count("\n", 0, nul) + 1,
            fix=SAVE_AS_TEXT,
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(
            "there is nothing to review: the input is empty" if not text else "the input holds only blank space",
            path=label,
            line=1,
            fix="Write at least one objective with its key results, e.g. 'Objective: ...' then '- KR 1: ...'.",
        )
    return text
