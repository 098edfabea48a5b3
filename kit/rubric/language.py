"""Which language a sentence is written in, judged from its function words, for rules that read English.

The rubric's word lists and grammar are English: a key result written in Spanish or German would
get English findings that make no sense for it ("no baseline" on "de 5 días a 2 días"). The
`not_english` detector tells such sentences apart so a rule can say so once and, marked
`exclusive`, keep the English rules off them.

The judgement is a count of very common function words (articles, prepositions, conjunctions,
pronouns), the words every sentence needs whatever it is about; the lists are rule parameters.
A sentence is not English when its best other language has at least `min_hits` of them and more
than English has. What a word list cannot settle is left out of the count, so a doubtful sentence
stays English and is checked as before:

- words in the English list count for English only, whatever other list also holds them ("a",
  "in", "per"); so the other lists need not avoid them;
- digits, identifiers with digits ("Q3", "v2"), acronyms ("NPS"), abbreviations ("e.g."), links,
  paths, handles, `code` and quoted titles are not read;
- a capitalised word inside a sentence is a name ("Le Monde", "Los Angeles") and does not count
  for another language, nor do `name_particles` between two capitalised words ("Café del Mar",
  "Banco de la Nación");
- `ignore_phrases` are loanwords English has borrowed ("de facto", "à la carte").

Each list entry also matches its spelling without accents ("für" matches "fur"), unless that
spelling is an English word ("à" does not match "a").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import Field, PrivateAttr, field_validator, model_validator

from kit.model import Mark
from kit.rubric.detectors import Hit, Params, detector

if TYPE_CHECKING:
    from kit.rubric.engine import Subject

_MARKS = "\u0300-\u036f"
_ACCENTS = re.compile(f"[{_MARKS}]+")
_LETTERS = rf"(?:[^\W\d_][{_MARKS}]*)+"
# A word of letters (hyphenated words are one word: "de-risk", "e-commerce"), with the apostrophe of
# an elision ("l'", "dell'") when a letter follows; never touching a digit ("Q3", "2x") and never
# part of an abbreviation ("e.g.", "U.S.") or a domain ("shop.example.de").
_TOKEN = re.compile(rf"(?<![\w.{_MARKS}])(?:{_LETTERS})(?:-{_LETTERS})*(?:['’](?=[^\W\d_]))?(?![\d_]|\.[^\W\d_])")
# What is never read as language: links, paths, e-mail addresses and handles, issue tags, code, quotes.
_NOT_PROSE = re.compile(
    r"(?<!\S)[^\s/\\@]*[/\\@]\S*|#\w+|`[^`\n]*`|\"[^\"\n]*\"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|‹[^›\n]*›"
)
# Splits lower-cased text into the pieces the quick count looks up: words cut at hyphens, and after
# the apostrophe of an elision once `_elided` has put a blank there ("l'" "equipe").
_PIECES = re.compile(r"[^\w']+")
# The same for ASCII text, done on bytes: every byte but a lower-case letter or an apostrophe becomes a blank.
_ASCII_PIECES = bytes(byte if 97 <= byte <= 122 or byte == 39 else 32 for byte in range(256))
_NOT_PROSE_MARK = re.compile(r"[/\\@#`\"“„«‹]")
_OUTER_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "'": "'", "‘": "’"}
# What may come right before the first word of a sentence: a capital after it is the sentence's, not a name's.
_SENTENCE_BREAK = set(".!?:;([{«“\"•*|–—>")

_ENGLISH = "english"
_SHOUTING = 0.8  # share of capital letters above which a sentence is written in capitals throughout


def plain(word: str) -> str:
    """A word without its accents: "für" -> "fur", "più" -> "piu" (the combining accents of Latin letters)."""
    return _ACCENTS.sub("", unicodedata.normalize("NFD", word))


def _key(word: str) -> str:
    return unicodedata.normalize("NFC", word.strip().lower().replace("’", "'"))


@dataclass(frozen=True, slots=True)
class _Lists:
    """A rule's word lists ready for lookups, built once when the rubric loads."""

    min_hits: int
    english: frozenset[str]
    foreign: dict[str, tuple[str, ...]]  # a word of another language -> the languages that use it
    pieces: frozenset[str]
    ascii_pieces: frozenset[bytes]
    plain_pieces: frozenset[bytes] | None  # None when a word has a letter that does not lose its accent to ASCII
    particles: frozenset[str]
    phrases: re.Pattern[str] | None


class LanguageParams(Params):
    field: str = "text"
    english: list[str] = Field(min_length=1)
    languages: dict[str, list[str]] = Field(min_length=1)
    min_hits: int = Field(default=2, ge=1)
    name_particles: list[str] = Field(default_factory=list)
    ignore_phrases: list[str] = Field(default_factory=list)
    _lists: _Lists | None = PrivateAttr(default=None)

    @field_validator("languages")
    @classmethod
    def _named(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in value.items():
            if not words:
                raise ValueError(f"the word list of '{name}' is empty")
            if name.lower() == _ENGLISH:
                raise ValueError("English has its own list, 'english'")
        return value

    @model_validator(mode="after")
    def _build(self) -> LanguageParams:
        english = frozenset(_key(word) for word in self.english if word.strip())
        foreign: dict[str, tuple[str, ...]] = {}
        for name, words in self.languages.items():
            for word in words:
                key = _key(word)
                for spelling in dict.fromkeys((key, plain(key))):
                    found = foreign.get(spelling, ())
                    if spelling and spelling not in english and name not in found:
                        foreign[spelling] = (*found, name)
        # every word of another language as the quick count's pieces see it: "l'" as "l"
        pieces = _with_apostrophes(piece for key in foreign for piece in _PIECES.split(key) if piece)
        self._lists = _Lists(
            min_hits=self.min_hits,
            english=english,
            foreign=foreign,
            pieces=pieces,
            ascii_pieces=frozenset(piece.encode() for piece in pieces if piece.isascii()),
            plain_pieces=_plain_pieces(foreign),
            particles=frozenset(_key(word) for word in self.name_particles),
            phrases=_phrase_pattern(self.ignore_phrases),
        )
        return self

    def lists(self) -> _Lists:
        """The word lists as looked up; read from pydantic's private dict, as attribute access is slow on this path."""
        lists: _Lists = self.__pydantic_private__["_lists"]  # type: ignore[index]
        return lists


def _with_apostrophes(pieces: Iterable[str]) -> frozenset[str]:
    """Pieces, each also with an apostrophe after it: "de" in "de'" is still "de" to `judge`."""
    found = {piece for piece in pieces if piece.strip("'")}
    return frozenset(found | {piece + "'" for piece in found if not piece.endswith("'")})


def _elided(text: str) -> str:
    """A blank after every apostrophe, so "l'équipe" splits into "l'" and "équipe"."""
    return text.replace("’", "'").replace("'", "' ") if "'" in text or "’" in text else text


def _plain_pieces(foreign: dict[str, tuple[str, ...]]) -> frozenset[bytes] | None:
    """Every word of another language without its accents, as pieces in ASCII: "à" as "a", "l'" as "l"."""
    spellings = [plain(key) for key in foreign]
    if not all(spelling.isascii() for spelling in spellings):
        return None
    pieces = _with_apostrophes(piece for spelling in spellings for piece in _PIECES.split(spelling) if piece)
    return frozenset(piece.encode() for piece in pieces)


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One pattern for whole phrases, any run of blanks between their words, matched against lower-cased text."""
    alternatives = sorted(
        {r"\s+".join(map(re.escape, p.lower().split())) for p in phrases if p.strip()}, key=len, reverse=True
    )
    if not alternatives:
        return None
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(alternatives)})(?![\w-])")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the function words say: the most likely other language, its words, and the English count."""

    language: str | None
    spans: tuple[Mark, ...]
    english: int

    @property
    def hits(self) -> int:
        return len(self.spans)


def _masked(text: str, phrases: re.Pattern[str] | None) -> str:
    """The text with what is not prose blanked out, same length so positions still point at the author's words."""
    stripped = text.strip()
    opening, closing = stripped[:1], stripped[-1:]
    if len(stripped) > 1 and _OUTER_QUOTES.get(opening) == closing and (
        opening not in stripped[1:-1] and closing not in stripped[1:-1]
    ):  # the whole sentence quoted: read what is inside
        start = text.index(opening)
        end = start + len(stripped) - 1
        text = f"{text[:start]} {text[start + 1 : end]} {text[end + 1 :]}"
    chunks = []
    position = 0
    if _NOT_PROSE_MARK.search(text):
        chunks += [match.span() for match in _NOT_PROSE.finditer(text)]
    if phrases is not None:
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): keep positions
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        chunks += [match.span() for match in phrases.finditer(lowered)]
    if not chunks:
        return text
    parts = []
    for start, end in sorted(chunks):
        if end <= position:
            continue
        start = max(start, position)
        parts.append(text[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _shouting(text: str) -> bool:
    """Written in capitals throughout ("REDUCIR EL TIEMPO"): then no capital marks a name or an acronym."""
    upper = sum(c.isupper() for c in text)
    return upper > 0 and upper >= _SHOUTING * (upper + sum(c.islower() for c in text))


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of a sentence: nothing but blanks and a break before it."""
    index = start - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index < 0 or text[index] in _SENTENCE_BREAK


def _word(match: re.Match[str]) -> str:
    word = match.group(0).lower()
    return word if word.isascii() else _key(word)


def _in_name(index: int, tokens: list[re.Match[str]], particles: frozenset[str], text: str) -> bool:
    """Whether a lower-case particle sits between two capitalised words ("Café del Mar", "Banco de la Nación")."""

    def particle(token: re.Match[str]) -> bool:
        return token.group(0)[0].islower() and _word(token) in particles

    def adjacent(left: re.Match[str], right: re.Match[str]) -> bool:
        return not text[left.end() : right.start()].strip()

    first = last = index
    while first > 0 and particle(tokens[first - 1]) and adjacent(tokens[first - 1], tokens[first]):
        first -= 1
    while last + 1 < len(tokens) and particle(tokens[last + 1]) and adjacent(tokens[last], tokens[last + 1]):
        last += 1
    if first == 0 or last + 1 == len(tokens):
        return False
    left, right = tokens[first - 1], tokens[last + 1]
    return (
        left.group(0)[0].isupper() and right.group(0)[0].isupper() and not _starts_sentence(text, right.start())
        and adjacent(left, tokens[first]) and adjacent(tokens[last], right)
    )


def judge(text: str, params: LanguageParams) -> Verdict:
    """Count the function words of English and of each other language in `text`."""
    lists = params.lists()
    english_words, foreign_words = lists.english, lists.foreign
    masked = _masked(text, lists.phrases)
    tokens = list(_TOKEN.finditer(masked))
    shouting: bool | None = None  # looked at only when a listed word is capitalised
    english = 0
    found: dict[str, list[Mark]] = {}
    for index, token in enumerate(tokens):
        word = _word(token)
        languages = None
        if word not in english_words:
            languages = foreign_words.get(word)
            if languages is None and not word.isascii():
                languages = foreign_words.get(plain(word))
            if languages is None:
                continue
        original = token.group(0)
        if original[0].isupper():
            if shouting is None:
                shouting = _shouting(masked)
            if not shouting:
                if len(original) > 1 and original.isupper():
                    continue  # an acronym: "DE", "IT", "US"
                if languages is not None and not _starts_sentence(masked, token.start()):
                    continue  # a name: "Le Monde", "Los Angeles"
        if languages is None:
            english += 1
            continue
        if word in lists.particles and original[0].islower() and _in_name(index, tokens, lists.particles, masked):
            continue
        start, end = token.span()
        mark = Mark(start, end, text[start:end])
        for language in languages:
            found.setdefault(language, []).append(mark)
    if not found:
        return Verdict(None, (), english)
    language = max(found, key=lambda name: len(found[name]))  # ties go to the language listed first
    return Verdict(language, tuple(found[language]), english)


def might_be_foreign(text: str, params: LanguageParams) -> bool:
    """A quick count that settles most English sentences without reading them word by word.

    It counts every piece of the text spelled like a word of another language, names and
    acronyms included, so it never counts fewer than `judge` does: under `min_hits`, `judge`
    could not find the sentence foreign either.
    """
    lists = params.lists()
    # Most text is ASCII, or ASCII once accents are dropped (and curly quotes, dashes and arrows are
    # made blanks): split and looked up in C, but for the rare sentence with a hit.
    if text.isascii():
        words, found = _elided(text).encode().lower().translate(_ASCII_PIECES).split(), lists.ascii_pieces
    elif lists.plain_pieces is not None:
        words = _elided(plain(text)).encode("ascii", "replace").lower().translate(_ASCII_PIECES).split()
        found = lists.plain_pieces
    else:
        return _might_be_foreign(_elided(unicodedata.normalize("NFC", text)), lists)
    return not found.isdisjoint(words) and sum(word in found for word in words) >= lists.min_hits


def _might_be_foreign(text: str, lists: _Lists) -> bool:
    """`might_be_foreign` word by word, for word lists with letters that stay non-ASCII without accents."""
    pieces = lists.pieces
    hits = 0
    for piece in _PIECES.split(text.lower()):
        if piece in pieces or (not piece.isascii() and plain(piece) in pieces):
            hits += 1
            if hits >= lists.min_hits:
                return True
    return False


def foreign(verdict: Verdict, params: LanguageParams) -> bool:
    """Another language's function words reach `min_hits` and outnumber English's."""
    return verdict.language is not None and verdict.hits >= params.min_hits and verdict.hits > verdict.english


@detector("not_english", LanguageParams)
def not_english(subject: Subject, params: LanguageParams) -> Hit | None:
    """Fires when the field is written in another language than English, judged by counting function words.

    `english` and `languages` (name: words) list function words; the sentence is not English when the
    best other language has at least `min_hits` of them and more than English has. Capitalised words
    inside a sentence, `name_particles` between two of them and `ignore_phrases` are not counted.
    The finding points at the other language's words. Mark the rule `exclusive: true` so the English
    rules of its scope stay silent on what they cannot read.
    """
    text = subject.fields.get(params.field, "")
    if not might_be_foreign(text, params):
        return None
    verdict = judge(text, params)
    if not foreign(verdict, params):
        return None
    return Hit(spans=list(verdict.spans))
