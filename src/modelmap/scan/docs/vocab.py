"""Whether a text names OpenAI: a brand (claims.BRANDS) or a catalog model ID or label name.

The docs scanner asks this of every prose unit that holds a claim and of whole documents.
`openai_named(text, catalog)` gives exactly `BRANDS.search(text) or vocabulary.search(text)`
for the vocabulary of every catalog name (`vocabulary_for(vocabulary_names(catalog))`), but
cheaply:

- a name that BRANDS already matches at its start (`gpt-4o`, `o3-pro`, `Sora 2`) can be left
  out of the vocabulary: where the vocabulary finds it (no word character before it, none
  after it), BRANDS matches there too, since its word boundaries depend only on the
  characters at either end, the same letters up to case (the 211 names shrink to ~60);
- the rest need their own lower-case spelling in the folded text (lower-cased, and with the
  four non-ASCII letters `re.IGNORECASE` equates with ASCII ones, `İ ı ſ K`, turned into
  them), so the regex runs only on a text that holds one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from modelmap.catalog.model import Catalog
from modelmap.scan.docs.claims import BRANDS, fold


@dataclass(frozen=True)
class Names:
    """Catalog names BRANDS does not cover: their regex and their lower-case spellings."""

    pattern: re.Pattern[str] | None
    spellings: tuple[str, ...] | None
    """None: no pre-test (a name is not ASCII, where case is not a matter of lower())."""

    def search(self, text: str) -> bool:
        """Whether the text names one of these (the vocabulary regex, pre-tested)."""
        if self.pattern is None:
            return False
        if self.spellings is not None and not any(map(fold(text).__contains__,
                                                      self.spellings)):
            return False
        return bool(self.pattern.search(text))


def vocabulary_names(catalog: Catalog) -> tuple[str, ...]:
    """Every name the prose vocabulary knows: model IDs longer than 2, label names."""
    names = {m for m in catalog.models if len(m) > 2}
    names.update(label.name for label in catalog.labels.values())
    return tuple(sorted(names))


@lru_cache(maxsize=4)
def vocabulary_for(names: tuple[str, ...]) -> re.Pattern[str]:
    """The regex matching any of `names` as a whole word, any case."""
    alts = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alts})(?![\w-]|\.\d)", re.IGNORECASE)


@lru_cache(maxsize=4)
def _names_for(names: tuple[str, ...]) -> Names:
    rest = tuple(n for n in names if not BRANDS.match(n))
    spellings: list[str] = []
    for low in sorted({n.lower() for n in rest}, key=len):
        if not any(s in low for s in spellings):
            spellings.append(low)
    ascii_only = all(n.isascii() for n in rest)
    return Names(vocabulary_for(rest) if rest else None,
                 tuple(spellings) if ascii_only else None)


def openai_named(text: str, catalog: Catalog) -> bool:
    """`BRANDS.search(text) or vocabulary.search(text)`, the fast way."""
    return bool(BRANDS.search(text)) or _names_for(vocabulary_names(catalog)).search(text)
