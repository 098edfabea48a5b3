"""The shape of the coach's answer, as pydantic models and as the JSON schema sent to the server.

The JSON schema is built per OKR set: `target` and `rule` are enums of the set's own ids and the
rubric's rule ids, so a server that enforces schemas (OpenAI, llama.cpp, vLLM) cannot name a KR that
does not exist. Servers that only offer JSON mode get the same checks afterwards, in `merge`.
Confidence is the house 1-5 scale (1 a guess, 5 certain), mapped to 0-1 on the findings.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kit.model import OkrSet

MAX_REWRITES = 3
MAX_VERDICTS = 3
MAX_QUESTIONS = 3
MAX_RATIONALE = 300
MAX_TEXT = 400  # a rewrite or a question
MAX_REVIEWS = 400  # more targets than any OKR set has
# Character limits a grammar-constrained server (llama.cpp) enforces while it writes; a small model
# otherwise can repeat itself inside one string until max_tokens cuts the whole answer off.
GRAMMAR_MAX_LENGTHS = {"rationale": 120, "rewrites": 120, "questions": 120}
COACH_RULE = "coach-judgement"


def _clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters: an answer that runs on is cut, never shown or cached whole."""
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first(most: int) -> AfterValidator:
    """Keep the first `most` items: a list that runs on is cut, not refused."""

    def keep(items: list[Any]) -> list[Any]:
        return items[:most]

    return AfterValidator(keep)


def _first_texts(most: int) -> AfterValidator:
    """Keep the first `most` texts that are not blank, each clipped; a runaway list is not even read to its end."""

    def keep(texts: list[str]) -> list[str]:
        return [_clip(text, MAX_TEXT) for text in texts[: most * 4] if text.strip()][:most]

    return AfterValidator(keep)


def _clipped(limit: int) -> AfterValidator:
    """Clip a text field to one line of at most `limit` characters."""

    def clip(text: str) -> str:
        return _clip(text, limit)

    return AfterValidator(clip)


class _Answer(BaseModel):
    # Extra keys are dropped, not obeyed: text in a draft cannot add fields to the answer.
    model_config = ConfigDict(extra="ignore")


class Verdict(_Answer):
    rule: str
    rationale: Annotated[str, _clipped(MAX_RATIONALE)]
    applies: bool
    confidence: Literal[1, 2, 3, 4, 5]


class TargetReview(_Answer):
    target: str = Field(description="An id from the draft: O1 for an objective, O1.KR2 for a key result.")
    verdicts: Annotated[list[Verdict], _first(MAX_VERDICTS)] = Field(default_factory=list)
    rewrites: Annotated[list[str], _first_texts(MAX_REWRITES)] = Field(default_factory=list)


class CoachAnswer(_Answer):
    reviews: Annotated[list[TargetReview], _first(MAX_REVIEWS)] = Field(default_factory=list)
    questions: Annotated[list[str], _first_texts(MAX_QUESTIONS)] = Field(default_factory=list)


def target_ids(okr_set: OkrSet) -> dict[str, tuple[int, int | None]]:
    """Ids a person can read ("O2.KR1"), mapped to the objective and KR indexes findings use."""
    ids: dict[str, tuple[int, int | None]] = {}
    for oi, objective in enumerate(okr_set.objectives):
        ids[f"O{oi + 1}"] = (oi, None)
        for ki in range(len(objective.key_results)):
            ids[f"O{oi + 1}.KR{ki + 1}"] = (oi, ki)
    return ids


def answer_json_schema(targets: list[str], rule_ids: list[str], *, max_reviews: int | None = None) -> dict[str, Any]:
    """A self-contained schema (no $ref) that strict OpenAI mode and llama.cpp grammars both accept."""
    # No maxLength: OpenAI's strict mode does not accept it. Length is bounded by max_tokens and
    # trimmed by the validators above; `with_length_limits` adds it for grammar-based servers.
    text: dict[str, Any] = {"type": "string"}
    verdict = {
        "type": "object",
        "properties": {
            "rule": {"type": "string", "enum": rule_ids},
            "rationale": text,
            "applies": {"type": "boolean"},
            "confidence": {"type": "integer", "enum": [1, 2, 3, 4, 5]},
        },
        "required": ["rule", "rationale", "applies", "confidence"],
        "additionalProperties": False,
    }
    review = {
        "type": "object",
        "properties": {
            "target": {"type": "string", "enum": targets},
            "verdicts": {"type": "array", "items": verdict, "maxItems": MAX_VERDICTS},
            "rewrites": {"type": "array", "items": text, "maxItems": MAX_REWRITES},
        },
        "required": ["target", "verdicts", "rewrites"],
        "additionalProperties": False,
    }
    reviews: dict[str, Any] = {"type": "array", "items": review}
    if max_reviews is not None:
        reviews["maxItems"] = max_reviews
    return {
        "type": "object",
        "properties": {
            "reviews": reviews,
            # At least one question: every review leaves the clinic something to ask.
            "questions": {"type": "array", "items": text, "minItems": 1, "maxItems": MAX_QUESTIONS},
        },
        "required": ["reviews", "questions"],
        "additionalProperties": False,
    }


def with_length_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of an answer schema whose free-text strings carry maxLength, for servers that compile the
    schema into a grammar (llama.cpp reads maxLength; OpenAI's strict mode would reject it)."""
    limited = copy.deepcopy(schema)
    properties = limited["properties"]
    review = properties["reviews"]["items"]["properties"]
    # Fresh dicts: the schema shares one string definition between fields, and so does its deep copy.
    verdict = review["verdicts"]["items"]["properties"]
    verdict["rationale"] = {"type": "string", "maxLength": GRAMMAR_MAX_LENGTHS["rationale"]}
    review["rewrites"]["items"] = {"type": "string", "maxLength": GRAMMAR_MAX_LENGTHS["rewrites"]}
    properties["questions"]["items"] = {"type": "string", "maxLength": GRAMMAR_MAX_LENGTHS["questions"]}
    return limited
