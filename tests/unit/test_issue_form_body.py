"""The submitted-form reader on bodies written as GitHub writes them: whatever text the
fields hold comes back as that text (stripped), empty fields as None, with LF or CRLF."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.read.issue_form import FormRefused, parse_form_body
from generator.schema.issue_forms import ENGAGE_FORM, FORMS, NO_RESPONSE, IssueForm

# Text of a field: no line of it may look like a section heading (GitHub would write the
# same line, and the reader could not tell it from one: such a body is refused).
line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85"
                             "\u2028\u2029\x0b\x0c\x1c\x1d\x1e"), max_size=30).filter(
    lambda t: not t.lstrip().startswith("#") and t.strip() != NO_RESPONSE)
lines = st.lists(line, min_size=1, max_size=4).map("\n".join)


def github_body(form: IssueForm, values: dict[str, str], eol: str) -> str:
    """The body GitHub writes for ``values``: a section per field, empty ones marked."""
    sections = [f"### {f.label}\n\n{values.get(f.id, '').strip() or NO_RESPONSE}"
                for f in form.fields]
    return "\n\n".join(sections).replace("\n", eol)


@given(form=st.sampled_from(FORMS), data=st.data(), eol=st.sampled_from(["\n", "\r\n"]))
def test_every_value_reads_back_as_written(form: IssueForm, data: st.DataObject,
                                           eol: str) -> None:
    values = {}
    for field in form.fields:
        strategy = lines if field.multiline else line
        values[field.id] = data.draw(strategy if not field.required
                                     else strategy.filter(lambda t: t.strip() != ""))
    parsed = parse_form_body(form, github_body(form, values, eol), 1)
    assert parsed == {k: (v.strip() or None) for k, v in values.items()}


@given(extra=line.filter(lambda t: t.strip() != ""))
def test_text_before_the_first_section_is_refused(extra: str) -> None:
    body = github_body(ENGAGE_FORM, {"ticket": "1", "admin": "a", "tier": "collaborate"}, "\n")
    try:
        parse_form_body(ENGAGE_FORM, f"{extra}\n\n{body}", 7)
    except FormRefused as exc:
        assert exc.problems[0] == "issue #7: line 1: text before the first section"
    else:  # pragma: no cover - the failure says so
        raise AssertionError("accepted a body with text before its first section")
