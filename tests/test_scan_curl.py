"""`curl` requests as the shell passes them (modelmap.scan.curl): quoted and escaped bodies,
variables, here-documents, where a command ends, and where each field sits."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.scan.curl import curl_calls

URL = "https://api.openai.com/v1/images/generations"


def calls(text: str) -> list[tuple[Any, ...]]:
    return [(c.endpoint, c.model, dict(c.params), c.via) for c in curl_calls("a.sh", text)]


def at(text: str, line: int, column: int, end_column: int) -> str:
    return text.splitlines()[line - 1][column - 1:end_column - 1]


@pytest.mark.parametrize("body", [
    """-d '{"model": "gpt-image-2", "size": "1000x1000"}'""",
    """-d "{\\"model\\": \\"gpt-image-2\\", \\"size\\": \\"1000x1000\\"}\"""",
    """--data-raw "{\\"model\\":\\"gpt-image-2\\",\\"size\\":\\"1000x1000\\"}\"""",
    """--json '{"model": "gpt-image-2",\n  "size": "1000x1000"}'""",
    """-d @- <<JSON\n{"model": "gpt-image-2", "size": "1000x1000"}\nJSON""",
    """-d @- <<-'EOF'\n\t{"model": "gpt-image-2", "size": "1000x1000"}\n\tEOF""",
])
def test_every_way_of_writing_the_body(body: str) -> None:
    text = f"curl {URL} \\\n  {body}\n"
    assert calls(text) == [("images.generate", "gpt-image-2", {"size": "1000x1000"},
                            "literal")]
    [call] = curl_calls("a.sh", text)
    size, model = call.param_spans["size"], call.model_span
    assert model is not None
    assert at(text, model.line, model.column, model.end_column) == "gpt-image-2"
    assert "1000x1000" in at(text, size.line, size.column, size.end_column)


def test_a_variable_is_read_from_its_assignment_in_double_quotes_and_heredocs() -> None:
    text = ('MODEL=gpt-image-2\nexport SIZE="1000x1000"\n'
            f'curl {URL} -d "{{\\"model\\": \\"$MODEL\\", \\"size\\": \\"${{SIZE}}\\"}}"\n'
            f"curl {URL} -d @- <<EOF\n{{\"model\": \"${{MODEL}}\"}}\nEOF\n"
            f"curl {URL} -d '{{\"model\": \"$MODEL\"}}'\n")  # single quotes: sent as written
    found = curl_calls("a.sh", text)
    assert [(c.model, dict(c.params), c.via) for c in found] == [
        ("gpt-image-2", {"size": "1000x1000"}, "constant"), ("gpt-image-2", {}, "constant"),
        ("$MODEL", {}, "literal")]
    first = found[0]
    assert first.location is not None and first.site is not None
    assert (first.location.line, first.location.column) == (1, 7)  # the assignment's value
    assert first.site.line == 3 and first.model_span is not None
    assert at(text, 1, first.model_span.column, first.model_span.end_column) == "gpt-image-2"


def test_a_variable_set_elsewhere_or_after_leaves_the_body_unread() -> None:
    text = (f'curl {URL} -d "{{\\"model\\": \\"$MODEL\\"}}"\nMODEL=gpt-image-2\n'
            f'for MODEL in a b; do curl {URL} -d "{{\\"model\\": \\"$OTHER\\"}}"; done\n')
    assert calls(text) == []


def test_a_command_ends_at_its_last_line() -> None:
    """The site is the command alone (not everything up to the next `curl`), a `curl` inside
    it (a User-Agent) does not start another, and a comment's apostrophe is not a quote."""
    text = (f"curl {URL} -H 'User-Agent: curl/8.5' \\\n"
            """  -d '{"model": "gpt-image-2"}'  # it's the cover\n"""
            "echo done\n\n"
            f"""curl {URL} -d '{{"model": "dall-e-3"}}'\n""")
    found = curl_calls("a.sh", text)
    assert [c.model for c in found] == ["gpt-image-2", "dall-e-3"]
    assert found[0].site is not None and (found[0].site.line, found[0].site.end_line) == (1, 2)
    assert found[1].site is not None and found[1].site.line == 5


def test_form_fields_and_other_hosts() -> None:
    text = (f"curl {URL.replace('generations', 'edits')} -F model=gpt-image-2 -F image=@a.png\n"
            """curl https://api.anthropic.com/v1/messages -d '{"model": "x"}'\n""")
    assert calls(text) == [("images.edit", "gpt-image-2", {}, "literal")]


def test_control_operators_comments_and_unset_values() -> None:
    """A verification pass: a second `curl` after `&&`, `;` or `||` was skipped once commands
    ran to their line's end; an unset `$SIZE` was judged as the size '$SIZE'; a commented-out
    `curl` was read; a here-document piped on (`<<EOF | jq .`) must still be read."""
    ok = """-d '{"model": "gpt-image-2", "size": "100x100"}'"""
    text = (f"curl -s https://api.openai.com/v1/models && curl {URL} {ok}\n"
            f"curl -s https://api.openai.com/v1/models; curl {URL} {ok} || curl {URL} {ok}\n"
            f'curl {URL} -d "{{\\"model\\": \\"gpt-image-2\\", \\"size\\": \\"$SIZE\\"}}"\n'
            f"# curl {URL} {ok}\n"
            f"  curl {URL} {ok}  # a trailing comment\n"
            f'curl {URL} -d @- <<EOF | jq .\n{{"model": "gpt-image-2", "size": "8x8"}}\nEOF\n')
    found = curl_calls("a.sh", text)
    assert [(c.site.line if c.site else 0, dict(c.params)) for c in found] == [
        (1, {"size": "100x100"}), (2, {"size": "100x100"}), (2, {"size": "100x100"}),
        (3, {}), (5, {"size": "100x100"}), (6, {"size": "8x8"})]
