"""Lint the GitHub workflows and the pull-request template without GitHub.

YAML 1.1 reads the key ``on`` as ``True``; the helper below looks up either. Every
``escalation`` command a workflow runs is parsed by the real argument parser, so a
renamed sub-command or option fails here rather than on the first pull request.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli.main import build_parser

REPO = Path(__file__).parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
ACTION = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
"""An action pinned to a full commit (zizmor's unpinned-uses), its tag in a comment."""
SHELL = {"$PAGES_AUDIENCE": "internal", "$RUNNER_TEMP/site": "/tmp/site"}
"""The shell values the workflows pass to escalation, as the parser should see them."""


def workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(data: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` mapping (YAML 1.1 turns the bare key ``on`` into True)."""
    value = data.get("on", data.get(True))
    assert isinstance(value, dict), "expected 'on:' to be a mapping of events"
    return value


def steps(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def escalation_commands(data: dict[Any, Any]) -> list[list[str]]:
    """Every ``escalation …`` command line of every ``run:`` step, as arguments."""
    commands = []
    for step in steps(data):
        for line in str(step.get("run", "")).splitlines():
            # a command continued on the next line: its first line has the arguments
            words = shlex.split(line.rstrip().removesuffix("\\"), comments=True)
            if words and words[0] == "escalation":
                words = list(itertools.takewhile(lambda w: w not in ("2>&1", "|"), words))
                commands.append([SHELL.get(w, w) for w in words[1:] if w != "${allow[@]}"])
    return commands


def uses(step: dict[str, Any]) -> str:
    """The action a step uses, without its pinned commit (``actions/checkout``)."""
    return str(step.get("uses", "")).partition("@")[0]


@pytest.mark.parametrize(("name", "permissions"), [
    ("check.yml", {"contents": "read"}), ("publish.yml", {}), ("weekly-report.yml", {}),
    ("digest.yml", {}), ("apply-form.yml", {})])
def test_workflow_shape(name: str, permissions: dict[str, str]) -> None:
    data = workflow(name)
    assert isinstance(data.get("name"), str)
    assert data["permissions"] == permissions
    assert "group" in data["concurrency"]
    for job_id, job in data["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_id
        assert isinstance(job.get("timeout-minutes"), int), job_id
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert ACTION.match(step["uses"]), step["uses"]
            if uses(step) == "actions/checkout":
                assert step["with"]["persist-credentials"] is False, step


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_every_escalation_command_parses(name: str) -> None:
    commands = escalation_commands(workflow(name))
    assert commands
    parser = build_parser()
    for arguments in commands:
        try:
            parser.parse_args(arguments)
        except SystemExit:  # pragma: no cover - the failure message says which
            pytest.fail(f"{name}: 'escalation {' '.join(arguments)}' does not parse")


def test_check_runs_on_pull_requests_and_pushes_with_annotations() -> None:
    data = workflow("check.yml")
    on = triggers(data)
    assert "pull_request" in on and "push" in on
    assert on["push"]["branches"] == ["main"]
    [job] = data["jobs"].values()
    by_name = {step.get("name", uses(step)): step for step in job["steps"]}
    assert by_name["actions/checkout"]["with"]["fetch-depth"] == 2
    python = by_name["actions/setup-python"]["with"]
    assert python == {"python-version": "3.11", "cache": "pip",
                      "cache-dependency-path": "pyproject.toml"}
    assert by_name["Check the records"]["run"] == "escalation check --format github"
    assert "if" not in by_name["Check the records"]
    full = [step for step in job["steps"] if "if" in step]
    assert [step["run"] for step in full] == [
        "bash .ci/run", 'escalation build --strict --site-dir "$RUNNER_TEMP/site"',
    ]
    for step in full:
        assert step["if"] == "steps.scope.outputs.records-only != 'true'"


def test_records_only_detection_lists_the_pull_request_files() -> None:
    [job] = workflow("check.yml")["jobs"].values()
    [scope] = [step for step in job["steps"] if step.get("id") == "scope"]
    script = scope["run"]
    assert "git diff --name-only --no-renames HEAD^1 HEAD" in script
    assert "grep -qvE '^(tickets|admins)/' <<< \"$changed\"" in script
    assert 'echo "records-only=$records_only" >> "$GITHUB_OUTPUT"' in script
    assert "${{" not in script  # no expression interpolated into the shell


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("changes", "event", "records_only"),
    [
        ({"tickets/2026/2.md": "new"}, "pull_request", "true"),
        ({"tickets/2026/1.md": "edit", "admins/a.md": "edit"}, "pull_request", "true"),
        ({"tickets/2026/1.md": "edit", "docs/x.md": "edit"}, "pull_request", "false"),
        ({"generator/x.py": "edit"}, "pull_request", "false"),
        ({"tickets/2026/1.md": None}, "pull_request", "true"),
        ({"docs/x.md": "tickets/2026/x.md"}, "pull_request", "false"),  # a rename
        ({"tickets/2026/2.md": "new"}, "push", "false"),
    ],
)
def test_records_only_step_on_a_real_merge_commit(
    tmp_path: Path, changes: dict[str, str | None], event: str, records_only: str
) -> None:
    """Run the step's script where a pull request is checked out: a merge commit."""
    [job] = workflow("check.yml")["jobs"].values()
    [scope] = [step for step in job["steps"] if step.get("id") == "scope"]
    repo = tmp_path / "repo"
    for name in ("tickets/2026/1.md", "admins/a.md", "docs/x.md", "generator/x.py"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("base\n")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    for key, value in (("user.email", "ci@example.org"), ("user.name", "CI")):
        git(repo, "config", key, value)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "change")
    for name, content in changes.items():
        path = repo / name
        if content is None:
            path.unlink()
        elif content.startswith("tickets/"):
            (repo / content).parent.mkdir(parents=True, exist_ok=True)
            git(repo, "mv", name, content)
        else:
            path.write_text(content + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    git(repo, "checkout", "-q", "main")
    (repo / "admins/b.md").write_text("elsewhere on main\n")  # the base moved on
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moves")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "change")
    output = tmp_path / "output"
    env = {**os.environ, "GITHUB_EVENT_NAME": event, "GITHUB_OUTPUT": str(output)}
    bash = shutil.which("bash") or "/bin/bash"
    # GitHub runs steps with bash -e -o pipefail
    command = [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", scope["run"]]
    subprocess.run(command, cwd=repo, env=env, check=True, capture_output=True)
    assert output.read_text() == f"records-only={records_only}\n"


def test_publish_builds_both_sites_and_deploys_only_after_the_check() -> None:
    data = workflow("publish.yml")
    on = triggers(data)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    [schedule] = on["schedule"]
    _minute, hour, day, month, weekdays = schedule["cron"].split()
    assert (day, month, weekdays) == ("*", "*", "1-5")
    assert 10 <= int(hour) <= 13  # early morning in America/Chicago, in UTC
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [uses(s) for s in deploy["steps"]] == ["actions/deploy-pages"]
    commands = escalation_commands(data)
    assert ["build", "--site-dir", "site-internal"] in commands
    assert ["build", "--audience", "shared", "--site-dir", "site-shared"] in commands
    assert ["publish-check", "--audience", "internal"] in commands
    order = [uses(s) or s.get("name", "") for s in build["steps"]]
    artifacts = [s["with"]["path"] for s in build["steps"]
                 if uses(s) == "actions/upload-artifact"]
    assert artifacts == ["site-internal", "site-shared"]
    check = order.index("May Pages serve this build?")
    # both sites are kept whatever the check says; Pages gets one only after it passed
    assert order.index("actions/upload-artifact") < check
    assert order[check + 1:] == ["actions/upload-pages-artifact"]
    assert build["steps"][-1]["with"] == {"path": "site-${{ env.PAGES_AUDIENCE }}"}


def test_pull_request_template_has_both_checklists() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    boxes = {s.splitlines()[0]: s.count("- [ ] ") for s in sections[1:]}
    assert boxes["Ticket change (`tickets/<year>/<ID>.md`)"] >= 5
    assert boxes["Purview change (`admins/<slug>.md`)"] >= 4
    assert "escalation codeowners --write" in text
