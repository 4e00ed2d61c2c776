"""The Python scanner's text gate: can a file hold a call the scanner reports? A superset test
on the text, asked before a file is parsed (and by the checker before its imports are read).

The scanner reports calls only on its hint lines (scanner._Finder._hit_lines) plus a few
whole-module shapes, so the gate asks for a source of each:
- an SDK resource attribute written in code (`client.chat`, `chat = client.chat`): HINTS
  outside the dotted module path of an import statement (see `code_hint`);
- a wrapper the file imports from a wrapper package, used after its import (see `wrapper_use`);
- the names recognised without an import, a realtime URL, session settings, a raw POST to an
  OpenAI path, or a model-like argument in a file that imports (an imported helper's call).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from modelmap.scan.python import shapes as python_shapes
from modelmap.scan.python import wrappers
from modelmap.scan.python.helpers import CALLEE
from modelmap.scan.python.http import PATH_WORDS, POST_HINT
from modelmap.scan.python.names import (
    PACKAGE_PATTERN,
    PACKAGES,
    UNIMPORTED,
    V0_CLASSES,
    WRAPPER_NAMES,
)
from modelmap.scan.python.pruned import Hints
from modelmap.scan.python.regions import LEX
from modelmap.scan.python.sdk import RESOURCES
from modelmap.scan.words import Words
from modelmap.validate.endpoints import ENDPOINTS

HINTS = re.compile(r"\.(?:" + "|".join(sorted(RESOURCES)) + r")\b")
"""Lines with an SDK resource attribute: where an SDK call can be."""
MODEL_LITERAL = re.compile(
    r"""[(,][ \t]*(?:\w+[ \t]*=[ \t]*)?["'](?:gpt-|o[1-9]|dall-e|whisper-|tts-|"""
    r"""text-embedding-|chatgpt-|sora-|codex-|computer-use|omni-moderation|babbage|davinci)""")
"""An argument that starts like an OpenAI model ID (a call of an imported helper may pass
it: `ask("hi", "gpt-4o")`, `ask("hi", model="gpt-4o")`)."""
MODEL_WORDS = ("gpt-", "dall-e", "whisper-", "tts-", "text-embedding-", "chatgpt-", "sora-",
                "codex-", "computer-use", "omni-moderation", "babbage", "davinci")
"""MODEL_LITERAL's model prefixes."""
_MODEL_WORDS = frozenset(q + w for q in "\"'"
                         for w in (*MODEL_WORDS, *(f"o{d}" for d in range(1, 10))))
"""MODEL_LITERAL's prefixes with the quote it requires before them (`"gpt-`, `'o3`)."""
IMPORTS = re.compile(r"(?:from|import)[ \t]+" + PACKAGE_PATTERN + r"\b")
_IMPORT_PATH = re.compile(r"[ \t]*(?:from|import)[ \t]+[\w.]*")
"""A line's start up to a HINTS match that sits inside an import's dotted module path."""
_CHAINED = re.compile(r"\)*[ \t]*(?:[;#\\\r\n]|\Z)|[)\s]*\.")
"""What may follow a resource attribute that is part of an SDK call's path (see code_hint)."""
_IMPORT_WORD = re.compile(r"import\b")
_STATEMENT = re.compile(
    r"[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]*(?P<names>\([^)]*\)|"
    r"(?:[^\n;\\]|\\\n)*)|import[ \t]+(?P<modules>(?:[^\n;\\]|\\\n)*))")
"""An import statement from its line's start (a parenthesised name list may span lines)."""
_WORD = re.compile(r"\w")
_PACKAGE_STATEMENTS = (
    re.compile(r"from[ \t]+(?:" + PACKAGE_PATTERN + r"\b|\.)"),
    re.compile(r"import[ \t]+(?:" + PACKAGE_PATTERN + r"\b|[\w.]+[ \t]*,)"))
"""Where an import statement that can name a wrapper package starts: `from <package>`,
`import <package>`, a relative `from .`, an `import a, b` list (each pattern starts with a
literal word: fast in `re`)."""
_ALIAS = re.compile(r"([\w.]+)(?:\s+as\s+(\w+))?")
_V0 = "|".join(sorted(V0_CLASSES, key=len, reverse=True))
_V0_SET = frozenset(V0_CLASSES)
_WANTED = frozenset({*WRAPPER_NAMES, *V0_CLASSES})



class _CodeHints:
    """HINTS matches outside the module path of an import statement, where the attribute goes
    on or ends its line (a compiled pattern's `finditer`, so the scanner and its pruning take
    it as one of their patterns).

    `from litellm.llms.openai.chat.handler import X` names a module, not an SDK resource: an
    SDK call needs the resource as an attribute of an expression (`client.chat`, or a local
    binding of it such as `chat = client.chat`), which is never part of an import's dotted
    path. Such paths are most of the matches in packages that wrap an SDK (in LiteLLM, about
    three files in four that match HINTS match only in their imports).

    The attribute must also go on, or end its line: an SDK call's path runs from the resource
    to the method (`.chat.completions.create`, the next `.` possibly after a `)`, spaces or a
    line break), and a name bound to part of it (`chat = client.chat`) ends its statement
    (a line end, `;`, a comment or a backslash). `self.responses[i]`, `x.images,` or prose
    such as "sent to litellm.responses instead" cannot be a call's path."""

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        text = string
        for m in HINTS.finditer(text):
            if _CHAINED.match(text, m.end()) is None:
                continue
            start = text.rfind("\n", 0, m.start()) + 1
            if _IMPORT_PATH.fullmatch(text, start, m.start()) is None:
                yield m


CODE_HINTS: Hints = _CodeHints()


def code_hint(text: str) -> bool:
    """Is there a CODE_HINTS match (a resource attribute that can be part of an SDK path)?"""
    return next(iter(CODE_HINTS.finditer(text)), None) is not None


_Statement = tuple[int, int, "str | None", str, str]
"""An import statement: its start and end, the base of `from <base> import <names>` (None
for `import <modules>`), the names and the modules (one of them empty)."""
UNREADABLE: _Statement = (0, 0, None, "", "")
"""A statement `_statements` cannot follow (`;` or a backslash after it)."""


def _statements(text: str, only: tuple[re.Pattern[str], ...] = ()) -> Iterator[_Statement]:
    """The file's import statements, found from the word `import` (a pattern that starts with
    a literal runs at C speed, one anchored at line starts does not); with `only`, just those
    on lines where one of these patterns matches from the line's first word. A line whose
    statement this reading cannot follow gives UNREADABLE."""
    if only:
        found = {text.rfind("\n", 0, m.start()) + 1: m.end() for p in only
                 for m in p.finditer(text)}
        lines = sorted(found.items())
    else:
        lines = [(text.rfind("\n", 0, m.start()) + 1, m.end())
                 for m in _IMPORT_WORD.finditer(text)]
    seen = -1
    for start, after in lines:
        if start == seen:
            continue
        seen = start
        stmt = _STATEMENT.match(text, start)
        if stmt is None:
            if only and not text[start:after].lstrip(" \t").startswith(("from", "import")):
                continue  # prose or code that only mentions the package
            if only:
                yield UNREADABLE
            continue
        end = stmt.end()
        if end < len(text) and text[end] in ";\\":
            yield UNREADABLE
            continue
        if end < after:
            continue  # `import` later in the line (a string, a comment, `importlib`)
        base, names, modules = stmt.group("base", "names", "modules")
        yield start, end, base, (names or "").strip("()"), modules or ""


def wrapper_use(text: str) -> bool:
    """Does the file import a wrapper or v0 class from a wrapper package and use it?

    The scanner's hint lines for wrappers come from its imports (scanner._Finder._hit_lines):
    `from <package> import completion as c` makes lines with `c(` or `c.` hints, and
    `import <package> as m` lines with `m.completion`; a wrapper's class is also read as the
    base of a module-level class (`class Mine(ChatOpenAI):`). So a name counts where it is
    called, has an attribute taken, or stands before `)` or `,`; a v0 class where an
    attribute is taken. Relative imports count (a module inside such a package), and a
    statement this reading cannot follow (`;`, a backslash) lets the file through. Only the
    statements that can name a wrapper package are read: those `IMPORTS` finds, relative
    ones, and `import` lists."""
    for stmt in _statements(text, _PACKAGE_STATEMENTS):
        if stmt is UNREADABLE:
            return True
        start, end, base, names, modules = stmt
        if base is not None:
            top = base.split(".", 1)[0]
            if not (base.startswith(".") or top.startswith(PACKAGES)):
                continue
            wanted = _WANTED if base.startswith(".") else _wanted(base)
            for found in _ALIAS.finditer(names):
                name, alias = found.groups()
                if name in wanted and _used(text, alias or name, start, end,
                                            _V0_USE if name in _V0_SET else _USE):
                    return True
        else:
            for found in _ALIAS.finditer(modules):
                module, alias = found.groups()
                top = module.split(".", 1)[0]
                if not top.startswith(PACKAGES):
                    continue
                pattern = _member_use(alias or top, top)
                if pattern is not None and any(
                        m.start() == 0 or not _WORD.match(text, m.start() - 1)
                        for m in pattern.finditer(text)):
                    return True
    return False


def helper_call(text: str, have: frozenset[str]) -> bool:
    """Does a line pass a model-like literal to a name the file imports with `from`?

    The scanner reads a call of a helper from another project module only there
    (helpers.from_imports: a callee before the literal on its line, imported by name).
    `have`: the `_HAVE` words in the text (MODEL_LITERAL starts with a character class, slow
    in `re`: it runs only when one of its quoted prefixes occurs)."""
    if not have & _MODEL_WORDS:
        return False
    callees: set[str] = set()
    for m in MODEL_LITERAL.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        callees.update(CALLEE.findall(text, start, m.start() + 1))
    if not callees:
        return False
    for stmt in _statements(text):
        if stmt is UNREADABLE:
            return True
        if stmt[2] is not None and any((alias or name) in callees
                                       for name, alias in _ALIAS.findall(stmt[3])):
            return True
    return False


@lru_cache(maxsize=256)
def _wanted(base: str) -> frozenset[str]:
    """What a name imported from module `base` must be for the scanner to read a call of it:
    a wrapper of its top-level package (wrappers.match), or a v0 class of `openai` itself
    (`openai.ChatCompletion.create`; `openai.types.chat.ChatCompletion` is a type)."""
    top = base.split(".", 1)[0]
    return wrappers.names_for(top) | (_V0_SET if base == "openai" else frozenset())


@lru_cache(maxsize=256)
def _member_use(local: str, top: str) -> re.Pattern[str] | None:
    """`local.completion(`, `local.LLM)`, `local.ChatCompletion.` for package `top` imported
    as `local` (None: the package has no wrapper): a pattern that starts with the literal
    name (fast in `re`; the word boundary before it is checked by the caller)."""
    calls = "|".join(sorted(wrappers.names_for(top), key=len, reverse=True))
    alternatives = [rf"(?:{calls})\s*[(),]"] if calls else []
    if top == "openai":
        alternatives.append(rf"(?:{_V0})\s*\.")
    if not alternatives:
        return None
    return re.compile(re.escape(local) + r"\s*\.\s*(?:" + "|".join(alternatives) + ")")


_USE = r"\s*[(.),]"
_V0_USE = r"\s*\."


def _used(text: str, name: str, start: int, end: int, after: str = _USE) -> bool:
    """`name` outside text[start:end] (its import statement) where the scanner can use it:
    a wrapper called, an attribute taken, or named as a base class (before `)` or `,`); a v0
    class with an attribute taken (`ChatCompletion.create`)."""
    for m in re.finditer(re.escape(name) + after, text):
        if (m.start() < start or m.start() >= end) and (
                m.start() == 0 or not _WORD.match(text, m.start() - 1)):
            return True
    return False


def _segment(segment: str) -> re.Pattern[str]:
    return re.compile(r"\.\s*" + re.escape(segment) + r"\b")


_KEYS = sorted({tuple(key.split(".")) for key in ENDPOINTS} | {("videos",)})
"""Every SDK path the scanner reads (`videos.<any method>` needs only its resource)."""
_SEGMENTS = {seg: _segment(seg) for key in _KEYS for seg in key}


def sdk_path(text: str, have: frozenset[str] | None = None) -> bool:
    """Is every segment of some SDK path written as an attribute (`.chat`, `. completions`,
    `.create`), in any order? The scanner reads an endpoint only from a chain of attributes,
    written whole or through one name bound to its head (`chat = client.chat`), so each of
    the path's segments is an attribute somewhere in the file. `have`: the `_HAVE` words in
    the text, when known."""
    seen: dict[str, bool] = {}
    for key in _KEYS:
        for seg in key:
            hit = seen.get(seg)
            if hit is None:
                hit = seen[seg] = (seg in have if have is not None else seg in text) and \
                    _SEGMENTS[seg].search(text) is not None
            if not hit:
                break
        else:
            return True
    return False


def _sdk_path_in_code(text: str, have: frozenset[str]) -> bool:
    """code_hint and sdk_path again, with comments and string literals emptied (the lexer
    of scan.python.regions): an SDK path written only in a docstring or a comment (the SDK's
    own documentation, usage examples) is not a call. An f-string's replacement fields are
    code, so a file with a triple-quoted f-string, or a resource attribute on a line after
    an f-string opens, stays in (emptying every literal runs at C speed; sparing f-strings
    would not)."""
    code = LEX.sub("0", text)
    if code_hint(code) and sdk_path(code, have):
        return True
    if any(opener in text for opener in _F_TRIPLE):
        return True
    for m in HINTS.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if _F_OPEN.search(text, start, m.start()):
            return True
    return False


_F_TRIPLE = tuple(p + q for p in ("f", "F", "fr", "fR", "Fr", "FR") for q in ('"""', "'''"))
"""Triple-quoted f-string openers (an `rf` one holds the `f` one)."""
_F_OPEN = re.compile(r"""[fF][rR]?["']|[rR][fF]["']""")


_JSON_KEYWORD = re.compile(r"json\s*=(?!=)")
"""http.http_call reads a POST only with its `json=` keyword."""
_RESOURCE_DOTS = frozenset("." + r for r in RESOURCES)
"""HINTS cannot match without one of these."""
_UNIMPORTED = frozenset(UNIMPORTED)
_PACKAGES = frozenset(PACKAGES)
_PATHS = frozenset(PATH_WORDS)
_SETTINGS = frozenset({python_shapes.URL_WORD, "initial_model_settings"})
_HAVE = Words([*_RESOURCE_DOTS, *_SEGMENTS, *_UNIMPORTED, *_SETTINGS, *_PACKAGES, ".post",
               *_PATHS, "import", *_MODEL_WORDS])
"""Every word the gate tests for, found in one pass (scan.words)."""


def worth_scanning(text: str) -> bool:
    """Can this text hold a call we report? (A superset test: the words first, in one pass.)"""
    have = _HAVE(text)
    if (have & _RESOURCE_DOTS and code_hint(text) and sdk_path(text, have)
            and _sdk_path_in_code(text, have)) or have & _SETTINGS or (
            have & _UNIMPORTED and any(_used(text, name, 0, 0) for name in have & _UNIMPORTED)):
        return True
    if have & _PACKAGES and IMPORTS.search(text) and wrapper_use(text):
        return True
    if ".post" in have and have & _PATHS and POST_HINT.search(text) and _JSON_KEYWORD.search(text):
        return True
    return "import" in have and helper_call(text, have)
