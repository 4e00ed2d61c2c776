"""Model settings in Dockerfiles and shell scripts, read by the dotenv rules.

- Dockerfile (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`): `ENV` and `ARG`
  instructions, in the `KEY=value KEY2="value 2"` form (several per instruction, over `\\`
  continuation lines) and the legacy `ENV KEY value` form.
- Shell scripts (`.sh`, `.bash`, `.zsh`): `export KEY=value`, `declare -x KEY=value`,
  `KEY=value` at the start of a line or before a command (`OPENAI_MODEL=x python app.py`).
- Shell scripts also: a `curl` to OpenAI's API with a JSON body or form fields, read as a
  raw HTTP request (modelmap.scan.curl, as in docs shell blocks).
- Both: a default in a parameter expansion, `${OPENAI_MODEL:-gpt-4o}` or `${X:=...}`, is a
  value of that key.
Every (key, value) then goes through modelmap.scan.config.env (the file must mention OpenAI;
keys with a MODEL/ENGINE/LLM word; other vendors' keys skipped; a base URL marks the provider).
A value built from other variables (`$X`, `${X}`) is skipped. (`.envrc` files are dotenv
files: modelmap.scan.config.env reads them.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.config.env import env_calls
from modelmap.scan.curl import curl_calls
from modelmap.scan.registry import is_dockerfile
from modelmap.scan.suppress import parse_suppressions
from modelmap.scan.text import LineIndex

_OPENAI_TEXT = re.compile(r"(?i)openai")
_INSTRUCTION = re.compile(r"(?im)^[ \t]*(ENV|ARG)[ \t]+")
_PAIR = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"'\\]*)""")
_LEGACY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]+([^\s=][^\n]*?)[ \t]*$")
_SHELL = re.compile(
    r"""(?m)(?:^|[;&|(]|\b(?:export|declare[ \t]+-x|local|readonly|env))[ \t]*"""
    r"""([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"'`;&|)]*)""")
_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]([^}\s\"'$]*)\}")


def _value(raw: str, offset: int) -> tuple[str, int] | None:
    """A written value without its quotes, and where it starts; None for an expansion."""
    if raw[:1] in ("'", '"'):
        raw, offset = raw[1:-1], offset + 1
    if not raw or "$" in raw or "`" in raw or "\\" in raw:
        return None
    return raw, offset


def dockerfile_pairs(text: str) -> Iterator[tuple[str, str, int]]:
    """(key, value, offset of the value) for each ENV/ARG setting and `${X:-default}`."""
    for m in _INSTRUCTION.finditer(text):
        end = m.end()
        while True:  # the instruction runs over `\` line continuations
            stop = text.find("\n", end)
            stop = len(text) if stop < 0 else stop
            if not text[end:stop].rstrip().endswith("\\"):
                break
            end = stop + 1
        body_start, body = m.end(), text[m.end():stop]
        pairs = list(_PAIR.finditer(body))
        if not pairs and m.group(1).upper() == "ENV":
            legacy = _LEGACY.match(body)
            if legacy is not None:
                pairs = [legacy]
        for p in pairs:
            got = _value(p.group(2), body_start + p.start(2))
            if got is not None:
                yield p.group(1), got[0], got[1]
    yield from _defaults(text)


def shell_pairs(text: str) -> Iterator[tuple[str, str, int]]:
    """(key, value, offset of the value) for each assignment and `${X:-default}`."""
    for m in _SHELL.finditer(text):
        got = _value(m.group(2), m.start(2))
        if got is not None:
            yield m.group(1), got[0], got[1]
    yield from _defaults(text)


def _defaults(text: str) -> Iterator[tuple[str, str, int]]:
    for m in _DEFAULT.finditer(text):
        if m.group(2):
            yield m.group(1), m.group(2), m.start(2)


def _scan(relpath: str, text: str, ctx: ScanContext, dockerfile: bool) -> FileScan:
    sup = parse_suppressions(text, ("hash",))
    calls = []
    if _OPENAI_TEXT.search(text):
        pairs = list(dockerfile_pairs(text) if dockerfile else shell_pairs(text))
        calls = env_calls(relpath, LineIndex(text), sorted(pairs, key=lambda p: p[2]), ctx)
    if not dockerfile and "curl" in text:  # requests sent from the script itself
        calls = [*calls, *curl_calls(relpath, text)]
    return FileScan(relpath, tuple(calls), (), sup.line_ignores, sup.file_ignores)


def scan_dockerfile(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a Dockerfile (the Scanner contract)."""
    return _scan(relpath, text, ctx, True)


def scan_shell(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a shell script (the Scanner contract)."""
    return _scan(relpath, text, ctx, False)


__all__ = ["dockerfile_pairs", "is_dockerfile", "scan_dockerfile", "scan_shell",
           "shell_pairs"]
