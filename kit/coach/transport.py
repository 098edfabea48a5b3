"""Bounds on what one coach server may cost us: time per request, and bytes per answer.

httpx's timeouts are per read, so a server that sends a byte every few seconds never trips them;
this transport gives each request a deadline for the whole exchange and stops reading an answer
that grows past any size a review could need.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

# A review of the largest set the coach is sent is a few tens of kilobytes; more is a fault.
MAX_ANSWER_BYTES = 512 * 1024


class AnswerTooLarge(httpx.ReadError):
    """The server sent more than MAX_ANSWER_BYTES; nothing of it is used or cached."""


class RequestDeadlinePassed(httpx.ReadTimeout):
    """The whole exchange took longer than the request's deadline, however steadily bytes arrived."""


class _BoundedStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, deadline: float, seconds: float, limit: int) -> None:
        self.inner, self.deadline, self.seconds, self.limit = inner, deadline, seconds, limit

    def __iter__(self) -> Iterator[bytes]:
        received = 0
        for chunk in self.inner:
            received += len(chunk)
            if received > self.limit:
                raise AnswerTooLarge(f"the answer is larger than {self.limit // 1024} KB")
            if time.monotonic() > self.deadline:
                raise RequestDeadlinePassed(f"the answer took longer than {self.seconds:g} s")
            yield chunk

    def close(self) -> None:
        self.inner.close()


class BoundedTransport(httpx.BaseTransport):
    """An HTTP transport whose responses stop at `seconds` after the request and at `limit` bytes."""

    def __init__(self, seconds: float, limit: int = MAX_ANSWER_BYTES) -> None:
        self.inner = httpx.HTTPTransport()
        self.seconds = seconds
        self.limit = limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self.seconds
        # A compressed answer could unpack to far more than the bytes counted here: ask for none, accept none.
        request.headers["accept-encoding"] = "identity"
        response = self.inner.handle_request(request)
        if response.headers.get("content-encoding", "identity").lower() != "identity":
            response.close()
            raise AnswerTooLarge("the answer came compressed, so its size cannot be bounded")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            response.close()
            raise AnswerTooLarge(f"the answer is larger than {self.limit // 1024} KB")
        if not isinstance(response.stream, httpx.SyncByteStream):
            return response
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_BoundedStream(response.stream, deadline, self.seconds, self.limit),
            extensions=response.extensions,
            request=request,
        )

    def close(self) -> None:
        self.inner.close()
