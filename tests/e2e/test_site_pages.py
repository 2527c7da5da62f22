"""Page content of the fixture site, built as of Wednesday 2026-11-25 12:00 (Chicago).

The expected values are worked out by hand from tests/fixtures/site and the business
calendar (Mon-Fri 09:00-17:00, 26 and 27 November holidays, 16 business hours window,
8 for ben-south and for every high-priority ticket), so a change in what a page shows
has to be a deliberate one.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from site_build import BuiltSite
from sitehtml import Element, by_id, section_table, section_tables, section_text

pytestmark = pytest.mark.e2e

HOSTILE_TITLE = (
    "Pipe | <script>alert(1)</script> [x](javascript:alert(1)) *emphasis* # heading `tick`"
)
MALLORY = "Mallory | <script>alert(1)</script> *Star* [x](javascript:alert(1)) `tick`"
REPO = "https://github.com/example-org/escalation-records"


def resolve(page_url: str, href: str) -> str:
    """The site-relative URL (with fragment) an in-site ``href`` on ``page_url`` points to."""
    joined = urlsplit(urljoin("http://site/" + page_url, href))
    target = joined.path.removeprefix("/")
    return f"{target}#{joined.fragment}" if joined.fragment else target


def ticket_links(cell: Element, page_url: str) -> list[str]:
    """The resolved targets of the ticket links in a cell."""
    return [resolve(page_url, a.attrs["href"]) for a in cell.iter("a") if "ep-id" in a.classes]


# --- the dashboard -------------------------------------------------------------------


def test_dashboard_states_the_as_of_time_and_its_cards(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("")
    assert "As of Wednesday 25 November 2026, 12:00 (America/Chicago)" in doc.find("article").text
    cards = {
        squash_label(card.text): (card.find("span", cls="ep-figure").text, card.attrs["href"])
        for card in doc.find("div", cls="ep-figures").find_all("a", cls="ep-card")
    }
    assert cards == {
        "overdue: no response": ("3", "#open-no-response"),  # 90103, 90105, 90110
        "due soon": ("1", "#open-due-soon"),  # 90112: 2 hours left of 4 round the clock
        "unowned: declined, no owner named": ("1", "#open-unowned"),  # 90113
        "redirected, not yet re-engaged": ("1", "#open-redirected"),  # 90111
        # wifi (90105) and unclassified (90108); printing's only ticket is closed.
        "gaps: services in open tickets that no active admin declares": ("2", "#gaps"),
    }


def squash_label(text: str) -> str:
    return re.sub(r"^\d+\s*", "", text)


def test_dashboard_open_escalations_in_the_status_order_with_deadline_and_ownership(
    internal_site: BuiltSite,
) -> None:
    doc = internal_site.doc("")
    table = section_table(doc, "open-escalations")
    assert table.header == ["Ticket", "Title", "Tier", "Priority", "Admin", "Engaged",
                            "Deadline", "Time left or overdue", "State", "Ownership"]
    assert table.texts() == [
        ["90103", "Nightly backup of the HR file server failed", "escalate", "high",
         "Ben South", "2026-11-12 10:00", "2026-11-13 10:00", "overdue by 66 business hours",
         "no-response", "waiting"],
        ["90105", "Wireless drops clients on the third floor", "collaborate", "medium",
         "Cy Silent", "2026-11-18 13:30", "2026-11-20 13:30",
         "overdue by 22.5 business hours", "no-response", "waiting"],
        ["90110", "Statistics package licence expired in the lab", "collaborate", "medium",
         MALLORY, "2026-11-23 10:00", "2026-11-25 10:00", "overdue by 2 business hours",
         "no-response", "waiting"],
        ["90113", "Install a plotting add-on for the lab statistics package", "collaborate",
         "low", MALLORY, "2026-11-24 09:30", "2026-11-30 09:30", "—", "declined", "unowned"],
        ["90111", "Restore a deleted folder on the Programs shared drive", "collaborate",
         "medium", "Ana North", "2026-11-23 11:00", "2026-11-25 11:00", "—", "redirected",
         "redirected"],
        ["90112", "No mail delivered to any mailbox since 09:30", "escalate", "critical",
         "Ana North", "2026-11-25 10:00", "2026-11-25 14:00", "2 hours left", "due-soon",
         "waiting"],
        ["90107", "VPN tunnel drops every ten minutes", "escalate", "high", "Ben South",
         "2026-11-25 09:00", "2026-11-25 17:00", "5 business hours left", "pending",
         "waiting"],
        ["90106", HOSTILE_TITLE, "collaborate", "low", MALLORY, "2026-11-19 11:30",
         "2026-11-23 11:30", "—", "answered", "with-sc"],
        ["90104", "Partner mail rejected as spam", "escalate", "high", "Ana North",
         "2026-11-16 09:30", "2026-11-17 09:30", "—", "accepted late", "with-admin"],
    ]
    groups = {tbody.attrs["id"]: tbody.find("th").text for tbody in table.element.iter("tbody")}
    assert groups == {
        "open-no-response": "No response: 3", "open-unowned": "Unowned: 1",
        "open-redirected": "Redirected, not yet re-engaged: 1", "open-due-soon": "Due soon: 1",
        "open-pending": "Pending: 1", "open-with-sc": "With SC: 1",
        "open-with-admin": "With the admin: 1",
    }


def test_state_labels_tell_declined_and_redirected_from_answered(
    internal_site: BuiltSite,
) -> None:
    """Each state has its own label class and its name as text (not colour alone)."""
    table = section_table(internal_site.doc(""), "open-escalations")
    labels = {}
    for row in table.rows:
        for cell in (row[8], row[9]):
            for span in cell.iter("span"):
                labels[span.text] = [c for c in span.classes if c != "ep-label"]
    assert labels == {
        "no-response": ["ep-state-no-response"], "waiting": ["ep-ownership-waiting"],
        "declined": ["ep-state-declined"], "unowned": ["ep-ownership-unowned"],
        "redirected": ["ep-ownership-redirected"], "due-soon": ["ep-state-due-soon"],
        "pending": ["ep-state-pending"], "answered": ["ep-state-answered"],
        "with-sc": ["ep-ownership-with-sc"], "accepted": ["ep-state-accepted"],
        "late": ["ep-state-late"], "with-admin": ["ep-ownership-with-admin"],
    }
    redirected = table.row_element("90111")[8].find("span")
    assert redirected.classes == ["ep-label", "ep-state-redirected"]


def test_dashboard_gaps_list_the_open_tickets_of_each_gap(internal_site: BuiltSite) -> None:
    table = section_table(internal_site.doc(""), "gaps")
    assert table.texts() == [["unclassified", "90108"], ["wifi", "90105"]]
    assert [row[0].links() for row in table.rows] == [
        ["ownership/#gap-unclassified"], ["ownership/#gap-wifi"]]


def test_dashboard_admin_response_summary(internal_site: BuiltSite) -> None:
    table = section_table(internal_site.doc(""), "admin-response-summary")
    assert table.header == ["Admin", "Engaged", "Responded", "Pending", "No response", "Late",
                            "Median response (business hours)"]
    assert table.texts() == [
        # 3.5 (90102), 17.5 (90104) and 7 (90111) hours: median 7; 90112 pending.
        ["Ana North", "4", "3", "1", "0", "1", "7"],
        ["Ben South", "3", "1", "1", "1", "0", "0.5"],
        ["Cy Silent", "1", "0", "0", "1", "0", "—"],
        ["Dee Gone", "1", "1", "0", "0", "0", "4.5"],
        # 3.5 (90106) and 5.5 (90113, declined: a response all the same).
        [MALLORY, "3", "2", "0", "1", "0", "4.5"],
    ]
    assert table.rows[1][0].links() == ["admins/ben-south/"]


def test_dashboard_recent_tickets_newest_first(internal_site: BuiltSite) -> None:
    table = section_table(internal_site.doc(""), "recent-tickets")
    assert table.column("Ticket") == ["90112", "90109", "90108", "90113", "90107", "90111",
                                      "90110", "90106", "90105", "90104", "90103", "90102",
                                      "90101", "90100"]
    assert table.row("90108") == ["90108", "Visitor asks where to plug in a projector",
                                  "handle", "open", "low", "2026-11-24 10:00"]


# --- tickets -------------------------------------------------------------------------


def test_all_tickets_table_has_every_column_and_ticket(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("tickets/"), "")[0]
    assert table.header == ["Ticket", "Title", "Classification", "Requestor", "Department",
                            "Status", "Priority", "Tier", "Agent", "Admin", "Date", "Actions"]
    assert len(table.rows) == 14
    assert table.row("90102") == [
        "90102", "VPN profile import fails on a new laptop", "incident", "Victor Vance",
        "Research", "resolved", "medium", "collaborate", "Lee Agent", "Ana North",
        "2026-11-10 10:00", "edit · history · Engage an admin",
    ]
    assert table.row("90108") == [
        "90108", "Visitor asks where to plug in a projector", "service-request", "Una Known",
        "—", "open", "low", "handle", "Lee Agent", "—", "2026-11-24 10:00",
        "edit · history · Engage an admin",
    ]
    # The pipe in the title stays inside its cell: the row still has 12 cells.
    assert table.row("90106")[:2] == ["90106", HOSTILE_TITLE]


def test_edit_and_history_links_point_at_the_record_file(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("tickets/"), "")[0]
    actions = table.row_element("90103")[11]
    assert actions.links()[:2] == [
        f"{REPO}/edit/trunk/tickets/2026/90103.md",
        f"{REPO}/commits/trunk/tickets/2026/90103.md",
    ]
    detail = by_id(internal_site.doc("tickets/2026-11/"), "90103").parent
    assert detail is not None
    assert detail.find("p", cls="ep-actions").links() == actions.links()


def test_ticket_ids_open_the_tickets_own_detail_view(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("tickets/"), "")[0]
    for row in table.rows:
        ticket = row[0].text
        (target,) = ticket_links(row[0], "tickets/")
        month = "2026-10" if ticket == "90100" else "2026-11"
        assert target == f"tickets/{month}/#{ticket}"


def test_every_in_site_link_and_anchor_resolves(internal_site: BuiltSite) -> None:
    """Links from every table and page land on an existing page and an existing anchor."""
    ids: dict[str, set[str]] = {}
    broken = []
    for url in internal_site.html_pages():
        doc = internal_site.doc(url)
        for a in doc.find("article").iter("a"):
            href = a.attrs.get("href", "")
            if not href or urlsplit(href).scheme or href.startswith("//"):
                continue
            target = resolve(url, href)
            page, _, fragment = target.partition("#")
            if not internal_site.path(page).is_file():
                broken.append(f"{url}: {href} (no page {page})")
                continue
            if fragment:
                if page not in ids:
                    ids[page] = {el.attrs["id"] for el in internal_site.doc(page).iter()
                                 if "id" in el.attrs}
                if fragment not in ids[page]:
                    broken.append(f"{url}: {href} (no #{fragment} on {page or 'home'})")
    assert not broken, "\n".join(broken)


def test_ticket_detail_view_checklist_timeline_and_notes(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("tickets/2026-11/")
    detail = by_id(doc, "90104").parent
    assert detail is not None and "ep-ticket" in detail.classes
    text = detail.text
    assert "90104 Partner mail rejected as spam" in by_id(doc, "90104").text
    for words in ("requestor Quinn Mail (Programs)", "agent Sam Agent", "opened 2026-11-16 09:15"):
        assert words in text
    checklist = detail.find(cls="ep-checklist").text
    assert "6 of 6 done" in checklist
    assert "Owning admin identified from the declared purviews (ownership matrix)" in checklist
    (engagement,) = detail.find("ol", cls="ep-timeline").find_all("li")
    # An accepted engagement shows as accepted, never as answered.
    assert engagement.text.startswith("2026-11-16 09:30 escalate → Ana North accepted late")
    # The settings' window for high priority (8 business hours) comes first.
    assert "deadline 2026-11-17 09:30 (8 business hours)" in engagement.text
    assert "2026-11-18 11:00: accepted after 17.5 business hours" in engagement.text
    assert "SC may release quarantined messages from the admin portal." in engagement.text

    notes = by_id(doc, "90103").parent
    assert notes is not None
    assert "LEAKMARKER notes of 90103: first reported by direct message." in notes.text
    assert "Ben South no-response · deadline 2026-11-13 10:00 (8 business hours)" in notes.text
    pending = by_id(doc, "90107").parent
    assert pending is not None
    assert "Ben South pending · deadline 2026-11-25 17:00 (8 business hours)" in pending.text


def test_tickets_are_split_into_monthly_pages(internal_site: BuiltSite) -> None:
    october = internal_site.doc("tickets/2026-10/")
    assert [h.attrs.get("id") for h in october.find("article").iter("h2")] == ["90100"]
    november = internal_site.doc("tickets/2026-11/")
    assert [h.attrs.get("id") for h in november.find("article").iter("h2")] == [
        "90101", "90102", "90103", "90104", "90105", "90106", "90110", "90111", "90107",
        "90113", "90108", "90109", "90112",
    ]


# --- escalations ---------------------------------------------------------------------


def test_escalations_grouped_as_status_groups_them_with_aging(
    internal_site: BuiltSite,
) -> None:
    doc = internal_site.doc("escalations/")
    groups = {}
    for h2 in doc.find("article").iter("h2"):
        tables = section_tables(doc, h2.attrs["id"])
        groups[h2.text.rstrip("¶")] = tables[0].texts() if tables else []
    assert list(groups) == ["No response", "Unowned", "Redirected, not yet re-engaged",
                            "Due soon", "Pending", "With SC", "With the admin", "Resolved"]
    assert {title: [r[0] for r in rows] for title, rows in groups.items()} == {
        "No response": ["90103", "90105", "90110"], "Unowned": ["90113"],
        "Redirected, not yet re-engaged": ["90111"], "Due soon": ["90112"],
        "Pending": ["90107"], "With SC": ["90106"], "With the admin": ["90104"],
        "Resolved": ["90100", "90102", "90109"],
    }
    assert groups["No response"][1] == [
        "90105", "Wireless drops clients on the third floor", "collaborate", "medium",
        "Cy Silent", "2026-11-18 13:30", "2026-11-20 13:30", "overdue by 22.5 business hours",
        "no-response", "waiting", "4.8", "1",
    ]
    assert groups["Pending"][0][5:] == ["2026-11-25 09:00", "2026-11-25 17:00",
                                        "5 business hours left", "pending", "waiting", "0.4",
                                        "1"]
    assert "1 ticket. The admin declined without naming an owner" in section_text(
        doc, "unowned")


# --- admins --------------------------------------------------------------------------


def test_admin_page_purview_tracking_and_non_responses(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/ben-south/")
    purview = section_table(doc, "declared-purview")
    assert purview.header == ["Service", "Scope", "Excludes", "What SC may do", "Declared",
                              "Source"]
    assert purview.texts() == [
        ["vpn", "VPN concentrators and firewall rules for remote access.", "—", "—",
         "2026-10-05", "pull request 12"],
        ["backup", "Server backups and restores.", "—",
         "Restart the backup agent service, then re-run the job.", "2026-10-05",
         "pull request 12"],
    ]
    tracking = section_table(doc, "administrator-response-tracking")
    assert [row[:6] for row in tracking.texts()] == [
        ["90107", "VPN tunnel drops every ten minutes", "escalate", "2026-11-25 09:00",
         "2026-11-25 17:00", "pending"],
        ["90109", "Restore job for the lab server stuck in queue", "escalate",
         "2026-11-25 09:00", "2026-11-25 17:00", "accepted"],
        ["90103", "Nightly backup of the HR file server failed", "escalate",
         "2026-11-12 10:00", "2026-11-13 10:00", "no-response"],
    ]
    text = section_text(doc, "administrator-response-tracking")
    assert ("As of 2026-11-25 12:00: engaged 3 times; responded 1 (0 after the deadline);"
            " no response 1; pending 1") in text
    # A non-response is dated evidence, linked to its ticket.
    assert ("2026-11-13 10:00: deadline passed with no response to the escalate engagement"
            " of 2026-11-12 10:00 on ticket 90103") in text
    routed = section_text(doc, "tickets-routed-here")
    assert "90107 VPN tunnel drops every ten minutes" in routed
    assert "90103 Nightly backup of the HR file server failed" in routed
    assert "90109" not in routed  # resolved: no longer with Ben South


def test_admin_page_starts_with_what_waits_for_the_admin(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/ben-south/")
    h2s = [h2.attrs["id"] for h2 in doc.find("article").iter("h2")]
    assert h2s[0] == "waiting-for-you"
    waiting = section_table(doc, "waiting-for-you")
    # The status rows whose latest engagement is Ben South's and has no response, in the
    # status order (90109 is resolved; it waits for nobody).
    assert [(r[0], r[6], r[7], r[8]) for r in waiting.texts()] == [
        ("90103", "2026-11-13 10:00", "overdue by 66 business hours", "no-response"),
        ("90107", "2026-11-25 17:00", "5 business hours left", "pending"),
    ]
    ana = section_table(internal_site.doc("admins/ana-north/"), "waiting-for-you")
    # 90111 was redirected and 90104 accepted: not waiting for Ana North any more.
    assert [r[0] for r in ana.texts()] == ["90112"]
    nothing = section_text(internal_site.doc("admins/dee-gone/"), "waiting-for-you")
    assert nothing == "No open ticket is waiting for a response from Dee Gone."


def test_admin_page_breaks_the_engagements_down_by_state(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/mallory-x/")
    outcomes = doc.find("ul", cls="ep-outcomes")
    assert [li.text for li in outcomes.find_all("li")] == [
        "accepted 0", "answered 1", "redirected 0", "declined 1", "no-response 1",
        "due-soon 0", "pending 0"]


def test_admin_page_trend_of_the_last_twelve_complete_weeks(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/ana-north/")
    table = section_table(doc, "trend")
    assert table.header == ["Week", "Engaged", "Responded", "Declined", "No response",
                            "Median response (hours)"]
    weeks = table.as_dicts()
    # Complete weeks as of Wednesday of W48: W36 to W47.
    assert [w["Week"] for w in weeks] == [f"2026-W{n}" for n in range(36, 48)]
    shown = {w["Week"]: list(w.values())[1:] for w in weeks}
    assert shown.pop("2026-W46") == ["1", "1", "0", "0", "3.5"]  # 90102, answered
    assert shown.pop("2026-W47") == ["1", "1", "0", "0", "17.5"]  # 90104, accepted late
    assert set(map(tuple, shown.values())) == {("0", "0", "0", "0", "—")}
    # Weeks with a report page link to it (the reports start in W44).
    links = {row[0].text: row[0].links() for row in table.rows}
    assert links["2026-W44"] == ["../../reports/2026-w44/"] and links["2026-W43"] == []
    # (the page's black-and-white print patterns are an SVG of their own, not a chart)
    charts = [svg for figure in doc.find("article").find_all("figure", cls="ep-chart")
              for svg in figure.find_all("svg")]
    assert len(charts) == 2
    for svg in charts:
        assert svg.attrs["role"] == "img"
        assert svg.find("title").attrs["id"] == svg.attrs["aria-labelledby"]
        assert svg.find("title").text.startswith(("Engagements", "Median"))
        assert svg.find("desc").attrs["id"] == svg.attrs["aria-describedby"]
    counts, medians = (svg.find("desc").text for svg in charts)
    assert "W46: engaged 1, responded 1, declined 0, no-response 0;" in counts
    assert "W47: median-hours 17.5" in medians and "W45: median-hours —" in medians


def test_admin_who_declared_nothing_and_never_answered(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("admins/cy-silent/")
    assert "Cy Silent has declared no purview yet." in section_text(doc, "declared-purview")
    assert ("2026-11-20 13:30: deadline passed with no response to the collaborate"
            " engagement of 2026-11-18 13:30 on ticket 90105"
            in section_text(doc, "administrator-response-tracking"))


def test_admins_index_lists_every_admin_with_figures(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("admins/"), "")[0]
    assert table.column("Admin") == ["Ana North", "Ben South", "Cy Silent", "Dee Gone", MALLORY]
    assert table.row("Cy Silent")[3] == "— (nothing declared)"
    assert table.row("Dee Gone")[2] == "no"
    assert table.row("Ben South")[4] == "8"


# --- ownership -----------------------------------------------------------------------


def test_ownership_matrix_gaps_overlaps_and_silent_admins(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("ownership/")
    matrix = section_table(doc, "declared-services")
    assert [(r[0], r[1]) for r in matrix.texts()] == [
        ("backup overlap", "Ben South"),
        ("backup overlap", MALLORY),
        ("email", "Ana North"),
        ("lab-software", MALLORY),
        ("printing", "Dee Gone (inactive)"),
        ("vpn overlap", "Ana North"),
        ("vpn overlap", "Ben South"),
    ]
    assert matrix.texts()[2] == [
        "email", "Ana North", "Mailboxes, mail flow, spam filtering and shared mailboxes.",
        "Desktop mail client installs.",
        "Release quarantined messages from the admin portal before escalating.",
        "2026-10-01", "purview meeting with the SC lead, 2026-10-01", "3",
    ]
    gaps = {h3.attrs["id"]: h3 for h3 in doc.find("article").iter("h3")}
    assert list(gaps) == ["gap-printing", "gap-unclassified", "gap-wifi"]
    evidence = {}
    for gap_id, h3 in gaps.items():
        parent = h3.parent
        assert parent is not None
        following = parent.children[parent.children.index(h3) + 1:]
        para = next(el for el in following if isinstance(el, Element))
        evidence[gap_id] = ticket_links(para, "ownership/")
    assert evidence == {
        "gap-printing": ["tickets/2026-10/#90100"],
        "gap-unclassified": ["tickets/2026-11/#90108"],
        "gap-wifi": ["tickets/2026-11/#90105"],
    }
    overlaps = section_text(doc, "overlaps")
    assert f"backup is declared by Ben South, {MALLORY}." in overlaps
    assert "vpn is declared by Ana North, Ben South." in overlaps
    assert section_text(doc, "admins-who-have-declared-nothing") == "Cy Silent"


# --- weekly reports ------------------------------------------------------------------


def test_reports_index_lists_every_week_newest_first(internal_site: BuiltSite) -> None:
    table = section_tables(internal_site.doc("reports/"), "")[0]
    assert table.column("Week") == ["2026-W48", "2026-W47", "2026-W46", "2026-W45", "2026-W44"]
    assert table.row("2026-W45")[1:9] == ["2026-11-02 \u2013 2026-11-08", "0", "0", "—", "0", "0",
                                          "0", "0"]
    links = [row[0].links()[0] for row in table.rows]
    assert links == ["2026-w48/", "2026-w47/", "2026-w46/", "2026-w45/", "2026-w44/"]


def test_weekly_page_figures_narrative_and_counted_tickets(internal_site: BuiltSite) -> None:
    doc = internal_site.doc("reports/2026-w47/")
    assert [li.text for li in doc.find("ul", cls="ep-narrative").iter("li")] == [
        "3 tickets opened in 2026-W47 and 0 resolved.",
        "3 engagements sent in 2026-W47, as of 2026-11-25 12:00: 2 responded to (1 accepted,"
        " 1 answered, 0 redirected, 0 declined), 1 of them after the deadline (deadline in"
        " 2026-W47); 1 with no response and the deadline passed (deadline in 2026-W47); 0"
        " pending.",
        "Cy Silent: 1 engagement sent in 2026-W47 with no response as of 2026-11-25 12:00"
        " (deadline in 2026-W47).",
        "Deadlines that fell in 2026-W47: 2 missed (no response by the deadline).",
        "At the end of 2026-W47 (2026-11-23 00:00), 2 engagements on open tickets were past"
        " the deadline with no response (deadlines: 1 in 2026-W46, 1 in 2026-W47), and 0"
        " tickets were unowned (declined without naming an owner).",
        "Gaps among the tickets opened: wifi.",
    ]
    figures = section_table(doc, "figures")
    counted = {row[0].text: (row[1].text, ticket_links(row[2], "reports/2026-w47/"))
               for row in figures.rows}
    t = "tickets/2026-11/#"
    assert counted["tickets opened"] == ("3", [t + "90104", t + "90105", t + "90106"])
    assert counted["engagements sent"] == ("3", [t + "90104", t + "90105", t + "90106"])
    assert counted["responses received"] == ("2", [t + "90104", t + "90106"])
    assert counted["deadlines missed"] == ("2", [t + "90104", t + "90105"])
    assert counted["open escalations at end"] == ("2", [t + "90103", t + "90104"])
    assert counted["knowledge captured"] == ("2", [t + "90104", t + "90106"])
    # Ben South's engagement of 90103 (W46) is still unanswered at the end of W47.
    assert counted["outstanding at end"] == ("2", [t + "90103", t + "90105"])
    assert counted["unowned at end"] == ("0", [])
    # The escalation rate counts the escalate tickets opened in the week: link them too.
    assert counted["escalation rate"] == ("33.3%", [t + "90104"])


def test_weekly_page_charts_are_inline_svg_with_text_alternatives(
    internal_site: BuiltSite,
) -> None:
    doc = internal_site.doc("reports/2026-w47/")
    charts = [svg for figure in doc.find("article").find_all("figure", cls="ep-chart")
              for svg in figure.find_all("svg")]
    assert len(charts) == 2
    assert len(doc.find("article").find_all("svg")) == 3  # and the print patterns
    for svg in charts:
        assert svg.attrs.get("role") == "img"
        title = next(c for c in svg.children if isinstance(c, Element) and c.tag == "title")
        desc = next(c for c in svg.children if isinstance(c, Element) and c.tag == "desc")
        assert title.text and desc.text
    tiers, outcomes = charts
    assert "2026-W47: handle 0, collaborate 2, escalate 1" in tiers.find("desc").text
    assert "2026-W44: handle 0, collaborate 1, escalate 0" in tiers.find("desc").text
    # By outcome, so that a decline or a redirect never looks like an answer.
    assert ("Ana North: accepted 1, answered 0, redirected 0, declined 0, no-response 0,"
            " pending 0") in outcomes.find("desc").text
    assert ("Cy Silent: accepted 0, answered 0, redirected 0, declined 0, no-response 1,"
            " pending 0") in outcomes.find("desc").text


def test_weekly_page_of_the_current_week_counts_up_to_the_as_of_time(
    internal_site: BuiltSite,
) -> None:
    doc = internal_site.doc("reports/2026-w48/")
    assert "2026-11-23 to 2026-11-29" in doc.find("p", cls="ep-asof").text
    figures = {row[0]: row[1] for row in section_table(doc, "figures").texts()}
    assert figures["tickets opened"] == "7"
    assert figures["engagements sent"] == "6"
    assert figures["deadlines missed"] == "1"  # 90110's deadline, Wednesday 10:00
    assert figures["open escalations at end"] == "4"  # 90103, 90104, 90107, 90112


# --- every generated page ------------------------------------------------------------


def test_every_generated_page_carries_the_do_not_edit_note(internal_site: BuiltSite) -> None:
    generated = internal_site.generated_pages()
    assert {"", "tickets/", "tickets/2026-10/", "tickets/2026-11/", "escalations/",
            "admins/", "admins/ben-south/", "ownership/", "reports/",
            "reports/2026-w47/"} <= set(generated)
    missing = []
    for url in generated:
        notes = [c for c in internal_site.doc(url).comments if "Do not edit this page" in c]
        if len(notes) != 1 or "Generated by `escalation build` from " not in notes[0]:
            missing.append(url or "(home)")
    assert not missing, f"generated pages without the do-not-edit note: {missing}"


@pytest.mark.parametrize(("url", "source"), [
    ("", "tickets/ and admins/ (14 tickets, 5 admins)"),
    ("tickets/", "tickets/ (14 tickets)"),
    ("tickets/2026-10/", "tickets/2026/90100.md"),
    ("admins/ben-south/", "admins/ben-south.md"),
])
def test_do_not_edit_note_names_the_sources(
    internal_site: BuiltSite, url: str, source: str
) -> None:
    (note,) = [c for c in internal_site.doc(url).comments if "Do not edit this page" in c]
    assert source in note


def test_monthly_page_note_names_every_ticket_file(internal_site: BuiltSite) -> None:
    (note,) = [c for c in internal_site.doc("tickets/2026-11/").comments if "Do not edit" in c]
    assert [f"tickets/2026/{n}.md" in note for n in range(90101, 90114)] == [True] * 13


def test_hand_written_pages_have_no_generated_note(internal_site: BuiltSite) -> None:
    for url in ("reference/", "reference/slack-policy/"):
        assert not [c for c in internal_site.doc(url).comments if "Do not edit" in c]


def test_internal_build_shows_the_confidentiality_banner(
    internal_site: BuiltSite, shared_site: BuiltSite
) -> None:
    banner = internal_site.doc("").find(cls="ep-banner")
    assert banner.text == "Confidential — Internal Use Only"
    assert not shared_site.doc("").find_all(cls="ep-banner")
