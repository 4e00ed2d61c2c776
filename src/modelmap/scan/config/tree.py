"""YAML, JSON and TOML settings as one small tree whose string leaves know their spans.

- YAML: `yaml.compose` (the C loader when available) keeps marks; a quoted scalar's span is
  inside its quotes, a plain scalar's is the scalar; block scalars (`|`, `>`) get no span.
  Shared (aliased) nodes are visited once, so alias bombs stay linear.
- JSON: the standard library gives no positions, so `parse_json` is a small linear
  recursive-descent reader that reuses `json.decoder.scanstring` (C) for strings. It accepts
  JSONC (`//` and `/* */` comments, trailing commas) as VS Code and devcontainer files use it.
- TOML: `tomllib` gives the values (and rejects invalid files); `toml_spans` finds positions
  with a line scan: table headers, `key = "string"`, one-line and multi-line arrays of
  strings, and one-line inline tables. Not located (value kept, span None): multi-line
  strings, strings with escapes, arrays nested in arrays, inline tables over several lines.
- `json_error` words a reader error for a skip note; `env_list_as_mapping` turns a Docker
  Compose `environment:` list (`- KEY=value`) into the mapping form the walk reads.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from modelmap.scan.text import LineIndex
from modelmap.validate.call import Span

Path = tuple[str | int, ...]


@dataclass(eq=False)
class Node:
    """A mapping (`items`), a sequence (`elems`) or a scalar (`value`)."""

    value: Any = None
    items: list[tuple[str, Node]] | None = None
    elems: list[Node] | None = None
    span: Span | None = None
    """For string scalars: the characters of the string (inside quotes)."""
    near: Span | None = None
    """Where the value is written when `span` cannot be exact (escapes, block scalars)."""

    def get(self, key: str) -> Node | None:
        for k, v in self.items or ():
            if k == key:
                return v
        return None


# -- YAML -------------------------------------------------------------------------------------

def parse_yaml(text: str, lines: LineIndex) -> list[Node]:
    """One tree per YAML document; raises yaml.YAMLError on invalid YAML."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    seen: dict[int, Node] = {}

    def conv(node: Any) -> Node:
        known = seen.get(id(node))
        if known is not None:
            return known
        out = Node()
        seen[id(node)] = out
        if isinstance(node, yaml.MappingNode):
            out.items = [(str(k.value), conv(v)) for k, v in node.value
                         if isinstance(k, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            out.elems = [conv(v) for v in node.value]
        elif isinstance(node, yaml.ScalarNode):
            out.value = node.value if node.tag.endswith(":str") else _yaml_scalar(node.value)
            start, end = node.start_mark.index, node.end_mark.index
            out.near = lines.span(start, end)
            if node.style in ('"', "'"):
                start, end = start + 1, end - 1
            if (node.style in (None, "", '"', "'") and start <= end and "\n" not in node.value
                    and lines.text[start:end] == node.value):
                out.span = lines.span(start, end)
        return out

    return [conv(doc) for doc in yaml.compose_all(text, Loader=loader) if doc is not None]


def _yaml_scalar(raw: str) -> Any:
    low = raw.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "~", ""):
        return None
    return raw


# -- JSON -------------------------------------------------------------------------------------

_WS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200


def parse_json(text: str, lines: LineIndex) -> Node:
    """Parse JSON/JSONC; raises ValueError on malformed input."""
    node, end = _json_value(text, _skip(text, 1 if text.startswith("\ufeff") else 0), lines, 0)
    if _skip(text, end) != len(text):
        raise ValueError(f"extra data at offset {end}")
    return node


def _skip(text: str, i: int) -> int:
    m = _WS.match(text, i)
    return m.end() if m else i


def _json_value(text: str, i: int, lines: LineIndex, depth: int) -> tuple[Node, int]:
    if depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    ch = text[i:i + 1]
    if ch == '"':
        value, end = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
        span = lines.span(i + 1, end - 1) if end - i - 2 == len(value) else None
        return Node(value=value, span=span, near=lines.span(i, end)), end
    if ch in ("{", "["):
        close = "}" if ch == "{" else "]"
        node = Node(items=[]) if ch == "{" else Node(elems=[])
        i = _skip(text, i + 1)
        while text[i:i + 1] != close:
            if ch == "{":
                if text[i:i + 1] != '"':
                    raise ValueError(f"expected a key at offset {i}")
                key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                i = _skip(text, i)
                if text[i:i + 1] != ":":
                    raise ValueError(f"expected ':' at offset {i}")
                value, i = _json_value(text, _skip(text, i + 1), lines, depth + 1)
                assert node.items is not None
                node.items.append((key, value))
            else:
                value, i = _json_value(text, i, lines, depth + 1)
                assert node.elems is not None
                node.elems.append(value)
            i = _skip(text, i)
            if text[i:i + 1] == ",":
                i = _skip(text, i + 1)
            elif text[i:i + 1] != close:
                raise ValueError(f"expected ',' or {close!r} at offset {i}")
        return node, i + 1
    for word, value in _WORDS.items():
        if text.startswith(word, i):
            return Node(value=value), i + len(word)
    m = _NUMBER.match(text, i)
    if m is None:
        raise ValueError(f"unexpected character at offset {i}")
    return Node(value=json.loads(m.group())), m.end()


def json_error(exc: Exception, lines: LineIndex) -> str:
    """`invalid JSON at line 3: expected ',' or '}'` for the position-keeping reader's
    errors (which give a character offset) and the json module's (which give a line)."""
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON at line {exc.lineno}: {exc.msg}"
    if isinstance(exc, RecursionError):
        return "invalid JSON: nested too deeply"
    text = str(exc)
    found = re.search(r" at offset (\d+)", text)
    if found is None:
        return f"invalid JSON: {text}"
    line = lines.position(min(int(found.group(1)), len(lines.text)))[0]
    return f"invalid JSON at line {line}: {text[:found.start()]}"


def env_list_as_mapping(node: Node) -> None:
    """Docker Compose `environment: ["KEY=value", ...]` (or a `- KEY=value` block list) read
    as the mapping form `environment: {KEY: value}`, spans moved past `KEY=`."""
    for k, (key, child) in enumerate(node.items or ()):
        if key != "environment" or child.elems is None:
            continue
        items: list[tuple[str, Node]] = []
        for elem in child.elems:
            if not isinstance(elem.value, str) or "=" not in elem.value:
                continue
            name, _, value = elem.value.partition("=")
            skip = len(name) + 1
            span = elem.span
            if span is not None and span.line == span.end_line:
                span = Span(span.line, span.column + skip, span.end_line, span.end_column)
            else:
                span = None
            items.append((name.strip(), Node(value=value, span=span,
                                             near=elem.near or elem.span)))
        if items:
            assert node.items is not None
            node.items[k] = (key, Node(items=items))


# -- TOML -------------------------------------------------------------------------------------

_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"\s*({_DOTTED})\s*=\s*")
_STRING = re.compile(r""""([^"\\\n]*)"|'([^'\n]*)'""")
_KEY_PART = re.compile(_KEY)


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(k.strip("\"'") for k in _KEY_PART.findall(dotted))


@dataclass
class TomlScan:
    lines: LineIndex
    spans: dict[Path, Span] = field(default_factory=dict)
    headers: dict[Path, Span] = field(default_factory=dict)
    """Table path -> span of its name in the `[header]` line."""


def toml_spans(text: str, lines: LineIndex) -> TomlScan:
    """Positions of string values (by key path) and of table headers, by a line scan."""
    out = TomlScan(lines)
    table: Path = ()
    counts: dict[Path, int] = {}
    pending: tuple[Path, int] | None = None
    closing: str | None = None
    for number, line in enumerate(lines.lines, start=1):
        base = lines.starts[number - 1]
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if pending is not None:
            path, index = pending
            index, closed = _array(line, base, path, index, out)
            pending = None if closed else (path, index)
            continue
        header = _HEADER.match(line)
        if header is not None:
            key = _keys(header.group(2))
            if header.group(1) == "[[":
                counts[key] = counts.get(key, -1) + 1
                table = (*key, counts[key])
            else:
                table = key
            out.headers[table] = lines.span(base + header.start(2), base + header.end(2))
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        path = (*table, *_keys(assign.group(1)))
        rest = assign.end()
        if line.startswith(("'''", '"""'), rest):
            quote = line[rest:rest + 3]
            if quote not in line[rest + 3:]:
                closing = quote
            continue
        if line[rest:rest + 1] == "[":
            index, closed = _array(line[rest + 1:], base + rest + 1, path, 0, out)
            pending = None if closed else (path, index)
        elif line[rest:rest + 1] == "{":
            for m in re.finditer(rf"({_DOTTED})\s*=\s*", line[rest:]):
                s = _STRING.match(line, rest + m.end())
                if s is not None:
                    _put(out, (*path, *_keys(m.group(1))), s, base)
        else:
            s = _STRING.match(line, rest)
            if s is not None:
                _put(out, path, s, base)
    return out


def _put(out: TomlScan, path: Path, m: re.Match[str], base: int) -> None:
    group = 1 if m.group(1) is not None else 2
    out.spans[path] = out.lines.span(base + m.start(group), base + m.end(group))


def _array(line: str, base: int, path: Path, index: int, out: TomlScan) -> tuple[int, bool]:
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "#":
            return index, False
        if ch == "]":
            return index, True
        if ch in "[{":
            return index, False  # nested arrays/tables: not located
        if ch in "\"'":
            m = _STRING.match(line, i)
            if m is None:
                return index, False
            _put(out, (*path, index), m, base)
            index += 1
            i = m.end()
            continue
        if not ch.isspace() and ch != ",":
            index += 1
            while i < len(line) and line[i] not in ",]":
                i += 1
            continue
        i += 1
    return index, False


def parse_toml(text: str, lines: LineIndex) -> tuple[Node, TomlScan]:
    """TOML -> tree with spans; raises tomllib.TOMLDecodeError on invalid TOML."""
    data = tomllib.loads(text)
    found = toml_spans(text, lines)

    def conv(value: Any, path: Path) -> Node:
        near = next((found.headers[path[:n]] for n in range(len(path) - 1, 0, -1)
                     if path[:n] in found.headers), None)
        if isinstance(value, dict):
            return Node(items=[(k, conv(v, (*path, k))) for k, v in value.items()])
        if isinstance(value, list):
            return Node(elems=[conv(v, (*path, i)) for i, v in enumerate(value)])
        span = found.spans.get(path) if isinstance(value, str) else None
        if span is not None and span.line == span.end_line:
            start = lines.offset(span.line, span.column)
            end = lines.offset(span.end_line, span.end_column)
            if text[start:end] != value:
                span = None
        return Node(value=value, span=span, near=near)

    return conv(data, ()), found
