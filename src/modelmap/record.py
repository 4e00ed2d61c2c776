"""Frozen records: what `@dataclass(frozen=True)` makes, cheaply enough for start-up.

`@dataclass` costs an import of `dataclasses` (which imports `inspect`, `ast`, `dis`: ~18 ms)
and an exec-compiled method set per class (~1 ms each); every command that loads the catalog
paid both. `@record` makes the same class from plain closures: `__init__` (positional or
keyword arguments, defaults, `field(default_factory=...)`), `__repr__`, `__eq__`, `__hash__`,
`__match_args__`, and assignment or deletion raising `dataclasses.FrozenInstanceError`.

The `dataclasses` functions work on records too (`fields`, `replace`, `asdict`,
`is_dataclass`): the dataclass metadata (`__dataclass_fields__`, `__dataclass_params__`) is
made by `dataclasses` itself, from the same annotations and defaults, on first use.
tests/test_record.py compares records with dataclasses behaviour by behaviour.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `from typing import ...`: typing costs ~7 ms of every start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")

_META = ("__dataclass_fields__", "__dataclass_params__")


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], _T]) -> _T:
    """A field whose default is made per instance (like dataclasses.field(default_factory))."""
    return _Factory(default_factory)  # type: ignore[return-value]


class _Described:
    """Stands for `__dataclass_fields__` / `__dataclass_params__` until one is read (from the
    class or an instance): then the metadata is built and replaces both."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, cls: type) -> Any:
        _describe(cls)
        return cls.__dict__[self.name]


def _describe(cls: Any) -> None:
    """Add the metadata @dataclass(frozen=True) would have given `cls`."""
    import dataclasses

    spec: dict[str, Any] = {"__annotations__": dict(cls.__annotations__),
                            "__module__": cls.__module__, "__qualname__": cls.__qualname__}
    for name, default in cls.__record_defaults__.items():
        spec[name] = (dataclasses.field(default_factory=default.make)
                      if isinstance(default, _Factory) else default)
    twin: Any = dataclasses.dataclass(frozen=True)(type(cls.__name__, (), spec))
    for name in _META:
        type.__setattr__(cls, name, getattr(twin, name))


def _record(cls: type[_T]) -> type[_T]:
    names = tuple(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063 - no inspect
    defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
    required = [n for n in names if n not in defaults]
    if any(names.index(n) > names.index(d) for n in required for d in defaults):
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default")
    count = len(names)
    qualname = cls.__qualname__
    from operator import attrgetter

    get: Callable[[Any], Any] = (  # the field values as a tuple, as dataclasses compare them
        attrgetter(*names) if count > 1 else lambda obj: tuple(getattr(obj, n) for n in names))

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        # The first instance compiles the class's own __init__ (as @dataclass would have at
        # import), so only classes that are instantiated pay for it; decoded ones never are.
        made = _compiled_init(cls, names, defaults)
        cls.__init__ = made  # type: ignore[method-assign]
        made(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        key = id(self)
        if key in _REPRS:
            return "..."
        _REPRS.add(key)
        try:
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        finally:
            _REPRS.discard(key)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(get(self) == get(other))

    def __hash__(self: Any) -> int:
        return hash(get(self))

    def __setattr__(self: Any, name: str, value: object) -> None:
        _frozen(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        _frozen(f"cannot delete field {name!r}")

    for name in defaults:
        if type(defaults[name]) is _Factory:
            delattr(cls, name)  # a factory field has no class attribute (as with dataclasses)
    for fn in (__init__, __repr__, __eq__, __hash__, __setattr__, __delattr__):
        fn.__qualname__ = f"{qualname}.{fn.__name__}"
        setattr(cls, fn.__name__, fn)
    setattr(cls, "__match_args__", names)  # noqa: B010 - mypy: not a declared attribute
    setattr(cls, "__record_defaults__", defaults)  # noqa: B010
    for name in _META:
        setattr(cls, name, _Described(name))
    return cls


def _compiled_init(cls: type, names: tuple[str, ...], defaults: dict[str, Any]
                   ) -> Callable[..., None]:
    """The __init__ @dataclass(frozen=True) generates: the same signature (defaults, a
    sentinel for factories) and the values written straight into the instance dict."""
    env: dict[str, Any] = {}
    params, body = [], []
    for name in names:
        if name not in defaults:
            params.append(name)
            body.append(f"    _mm_values[{name!r}] = {name}")
            continue
        env[f"_d_{name}"] = defaults[name]
        params.append(f"{name}=_d_{name}")
        if type(defaults[name]) is _Factory:
            body.append(f"    _mm_values[{name!r}] = "
                        f"_d_{name}.make() if {name} is _d_{name} else {name}")
        else:
            body.append(f"    _mm_values[{name!r}] = {name}")
    head = f"def __init__(self, {', '.join(params)}):\n    _mm_values = self.__dict__\n"
    source = head + "\n".join(body) + "\n" if names else "def __init__(self):\n    pass\n"
    exec(source, env)
    made: Callable[..., None] = env["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


_REPRS: set[int] = set()
"""Records whose repr is being built (a record inside itself prints as `...`)."""


def _frozen(message: str) -> None:
    from dataclasses import FrozenInstanceError

    raise FrozenInstanceError(message)


if TYPE_CHECKING:
    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def record(cls: type[_T]) -> type[_T]:
        """A frozen dataclass-like class (see the module docstring)."""
else:
    record = _record


def is_record(cls: object) -> bool:
    """Whether `cls` is a class made by @record (without building dataclass metadata)."""
    return isinstance(cls, type) and "__record_defaults__" in cls.__dict__


def names_of(cls: type) -> tuple[str, ...]:
    """A record class's field names, in order."""
    names: tuple[str, ...] = cls.__dict__["__match_args__"]
    return names


def replace(obj: _T, **changes: Any) -> _T:
    """dataclasses.replace() for a record, without importing dataclasses."""
    names = names_of(type(obj))
    made: _T = type(obj)(**{n: changes.pop(n) if n in changes else getattr(obj, n)
                            for n in names})
    if changes:
        raise TypeError(f"{type(obj).__qualname__}.__init__() got an unexpected keyword "
                        f"argument {next(iter(changes))!r}")
    return made
