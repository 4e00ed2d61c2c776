"""`curl` requests to OpenAI's API, in a shell script or a docs shell block.

A `curl` to a `/v1/...` URL with a JSON body or form fields (`-F model=...`) becomes a
raw-HTTP `Call`. The body is read as the shell passes it:
- `-d '{...}'` (also `--data`, `--data-raw`, `--data-binary`, `--json`): as written;
- `-d "{\\"model\\": ...}"`: the shell's escapes undone, `$NAME` / `${NAME}` expanded;
- `-d @- <<EOF ... EOF` (a here-document on stdin): its lines, expanded unless the delimiter
  is quoted (`<<'EOF'`).
A variable expands to the value of the last plain assignment above the command in the same
text (`MODEL=gpt-4o`, `export MODEL="gpt-4o"`); one set otherwise (by the environment, a
loop, a command) leaves the body unread there. As for an SDK call, `location` is the whole
command (up to its last line: `\\` continuations, quotes and its here-document), `site` the
same, `model_span` the model string, and each top-level body field's value has its span; a
model that comes from a variable is located at the assignment's value (`site` stays the
command). Positions are those of the text given (a whole script, or a docs block, which the
docs scanner shifts).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from modelmap.findings import Location
from modelmap.scan.providers import provider_for_url
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import CALL_PATHS, from_http_path

_CURL = re.compile(r"(?<![\w-])curl\b")
_URL = re.compile(r"""https?://[^\s'"\\]+|\$\{?\w+\}?/[^\s'"\\]+""")
_DATA = re.compile(r"""(?:-d|--data(?:-raw|-binary)?|--json)\s+(?:(?P<q>['"])|(?P<stdin>@-))""")
_FORM_MODEL = re.compile(r"""-F\s+['"]?model=(?P<model>[^\s'"]+)""")
_HEREDOC = re.compile(r"""<<(?P<dash>-?)[ \t]*(?P<q>['"]?)(?P<tag>\w+)(?P=q)""")
_ASSIGN = re.compile(
    r"""(?m)^[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_]\w*)=(?P<q>['"]?)"""
    r"""(?P<value>[^'"\s;$`\\]*)(?P=q)[ \t]*(?:#.*)?$""")
_VAR = re.compile(r"\$(?:\{(?P<b>[A-Za-z_]\w*)\}|(?P<n>[A-Za-z_]\w*))")
_UNESCAPE = re.compile(r'\\([\\"$`\n])')
_COMMENT = re.compile(r"(?:^|[ \t;])#", re.MULTILINE)
_STRING = re.compile(r'(?:\\?"(?P<v>(?:[^"\\\n]|\\(?!")|\\\\)*)\\?")')
"""A JSON string as written, its quotes escaped or not (group v: its content)."""
_MODEL_FIELD = re.compile(r'\\?"model\\?"\s*:\s*' + _STRING.pattern)


def curl_calls(relpath: str, text: str) -> list[Call]:
    """Raw-HTTP calls for every `curl` in `text` (positions are relative to it)."""
    index = LineIndex(text)
    calls: list[Call] = []
    assigns = [(m.start(), m["name"], m["value"], m.start("value"))
               for m in _ASSIGN.finditer(text)]
    done = 0
    for m in _CURL.finditer(text):
        if m.start() < done or _COMMENT.search(text, text.rfind("\n", 0, m.start()) + 1,
                                                m.start()):
            continue  # inside the command or here-document before, or in a comment
        done = _command_end(text, m.start())
        call = _one(relpath, text, m.start(), done, index, assigns)
        if call is not None:
            calls.append(call)
    return calls


def _command_end(text: str, start: int) -> int:
    """Where the command starting at `start` ends: the first line break or control operator
    (`;`, `&`, `&&`, `|`, `||`) outside quotes and not escaped, or the end of the
    here-document it opens."""
    i, n, quote = start, len(text), ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch == "\\":
            i += 2
            continue
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and text[i - 1:i] in (" ", "\t"):  # a comment, to its line's end
            eol = text.find("\n", i)
            i = n if eol < 0 else eol
            continue
        elif ch in ";&|" and not _HEREDOC.search(text, start, i):
            return i  # (`curl -d @- <<EOF | jq .`: the command runs to its here-document's end)
        elif ch == "\n":
            doc = _HEREDOC.search(text, start, i)
            return _heredoc_end(text, i + 1, doc)[1] if doc is not None else i
        i += 1
    return n


def _heredoc_end(text: str, body: int, doc: re.Match[str]) -> tuple[int, int]:
    """(end of the here-document's body, end of its delimiter line) from `body`, the start of
    its first line."""
    pos = body
    while pos < len(text):
        eol = text.find("\n", pos)
        eol = len(text) if eol < 0 else eol
        line = text[pos:eol]
        if (line.lstrip("\t") if doc["dash"] else line).rstrip("\r") == doc["tag"]:
            return pos, eol
        pos = eol + 1
    return len(text), len(text)


def _one(relpath: str, text: str, start: int, end: int, index: LineIndex,
         assigns: list[tuple[int, str, str, int]]) -> Call | None:
    command = text[start:end]
    url_m = _URL.search(command)
    if url_m is None:
        return None
    url = url_m.group(0)
    try:
        path = urlsplit(url).path if url.startswith("http") else "/" + url.split("/", 1)[1]
        host = urlsplit(url).hostname if url.startswith("http") else None
    except ValueError:  # malformed (`http://[`)
        return None
    endpoint = from_http_path(path) if host == "api.openai.com" else None
    base: str | None = None
    if endpoint is None:
        tail = next((p for p in CALL_PATHS if path.rstrip("/").endswith(p)), None)
        if tail is None:
            return None
        endpoint = from_http_path(tail)
        base = url[: url.rfind(tail)]
    known = {name: (value, at) for pos, name, value, at in assigns if pos < start}
    body = _body(text, start, end, known)
    if endpoint is None or body is None:
        return None
    model, model_at, params, spans = body
    site = _loc(relpath, index.span(start, start + len(command.rstrip())))
    span = index.span(model_at, model_at + len(model))
    var = model_at < start  # the value of an assignment above the command
    provider = (provider_for_url(base) or "dynamic") if base else None
    if base and not base.startswith("http"):
        base = None
    return Call(endpoint=endpoint, model=model, params=params, base_url=base,
                location=_loc(relpath, span) if var else site, model_span=span,
                param_spans={k: index.span(a, b) for k, (a, b) in spans.items()},
                via="constant" if var else "literal", provider=provider, site=site)


_Body = tuple[str, int, dict[str, Any], dict[str, tuple[int, int]]]
"""(model, its offset in the text, the other JSON fields, their values' offsets)."""


def _body(text: str, start: int, end: int, known: dict[str, tuple[str, int]]) -> _Body | None:
    command = text[start:end]
    data = _DATA.search(command)
    if data is None:
        form = _FORM_MODEL.search(command)
        return (form["model"], start + form.start("model"), {}, {}) if form else None
    if data["stdin"]:
        first_eol = command.find("\n", data.end())
        doc = _HEREDOC.search(command, data.end(), first_eol if first_eol >= 0 else len(command))
        if doc is None or first_eol < 0:
            return None
        raw_at = start + first_eol + 1
        raw = text[raw_at:_heredoc_end(text, raw_at, doc)[0]]
        shell = "" if doc["q"] else "heredoc"
    else:
        quote = data["q"]
        raw_at = start + data.end()
        raw = text[raw_at:_close(text, raw_at, quote, end)]
        shell = "double" if quote == '"' else ""
    return _fields(raw, raw_at, shell, known)


def _close(text: str, at: int, quote: str, end: int) -> int:
    """The offset of the quote closing a string opened before `at` (or `end`)."""
    i = at
    while i < end:
        if text[i] == "\\" and quote == '"':
            i += 2
            continue
        if text[i] == quote:
            return i
        i += 1
    return end


def _fields(raw: str, raw_at: int, shell: str, known: dict[str, tuple[str, int]]
            ) -> _Body | None:
    """The model, the other fields and their spans of a body as written (`raw`, at `raw_at`
    in the text); `shell`: how the shell changes it before curl sends it ("" not at all,
    "double" in double quotes, "heredoc" an unquoted here-document)."""
    sent = raw
    if shell:
        sent = _UNESCAPE.sub(lambda m: "" if m[1] == "\n" else m[1], raw) if shell == "double" \
            else raw.replace("\\$", "$")
        sent = _VAR.sub(lambda m: known.get(m["b"] or m["n"], (m[0], 0))[0], sent)
    params: dict[str, Any] = {}
    try:
        parsed = json.loads(sent.replace("\\\n", "\n"))
        if isinstance(parsed, dict):  # a value still holding `$X` is set elsewhere: unread
            params = {k: v for k, v in parsed.items() if k != "model" and not (
                shell and isinstance(v, str) and _VAR.search(v))}
    except ValueError:
        pass
    m = _MODEL_FIELD.search(raw)
    if m is None:
        return None
    model, model_at = m["v"], raw_at + m.start("v")
    ref = _VAR.fullmatch(model) if shell else None
    if ref is not None:
        found = known.get(ref["b"] or ref["n"])
        if found is None:
            return None  # set by the environment or a command: not read here
        model, model_at = found
    elif "\\" in model or ("$" in model and shell):
        return None  # an escape or an expansion we do not follow
    spans = {}
    for key in params:
        value = re.search(r'\\?"' + re.escape(key) + r'\\?"\s*:\s*', raw)
        if value is not None:
            spans[key] = (raw_at + value.end(), raw_at + _value_end(raw, value.end()))
    return model, model_at, params, spans


def _value_end(raw: str, at: int) -> int:
    """The end of the JSON value written at `at` (a string, or a token up to `,` `}` or a
    line break; objects and arrays to their closing bracket)."""
    string = _STRING.match(raw, at)
    if string is not None:
        return string.end()
    if raw[at:at + 1] in ("{", "["):
        depth = 0
        for i in range(at, len(raw)):
            depth += 1 if raw[i] in "{[" else -1 if raw[i] in "}]" else 0
            if depth == 0:
                return i + 1
        return len(raw)
    token = re.compile(r"[^,}\]\s]*").match(raw, at)
    return token.end() if token is not None else at


def _loc(relpath: str, span: Span) -> Location:
    return Location(relpath, span.line, span.column, span.end_line, span.end_column)
