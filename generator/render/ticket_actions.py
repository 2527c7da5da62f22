"""The actions on a ticket, when ``repo_url`` is set: edit its record on GitHub, its
history, open it in TDX, and the two issue forms, "Engage an admin" and "Record a
response", prefilled through the URL with what the site knows.

The forms' query parameters are their fields' ids (``schema/issue_forms.py``); GitHub
prefills text fields from them. Every part of an address is percent-encoded and every
attribute escaped. Without ``repo_url`` there are no actions (the ticket's TDX link is
beside its ID); the forms need a repository on github.com.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from markupsafe import Markup

from generator.compute.site import SiteContext
from generator.compute.suggestions import (
    active_declarers,
    awaiting_response,
    suggest_engagement,
)
from generator.render.links import Links
from generator.render.repo import github_repo, repo_address, repo_branch
from generator.schema.issue_forms import ENGAGE_FORM, RESPOND_FORM, IssueForm
from generator.schema.records import Ticket

_SEPARATOR = Markup(" · ")


def issue_form_url(repo: str, form: IssueForm, ticket: Ticket,
                   values: dict[str, str | None]) -> str:
    """GitHub's new-issue page of ``form``, its title and fields prefilled (empty values
    are left out, so the field stays empty)."""
    query = {"template": form.template, "title": form.title.format(id=ticket.id),
             "ticket": ticket.id, **{k: v for k, v in values.items() if v}}
    return f"{repo}/issues/new?{urlencode(query, quote_via=quote)}"


class TicketActions:
    """The actions of every ticket of one page: ``actions(ticket)`` is their markup."""

    def __init__(self, ctx: SiteContext, page: str) -> None:
        self.links = Links(page, ctx)
        self.repo = repo_address(ctx.settings)
        self.github = github_repo(ctx.settings)
        self.branch = quote(repo_branch(ctx.settings), safe="")
        self.declarers = active_declarers(ctx.admins.values())

    def __call__(self, ticket: Ticket) -> Markup:
        """The links, or a dash when the repository is not an http(s) address."""
        actions: list[Markup] = []
        if self.repo is not None:
            path = quote(ticket.source.path, safe="/")
            actions += [
                Markup('<a href="{}" title="Edit the record">edit</a>').format(
                    f"{self.repo}/edit/{self.branch}/{path}"),
                Markup('<a href="{}" title="History of the record">history</a>').format(
                    f"{self.repo}/commits/{self.branch}/{path}"),
            ]
        tdx = self.links.tdx(ticket)
        if actions and tdx is not None:
            actions.append(Markup('<a class="ep-open-tdx" href="{}">open in TDX</a>').format(tdx))
        if self.github is not None:
            actions += self._forms(self.github, ticket)
        return _SEPARATOR.join(actions) if actions else Markup("—")

    def _forms(self, repo: str, ticket: Ticket) -> list[Markup]:
        suggestion = suggest_engagement(ticket, self.declarers)
        engage = issue_form_url(repo, ENGAGE_FORM, ticket,
                                {"admin": suggestion.admin, "tier": suggestion.tier})
        found = [Markup('<a class="ep-engage" href="{}">Engage an admin</a>').format(engage)]
        waiting = awaiting_response(ticket)
        if waiting is not None:
            respond = issue_form_url(repo, RESPOND_FORM, ticket, {"admin": waiting.admin})
            found.append(Markup('<a class="ep-respond" href="{}">Record a response</a>'
                                ).format(respond))
        return found
