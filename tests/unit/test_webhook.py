"""``escalation digest --post`` against real HTTP servers on the loopback address.

Each server is started by its test on 127.0.0.1, port 0 (``http.server`` in a thread, or
a listening socket that never answers). The waits between attempts go to a recorder, so
no test sleeps; the one timeout is half a second, on a server that accepts the
connection and never answers.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from generator.write import webhook
from generator.write.webhook import WebhookFailed, post_json

if TYPE_CHECKING:
    from conftest import CLI

REPO = Path(__file__).parents[2]
PAYLOAD = {"text": "Escalation digest", "blocks": []}
SECRET_PATH = "/services/T000/B000/sEcReTtOkEn"


@dataclass
class Answer:
    status: int
    body: str = "ok"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Script:
    """The answers a server gives, in order (the last one repeats), and what it received."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.received: list[Received] = []


@contextmanager
def serve(script: Script) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering ``script``; yields the webhook's URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            script.received.append(Received(self.path, dict(self.headers),
                                            self.rfile.read(length)))
            answer = script.answers[min(len(script.received), len(script.answers)) - 1]
            body = answer.body.encode("utf-8")
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SECRET_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class Waits:
    """Records the waits between attempts instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests go straight to the test's server, whatever the environment says."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def port_of(url: str) -> str:
    return url.split("/")[2]


def test_a_message_the_webhook_accepts_is_posted_once_as_json() -> None:
    script = Script(Answer(200, "ok"))
    waits = Waits()
    with serve(script) as url:
        delivery = post_json(url, PAYLOAD, sleep=waits)
    assert (delivery.status, delivery.attempts, waits.seconds) == (200, 1, [])
    [request] = script.received
    assert request.path == SECRET_PATH
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(request.body) == PAYLOAD


@pytest.mark.parametrize("retry_after", ["1", "0"])
def test_a_429_is_tried_again_after_its_retry_after(retry_after: str) -> None:
    script = Script(Answer(429, "rate_limited", {"Retry-After": retry_after}), Answer(200))
    waits = Waits()
    with serve(script) as url:
        delivery = post_json(url, PAYLOAD, sleep=waits)
    assert (delivery.status, delivery.attempts) == (200, 2)
    assert waits.seconds == [float(retry_after)]
    assert [json.loads(r.body) for r in script.received] == [PAYLOAD, PAYLOAD]


@pytest.mark.parametrize(("retry_after", "wait"), [
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # an HTTP date already past: at once
    ("soon", 0.25),  # not a number nor a date: the backoff
])
def test_a_retry_after_date_or_nonsense(retry_after: str, wait: float) -> None:
    script = Script(Answer(429, "rate_limited", {"Retry-After": retry_after}), Answer(200))
    waits = Waits()
    with serve(script) as url:
        delivery = post_json(url, PAYLOAD, sleep=waits, backoff=0.25)
    assert (delivery.attempts, waits.seconds) == (2, [wait])


def test_a_long_error_body_is_one_line_cut_short() -> None:
    body = "<html>\n<body>\x1b[31mForbidden</body>\n" + "x" * 1000
    script = Script(Answer(403, body))
    with serve(script) as url, pytest.raises(WebhookFailed) as failed:
        post_json(url, PAYLOAD, sleep=Waits())
    message = str(failed.value)
    prefix = f"the webhook at {port_of(url)} answered HTTP 403: <html> <body> [31mForbidden"
    assert message.startswith(prefix)
    assert "\n" not in message and "\x1b" not in message
    assert len(message) == len(f"the webhook at {port_of(url)} answered HTTP 403: ") + 300
    assert message.endswith("…")


def test_a_500_three_times_fails_after_three_attempts_with_backoff() -> None:
    script = Script(Answer(500, "internal trouble"))
    waits = Waits()
    with serve(script) as url, pytest.raises(WebhookFailed) as failed:
        post_json(url, PAYLOAD, sleep=waits, backoff=1.0)
    assert str(failed.value) == (f"the webhook at {port_of(url)} answered HTTP 500: internal"
                                 " trouble (tried 3 times)")
    assert len(script.received) == 3
    assert waits.seconds == [1.0, 2.0]


def test_a_500_then_success_is_posted() -> None:
    script = Script(Answer(503), Answer(200))
    waits = Waits()
    with serve(script) as url:
        delivery = post_json(url, PAYLOAD, sleep=waits, backoff=0.5)
    assert (delivery.attempts, waits.seconds) == (2, [0.5])


def test_a_400_fails_at_once_with_slacks_words() -> None:
    script = Script(Answer(400, "invalid_payload"))
    waits = Waits()
    with serve(script) as url, pytest.raises(WebhookFailed) as failed:
        post_json(url, PAYLOAD, sleep=waits)
    assert str(failed.value) == f"the webhook at {port_of(url)} answered HTTP 400: invalid_payload"
    assert (len(script.received), waits.seconds) == (1, [])
    assert "sEcReT" not in str(failed.value)


def test_a_retry_after_beyond_the_waiting_budget_is_not_waited_for() -> None:
    script = Script(Answer(429, "rate_limited", {"Retry-After": "120"}))
    waits = Waits()
    with serve(script) as url, pytest.raises(WebhookFailed) as failed:
        post_json(url, PAYLOAD, sleep=waits, max_wait=30)
    assert str(failed.value) == (
        f"the webhook at {port_of(url)} answered HTTP 429: rate_limited; it asks to wait"
        " 120 s before trying again, beyond the 30 s this command waits in all: try again"
        " later")
    assert (len(script.received), waits.seconds) == (1, [])


def test_a_redirect_is_not_followed() -> None:
    elsewhere = Script(Answer(200))
    with serve(elsewhere) as target:
        script = Script(Answer(307, "", {"Location": target}))
        with serve(script) as url, pytest.raises(WebhookFailed) as failed:
            post_json(url, PAYLOAD, sleep=Waits())
    assert str(failed.value) == (f"the webhook at {port_of(url)} answered HTTP 307 (a"
                                 " redirect, not followed)")
    assert elsewhere.received == []


def test_a_server_that_never_answers_times_out_and_is_not_tried_again() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        # The kernel completes the connection; nobody ever reads or answers it.
        port = listener.getsockname()[1]
        url = f"http://127.0.0.1:{port}{SECRET_PATH}"
        waits = Waits()
        with pytest.raises(WebhookFailed) as failed:
            post_json(url, PAYLOAD, timeout=0.5, sleep=waits)
        listener.setblocking(False)
        connections = []
        while True:
            try:
                connections.append(listener.accept()[0])
            except BlockingIOError:
                break
        for connection in connections:
            connection.close()
    assert str(failed.value) == (
        f"the webhook at 127.0.0.1:{port} did not answer within 0.5 s; the message may or"
        " may not have been posted (not tried again, so that it is not posted twice)")
    assert (len(connections), waits.seconds) == (1, [])


def test_a_refused_connection_is_tried_again_then_reported() -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    waits = Waits()
    with pytest.raises(WebhookFailed) as failed:
        post_json(f"http://127.0.0.1:{port}{SECRET_PATH}", PAYLOAD, sleep=waits, backoff=1.0)
    assert str(failed.value) == (f"cannot reach the webhook at 127.0.0.1:{port}: Connection"
                                 " refused (tried 3 times)")
    assert waits.seconds == [1.0, 2.0]


# ------------------------------------------------------------ the command line


def digest(cli: CLI, *args: str) -> Any:
    return cli("digest", "-f", str(REPO / "mkdocs.yml"), "--as-of", "2026-11-30T10:00", *args)


def test_post_sends_exactly_the_slack_format(cli: CLI) -> None:
    script = Script(Answer(200))
    with serve(script) as url:
        result = digest(cli, "--post", url)
    assert (result.code, result.out) == (0, "")
    assert result.err == (f"escalation digest: posted to the webhook at {port_of(url)} (HTTP"
                          " 200, attempt 1)\n")
    printed = digest(cli, "--format", "slack")
    [request] = script.received
    assert json.loads(request.body) == json.loads(printed.out)


def test_post_refused_with_400_exits_1_without_a_traceback_or_the_address(cli: CLI) -> None:
    script = Script(Answer(400, "invalid_payload"))
    with serve(script) as url:
        result = digest(cli, "--post", url)
    assert result.code == 1
    assert result.err == (f"escalation digest: error: the webhook at {port_of(url)} answered"
                          " HTTP 400: invalid_payload\n")
    assert "sEcReT" not in result.out + result.err


def test_post_500_three_times_exits_1(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhook, "BACKOFF_SECONDS", 0.01)
    script = Script(Answer(502, "bad gateway"))
    with serve(script) as url:
        result = digest(cli, "--post", url)
    assert result.code == 1
    assert result.err == (f"escalation digest: error: the webhook at {port_of(url)} answered"
                          " HTTP 502: bad gateway (tried 3 times)\n")
    assert len(script.received) == 3


def test_post_to_a_server_that_never_answers_exits_1(cli: CLI) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        result = digest(cli, "--post", f"http://127.0.0.1:{port}{SECRET_PATH}",
                        "--timeout", "0.5")
    assert result.code == 1
    assert result.err.startswith(f"escalation digest: error: the webhook at 127.0.0.1:{port}"
                                 " did not answer within 0.5 s;")
    assert "sEcReT" not in result.out + result.err
