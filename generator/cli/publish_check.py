"""``escalation publish-check``: may this build be deployed to the repository's Pages site?

The publish workflow asks before it deploys, and deploys only on exit status 0. The
answer comes from GitHub itself (``GET /repos/{owner}/{repo}/pages``, whose ``public``
is false only for a site that just the people with read access to the repository can
read). Everything else fails closed: a public site (unless the shared build is
explicitly allowed on one; the internal build never is), Pages not enabled, an error of
the API or an answer without ``public``. Each refusal says why and what to do.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from generator.cli.common import CommandFailed, UsageError
from generator.schema.settings import Audience

API = "https://api.github.com"
TIMEOUT_SECONDS = 30
_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
_MOST_READ = 1024 * 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``publish-check`` sub-command."""
    parser = subparsers.add_parser(
        "publish-check", help="ask GitHub whether the Pages site is private before deploying",
        description="Ask the GitHub API whether the repository's Pages site is private, and"
        " allow the deployment of a build only then (exit 0); otherwise refuse with the"
        " reason and what to do (exit 1). The token is read from $GITHUB_TOKEN.",
    )
    parser.add_argument("--audience", required=True, choices=[a.value for a in Audience],
                        help="the build to be deployed")
    parser.add_argument("--allow-public-shared", action="store_true",
                        help="allow the shared build (never the internal one) on a public site")
    parser.add_argument("--repository", default=os.environ.get("GITHUB_REPOSITORY"),
                        metavar="OWNER/REPO", help="default: $GITHUB_REPOSITORY")
    parser.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL") or API,
                        metavar="URL", help=f"default: $GITHUB_API_URL or {API}")
    parser.set_defaults(run=run)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the API said: the HTTP status and the JSON body (None if not JSON), or why
    no answer came."""

    status: int | None
    body: object = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether to deploy, and why, in a sentence for the run's summary."""

    deploy: bool
    reason: str


def ask_pages(api_url: str, repository: str, token: str) -> Answer:
    """GitHub's answer to ``GET /repos/{repository}/pages``."""
    request = Request(f"{api_url.rstrip('/')}/repos/{repository}/pages", headers={
        "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28",
        "Authorization": f"Bearer {token}", "User-Agent": "escalation-publish-check"})
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return Answer(response.status, _json(response.read(_MOST_READ)))
    except HTTPError as exc:
        body = _json(exc.read(_MOST_READ)) if exc.fp is not None else None
        message = body.get("message") if isinstance(body, dict) else None
        return Answer(exc.code, body, str(message or exc.reason))
    except (URLError, TimeoutError, OSError) as exc:
        reason = exc.reason if isinstance(exc, URLError) else exc
        return Answer(None, reason=str(reason))


def _json(data: bytes) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return None


def decide(answer: Answer, audience: Audience, repository: str,
           allow_public_shared: bool = False) -> Decision:
    """Deploy the ``audience`` build only to a private site, or (when allowed) the shared
    build to a public one; fail closed on every other answer."""
    site = f"the Pages site of {repository}"
    kept = "nothing was deployed and the built sites are kept as artifacts of the run"
    if answer.status == 404:
        return Decision(False, f"GitHub Pages is not enabled for {repository} (HTTP 404), so"
                        f" {kept}: set Settings > Pages > Source to GitHub Actions and the"
                        " visibility to Private, then run the workflow again")
    if answer.status != 200:
        why = f"HTTP {answer.status}: {answer.reason}" if answer.status else answer.reason
        return Decision(False, f"GitHub did not say whether {site} is private ({why}), so"
                        f" {kept}: the job needs the 'pages: read' permission; run it again")
    public = answer.body.get("public") if isinstance(answer.body, dict) else None
    if not isinstance(public, bool):
        return Decision(False, f"GitHub's answer about {site} has no 'public' field, so its"
                        f" visibility is unknown and {kept}")
    if not public:
        return Decision(True, f"{site} is private: only people with read access to the"
                        f" repository can read the {audience} build there")
    if audience is Audience.SHARED and allow_public_shared:
        return Decision(True, f"{site} is public, and a public site is allowed for the"
                        " shared build (PAGES_ALLOW_PUBLIC=shared)")
    if audience is Audience.INTERNAL:
        return Decision(False, f"{site} is public, so anyone on the internet could read the"
                        f" internal build, which is never deployed publicly; {kept}. Make the"
                        " site private (Settings > Pages > Visibility, with GitHub Enterprise"
                        " Cloud), or deploy the shared build (PAGES_AUDIENCE=shared)")
    return Decision(False, f"{site} is public, so anyone on the internet could read the"
                    f" shared build; {kept}. Make the site private (Settings > Pages >"
                    " Visibility), or allow a public shared site with the repository"
                    " variable PAGES_ALLOW_PUBLIC=shared")


def run(args: argparse.Namespace) -> int:
    """Run ``publish-check``; 0 to deploy, 1 refused."""
    repository = args.repository or ""
    if not _REPOSITORY.fullmatch(repository):
        raise UsageError(f"--repository: expected OWNER/REPO (or $GITHUB_REPOSITORY) but"
                         f" received {repository!r}")
    if not args.api_url.startswith("https://"):
        raise UsageError(f"--api-url: expected an https:// address (the token is sent to it)"
                         f" but received {args.api_url!r}")
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise UsageError("$GITHUB_TOKEN is not set: without it GitHub answers 404 for a"
                         " private repository, which could not be told from Pages not"
                         " enabled")
    audience = Audience(args.audience)
    decision = decide(ask_pages(args.api_url, repository, token), audience, repository,
                      args.allow_public_shared)
    if not decision.deploy:
        raise CommandFailed(f"error: {decision.reason}")
    print(f"deploy: {decision.reason}")
    return 0
