"""Posting a message to a webhook (a Slack incoming webhook): the one output of the tools
that goes over the network.

One POST of JSON, with a timeout on each attempt. An answer 5xx or 429, or a connection
that cannot be made (nothing was sent), is tried again: at most :data:`ATTEMPTS`
attempts in all, waiting what the server's ``Retry-After`` asks (Slack sends it with
429) or else :data:`BACKOFF_SECONDS` doubled at each retry, and never more than
:data:`MAX_WAIT_SECONDS` in all; a server that asks for more is not waited for. A
timeout, or an answer that breaks off, is not tried again: the message may have arrived,
and a second attempt could post it twice. A 4xx answer fails at once with the server's
own words (Slack's body says why: ``invalid_payload``, ``no_service``,
``channel_is_archived`` ...). Redirects are not followed, so the message goes to the
address given and nowhere else.

A webhook's address is a secret (whoever has it can post to the channel): no message
names more of it than its host.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

ATTEMPTS = 3
"""Attempts in all, the first included."""
BACKOFF_SECONDS = 1.0
"""The wait before the first retry when the server names none; doubled at each retry."""
MAX_WAIT_SECONDS = 30.0
"""The most time spent waiting between attempts, in all."""
TIMEOUT_SECONDS = 10.0
"""The default time an attempt may take (connecting, and each read of the answer)."""
_BODY_SHOWN = 300
_BODY_READ = 64 * 1024


class WebhookFailed(Exception):
    """The message was not (or not surely) posted; the text says why, without the URL."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message the webhook accepted."""

    status: int
    attempts: int
    waited: float
    """Seconds spent waiting between attempts."""


def webhook_url_flaw(url: str) -> str | None:
    """Why ``url`` cannot be a webhook's address (None when it can): it must be an
    ``http://`` or ``https://`` address with a host. The reason never repeats the URL."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "it holds a space or a control character"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "it is not an address"
    if parts.scheme.lower() not in ("http", "https"):
        return "it is not an http:// or https:// address"
    if not parts.hostname:
        return "it has no host name"
    return None


def webhook_host(url: str) -> str:
    """The part of the address that may be shown: host and port."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{host}:{parts.port}" if parts.port else host


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuses every redirect: the 3xx answer reaches the caller as an HTTPError."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect())


def post_json(
    url: str,
    payload: Mapping[str, Any],
    *,
    timeout: float = TIMEOUT_SECONDS,
    attempts: int = ATTEMPTS,
    backoff: float | None = None,
    max_wait: float | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Delivery:
    """POST ``payload`` as JSON to ``url``; the delivery, or :class:`WebhookFailed`.

    ``backoff`` and ``max_wait`` default to :data:`BACKOFF_SECONDS` and
    :data:`MAX_WAIT_SECONDS` as they are when called; ``sleep`` (default
    :func:`time.sleep`) waits between attempts, so tests can wait for nothing.
    """
    backoff = BACKOFF_SECONDS if backoff is None else backoff
    max_wait = MAX_WAIT_SECONDS if max_wait is None else max_wait
    sleep = time.sleep if sleep is None else sleep
    flaw = webhook_url_flaw(url)
    if flaw is not None:
        raise WebhookFailed(f"the webhook address is not usable: {flaw}")
    host = webhook_host(url)
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    opener = _opener()
    waited = 0.0
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            url, data=data, method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     "User-Agent": "escalation-pathway digest"})
        try:
            with opener.open(request, timeout=timeout) as response:
                response.read(_BODY_READ)
                return Delivery(status=response.status, attempts=attempt, waited=waited)
        except urllib.error.HTTPError as answer:
            problem, retry, delay = _http_problem(answer, host)
            if not retry:
                raise WebhookFailed(problem) from None
        except TimeoutError as exc:
            raise _timed_out(host, timeout) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _timed_out(host, timeout) from exc
            problem, delay = f"cannot reach the webhook at {host}: {_reason(exc.reason)}", None
        except (OSError, http.client.HTTPException) as exc:
            # the request went out and the answer broke off: it may have been posted
            raise WebhookFailed(
                f"the connection to the webhook at {host} broke off before an answer"
                f" ({_reason(exc)}); the message may or may not have been posted (not"
                " tried again, so that it is not posted twice)") from exc
        if attempt == attempts:
            break
        wait = backoff * 2 ** (attempt - 1) if delay is None else delay
        if waited + wait > max_wait:
            raise WebhookFailed(
                f"{problem}; it asks to wait {wait:g} s before trying again, beyond the"
                f" {max_wait:g} s this command waits in all: try again later")
        sleep(wait)
        waited += wait
    raise WebhookFailed(f"{problem} (tried {attempts} times)")


def _http_problem(answer: urllib.error.HTTPError, host: str
                  ) -> tuple[str, bool, float | None]:
    """The message for an HTTP error answer, whether to try again, and the seconds its
    ``Retry-After`` asks for (None: none asked)."""
    code = answer.code
    try:
        body = answer.read(_BODY_READ).decode("utf-8", "replace")
    except OSError:
        body = ""
    finally:
        answer.close()
    said = " ".join("".join(c if c.isprintable() else " " for c in body).split())
    if len(said) > _BODY_SHOWN:
        said = said[:_BODY_SHOWN - 1] + "…"
    text = f"the webhook at {host} answered HTTP {code}" + (f": {said}" if said else "")
    if code == 429 or code >= 500:
        return text, True, _retry_after(answer.headers.get("Retry-After"))
    if 300 <= code < 400:
        text += " (a redirect, not followed)"
    return text, False, None


def _retry_after(value: str | None) -> float | None:
    """The seconds a ``Retry-After`` header asks for (a number or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _timed_out(host: str, timeout: float) -> WebhookFailed:
    return WebhookFailed(
        f"the webhook at {host} did not answer within {timeout:g} s; the message may or"
        " may not have been posted (not tried again, so that it is not posted twice)")


def _reason(reason: object) -> str:
    """An OS error's words without its errno, e.g. ``Connection refused``."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
