"""`modelmap image`: check what came back from an image call, and keep a ledger of it.

    report = check_paths(catalog, call, as_of, [Path("out.png")])   # -> checks.Report
    ledger.append("images.jsonl", ledger_line(report, via="cli"))

inputs.py collects outputs (files, Images/Responses API bodies, folders); inspect.py measures
each image (Pillow; C2PA via c2pa-python); checks.py applies the MM8xx rules; prices.py holds the
dated price table; ledger.py writes and summarises the JSONL ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modelmap.catalog.model import Catalog
from modelmap.errors import UsageError
from modelmap.image.checks import Report, check_outputs
from modelmap.validate import Call


def image_call(call: Call) -> Call:
    """The image request inside `call`: itself for the Images API; for responses.create, the
    `image_generation` tool's model and settings (or the call's own when it has no tool)."""
    if call.endpoint != "responses.create":
        return call
    tools = call.params.get("tools")
    for tool in tools if isinstance(tools, list) else []:
        if isinstance(tool, dict) and tool.get("type") == "image_generation":
            model = tool.get("model")
            params = {k: v for k, v in tool.items() if k not in ("type", "model")}
            return Call(endpoint="images.generate", params=params, base_url=call.base_url,
                        model=model if isinstance(model, str) else None, via=call.via)
    params = {k: v for k, v in call.params.items() if k not in ("tools", "input")}
    return Call(endpoint="images.generate", model=call.model, params=params,
                base_url=call.base_url, via=call.via)


def check_paths(catalog: Catalog, call: Call, as_of: dt.date, paths: Sequence[Path],
                sources: Sequence[Path] = ()) -> Report:
    """Collect, measure and check the outputs under `paths` (and the edit `sources`)."""
    from modelmap.image.inputs import collect
    from modelmap.image.inspect import NotAnImage, inspect_bytes

    collected = collect(paths)
    try:
        facts = [inspect_bytes(o.name, o.data) for o in collected.outputs]
        source_facts = [inspect_bytes(str(p), p.read_bytes()) for p in sources]
    except NotAnImage as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"{exc.filename}: cannot read: {exc.strerror or exc}") from None
    return check_outputs(catalog, image_call(call), as_of, collected, facts, source_facts)


def ledger_line(report: Report, *, via: str, retries: int | None = None) -> dict[str, Any]:
    """The ledger record of one checked generation. Where the request left size, quality or
    format to `auto` (or out), the value the response reports is recorded."""
    from modelmap.image.ledger import line

    params = dict(report.call.params)
    for key, value in report.reported.items():
        if params.get(key) in (None, "auto"):
            params[key] = value
    return line(via=via, endpoint=report.call.endpoint, model=report.call.model,
                params=params, as_of=report.as_of, images=report.received,
                usage=report.usage, outcome=report.outcome, retries=retries,
                findings=[f.rule for f in report.findings])


__all__ = ["Report", "check_outputs", "check_paths", "image_call", "ledger_line"]
