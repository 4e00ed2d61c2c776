"""check/imports.py reads imports without letting `re` try every position: same matches as the
plain `finditer` of the patterns it replaced (kept here as the reference)."""

from __future__ import annotations

import re

import pytest

from modelmap.check import imports
from modelmap.check.imports import imports_of

_REF_JS = re.compile(
    r"""(?:\bfrom|\bimport|\brequire[ \t]*\(|\bimport[ \t]*\()[ \t]*['"]([^'"\n]+)['"]""")

PYTHON = [
    "import os\nfrom .settings import MODEL\n",
    "from pkg.sub import (\n    A,\n    B as C,\n)\nimport x.y, z\n",
    # a line inside a parenthesised list that looks like an import: finditer skips it
    "from a import (b,\nimport c)\nimport d\n",
    "from a import (b,\nfrom e import f)\n",
    "def f():\n    from ..up import thing  # lazy\n    import json; import re\n",
    "x = 'import y'\nimportant = 1\nfrom_ = 2\nfromimport x\n",
    "\tfrom\t.\timport\tsibling\n",
    "from . import a\nfrom ... import too_far\n",
    "import",
    "from x import y",
    "",
    "print('no imports here')\n",
    "from a import b; from c import d\nimport e # import f\n",
    "from a import (\nb)\nfrom c import (d,\ne)",
]

JS = [
    "import x from './a';\nconst y = require('../b');\nimport('./c.js');\n",
    "export { m } from \"./models\";\nimport './side-effect';\n",
    # no word boundary before the keyword: the match inside it still counts
    "xfrom 'import \"./a\"';\n",
    "transform('./not-an-import'); reimport('./b'); imported './c'\n",
    "const s = `from './tmpl'`;\nrequire  (  './spaced' )\n",
    "from'./tight'\nimport\"./tight2\"\n",
    "_from './under'\n$from './dollar'\néfrom './accent'\n",
    "import x from 'pkg';\nimport y from '@scope/pkg/./z';\n",
    "",
    "from",
]


def _reference_python(rel: str, text: str) -> list[str]:
    package = rel.rsplit("/", 1)[0].replace("/", ".") if "/" in rel else ""
    out: list[str] = []
    for match in imports._PY_FROM.finditer(text):
        base = imports._absolute(match.group(1), package)
        if base is None:
            continue
        if base:
            out.append(base)
        for name in imports._NAME.findall(match.group(2).replace(" as ", " ")):
            if name != "import":
                out.append(f"{base}.{name}" if base else name)
    for match in imports._PY_IMPORT.finditer(text):
        for name in match.group(1).split(","):
            pieces = name.strip().split(".")
            out.extend(".".join(pieces[: i + 1]) for i in range(len(pieces)))
    return out


@pytest.mark.parametrize("text", PYTHON)
def test_python_imports_match_the_plain_finditer(text: str) -> None:
    assert imports_of("pkg/sub/mod.py", text) == _reference_python("pkg/sub/mod.py", text)


def test_python_imports_read_a_parenthesised_list_once() -> None:
    got = imports_of("m.py", "from a import (b,\nfrom e import f)\nimport d\n")
    # `from e import f` sits inside the first match: not a match of its own
    assert got == ["a", "a.b", "a.from", "a.e", "a.f", "d"]


@pytest.mark.parametrize("text", JS)
def test_js_specifiers_match_the_plain_finditer(text: str) -> None:
    assert list(imports._js_specs(text)) == [m.group(1) for m in _REF_JS.finditer(text)]


def test_js_relative_imports_resolve_against_the_file() -> None:
    got = imports_of("src/app/main.ts", "xfrom 'import \"./a\"';\nimport b from '../b.js'\n")
    assert "src/app/a" in got and "src/b.ts" in got
    assert not any("import" in key for key in got)


_JS_PIECES = ["from", "import", "require", "(", " ", "\t", "'", '"', "./a", "'./b'", '"../c"',
              "x", "_", "é", "\n", "fr", "om", "imp", "ort"]


@pytest.mark.parametrize("seed", range(40))
def test_js_specifiers_match_the_plain_finditer_on_random_text(seed: int) -> None:
    """Overlapping keywords, matches inside matches, missing word boundaries: the keyword
    positions tried in order give what the reference finds from every position."""
    import random

    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(_JS_PIECES) for _ in range(rng.randint(0, 40)))
        assert list(imports._js_specs(text)) == [m.group(1) for m in _REF_JS.finditer(text)]


def test_the_random_js_texts_have_imports() -> None:
    import random

    rng = random.Random(0)
    texts = ["".join(rng.choice(_JS_PIECES) for _ in range(40)) for _ in range(200)]
    assert sum(1 for t in texts if _REF_JS.search(t)) > 20  # not a vacuous comparison


_PY_PIECES = ["from ", "import ", " import", " ", ".", "a", "b.c", "(", ")", ",", "\n", "#",
              ";", "\t", " as ", "imp", "ort"]


@pytest.mark.parametrize("seed", range(20))
def test_python_imports_match_the_plain_finditer_on_random_text(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for _ in range(50):
        text = "".join(rng.choice(_PY_PIECES) for _ in range(rng.randint(0, 40)))
        assert imports_of("pkg/m.py", text) == _reference_python("pkg/m.py", text)
    assert any(_reference_python("pkg/m.py", "".join(rng.choice(_PY_PIECES) for _ in range(40)))
               for _ in range(50))  # not vacuous
