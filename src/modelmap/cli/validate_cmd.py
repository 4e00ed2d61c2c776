"""`modelmap validate ENDPOINT key=value...`; `modelmap validate --request FILE --path /v1/...`.

Exit codes (the same rule as every command, README "Exit codes"): 0 nothing at or above
--fail-on (default: warning, as for `check`), 1 findings at or above it, 2 usage or input
error, including a request with no model and no finding (nothing model-specific could be
judged)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from modelmap.cli import _common as c
from modelmap.cli import notices

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

FAIL_ON = ("error", "warning", "info")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "validate", help="check one request (endpoint, model, params) as of a date",
        description="Check one request. Values are parsed as JSON when possible, else taken "
                    "as strings; dotted keys nest (reasoning.effort=high). Example: "
                    "modelmap validate images.generate model=gpt-image-2 size=1920x1080")
    p.add_argument("endpoint", nargs="?", metavar="ENDPOINT",
                   help="SDK endpoint (images.generate, chat.completions.create, or "
                        "chat.completions) or REST path (/v1/chat/completions)")
    p.add_argument("pairs", nargs="*", metavar="KEY=VALUE", help="model=... and other params")
    p.add_argument("--request", type=Path, metavar="FILE",
                   help="a raw HTTP JSON body (use with --path)")
    p.add_argument("--path", metavar="/v1/...", help="HTTP path of the raw request")
    p.add_argument("--base-url", metavar="URL", help="the client's base URL")
    p.add_argument("--fail-on", choices=FAIL_ON, default="warning",
                   help="exit 1 on findings at or above this severity (default: warning, "
                        "as for check)")
    c.add_as_of(p)
    c.add_json(p)
    notices.add_quiet(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.findings import Severity
    from modelmap.validate import validate

    call = build_call(args)
    catalog = c.load(args)
    day = c.as_of(args)
    findings = validate(catalog, call, day)
    if call.model is None:
        from modelmap.errors import UsageError

        if not findings:
            raise UsageError(f"{call.endpoint}: no model given, so nothing model-specific "
                             f"could be checked; add model=ID")
        print(f"modelmap: note: {call.endpoint}: no model given; only the endpoint was "
              f"checked (add model=ID)", file=sys.stderr)
    threshold = Severity(args.fail_on).order
    failing = [f for f in findings if f.severity.order >= threshold]
    if args.json:
        from modelmap import __version__

        c.print_json({
            "modelmap": __version__, "as_of": day,
            "catalog": _catalog(catalog, day),
            "call": {"endpoint": call.endpoint, "model": call.model, "params": dict(call.params),
                     "base_url": call.base_url},
            "findings": [finding_json(f) for f in findings],
            "summary": {"findings": len(findings),
                        "errors": sum(f.severity is Severity.ERROR for f in findings),
                        "warnings": sum(f.severity is Severity.WARNING for f in findings)},
        })
    else:
        from modelmap.report.term import printable

        if not findings:
            print(f"no findings for {call.endpoint} (as of {day})")
        for f in findings:
            print(printable(f"{f.severity.value}: {f.rule} [{f.name}] {f.message}"))
            if f.fix is not None:
                print(printable(f"  fix ({f.fix.safety}): {f.fix.message}"))
    return 1 if failing else 0


def _catalog(catalog: Any, day: Any) -> dict[str, Any]:
    """The contract's two keys first, then age, layer origin and overlays."""
    from modelmap.catalog.freshness import provenance

    info = provenance(catalog.meta, day)
    return {"curated_verified_on": info.pop("curated_verified_on"), "sdk": info.pop("sdk"),
            **info}


def finding_json(f: Any) -> dict[str, Any]:
    """The output-contract shape of one finding (without a file location)."""
    fix = None
    if f.fix is not None:
        fix = {"safety": f.fix.safety, "message": f.fix.message,
               "edits": [e.__dict__ for e in f.fix.edits]}
    return {"rule": f.rule, "name": f.name, "family": f.family, "severity": f.severity.value,
            "message": f.message, "fix": fix, "sources": list(f.sources)}


def build_call(args: argparse.Namespace) -> Any:
    """The Call the arguments describe; UsageError (exit 2) on anything malformed."""
    from modelmap.errors import UsageError
    from modelmap.validate import Call
    from modelmap.validate.endpoints import V0_ENDPOINTS, from_http_path

    pairs = list(args.pairs)
    body: dict[str, Any] = {}
    endpoint = args.endpoint
    if args.request is not None:
        if args.path is None and endpoint is None:
            raise UsageError("--request needs --path /v1/... (or an ENDPOINT)")
        body = _read_body(args.request)
        if endpoint is not None and "=" in endpoint:
            pairs.insert(0, endpoint)
            endpoint = None
        if args.path is not None:
            endpoint = from_http_path(args.path)
            if endpoint is None:
                raise UsageError(f"unknown request path {args.path!r}: use e.g. "
                                 f"/v1/chat/completions, /v1/responses, /v1/images/generations")
    elif args.path is not None:
        raise UsageError("--path is for --request FILE")
    if endpoint is None:
        raise UsageError("give an ENDPOINT (e.g. images.generate) or --request FILE --path ...")
    key = endpoint_key(endpoint)
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"expected KEY=VALUE, got {pair[:80]!r}")
        _set(body, name, _parse_value(name, raw))
    model = body.pop("model", None)
    if model is not None and not isinstance(model, str):
        raise UsageError(f"model must be a string, got {json.dumps(model)[:80]}")
    if isinstance(model, str) and not model.strip():
        raise UsageError(f"{key}: model is empty, so nothing model-specific can be checked; "
                         f"give model=ID")
    base_url = body.pop("base_url", None) if args.base_url is None else args.base_url
    body.pop("base_url", None)
    if isinstance(base_url, str):
        from urllib.parse import urlsplit

        try:
            urlsplit(base_url).port  # noqa: B018 - parsing is the check
        except ValueError as exc:
            raise UsageError(f"base URL {base_url[:80]!r} is not a valid URL ({exc})") from None
    v0 = endpoint.removeprefix("openai.") in V0_ENDPOINTS
    return Call(endpoint=key, model=model, params=body,
                base_url=base_url if isinstance(base_url, str) else None, via="cli",
                sdk_shape="v0" if v0 else "v1")


MAX_REQUEST_BYTES = 32_000_000


def _read_body(path: Path) -> dict[str, Any]:
    """A request file: UTF-8 JSON (a BOM is fine), at most MAX_REQUEST_BYTES, an object."""
    from modelmap.errors import UsageError
    from modelmap.fsread import read_regular

    try:
        data = read_regular(path, MAX_REQUEST_BYTES)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data is None:
        raise UsageError(f"{path}: not a regular file of at most {MAX_REQUEST_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        hint = " (it looks like UTF-16: save it as UTF-8)" if utf16 else ""
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start}){hint}") from None
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path}: not valid JSON: nested too deeply") from None
    if not isinstance(body, dict):
        raise UsageError(f"{path}: the request body must be a JSON object")
    return body


def _parse_value(name: str, raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw
    except RecursionError:
        from modelmap.errors import UsageError

        raise UsageError(f"{name}: the value is nested too deeply") from None


def _set(body: dict[str, Any], name: str, value: Any) -> None:
    from modelmap.errors import UsageError

    parts = name.split(".")
    node = body
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise UsageError(f"{name}: {part} is already set to a non-object value")
        node = child
    node[parts[-1]] = value


def endpoint_key(text: str) -> str:
    """The endpoint key for what a user typed: an SDK path (`client.` prefixes and async
    twins too), one without its `.create` (`chat.completions`, `responses`), or a REST path
    as a curl command has it (`/v1/chat/completions`, a full URL)."""
    from urllib.parse import urlsplit

    from modelmap.errors import UsageError
    from modelmap.validate.endpoints import ENDPOINTS, HTTP_PATHS, canonical, from_http_path

    key = canonical(text)
    if key in ENDPOINTS:
        return key
    if key + ".create" in ENDPOINTS:
        return key + ".create"
    import difflib

    if key.startswith(("/", "v1/", "http://", "https://", "api.openai.com/")):
        host_first = "://" in key or "." in key.split("/", 1)[0]
        path = urlsplit(key if "://" in key else "https://" + key).path if host_first else key
        found = from_http_path(path)
        if found is not None:
            return found
        paths = difflib.get_close_matches("/v1/" + path.strip("/").removeprefix("v1/"),
                                          sorted(HTTP_PATHS), n=3, cutoff=0.8)
        near = [f"{p} ({HTTP_PATHS[p]})" for p in paths]
    else:
        near = sorted(e for e in ENDPOINTS if e.startswith(key + ".")) if key else []
        if not near:
            near = difflib.get_close_matches(key, sorted(ENDPOINTS), n=3, cutoff=0.6)
    hint = (f"did you mean {', '.join(near[:4])}?" if near else
            "use an SDK path such as chat.completions.create, responses.create, "
            "images.generate, or a REST path such as /v1/chat/completions")
    raise UsageError(f"unknown endpoint {text!r}: {hint}")

