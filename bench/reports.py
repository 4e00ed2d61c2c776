"""What each benchmarked tool reported, read from its output; the size of what it read."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any


def counts(name: str, data: bytes) -> tuple[int | None, dict[str, Any]]:
    """Matches reported by a tool's output, and extra detail for the record."""
    if name == "ripgrep":
        return data.count(b"\n"), {}
    if name.startswith("ruff"):
        text = data.decode(errors="replace")
        found = re.search(r"^Found (\d+) errors?\.", text, re.M)
        files = {m.group(1) for m in re.finditer(r"^(.+?):\d+:\d+: ", text, re.M)}
        return (int(found.group(1)) if found else 0), {"files_with_diagnostics": len(files)}
    try:
        doc = json.loads(data)
    except ValueError:
        return None, {"unparsed_output_bytes": len(data)}
    if name.startswith("modelmap"):
        rules = Counter(f["rule"] for f in doc["findings"])
        return len(doc["findings"]), {"summary": doc["summary"], "by_rule": dict(rules),
                                      "skipped": len(doc.get("skipped", ()))}
    if name == "semgrep":
        paths = doc.get("paths", {}).get("scanned", [])
        return len(doc["results"]), {"files_scanned": len(paths), "errors": len(doc["errors"])}
    if name == "depdesk":
        found = doc.get("findings", [])
        return len(found), {
            "files_scanned": doc.get("scanned_files"),
            "locations": sum(len(f.get("locations", ())) for f in found),
            "by_severity": dict(Counter(f.get("severity") for f in found))}
    return None, {}


def measure(paths: list[str]) -> dict[str, int]:
    """Files, lines and bytes of the files every tool searches (ripgrep's list)."""
    lines = size = 0
    for path in paths:
        data = Path(path).read_bytes()
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        size += len(data)
    return {"files": len(paths), "lines": lines, "bytes": size}
