"""The apply-form workflow without GitHub: its trigger, least privilege per job, pinned
actions, no user text in a script, and the command lines it runs parse."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from generator.cli.main import build_parser
from generator.schema.issue_forms import FORMS, REFUSED_LABEL

WORKFLOW = Path(__file__).parents[2] / ".github" / "workflows" / "apply-form.yml"
ACTION = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_it_runs_on_opened_and_edited_form_issues_only() -> None:
    data = load()
    assert data.get("on", data.get(True)) == {"issues": {"types": ["opened", "edited"]}}
    condition = data["jobs"]["apply"]["if"]
    for form in FORMS:
        assert f"contains(github.event.issue.labels.*.name, '{form.label}')" in condition
    assert "github.event.issue.state == 'open'" in condition
    assert "github.event.issue.author_association" in condition


def test_each_job_has_only_the_permissions_it_uses() -> None:
    data = load()
    assert data["permissions"] == {}
    jobs = data["jobs"]
    assert jobs["apply"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert jobs["report"]["permissions"] == {"issues": "write"}
    assert jobs["report"]["needs"] == "apply"


def test_actions_are_pinned_and_keep_no_credentials() -> None:
    for job in load()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert ACTION.match(step["uses"]), step["uses"]
                if step["uses"].startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False


def test_no_expression_is_expanded_inside_a_script() -> None:
    """Every value reaches a ``run:`` through ``env``: GitHub expands ``${{ }}`` before the
    shell reads the script, so issue text there would be code."""
    for job in load()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step.get("name")


def test_the_refusal_comments_and_labels_and_a_success_clears_the_label() -> None:
    steps = load()["jobs"]["report"]["steps"]
    refuse, clear = (step["run"] for step in steps)
    assert 'gh issue comment "$ISSUE" --body-file' in refuse
    assert f"--add-label {REFUSED_LABEL}" in refuse
    assert f"--remove-label {REFUSED_LABEL}" in clear


def test_the_pull_request_closes_the_issue() -> None:
    (propose,) = [s for s in load()["jobs"]["apply"]["steps"]
                  if s.get("name") == "Propose the edit as a pull request"]
    assert '--body "Closes #$ISSUE"' in propose["run"]
    assert 'branch="apply-form/issue-$ISSUE"' in propose["run"]


def test_the_escalation_command_parses() -> None:
    (apply,) = [s for s in load()["jobs"]["apply"]["steps"] if s.get("id") == "apply"]
    line = next(line for line in apply["run"].splitlines() if "escalation apply-form" in line)
    words = shlex.split(line.strip().removesuffix("\\"))
    assert words[:2] == ["escalation", "apply-form"]
    args = build_parser().parse_args(
        [w.replace("$GITHUB_EVENT_PATH", "/tmp/event.json").replace("$RUNNER_TEMP", "/tmp")
         for w in words[1:]])
    assert (args.event, args.comment) == ("/tmp/event.json", "/tmp/comment.md")


def test_a_refused_edit_withdraws_the_earlier_pull_request() -> None:
    (withdraw,) = [s for s in load()["jobs"]["apply"]["steps"]
                   if s.get("name") == "Withdraw the pull request of an earlier edit"]
    assert withdraw["if"] == "steps.apply.outputs.result == 'refused'"
    assert '--head "apply-form/issue-$ISSUE" --state open' in withdraw["run"]
    assert 'gh pr close "$open"' in withdraw["run"]
