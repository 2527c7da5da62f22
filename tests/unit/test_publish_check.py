"""``escalation publish-check``: deploy only to a private Pages site, from recorded answers.

Each recorded answer of ``GET /repos/{owner}/{repo}/pages`` (tests/fixtures/pages-api/) is
served by a stand-in for ``urlopen``: no test reaches the network. The internal build is
refused on every answer but a private site, whatever the options say.
"""

from __future__ import annotations

import io
import json
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError

import pytest
import yaml

from generator.cli import publish_check

RECORDED = Path(__file__).parents[1] / "fixtures" / "pages-api"
REPO = "example-org/escalation-records"
URL = f"https://api.github.com/repos/{REPO}/pages"
ANSWERS = sorted(path.stem for path in RECORDED.glob("*.json"))
CMD = "escalation publish-check"
KEPT = "nothing was deployed and the built sites are kept as artifacts of the run"
WORKFLOW = Path(__file__).parents[2] / ".github" / "workflows" / "publish.yml"


class Reply(io.BytesIO):
    """What ``urlopen`` returns for a 200 answer."""

    def __init__(self, status: int, data: bytes) -> None:
        super().__init__(data)
        self.status = status


def serve(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Answer every request with the recording ``name``; the requests made are returned."""
    recorded = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    data = recorded["text"].encode() if "text" in recorded else json.dumps(
        recorded["body"]).encode()
    requests: list[Any] = []

    def urlopen(request: Any, timeout: float) -> Reply:
        requests.append(request)
        if recorded["status"] != 200:
            raise HTTPError(request.full_url, recorded["status"],
                            recorded.get("reason", "error"), Message(), io.BytesIO(data))
        return Reply(200, data)

    monkeypatch.setattr(publish_check, "urlopen", urlopen)
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_recorded")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    return requests


SITE = f"the Pages site of {REPO}"
EXPECTED = {
    ("private", "internal"): (0, f"deploy: {SITE} is private: only people with read access"
                                 " to the repository can read the internal build there"),
    ("private", "shared"): (0, f"deploy: {SITE} is private: only people with read access"
                               " to the repository can read the shared build there"),
    ("public", "internal"): (1, f"{CMD}: error: {SITE} is public, so anyone on the internet"
                                " could read the internal build, which is never deployed"
                                f" publicly; {KEPT}. Make the site private (Settings > Pages"
                                " > Visibility, with GitHub Enterprise Cloud), or deploy the"
                                " shared build (PAGES_AUDIENCE=shared)"),
    ("public", "shared"): (1, f"{CMD}: error: {SITE} is public, so anyone on the internet"
                              f" could read the shared build; {KEPT}. Make the site private"
                              " (Settings > Pages > Visibility), or allow a public shared"
                              " site with the repository variable PAGES_ALLOW_PUBLIC=shared"),
    ("not-enabled", "internal"): (1, f"{CMD}: error: GitHub Pages is not enabled for {REPO}"
                                     f" (HTTP 404), so {KEPT}: set Settings > Pages > Source"
                                     " to GitHub Actions and the visibility to Private, then"
                                     " run the workflow again"),
    ("api-error", "internal"): (1, f"{CMD}: error: GitHub did not say whether {SITE} is"
                                   " private (HTTP 403: Resource not accessible by"
                                   f" integration), so {KEPT}: the job needs the 'pages:"
                                   " read' permission; run it again"),
    ("server-error", "shared"): (1, f"{CMD}: error: GitHub did not say whether {SITE} is"
                                    f" private (HTTP 502: Bad Gateway), so {KEPT}: the job"
                                    " needs the 'pages: read' permission; run it again"),
    ("no-visibility", "internal"): (1, f"{CMD}: error: GitHub's answer about {SITE} has no"
                                       f" 'public' field, so its visibility is unknown and"
                                       f" {KEPT}"),
}


@pytest.mark.parametrize(("name", "audience"), sorted(EXPECTED))
def test_each_recorded_answer_gives_its_decision(
    monkeypatch: pytest.MonkeyPatch, cli: Any, name: str, audience: str
) -> None:
    requests = serve(monkeypatch, name)
    result = cli("publish-check", "--audience", audience)
    code, line = EXPECTED[(name, audience)]
    assert (result.code, (result.out if code == 0 else result.err).strip()) == (code, line)
    [request] = requests
    assert request.full_url == URL
    assert request.get_header("Authorization") == "Bearer ghs_recorded"


@pytest.mark.parametrize("name", ANSWERS)
def test_the_internal_build_is_refused_on_every_answer_but_a_private_site(
    monkeypatch: pytest.MonkeyPatch, cli: Any, name: str
) -> None:
    serve(monkeypatch, name)
    result = cli("publish-check", "--audience", "internal", "--allow-public-shared")
    assert result.code == (0 if name == "private" else 1), result.err


@pytest.mark.parametrize("name", ANSWERS)
def test_a_public_shared_site_needs_the_explicit_allowance(
    monkeypatch: pytest.MonkeyPatch, cli: Any, name: str
) -> None:
    serve(monkeypatch, name)
    allowed = cli("publish-check", "--audience", "shared", "--allow-public-shared")
    assert allowed.code == (0 if name in ("private", "public") else 1), allowed.err
    if name == "public":
        assert allowed.out == (f"deploy: {SITE} is public, and a public site is allowed for"
                               " the shared build (PAGES_ALLOW_PUBLIC=shared)\n")


def test_no_answer_at_all_is_a_refusal(monkeypatch: pytest.MonkeyPatch, cli: Any) -> None:
    serve(monkeypatch, "private")

    def unreachable(request: Any, timeout: float) -> Reply:
        raise URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(publish_check, "urlopen", unreachable)
    result = cli("publish-check", "--audience", "shared")
    assert (result.code, result.err) == (1, (
        f"{CMD}: error: GitHub did not say whether {SITE} is private ([Errno -3] Temporary"
        f" failure in name resolution), so {KEPT}: the job needs the 'pages: read'"
        " permission; run it again\n"))


@pytest.mark.parametrize(("env", "args", "line"), [
    ({"GITHUB_TOKEN": ""}, (), f"{CMD}: error: $GITHUB_TOKEN is not set: without it GitHub"
     " answers 404 for a private repository, which could not be told from Pages not enabled"),
    ({"GITHUB_REPOSITORY": ""}, (), f"{CMD}: error: --repository: expected OWNER/REPO (or"
     " $GITHUB_REPOSITORY) but received ''"),
    ({}, ("--api-url", "http://api.github.com"), f"{CMD}: error: --api-url: expected an"
     " https:// address (the token is sent to it) but received 'http://api.github.com'"),
])
def test_usage_errors_ask_nothing(monkeypatch: pytest.MonkeyPatch, cli: Any,
                                  env: dict[str, str], args: tuple[str, ...], line: str) -> None:
    requests = serve(monkeypatch, "private")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli("publish-check", "--audience", "internal", *args)
    assert (result.code, result.err.splitlines()[-1], requests) == (2, line, [])


def test_the_workflow_deploys_only_after_the_check() -> None:
    """Every step that uploads for Pages or deploys runs after publish-check passed."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    build = jobs["build"]["steps"]
    names = [step.get("run", "") for step in build]
    check = next(i for i, run in enumerate(names) if "escalation publish-check" in run)
    pages = next(i for i, step in enumerate(build)
                 if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert check < pages
    assert "--audience" in names[check]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert not any("if" in step and "always" in str(step["if"]) for step in build[check:])
