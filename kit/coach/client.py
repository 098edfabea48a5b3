"""One request per OKR set to any OpenAI-compatible server, with every failure turned into a sentence.

Structured output is asked for in the strongest form the server accepts, remembered per server and
model: a JSON schema (OpenAI, vLLM, llama.cpp), then JSON mode with the schema attached (the form
llama-cpp-python and Anyscale-style servers read), then plain JSON mode. The answer is validated with
pydantic; an invalid or truncated answer is re-asked once with the validation error, then given up.
429 and 5xx are retried with bounded exponential backoff; everything else fails fast with a message
that says what to do next. No message ever carries the API key.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import openai
from pydantic import ValidationError

from kit.coach.cache import AnswerCache, cache_key
from kit.coach.config import CoachConfig
from kit.coach.errors import CoachError
from kit.coach.prompts import build_request
from kit.coach.schema import CoachAnswer, answer_json_schema, target_ids, with_length_limits
from kit.coach.transport import MAX_ANSWER_BYTES, AnswerTooLarge, BoundedTransport
from kit.model import Review

log = logging.getLogger("kit.coach")

OUTPUT_MODES = ("json_schema", "json_object_with_schema", "json_object")
_OPENAI_URL = "https://api.openai.com/v1"
_KEYLESS = "no-key-needed"  # local servers ignore the key but the SDK insists on one
# Which output mode each (server, model) accepted, so a refused mode is tried once per process.
_accepted_mode: dict[tuple[str, str], int] = {}


class _OutputModeRefused(Exception):
    """The server cannot give this output mode; some answer it with a 500 instead of a 400."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status
        self.message = message


@dataclass
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def add(self, usage: Any) -> None:
        if usage is not None:
            self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)


@dataclass
class Consultation:
    """The coach's validated answer for one set, and what it cost."""

    answer: CoachAnswer
    model: str
    prompt_versions: tuple[str, ...]
    system_prompt: str
    from_cache: bool
    usage: Usage = field(default_factory=Usage)
    output_mode: str | None = None


def consult(
    review: Review,
    config: CoachConfig,
    rule_ids: list[str],
    *,
    http_client: openai.DefaultHttpxClient | None = None,
    usage: Usage | None = None,
) -> Consultation:
    """Ask the coach about `review`'s set, or read the answer from the cache. Raises CoachError.

    Pass `usage` to count requests and tokens even when the answer turns out unusable.
    """
    targets = list(target_ids(review.okr_set))
    if not targets:
        raise CoachError("The draft has no objectives yet, so there is nothing for the coach to review.")
    request = build_request(review.okr_set, review.findings, rule_ids)
    schema = answer_json_schema(targets, rule_ids, max_reviews=len(targets))
    key = cache_key(config.base_url or _OPENAI_URL, config.model, list(request.versions), request.messages, schema)
    cache = AnswerCache(config.cache_dir) if config.cache_dir else None
    if cache is not None and (entry := cache.get(key)) is not None:
        log.info("coach answer for %s read from the cache", key[:12])
        return Consultation(entry.answer, config.model, request.versions, request.system, from_cache=True)
    usage = usage if usage is not None else Usage()
    client = _client(config, http_client)
    try:
        answer, mode = _Session(client, config, usage).structured_answer(request.messages, schema)
    finally:
        if http_client is None:
            client.close()
    if cache is not None:
        cache.put(key, config.model, list(request.versions), answer)
    return Consultation(
        answer, config.model, request.versions, request.system, from_cache=False, usage=usage, output_mode=mode
    )


def _client(config: CoachConfig, http_client: openai.DefaultHttpxClient | httpx.Client | None) -> openai.OpenAI:
    """A client whose every request ends within `config.timeout` and reads at most MAX_ANSWER_BYTES.

    A caller's own `http_client` (for instrumentation) brings its own transport and bounds.
    """
    # A plain httpx client: the SDK takes one whichever HTTP library it uses itself (httpx before 3.x).
    http_client = http_client or httpx.Client(
        transport=BoundedTransport(config.timeout), timeout=config.timeout, follow_redirects=True
    )
    return openai.OpenAI(
        api_key=config.api_key.get_secret_value() if config.api_key else _KEYLESS,
        base_url=config.base_url or _OPENAI_URL,
        timeout=config.timeout,
        max_retries=0,  # retries are ours: bounded, and each one explained
        http_client=cast(Any, http_client),
    )


def response_format(mode: str, schema: dict[str, Any]) -> dict[str, Any]:
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "coach_review", "strict": True, "schema": schema}}
    if mode == "json_object_with_schema":
        return {"type": "json_object", "schema": with_length_limits(schema)}
    return {"type": "json_object"}


def sampling_options(mode: str) -> dict[str, Any]:
    """Extra request fields for the output mode. llama-cpp-python penalises repeated tokens by default
    (1.1), which in a JSON answer penalises the quotes and brackets that close it: the model then
    rambles until max_tokens cuts the answer off. Only that server's mode gets the penalty switched off."""
    return {"repeat_penalty": 1.0} if mode == "json_object_with_schema" else {}


@dataclass(frozen=True)
class _Session:
    """What every request of one consultation shares: the client, the settings, and the running cost."""

    client: openai.OpenAI
    config: CoachConfig
    usage: Usage

    def structured_answer(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> tuple[CoachAnswer, str]:
        conversation = list(messages)
        for attempt in (1, 2):
            completion, mode = self._complete(conversation, schema)
            choice = completion.choices[0] if completion.choices else None
            if choice is None:
                raise CoachError("The coach server sent an empty answer. Try again later.")
            refusal = getattr(choice.message, "refusal", None)
            if refusal:
                raise CoachError(f"The coach declined to review this draft: {_clip(self.config.redact(refusal))}")
            if choice.finish_reason == "content_filter":
                raise CoachError("The coach server's content filter stopped the answer; the rubric review stands.")
            # Scrubbed before anything else sees it: the answer is shown, logged, cached and possibly re-sent.
            content = self.config.redact(choice.message.content or "")
            try:
                return parse_answer(content), mode
            except ValidationError as error:
                problem = _describe(error, choice.finish_reason == "length", self.config.max_tokens, content)
            log.info("coach answer rejected (attempt %d): %s", attempt, self.config.redact(problem))
            if attempt == 2:
                raise CoachError(
                    f"The coach's answer could not be used, even after asking again ({self.config.redact(problem)}). "
                    "Try again, or use a larger model."
                )
            conversation = [
                *messages,
                {"role": "assistant", "content": content[:4000]},
                {
                    "role": "user",
                    "content": f"That answer is not valid: {problem}. Reply again with only the JSON object, "
                    "in the requested shape, shorter if needed.",
                },
            ]
        raise AssertionError("unreachable")

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> tuple[Any, str]:
        """Send the request in the first output mode the server accepts (a 400 or 422 means: not this one)."""
        server = (self.config.base_url or _OPENAI_URL, self.config.model)
        first = _accepted_mode.get(server, 0)
        for index in range(first, len(OUTPUT_MODES)):
            mode = OUTPUT_MODES[index]
            try:
                completion = self._create(messages, response_format(mode, schema), sampling_options(mode))
            except (openai.BadRequestError, openai.UnprocessableEntityError) as error:
                refused = _OutputModeRefused(error.status_code, _server_message(error))
            except _OutputModeRefused as error:
                refused = error
            else:
                _accepted_mode[server] = index
                return completion, mode
            log.info("server refused output mode %s: %s", mode, self.config.redact(refused.message))
            if index == len(OUTPUT_MODES) - 1:
                raise CoachError(
                    f"The coach server rejected the request ({refused.status_code}: "
                    f"{_clip(self.config.redact(refused.message))}). Check OKR_KIT_COACH_MODEL and the server."
                )
        raise AssertionError("unreachable")

    def _create(
        self, messages: list[dict[str, str]], response_format_: dict[str, Any], extra_body: dict[str, Any]
    ) -> Any:
        where = self.config.server_label
        for attempt in range(self.config.max_retries + 1):
            self.usage.requests += 1
            try:
                completion = self.client.chat.completions.create(
                    model=self.config.model,
                    messages=cast(Any, messages),
                    response_format=cast(Any, response_format_),
                    max_tokens=self.config.max_tokens,
                    temperature=self.config.temperature,
                    extra_body=extra_body or None,
                )
            except openai.RateLimitError as error:
                if _code(error) == "insufficient_quota":
                    raise CoachError(
                        f"The coach account at {where} has no quota left (429). Add credit or use another key."
                    ) from None
                problem = f"{where} is limiting requests (429)"
                wait = _retry_after(error)
            except openai.InternalServerError as error:
                if "response_format" in _server_message(error):
                    raise _OutputModeRefused(error.status_code, _server_message(error)) from None
                problem = f"{where} had an internal error ({error.status_code})"
                wait = None
            except openai.APITimeoutError:
                raise CoachError(
                    f"The coach at {where} did not answer within {self.config.timeout:g} s. "
                    "Try again, or allow more time with OKR_KIT_COACH_TIMEOUT."
                ) from None
            except openai.APIConnectionError as error:
                if isinstance(error.__cause__, AnswerTooLarge):
                    raise CoachError(
                        f"The coach at {where} sent an answer that was not read: {error.__cause__} (the limit is "
                        f"{MAX_ANSWER_BYTES // 1024} KB, uncompressed). Check the server, or lower "
                        "OKR_KIT_COACH_MAX_TOKENS."
                    ) from None
                raise CoachError(
                    f"Could not reach the coach at {where}. "
                    "Check that the server is running and OPENAI_BASE_URL is right."
                ) from None
            except openai.AuthenticationError:
                raise CoachError(f"{where} refused the API key (401). Check OPENAI_API_KEY.") from None
            except openai.PermissionDeniedError:
                raise CoachError(f"{where} does not allow this key to use model {self.config.model} (403).") from None
            except openai.NotFoundError:
                raise CoachError(
                    f"{where} has no model '{self.config.model}' (404). Set OKR_KIT_COACH_MODEL to a model it serves."
                ) from None
            else:
                self.usage.add(getattr(completion, "usage", None))
                return completion
            if attempt == self.config.max_retries:
                tries = f"{attempt + 1} attempt" + ("s" if attempt else "")
                raise CoachError(f"The coach is unavailable: {problem}, after {tries}. Try again in a few minutes.")
            backoff = self.config.backoff_seconds * 2**attempt
            delay = min(wait if wait is not None else backoff, self.config.max_backoff_seconds)
            log.info("coach retry in %.1f s: %s", delay, problem)
            time.sleep(delay)
        raise AssertionError("unreachable")


def _retry_after(error: openai.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _code(error: openai.APIStatusError) -> str | None:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            code = inner.get("code") or inner.get("type")
            return str(code) if code else None
    return None


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
        return json.dumps(body)[:300]
    return str(body or error.message)


def _unwrap(content: str) -> str:
    """Some servers wrap JSON mode answers in a Markdown code fence; the JSON inside is what counts."""
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def parse_answer(content: str) -> CoachAnswer:
    """The answer in `content`, or a ValidationError saying why not.

    Line breaks and tabs inside strings are tolerated: llama-cpp-python's JSON grammar lets them
    through, and the answer's validators fold whitespace anyway. Anything else must be valid JSON.
    """
    text = _unwrap(content)
    try:
        data = json.loads(text, strict=False)
    except ValueError:
        return CoachAnswer.model_validate_json(text)  # raises the ValidationError that says why
    return CoachAnswer.model_validate(data)


def _describe(error: ValidationError, truncated: bool, max_tokens: int, content: str) -> str:
    if truncated:
        return f"the answer was cut off at {max_tokens} tokens"
    if not content.strip():
        return "the answer was empty"
    first = error.errors()[0]
    if first["type"] == "json_invalid":
        return f"the answer is not valid JSON (it starts: {_clip(content, 60)!r})"
    where = ".".join(str(part) for part in first["loc"]) or "the answer"
    return f"{where}: {first['msg']} ({len(error.errors())} problem(s) in all)"


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
