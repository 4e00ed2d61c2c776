"""The guard's image ledger: `guard(client, ledger=PATH)` appends one line per image call.

Only images.generate / images.edit calls are recorded, from what the call already returned
(the b64_json images and `usage` of the ImagesResponse): no extra request is made. A call the
guard blocks is recorded as blocked with cost 0 (nothing was sent). Streaming calls and
`with_raw_response` results are passed through unrecorded. Writing the ledger never breaks the
call: a failure to record is logged on "modelmap.guard" and the response is returned as is.
`retries` is null: the SDK retries inside the call and does not report how often.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import inspect
import logging
from collections.abc import Callable
from typing import Any

from modelmap.image import ledger

logger = logging.getLogger("modelmap.guard")


def ledgered(state: Any, check: Callable[[], None], endpoint: str, pos: int | None,
             method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
             blocked: type[Exception]) -> Any:
    """Run the guard's check and the call, appending the ledger line for it. `blocked`: what
    `check` raises when the call must not be sent (the guard's GuardError, passed in so that
    this module does not import the guard that imports it)."""
    model = kwargs.get("model")
    if model is None and pos is not None and len(args) > pos:
        model = args[pos]
    model = model if isinstance(model, str) else None
    params = {k: v for k, v in kwargs.items()
              if k != "model" and not isinstance(v, state.sentinels)}
    day = state.as_of or dt.date.today()
    try:
        check()
    except blocked as exc:
        codes = [f.rule for f in getattr(exc, "findings", ())]  # (GuardError.findings)
        _safe(lambda: ledger.append(state.ledger, ledger.line(
            via="guard", endpoint=endpoint, model=model, params=params, as_of=day, images=0,
            usage=None, outcome="blocked", retries=None,
            findings=codes, sent=False)))
        raise
    result = method(*args, **kwargs)
    if params.get("stream") is True:
        return result
    if inspect.isawaitable(result):
        async def finish() -> Any:
            value = await result
            _safe(lambda: _record(state, endpoint, model, params, day, value))
            return value
        return finish()
    _safe(lambda: _record(state, endpoint, model, params, day, result))
    return result


def _safe(action: Callable[[], None]) -> None:
    try:
        action()
    except Exception as exc:  # recording is best effort; the caller's call must not fail
        logger.warning("modelmap guard: could not write the image ledger: %s", exc)


def _record(state: Any, endpoint: str, model: str | None, params: dict[str, Any],
            day: dt.date, response: Any) -> None:
    from modelmap.image import ledger_line
    from modelmap.image.checks import check_outputs
    from modelmap.image.inputs import Collected, Output, ResponseInfo
    from modelmap.image.inspect import NotAnImage, inspect_bytes
    from modelmap.validate import Call

    data = getattr(response, "data", None)
    if not isinstance(data, list):
        return  # a raw or streamed response: nothing parsed to record
    usage_obj = getattr(response, "usage", None)
    usage = usage_obj.model_dump(exclude_none=True) if usage_obj is not None else None
    outputs, urls, bad = [], 0, []
    for i, item in enumerate(data):
        b64 = getattr(item, "b64_json", None)
        if isinstance(b64, str) and b64:
            try:
                outputs.append(Output(f"response#{i}", base64.b64decode(b64), "response", 0))
            except (binascii.Error, ValueError):
                bad.append(i)
        elif getattr(item, "url", None):
            urls += 1
    reported = {k: getattr(response, k, None) for k in
                ("size", "quality", "output_format", "background")}
    info = ResponseInfo("response", "images", len(outputs), urls, usage,
                        {k: v for k, v in reported.items() if v is not None})
    call = Call(endpoint=endpoint, model=model, params=params, via="runtime")
    try:
        facts = [inspect_bytes(o.name, o.data) for o in outputs]
    except NotAnImage:
        facts, bad = [], [*bad, -1]
    if bad:
        ledger.append(state.ledger, ledger.line(
            via="guard", endpoint=endpoint, model=model, params=params, as_of=day,
            images=len(outputs), usage=usage, outcome="blocked", retries=None,
            findings=["unreadable-output"]))
        return
    report = check_outputs(state.catalog, call, day, Collected(tuple(outputs), (info,)), facts)
    ledger.append(state.ledger, ledger_line(report, via="guard"))
