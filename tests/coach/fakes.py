"""A scripted OpenAI-compatible server on 127.0.0.1 for fault tests, and small OKR reviews to send it."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kit.model import Finding, KeyResult, Level, Objective, OkrSet, Review

API_KEY = "test-key-5f2c9a1e7b3d4c8a9e0f1a2b3c4d5e6f"  # not shaped like a real key: redaction must not need the shape


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between single bytes of the body: a server that never quite stops
    declare_length: bool = True  # False: no content-length, the body ends when the connection closes


def completion(
    content: str | dict[str, Any] | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    prompt_tokens: int = 100,
    completion_tokens: int = 20,
) -> Reply:
    text = json.dumps(content) if isinstance(content, dict) else content
    return Reply(
        body={
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": refusal},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


def error(status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status=status, body={"error": {"message": message, "type": "error", "code": code}}, headers=headers or {}
    )


class FakeServer:
    """Answers each chat request with the next scripted reply and records what it was sent."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                server.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                reply = server.script.pop(0) if server.script else error(500, "script exhausted")
                if reply.delay:
                    time.sleep(reply.delay)
                payload = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    if reply.declare_length:
                        self.send_header("content-length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if not reply.drip:
                        self.wfile.write(payload)
                    for index in range(len(payload) if reply.drip else 0):
                        self.wfile.write(payload[index : index + 1])
                        self.wfile.flush()
                        time.sleep(reply.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def sample_review(kr_text: str = "Hold 6 onboarding workshops for new managers") -> Review:
    """Two objectives, three KRs, one rubric finding on O1.KR1: enough to exercise every merge path."""
    okr_set = OkrSet(
        title="Support team Q3",
        objectives=[
            Objective(
                text="Make new customers successful in their first week",
                key_results=[
                    KeyResult(text=kr_text, owner="Dana"),
                    KeyResult(
                        text="Raise first-week activation from 41% to 60% by Sep 30",
                        owner="Lee",
                        source="Activation dashboard",
                    ),
                ],
            ),
            Objective(
                text="Answer customers faster",
                key_results=[KeyResult(text="Cut median first reply time from 9 h to 2 h by Sep 30")],
            ),
        ],
    )
    finding = Finding(
        rule="kr-task-list",
        level=Level.WARNING,
        message="This reads like a task, not a result.",
        scope="key_result",
        objective_index=0,
        kr_index=0,
        text=kr_text,
    )
    return Review(okr_set=okr_set, findings=[finding])


def good_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "reviews": [
            {
                "target": "O1.KR1",
                "verdicts": [
                    {
                        "rule": "kr-task-list",
                        "rationale": "Workshops are an activity.",
                        "applies": True,
                        "confidence": 5,
                    }
                ],
                "rewrites": ["Raise week-one activation of invited managers from 30% to 55% by Sep 30"],
            },
            {
                "target": "O2.KR1",
                "verdicts": [
                    {"rule": "coach-judgement", "rationale": "No owner is named.", "applies": True, "confidence": 3}
                ],
                "rewrites": [],
            },
        ],
        "questions": ["Which signal would tell you by week three that activation is moving?"],
    }
    answer.update(changes)
    return answer
