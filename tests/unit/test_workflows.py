"""Lint the GitHub workflows and the pull-request template without GitHub.

YAML 1.1 reads the key ``on`` as ``True``; the helper below looks up either. Every
``escalation`` command a workflow runs is parsed by the real argument parser, so a
renamed sub-command or option fails here rather than on the first pull request.
"""

from __future__ import annotations

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
ACTION = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+$")


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
            words = shlex.split(line, comments=True)
            if words and words[0] == "escalation":
                commands.append(words[1:])
    return commands


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_workflow_shape(name: str) -> None:
    data = workflow(name)
    assert isinstance(data.get("name"), str)
    assert data["permissions"] == {"contents": "read"}
    assert "group" in data["concurrency"]
    for job_id, job in data["jobs"].items():
        assert job["runs-on"] == "ubuntu-latest", job_id
        assert isinstance(job.get("timeout-minutes"), int), job_id
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                assert ACTION.match(step["uses"]), step["uses"]


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_every_escalation_command_parses(name: str) -> None:
    commands = escalation_commands(workflow(name))
    assert commands
    parser = build_parser()
    for arguments in commands:
        # expand the one shell variable used, so the parser sees a plain path
        arguments = [a.replace("$RUNNER_TEMP", "/tmp") for a in arguments]
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
    by_name = {step.get("name", step.get("uses")): step for step in job["steps"]}
    assert by_name["actions/checkout@v4"]["with"]["fetch-depth"] == 2
    python = by_name["actions/setup-python@v5"]["with"]
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


def test_publish_deploys_the_internal_site_to_pages() -> None:
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
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]
    commands = escalation_commands(data)
    assert ["build", "--site-dir", "site"] in commands
    assert ["build", "--audience", "shared", "--site-dir", "site-shared"] in commands
    uploads = {s["uses"]: s.get("with") for s in build["steps"] if "uses" in s}
    assert uploads["actions/upload-pages-artifact@v3"] == {"path": "site"}
    assert uploads["actions/upload-artifact@v4"]["path"] == "site-shared"


def test_pull_request_template_has_both_checklists() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    boxes = {s.splitlines()[0]: s.count("- [ ] ") for s in sections[1:]}
    assert boxes["Ticket change (`tickets/<year>/<ID>.md`)"] >= 5
    assert boxes["Purview change (`admins/<slug>.md`)"] >= 4
    assert "escalation codeowners --write" in text
