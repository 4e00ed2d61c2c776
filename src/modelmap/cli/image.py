"""`modelmap image check ...` and `modelmap image ledger FILE`.

    modelmap image check images.generate model=gpt-image-2 size=1024x1536 out.png
    modelmap image check --request req.json response.json --ledger images.jsonl
    modelmap image ledger images.jsonl [--json]

The request is given as `validate` takes it (ENDPOINT KEY=VALUE..., or --request FILE with
--path or an ENDPOINT; images.generate when neither); the other positional arguments are the
outputs: image files, Images/Responses API response JSON, or folders of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from modelmap.cli import _common as c

FAIL_ON = ("error", "warning", "info")


class _Intermixed(argparse.ArgumentParser):
    """Positional items may follow options (`--source a.png out.png`): argparse leaves such
    trailing items unrecognised; they are added to `items` here."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        ns, extras = super().parse_known_args(args, namespace)
        rest = [x for x in extras if not x.startswith("-")]
        if rest and hasattr(ns, "items"):
            ns.items = [*(ns.items or []), *rest]
            extras = [x for x in extras if x.startswith("-")]
        return ns, extras


def register(sub: Any) -> None:
    p = sub.add_parser("image", help="check image outputs against the request; the ledger",
                       description="Check what an image call returned, and summarise the "
                                   "ledger of checked generations.")
    isub = p.add_subparsers(dest="image_command", metavar="SUBCOMMAND",
                            parser_class=type("ImageParser", (_Intermixed, type(p)), {}))
    ck = isub.add_parser(
        "check", help="check image files or API responses against the request",
        description="Positional arguments: an optional ENDPOINT (images.generate, images.edit, "
                    "responses.create), KEY=VALUE request parameters, then OUTPUT files or "
                    "folders (PNG/JPEG/WebP files, or response JSON with b64_json / "
                    "image_generation_call results). Image URLs are out of scope.")
    ck.add_argument("items", nargs="*", metavar="[ENDPOINT] [KEY=VALUE...] OUTPUT")
    ck.add_argument("--request", type=Path, metavar="FILE", help="the request body (JSON)")
    ck.add_argument("--path", metavar="/v1/...", help="HTTP path of --request")
    ck.add_argument("--source", type=Path, action="append", default=[], metavar="IMAGE",
                    help="an input image of an edit (checks that provenance survived)")
    ck.add_argument("--ledger", type=Path, metavar="FILE", help="append one line to this ledger")
    ck.add_argument("--retries", type=int, metavar="N", help="retries before this result")
    ck.add_argument("--fail-on", choices=FAIL_ON, default="warning",
                    help="exit 1 on findings at or above this severity (default: warning, "
                         "as in check and validate)")
    c.add_as_of(ck)
    c.add_json(ck)
    ck.set_defaults(func=run_check)
    lg = isub.add_parser("ledger", help="summarise a ledger: accepted/blocked/retried, cost",
                         description="Accepted, blocked and retried generations and the "
                                     "estimated cost per accepted image, by model and size.")
    lg.add_argument("file", type=Path, metavar="FILE")
    c.add_json(lg)
    lg.set_defaults(func=run_ledger)
    p.set_defaults(func=lambda a: (p.print_help(), 2)[1])


def _split(args: argparse.Namespace) -> tuple[argparse.Namespace, list[Path]]:
    """The request arguments `validate` takes, and the outputs."""
    from modelmap.errors import UsageError
    from modelmap.validate.endpoints import ENDPOINTS, canonical

    endpoint: str | None = None
    pairs: list[str] = []
    outputs: list[Path] = []
    for item in args.items:
        if Path(item).exists():
            outputs.append(Path(item))
        elif "=" in item:
            pairs.append(item)
        elif endpoint is None and not outputs and canonical(item) in ENDPOINTS:
            endpoint = item
        else:
            raise UsageError(f"{item}: no such file or folder")
    if not outputs:
        raise UsageError("give at least one OUTPUT: an image file, a response JSON, a folder")
    if endpoint is None and args.path is None:
        endpoint = "images.generate"
    ns = argparse.Namespace(endpoint=endpoint, pairs=pairs, request=args.request,
                            path=args.path, base_url=None)
    return ns, outputs


def run_check(args: argparse.Namespace) -> int:
    from modelmap.cli.validate_cmd import build_call, finding_json
    from modelmap.findings import Severity
    from modelmap.image import check_paths, ledger_line

    if args.retries is not None and args.retries < 0:
        from modelmap.errors import UsageError

        raise UsageError(f"--retries must be 0 or more, got {args.retries}")
    ns, outputs = _split(args)
    call = build_call(ns)
    day = c.as_of(args)
    report = check_paths(c.load(args), call, day, outputs, args.source)
    if args.ledger is not None:
        from modelmap.image.ledger import append

        try:
            append(args.ledger, ledger_line(report, via="cli", retries=args.retries))
        except OSError as exc:
            from modelmap.errors import UsageError

            raise UsageError(f"{args.ledger}: cannot append: {exc.strerror or exc}") from None
    threshold = Severity(args.fail_on).order
    every = (*report.request_findings, *report.findings)
    if args.json:
        c.print_json({
            "as_of": day, "outcome": report.outcome,
            "call": {"endpoint": call.endpoint, "model": call.model, "params": dict(call.params)},
            "requested": report.requested, "received": report.received,
            "transparency": report.transparency, "usage": report.usage,
            "request_findings": [finding_json(f) for f in report.request_findings],
            "set_findings": [finding_json(f) for f in report.set_findings],
            "images": [{"name": r.facts.name, "origin": r.origin, "format": r.facts.format,
                        "size": r.facts.size, "mode": r.facts.mode,
                        "alpha": r.facts.has_alpha, "jpeg_quality": r.facts.jpeg_quality,
                        "webp_encoding": r.facts.webp_encoding,
                        "metadata": list(r.facts.metadata),
                        "provenance": {"state": r.facts.provenance.state,
                                       "detail": r.facts.provenance.detail,
                                       "ingredients": list(r.facts.provenance.ingredients)},
                        "findings": [finding_json(f) for f in r.findings]}
                       for r in report.images],
            "not_checked": list(report.not_checked),
        })
    else:
        _print_text(report)
    return 1 if any(f.severity.order >= threshold for f in every) else 0


def _print_text(report: Any) -> None:
    call = report.call
    warned = sum(1 for f in (*report.request_findings, *report.findings)
                 if f.severity.value == "warning")
    also = (f" with {warned} warning{'' if warned == 1 else 's'}"
            if warned and report.outcome == "accepted" else "")
    model = f"model={call.model}" if call.model is not None else "no model given"
    got, want = report.received, report.requested
    print(f"{call.endpoint} {model} as of {report.as_of}: {report.outcome}{also} "
          f"({got} image{'' if got == 1 else 's'} received, n={want} requested)")
    for f in report.request_findings:
        print(f"  request {f.severity.value}: {f.rule} [{f.name}] {f.message}")
    for f in report.set_findings:
        print(f"  {f.severity.value}: {f.rule} [{f.name}] {f.message}")
    for r in report.images:
        x = r.facts
        extra = f", JPEG quality ~{x.jpeg_quality}" if x.jpeg_quality is not None else ""
        extra += f", WebP {x.webp_encoding}" if x.webp_encoding else ""
        print(f"{x.name}: {x.format} {x.size} {x.mode}{extra}, C2PA {x.provenance.state}"
              + (f" ({x.provenance.detail})" if x.provenance.detail else ""))
        for f in r.findings:
            print(f"  {f.severity.value}: {f.rule} [{f.name}] {f.message}")
    print("not checked (manual steps):")
    for step in report.not_checked:
        print(f"  - {step}")


def run_ledger(args: argparse.Namespace) -> int:
    from modelmap.image.ledger import read, summarise

    summary = summarise(read(args.file))
    if args.json:
        c.print_json(summary)
        return 0
    t = summary["total"]
    print(f"{args.file}: {t['lines']} generation(s): {t['accepted']} accepted, "
          f"{t['blocked']} blocked, {t['retried']} retried; {t['images_accepted']} accepted "
          f"image(s); estimated cost {_cost(t)}, {_per(t)} per accepted image"
          + (f" ({t['uncosted_lines']} line(s) without a price: {_why(t)})"
             if t["uncosted_lines"] else ""))
    rows = [[g["model"], g["size"], str(g["accepted"]), str(g["blocked"]), str(g["retried"]),
             str(g["images_accepted"]), _cost(g), _per(g)]
            for g in summary["by_model_size"]]
    c.print_table("", ["model", "size", "accepted", "blocked", "retried", "images",
                       "cost", "per image"], rows)
    return 0


def _why(t: dict[str, Any]) -> str:
    """The reasons lines have no price, with their counts."""
    return "; ".join(f"{n} {why}" for why, n in t["uncosted_why"].items())


def _cost(t: dict[str, Any]) -> str:
    """The estimated spend; "unknown" when no line of the group has a price."""
    return "unknown" if t["uncosted_lines"] == t["lines"] else f"${t['cost_usd']:.4f}"


def _per(t: dict[str, Any]) -> str:
    v = t["cost_per_accepted_image"]
    if v is None:
        return "unknown" if t["images_accepted"] else "n/a"
    return f"${v:.4f}"
