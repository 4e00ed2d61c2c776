"""Which findings to keep: suppression comments, --select/--ignore, per-file ignores.

A selector token is a rule code (`MM101`), a code prefix (`MM1`, `MM`), a family
(`shut-down`), a rule name (`label-as-id`) or `ALL`. Selection follows ruff: the most specific
matching token wins between select and ignore (a code beats a prefix, a longer prefix beats a
shorter one, a family or rule name counts as a full code); on a tie, ignore wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelmap.errors import UsageError
from modelmap.findings import FAMILIES, Finding

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


def _names() -> tuple[set[str], set[str]]:
    from modelmap.rules import RULES

    return {r.code for r in RULES}, {r.name for r in RULES}


def check_tokens(tokens: Iterable[str], where: str) -> tuple[str, ...]:
    """Validate selector tokens; a one-line UsageError names the bad one and where it was."""
    codes, names = _names()
    out = []
    for raw in tokens:
        token = raw.strip()
        up = token.upper()
        if up == "ALL" or token.lower() in FAMILIES or token.lower() in names:
            out.append(up if up == "ALL" else token.lower())
        elif up.startswith("MM") and any(c.startswith(up) for c in codes):
            out.append(up)
        else:
            raise UsageError(f"{where}: unknown rule selector {raw!r} "
                             "(use a code like MM101, a prefix like MM1, or a family)")
    return tuple(out)


def _specificity(token: str, f: Finding) -> int:
    """How specifically `token` names the finding's rule (0: it does not)."""
    if token == "ALL":
        return 1
    if token in (f.family, f.name):
        return len(f.rule)  # as specific as the full code
    if token.startswith("MM") and f.rule.startswith(token):
        return len(token)
    return 0


def suppressed_by(codes: frozenset[str] | None, f: Finding) -> bool:
    """A suppression set (None: everything) covers the finding's code, name or family."""
    return codes is None or bool({f.rule, f.name, f.family} & codes)


def is_suppressed(f: Finding, line_ignores: Mapping[int, frozenset[str] | None],
                  file_ignores: frozenset[str] | None) -> bool:
    """True when a comment in the file silences `f` (its first or last line, or file-wide)."""
    if file_ignores is None or (file_ignores and suppressed_by(file_ignores, f)):
        return True
    if f.location is None:
        return False
    for line in {f.location.line, f.location.end_line}:
        if line in line_ignores and suppressed_by(line_ignores[line], f):
            return True
    return False


@dataclass(frozen=True)
class Selector:
    """Selection settings for one run."""

    select: tuple[str, ...] = ()
    """Empty: every rule."""
    ignore: tuple[str, ...] = ()
    per_file: tuple[tuple[GitIgnoreSpec, tuple[str, ...]], ...] = ()
    base: Path = Path("/")
    """Directory the per-file globs are relative to."""

    @classmethod
    def build(cls, select: Sequence[str], ignore: Sequence[str],
              per_file_ignores: Mapping[str, Sequence[str]], base: Path,
              where: str = "configuration") -> Selector:
        if per_file_ignores:
            from pathspec import GitIgnoreSpec  # only when per-file ignores are configured
        per_file = tuple(
            (GitIgnoreSpec.from_lines([glob]),
             check_tokens(codes, f"{where}: per-file-ignores {glob!r}"))
            for glob, codes in per_file_ignores.items())
        return cls(check_tokens(select, where), check_tokens(ignore, where), per_file, base)

    def keeps(self, f: Finding, file: Path) -> bool:
        """Whether the finding survives select/ignore and the per-file ignores."""
        sel = max((_specificity(t, f) for t in self.select), default=1)
        ign = max((_specificity(t, f) for t in self.ignore), default=0)
        if sel == 0 or ign >= sel:
            return False
        if not self.per_file:
            return True
        try:
            rel = file.relative_to(self.base).as_posix()
        except ValueError:
            rel = file.name
        for spec, tokens in self.per_file:
            if spec.match_file(rel) and any(_specificity(t, f) for t in tokens):
                return False
        return True
