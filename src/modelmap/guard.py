"""Runtime guard: validate each model-taking call of an openai client before it is sent.

    client = modelmap.guard(openai.OpenAI())                 # mode="raise", fail_on="error"
    client.chat.completions.create(model="gpt-image-2", messages=[...])   # GuardError, nothing sent

`guard(client)` returns a proxy around an `openai.OpenAI`/`openai.AsyncOpenAI` (subclasses too).
Calling a method named in `modelmap.validate.endpoints.ENDPOINTS` (chat.completions, responses,
images, audio, embeddings, moderations, videos, realtime.connect, ...) first builds a `Call`
(the method path as endpoint, `model`, the other keyword arguments as params, the client's base
URL) and validates it as of `as_of` (default: today, read at each call). Async methods,
`stream=True`, `.stream(...)` managers and `realtime.connect(...)` are checked when called, before
any coroutine runs or connection opens. `with_options`/`copy`, `with_raw_response` and
`with_streaming_response` return guarded objects. Nothing is patched globally. See docs/guard.md.

Exceptions and warnings:

    ValueError
    └── GuardError          raise mode: findings at or above `fail_on`; nothing was sent.
                            `.findings` (all findings of the call) and `.call` (the Call).
    UserWarning
    └── ModelmapWarning     warn mode, or raise mode with findings below `fail_on`: sent anyway.
                            `.findings`, `.call`; also logged at WARNING on "modelmap.guard"
                            (info-only findings: logged at INFO, no warning).
    modelmap.errors.UsageError   guard() got a bad `mode`, `fail_on` or client.

The wrapper is a proxy: `isinstance(guarded, openai.OpenAI)` holds (it reports the wrapped class
as `__class__`), `type(guarded)` does not; `unwrap(guarded)` returns the client, and `guard()` of a
guarded client returns it unchanged. The module is callable, so `modelmap.guard(client)` and
`modelmap.guard.GuardError` both work.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import logging
import os
import sys
import time
import types
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from modelmap.errors import UsageError
from modelmap.findings import Finding, Severity
from modelmap.validate import Call, validate
from modelmap.validate.call import runtime_call

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog
    from modelmap.validate.plan import Plans

__all__ = ["GuardError", "ModelmapWarning", "guard", "unwrap"]

logger = logging.getLogger("modelmap.guard")
# A library's logger: records reach the handlers the application configured; without any,
# logging's last-resort handler would print each warning a second time next to `warnings`.
logger.addHandler(logging.NullHandler())

_C = TypeVar("_C")
_RAW = frozenset({"with_raw_response", "with_streaming_response"})
_COPY = frozenset({"with_options", "copy"})
_LEDGERED = frozenset({"images.generate", "images.edit"})


def _describe(call: Call, findings: tuple[Finding, ...]) -> str:
    head = f"modelmap guard: {call.endpoint}(model={call.model!r})"
    return head + "".join(
        f"\n  {f.severity.value} {f.rule} [{f.family}] {f.message}" for f in findings
    )


class _Verdict(Exception):
    """Carries the checked call and its findings; the message lists them one per line."""

    def __init__(self, call: Call, findings: tuple[Finding, ...]) -> None:
        self.call = call
        self.findings = findings
        super().__init__(_describe(call, findings))

    def __reduce__(self) -> tuple[Any, ...]:  # picklable despite the two-argument __init__
        return (type(self), (self.call, self.findings))


class GuardError(_Verdict, ValueError):
    """A guarded call was blocked before it was sent; `.findings` says why."""


class ModelmapWarning(_Verdict, UserWarning):
    """A guarded call has findings but was sent (warn mode, or below `fail_on`)."""


@dataclass(frozen=True, slots=True)
class _Methods:
    """SDK method paths the guard checks, and the endpoint key each one is validated as."""

    endpoint: Mapping[tuple[str, ...], str]
    prefixes: frozenset[tuple[str, ...]]


@functools.lru_cache(maxsize=1)
def _methods() -> _Methods:
    from modelmap.validate.endpoints import ENDPOINTS

    # An endpoint key is the SDK call path itself (`chat.completions.stream`), so the guard
    # checks exactly the methods ENDPOINTS names; keys that are not methods never match.
    table = {tuple(key.split(".")): key for key in ENDPOINTS}
    prefixes = {path[:i] for path in table for i in range(1, len(path))}
    return _Methods(table, frozenset(prefixes))


@dataclass(frozen=True, slots=True)
class _State:
    """Settings shared by one guarded client and everything reached from it."""

    mode: str
    fail_on: int
    catalog: Catalog
    as_of: dt.date | None
    provider: str | None
    methods: _Methods
    sentinels: tuple[type, ...]
    ledger: str | None = None
    """JSONL path: image calls append one line each (modelmap.image.guard_ledger)."""
    plans: Plans | None = None
    """Per (endpoint, model, base URL) precomputed validation (modelmap.validate.plan)."""


def _check(state: _State, base_url: str, endpoint: str, pos: int | None, args: tuple[Any, ...],
           kwargs: dict[str, Any]) -> None:
    """Validate one call; raise GuardError, or warn and log, per the guard's settings."""
    sentinels = state.sentinels
    if "extra_body" in kwargs or (pos is not None and "model" not in kwargs):
        sent = _merged(kwargs, pos, args)
        sent = {k: v for k, v in sent.items() if not isinstance(v, sentinels)}
    else:  # the common case: the keywords as given, sentinels (NOT_GIVEN, omit) dropped
        sent = {k: v for k, v in kwargs.items() if not isinstance(v, sentinels)}
    given = "model" in sent  # model=None is sent as null: judged, not "absent"
    model = sent.pop("model", None)
    name = model if isinstance(model, str) else None
    day = state.as_of or _today()
    plans = state.plans
    known = None
    if plans is not None and name is not None:
        known = plans.known(endpoint, name, base_url, state.provider, "runtime", sent, day)
        if known is not None and not known and given:
            return  # the common case: a known key, no parameter any check reads, no finding
    call = runtime_call(endpoint, name, sent, base_url, state.provider)
    if known is not None:
        findings = tuple(known)
    else:
        findings = tuple(plans.validate(call, day) if plans is not None
                         else validate(state.catalog, call, day))
    if given and not isinstance(model, str):
        from modelmap.rules import finding

        text = repr(model)
        text = text if len(text) <= 60 else text[:57] + "..."
        kind = "null" if model is None else f"a {type(model).__name__}"
        findings = (finding("MM102", f"model={text} is {kind}, not a model ID string; the "
                                     "API answers 400."), *findings)
    if not findings:
        return
    if state.mode == "raise" and any(f.severity.order >= state.fail_on for f in findings):
        raise GuardError(call, findings)
    shown = tuple(f for f in findings if f.severity.order >= Severity.WARNING.order)
    if shown:
        message = _describe(call, shown)
        logger.warning("%s", message)
        # stacklevel 3: _check -> guarded method -> the user's call site.
        warnings.warn(ModelmapWarning(call, shown), stacklevel=3)
    else:
        logger.info("%s", _describe(call, findings))


_DAY: list[Any] = [None, 0.0, 0.0, None]
"""date.today() as of the last call: the day, its first and past-the-last local second (as
time.time() values), and time.tzname when it was read (time.tzset() replaces it)."""


def _today() -> dt.date:
    """dt.date.today(), which is date.fromtimestamp(time.time()), reading only the clock while
    the time is within the day last computed (the local-time conversion costs several µs on
    a cold cache, every guarded call)."""
    now = time.time()
    day, start, end, zone = _DAY
    if start <= now < end and zone is time.tzname:
        return day  # type: ignore[no-any-return]
    day = dt.date.fromtimestamp(now)
    zone = time.tzname
    start = dt.datetime.combine(day, dt.time()).timestamp()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()
    # A day that does not start at local midnight (a DST change at 00:00) is not cached.
    if not (start <= now < end and dt.date.fromtimestamp(start) == day
            and dt.date.fromtimestamp(end - 1e-3) == day
            and dt.date.fromtimestamp(end) != day):
        start = end = 0.0
    _DAY[:] = [day, start, end, zone]
    return day


def _merged(kwargs: dict[str, Any], pos: int | None, args: tuple[Any, ...]) -> dict[str, Any]:
    """The request as it will be sent: the SDK merges `extra_body` over the body (its keys
    win, omitted values drop out), so extra_body={"model": ...} is the model sent; a model
    passed by position counts too."""
    sent = {k: v for k, v in kwargs.items() if k != "extra_body"}
    if "model" not in sent and pos is not None and len(args) > pos:
        sent["model"] = args[pos]
    extra = kwargs.get("extra_body")
    if isinstance(extra, Mapping):
        sent.update({k: v for k, v in extra.items() if isinstance(k, str)})
    return sent


def _model_position(method: Callable[..., Any]) -> int | None:
    """Index of a positional `model` parameter, if the method has one."""
    try:
        params = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return None
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return positional.index("model") if "model" in positional else None


def _guarded_method(state: _State, root: Any, endpoint: str, method: Any) -> Any:
    """Wrap one SDK method (sync or async): validate, then call it unchanged."""
    pos = _model_position(method)
    url: list[Any] = [None, ""]  # the client's last base_url object and its text (str() is slow)

    @functools.wraps(method)
    def checked(*args: Any, **kwargs: Any) -> Any:
        current = root.base_url
        if current is not url[0]:
            url[:] = [current, str(current)]
        if state.ledger is not None and endpoint in _LEDGERED:
            from modelmap.image.guard_ledger import ledgered

            return ledgered(state, lambda: _check(state, url[1], endpoint, pos, args, kwargs),
                            endpoint, pos, method, args, kwargs, GuardError)
        _check(state, url[1], endpoint, pos, args, kwargs)
        # An async method returns its coroutine unawaited: the check already ran.
        return method(*args, **kwargs)

    return checked


class _Proxy:
    """Stands in for a client or resource; forwards everything, guards model-taking methods.

    Wrapped children are cached in the instance `__dict__`, so after the first access
    `guarded.chat.completions.create` is three plain attribute loads (no `__getattr__`)."""

    __slots__ = ("__dict__", "_mm_path", "_mm_root", "_mm_state", "_mm_target")

    def __init__(self, target: Any, path: tuple[str, ...], state: _State, root: Any) -> None:
        object.__setattr__(self, "_mm_target", target)
        object.__setattr__(self, "_mm_path", path)
        object.__setattr__(self, "_mm_state", state)
        object.__setattr__(self, "_mm_root", root)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._mm_target, name)
        state: _State = self._mm_state
        path: tuple[str, ...] = self._mm_path
        if name in _RAW:
            wrapped: Any = _Proxy(value, path, state, self._mm_root)
        elif name in _COPY and not path and callable(value):
            wrapped = _copier(value, state)
        else:
            key = (*path, name)
            endpoint = state.methods.endpoint.get(key)
            if endpoint is not None and callable(value):
                wrapped = _guarded_method(state, self._mm_root, endpoint, value)
            elif key in state.methods.prefixes:
                wrapped = _Proxy(value, key, state, self._mm_root)
            else:
                return value  # not on a guarded path: hand it out untouched, uncached
        self.__dict__[name] = wrapped
        return wrapped

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__.pop(name, None)
        setattr(self._mm_target, name, value)

    def __delattr__(self, name: str) -> None:
        self.__dict__.pop(name, None)
        delattr(self._mm_target, name)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        """The wrapped class, so isinstance(proxy, openai.OpenAI) holds."""
        return type(self._mm_target)

    def __dir__(self) -> list[str]:
        return dir(self._mm_target)

    def __repr__(self) -> str:
        return f"<modelmap guard of {self._mm_target!r}>"

    def __enter__(self) -> _Proxy:
        self._mm_target.__enter__()
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._mm_target.__exit__(*exc)

    async def __aenter__(self) -> _Proxy:
        await self._mm_target.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> Any:
        return await self._mm_target.__aexit__(*exc)


def _copier(copy: Callable[..., Any], state: _State) -> Callable[..., Any]:
    """`with_options`/`copy` that returns a guarded client with the same settings."""

    @functools.wraps(copy)
    def guarded_copy(*args: Any, **kwargs: Any) -> Any:
        client = copy(*args, **kwargs)
        return _Proxy(client, (), state, client)

    return guarded_copy


def guard(
    client: _C,
    *,
    mode: Literal["raise", "warn"] = "raise",
    fail_on: Literal["warning", "error"] | Severity = "error",
    catalog: Catalog | None = None,
    as_of: dt.date | None = None,
    provider: str | None = None,
    ledger: str | os.PathLike[str] | None = None,
) -> _C:
    """Return `client` wrapped so each model-taking call is validated before it is sent.

    `mode="raise"` raises GuardError for findings at or above `fail_on` (others warn);
    `mode="warn"` warns and logs, then sends. `catalog` defaults to `default_catalog()`;
    `as_of` defaults to the date of each call. `provider` is `Call.provider`: None judges by
    the client's base URL (a host other than OpenAI's gets only the rules that hold for any
    server); "openai" says the base URL reaches OpenAI's API verbatim (a proxy, a test double).
    `ledger` (a JSONL path): images.generate/edit calls append one line each to the image
    ledger (modelmap.image.ledger), from the response already received: no extra request.
    """
    if type(client) is _Proxy:
        return client
    if mode not in ("raise", "warn"):
        raise UsageError(f"guard: mode must be 'raise' or 'warn', not {mode!r}")
    try:
        threshold = Severity(fail_on).order
    except ValueError:
        raise UsageError(f"guard: fail_on must be 'warning' or 'error', not {fail_on!r}") from None
    if threshold < Severity.WARNING.order:
        raise UsageError("guard: fail_on must be 'warning' or 'error', not 'info'")
    import openai

    if not isinstance(client, openai.OpenAI | openai.AsyncOpenAI):
        raise UsageError(
            f"guard: expected an openai.OpenAI or openai.AsyncOpenAI client, "
            f"not {type(client).__name__}"
        )
    from modelmap.validate.plan import Plans

    if catalog is None:
        from modelmap.catalog.load import default_catalog

        catalog = default_catalog()
    state = _State(
        mode=mode,
        fail_on=threshold,
        catalog=catalog,
        as_of=as_of,
        provider=provider,
        methods=_methods(),
        sentinels=(openai.NotGiven, openai.Omit),
        ledger=None if ledger is None else os.fspath(ledger),
        plans=Plans(catalog),
    )
    proxy: Any = _Proxy(client, (), state, client)
    return proxy  # type: ignore[no-any-return]


def unwrap(client: _C) -> _C:
    """The client inside a guard (or `client` itself when it is not guarded)."""
    if type(client) is _Proxy:
        inner: Any = object.__getattribute__(client, "_mm_target")
        return inner  # type: ignore[no-any-return]
    return client


class _GuardModule(types.ModuleType):
    """Makes `modelmap.guard(client)` work whether `modelmap.guard` is this module or the
    function: importing the submodule rebinds the package attribute to the module."""

    def __call__(self, client: _C, **options: Any) -> _C:
        return guard(client, **options)

    @property
    def guard(self) -> _GuardModule:
        return self


sys.modules[__name__].__class__ = _GuardModule
