"""Shell blocks in docs: `export OPENAI_MODEL=...` lines and `curl` requests to the API.

Env assignments are handed to the `.env` scanner with every other line blanked (so line numbers
and columns stay put). `curl` requests are read by modelmap.scan.curl (shell scripts use it
too).
"""

from __future__ import annotations

import re

from modelmap.scan.curl import curl_calls

_ASSIGN = re.compile(r"^(?P<pre>\s*(?:export\s+|set\s+|\$env:)?)[A-Za-z_][A-Za-z0-9_]*=")


def env_lines(text: str) -> str | None:
    """The block with only its `[export ]NAME=value` lines kept (prefix turned into spaces),
    or None when it has none."""
    kept: list[str] = []
    found = False
    for line in text.split("\n"):
        m = _ASSIGN.match(line)
        if m:
            found = True
            kept.append(" " * len(m["pre"]) + line[len(m["pre"]):])
        else:
            kept.append("")
    return "\n".join(kept) if found else None


__all__ = ["curl_calls", "env_lines"]
