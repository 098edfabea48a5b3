"""Drive a programme's load through a real JupyterHub: participants' servers saving drafts while the
facilitator's cohort view reads. Shared by tests/browser/test_hub_load.py and benchmarks/hub_load.py.

Each simulated participant is a hub user with a server of their own (started through the hub's REST
API); the drafting app's code (the OkrEditor and its SavePanel, as notebook 03 builds them) runs in a
kernel of that server, reached through the hub's proxy on the Jupyter kernel protocol, and saves an
edited draft again and again. A few more participants are driven in Chromium through the app itself.
Every version a participant saved is then read back from the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import psutil
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from kit.cop.cohort import load_cohort
from kit.store import open_store
from tests.support.jupyterhub_server import Hub

WORKSHOP = "load-cohort"
LOADED_HUB_WAIT = 600.0  # seconds: a hub starting twenty servers answers slowly, which is not a lost save
KERNEL_ATTEMPTS = 3  # kernels a participant starts before their server counts as broken
KERNEL_ANSWER_WAIT = 90.0  # seconds a new kernel has to answer on a loaded machine
APP_PAGE_WAIT = 180.0  # seconds the app page has to show on a loaded machine before the participant reloads it
RECONNECTS = 5  # times a participant's kernel connection may close and be opened again in one run

# Runs in each participant's kernel: the drafting app, saving an edited draft until the time is up.
DRAFTING_LOOP = """
import json, time
from kit.model import KeyResult, Objective, OkrSet
from kit.widgets.history import SavePanel
from kit.widgets.okr_editor import OkrEditor

editor = OkrEditor()
panel = SavePanel(editor)  # identity, team and store from this server's environment
times, versions, texts = [], [], []
end = time.monotonic() + {seconds}
n = 0
while time.monotonic() < end:
    n += 1
    text = f"Raise week-one activation from 20% to {{30 + n % 60}}% by June 30 (edit {{n}})"
    editor.load(OkrSet(objectives=[Objective(text="New customers succeed in week one",
                                             key_results=[KeyResult(text=text, owner="{user}")])]))
    start = time.perf_counter()
    version = panel.save_now()
    times.append((time.perf_counter() - start) * 1000)
    versions.append(version)
    texts.append(text)
    time.sleep({pause})
print("RESULT " + json.dumps({{"team": panel.team.value, "times": times, "versions": versions, "texts": texts}}))
"""


@dataclass
class Participant:
    user: str
    team: str
    times: list[float] = field(default_factory=list)
    versions: list[int | None] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class LoadResult:
    participants: list[Participant]
    cohort_seconds: list[float]
    browser_saves: dict[str, int]
    lost: list[str]
    memory_mb: dict[str, float]
    start_seconds: float

    @property
    def save_times(self) -> list[float]:
        return [t for p in self.participants for t in p.times]

    def save_p95(self) -> float:
        times = sorted(self.save_times)
        return times[max(0, round(0.95 * len(times)) - 1)] if times else float("nan")


def roster() -> dict[str, Any]:
    """The hub starts with its facilitator only; the participants join through the REST API (run_load)."""
    return {"workshop": WORKSHOP, "facilitators": ["coach"], "admins": ["coach"], "teams": {}}


def add_participants(hub: Hub, users: list[str]) -> None:
    """Create each user and their team group (`team-teamNN`) through the hub's REST API, as a roster sync would."""
    hub.api("POST", "users", {"usernames": users})
    for user in users:
        group = f"team-team{user.removeprefix('user')}"
        hub.api("POST", f"groups/{group}")
        hub.api("POST", f"groups/{group}/users", {"users": [user]})


class ReadyKernel(NamedTuple):
    id: str
    session: str
    channels: HTTPRequest  # opens the kernel's channels again on the same session
    ws: Any


async def _ready_kernel(client: Any, hub: Hub, user: str, headers: dict[str, str]) -> ReadyKernel:
    """Start a kernel in `user`'s server and open its channels once it answers, as a participant's reload would.

    A kernel that never answers is left behind and another started: on TCP ports (a hub that could not give
    a person a socket folder), kernels of servers started together can draw the same free port, and the one
    that loses that race never answers (its ports are the kernel's business, not the drafting app's)."""
    for _attempt in range(KERNEL_ATTEMPTS):
        response = await client.fetch(HTTPRequest(f"{hub.base}/user/{user}/api/kernels", method="POST", body="{}",
                                                  headers=headers, request_timeout=LOADED_HUB_WAIT))
        kernel = json.loads(response.body)["id"]
        session = uuid.uuid4().hex
        channels = HTTPRequest(
            f"ws://127.0.0.1:{hub.port}/user/{user}/api/kernels/{kernel}/channels?session_id={session}",
            headers={"Authorization": headers["Authorization"]},
            connect_timeout=LOADED_HUB_WAIT, request_timeout=LOADED_HUB_WAIT)
        ws = await websocket_connect(channels)
        asked = _message(user, session, "kernel_info_request", {})
        ws.write_message(json.dumps(asked))
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(KERNEL_ANSWER_WAIT):
                while (raw := await ws.read_message()) is not None:
                    if json.loads(raw).get("parent_header", {}).get("msg_id") == asked["header"]["msg_id"]:
                        return ReadyKernel(kernel, session, channels, ws)
        ws.close()
        await _delete_kernel(client, hub, user, kernel, headers)
    raise RuntimeError(f"none of {user}'s {KERNEL_ATTEMPTS} kernels answered")


def _message(user: str, session: str, kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": kind, "username": user, "session": session,
                       "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "content": content}


async def _delete_kernel(client: Any, hub: Hub, user: str, kernel: str, headers: dict[str, str]) -> None:
    with contextlib.suppress(HTTPClientError, OSError):  # tidying up: the server stops at the end anyway
        await client.fetch(HTTPRequest(f"{hub.base}/user/{user}/api/kernels/{kernel}", method="DELETE",
                                       headers=headers, request_timeout=LOADED_HUB_WAIT), raise_error=False)


async def _run_in_kernel(hub: Hub, user: str, code: str, timeout: float) -> str:
    """Execute `code` in a new kernel of `user`'s server and return what it printed.

    A connection that closes mid-run is opened again on the same session: the server keeps what the
    kernel sent meanwhile and replays it, so the result is not lost with the socket (a loaded machine
    answers the server's keep-alive pings late, and the server then drops the connection)."""
    token = await asyncio.to_thread(hub.user_token, user)
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    from tornado.httpclient import AsyncHTTPClient

    client = AsyncHTTPClient()
    kernel, session, channels, ws = await _ready_kernel(client, hub, user, headers)
    request = _message(user, session, "execute_request",
                       {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True})
    msg_id = request["header"]["msg_id"]
    ws.write_message(json.dumps(request))
    printed: list[str] = []
    reconnects = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.read_message(), timeout=max(1.0, deadline - time.monotonic()))
            if raw is None:
                reconnects += 1
                if reconnects > RECONNECTS:
                    raise RuntimeError(f"{user}'s kernel connection closed {reconnects} times")
                ws = await websocket_connect(channels)
                continue
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                raise RuntimeError(f"{user}: {content['ename']}: {content['evalue']}")
            elif kind == "execute_reply":
                return "".join(printed)
        raise TimeoutError(f"{user}'s drafting loop did not finish in {timeout:.0f}s")
    finally:
        ws.close()
        await _delete_kernel(client, hub, user, kernel, headers)


async def _participant(hub: Hub, who: Participant, seconds: float, pause: float) -> None:
    try:
        out = await _run_in_kernel(hub, who.user, DRAFTING_LOOP.format(seconds=seconds, pause=pause, user=who.user),
                                   timeout=seconds + 180)
        line = next(line for line in out.splitlines() if line.startswith("RESULT "))
        result = json.loads(line.removeprefix("RESULT "))
        who.team, who.times, who.versions, who.texts = result["team"], result["times"], result["versions"], \
            result["texts"]
    except Exception as error:
        who.error = f"{type(error).__name__}: {error}"


def _drive_browsers(hub: Hub, users: list[str], seconds: float, saves: dict[str, int], errors: list[str]) -> None:
    """A few participants typing in the real app in Chromium, saving now and then; what went wrong, in `errors`."""
    try:
        _type_in_browsers(hub, users, seconds, saves)
    except Exception as error:
        errors.append(f"Chromium participants: {type(error).__name__}: {str(error).splitlines()[0]}")


def _type_in_browsers(hub: Hub, users: list[str], seconds: float, saves: dict[str, int]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.jupyter_browser import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        pages = []
        for user in users:
            page = browser.new_context().new_page()
            page.goto(f"{hub.base}/hub/login")
            page.locator("input[name=username]").fill(user)
            page.locator("input[name=password]").fill(hub.password)
            page.locator("[type=submit]").click()
            _wait_for_the_app(page)
            pages.append((user, page))
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            for user, page in pages:
                page.locator(".okr-kr-text input").first.fill(f"Cut response time from 9 to {2 + n % 5} hours ({n})")
                page.locator(".okr-save-now").click()
                saves[user] = saves.get(user, 0) + 1
            time.sleep(2)
        browser.close()


def _wait_for_the_app(page: Any) -> None:
    """Wait for the drafting app, reloading the page as a participant would when it does not come: the
    page's kernel may be one that lost a port race and never answers (see _ready_kernel)."""
    from playwright.sync_api import TimeoutError as PageTimeout

    for attempt in range(KERNEL_ATTEMPTS):
        try:
            page.locator(".okr-editor").wait_for(timeout=APP_PAGE_WAIT * 1000)
            return
        except PageTimeout:
            if attempt == KERNEL_ATTEMPTS - 1:
                raise
            page.reload()


def _memory_per_server() -> dict[str, float]:
    """Resident memory of each participant's server and its kernels, in MB."""
    found: dict[str, float] = {}
    for process in psutil.process_iter(["cmdline"]):
        try:
            if "jupyterhub-singleuser" not in " ".join(process.info["cmdline"] or []):
                continue
            user = process.environ().get("JUPYTERHUB_USER", "?")
            tree = [process, *process.children(recursive=True)]
            found[user] = sum(p.memory_info().rss for p in tree) / 1e6
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def run_load(hub: Hub, store_url: str, participants: int, browser_users: int, seconds: float, pause: float = 5.0,
             say: Callable[[str], None] = print) -> LoadResult:
    """Start every server, save for `seconds`, read the cohort view meanwhile, then read every version back.

    `pause` is a participant's pace between saves: the drafting app saves a second after typing stops,
    so a person rewriting KRs saves every few seconds, not continuously."""
    people = [Participant(user=f"user{n:02d}", team=f"team{n:02d}") for n in range(1, participants + 1)]
    driven = [f"user{n:02d}" for n in range(participants + 1, participants + browser_users + 1)]
    add_participants(hub, [p.user for p in people] + driven)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:  # the hub spawns several at once, as at a session's start
        list(pool.map(lambda user: hub.start_server(user, timeout=600), [p.user for p in people] + driven))
    start_seconds = time.monotonic() - started
    say(f"{len(people) + len(driven)} servers ready in {start_seconds:.0f} s; saving for {seconds:.0f} s ...")

    browser_saves: dict[str, int] = {}
    browser_errors: list[str] = []
    browsers = threading.Thread(target=_drive_browsers, args=(hub, driven, seconds, browser_saves, browser_errors),
                                daemon=True)
    if driven:
        browsers.start()
    cohort_seconds: list[float] = []
    stop = threading.Event()

    def read_cohort() -> None:
        with open_store(url=store_url) as store:
            while not stop.wait(5):
                start = time.perf_counter()
                load_cohort(store, WORKSHOP)
                cohort_seconds.append(time.perf_counter() - start)

    reader = threading.Thread(target=read_cohort, daemon=True)
    reader.start()

    async def everyone() -> None:
        await asyncio.gather(*(_participant(hub, p, seconds, pause) for p in people))

    # An event loop of its own, in a thread of its own: a test process may already run one (Playwright's).
    participants_thread = threading.Thread(target=lambda: asyncio.run(everyone()))
    participants_thread.start()
    participants_thread.join()
    memory = _memory_per_server()
    stop.set()
    reader.join(timeout=60)
    if driven:
        browsers.join(timeout=seconds + 900)  # logging in through a loaded hub can take minutes
    with open_store(url=store_url) as store:
        start = time.perf_counter()
        final = load_cohort(store, WORKSHOP)
        cohort_seconds.append(time.perf_counter() - start)
        lost = browser_errors + _lost_versions(store, people)
        lost += [f"{user}: no version saved from the browser" for user in driven
                 if not store.versions(WORKSHOP, f"team{user.removeprefix('user')}")]
    say(f"cohort view of {len(final.teams)} teams read {len(cohort_seconds)} times")
    return LoadResult(participants=people, cohort_seconds=cohort_seconds, browser_saves=browser_saves, lost=lost,
                      memory_mb=memory, start_seconds=start_seconds)


def _lost_versions(store: Any, people: list[Participant]) -> list[str]:
    """Every version a participant saved must be in the store with the text they saved."""
    lost = [f"{p.user}: {p.error}" for p in people if p.error]
    for p in people:
        for version, text in zip(p.versions, p.texts, strict=True):
            if version is None:
                lost.append(f"{p.user}: a save returned no version")
                continue
            saved = store.load_version(WORKSHOP, p.team, version)
            if saved.info.author != p.user or saved.okr_set.objectives[0].key_results[0].text != text:
                lost.append(f"{p.user}: version {version} does not hold what was saved")
    return lost


def summary(result: LoadResult) -> dict[str, float]:
    memory = list(result.memory_mb.values())
    return {
        "saves": len(result.save_times),
        "save_p95_ms": result.save_p95(),
        "save_median_ms": statistics.median(result.save_times) if result.save_times else float("nan"),
        "cohort_view_max_s": max(result.cohort_seconds) if result.cohort_seconds else float("nan"),
        "memory_median_mb": statistics.median(memory) if memory else float("nan"),
        "memory_max_mb": max(memory) if memory else float("nan"),
    }
