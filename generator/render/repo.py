"""The repository the site links to (``repo_url``) and the branch its records are on."""

from __future__ import annotations

from urllib.parse import urlsplit

from generator.schema.settings import Settings

_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})


def repo_branch(settings: Settings) -> str:
    """The branch ``edit_uri`` names (``edit/<branch>/docs/`` or ``blob/<branch>/docs/``,
    as MkDocs' edit links use it), ``main`` otherwise."""
    edit = [p for p in (settings.edit_uri or "").strip("/").split("/") if p]
    return edit[1] if len(edit) > 1 and edit[0] in ("edit", "blob") else "main"


def repo_address(settings: Settings) -> str | None:
    """``repo_url`` without a trailing slash, when it is an http(s) address."""
    repo = (settings.repo_url or "").strip().rstrip("/")
    return repo if repo.startswith(("https://", "http://")) else None


def github_repo(settings: Settings) -> str | None:
    """``https://github.com/OWNER/REPO`` when ``repo_url`` is a repository on github.com
    (the only host whose issue forms and new-file page the site links to), else None."""
    parts = urlsplit((settings.repo_url or "").strip().rstrip("/"))
    if parts.scheme != "https" or (parts.hostname or "").lower() not in _GITHUB_HOSTS:
        return None
    owner_repo = [p for p in parts.path.split("/") if p]
    if len(owner_repo) != 2:
        return None
    return f"https://github.com/{owner_repo[0]}/{owner_repo[1]}"
