"""Volatile claims in prose: prices, free tiers, quotas and rate limits, sizes and limits,
shutdown dates; and the dates and sources that back them. Pure text functions.

A claim counts only when its context is about OpenAI (a model ID or label from the catalog, or
OpenAI/ChatGPT/Sora/DALL-E/Whisper/Codex by name). "Dated source" means a date (`2026-05-08`,
`May 8, 2026`, `8 May 2026`, `May 2026`) plus a source (a URL or link, or a word such as
source, per, according to, verified, checked, retrieved, accessed) in the same context.
For a shutdown claim, the date it announces is part of the claim, not its source date; a
shutdown dated on or before the check date is history, not a volatile claim.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("price", "quota", "limit", "lifecycle")
"""Claim kinds; each is aged with the catalog's ttl_days of the same name."""
COLUMN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("price", re.compile(r"\b(?:price|pricing|cost|costs|usd|\$)", re.IGNORECASE)),
    ("quota", re.compile(r"\b(?:rpm|tpm|rpd|rate|quota|requests)\b", re.IGNORECASE)),
    ("limit", re.compile(r"\b(?:context|limit|max|maximum|window|size)\b", re.IGNORECASE)),
    ("lifecycle", re.compile(r"\b(?:shutdown|shut down|retire\w*|deprecat\w*|sunset)\b",
                             re.IGNORECASE)),
)
"""Table header words that make a number in their column a claim of that kind."""

_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALE = r"(?:\s?(?:[kKmMbB]|thousand|million|billion))?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("price", re.compile(
        rf"[$€£]\s?{_NUM}{_SCALE}|\b{_NUM}\s?(?:USD|usd|dollars?|cents?)\b"
        r"|\b(?:free (?:tier|plan|quota|credits?|trial|usage|of charge|to use)|for free"
        r"|at no (?:extra )?(?:cost|charge)|(?:is|are|stays?|remains?) free(?![\w-]| to\b)"
        r"|(?:costs?|charges?) nothing)"
        r"|\b\d{1,3}\s?%\s(?:discount|cheaper|off|less|more expensive|savings?)\b"
        r"|\b\d+(?:\.\d+)?\s?[x×]\s(?:the\s)?(?:price|cost)\b",
        re.IGNORECASE)),
    ("quota", re.compile(
        rf"\b{_NUM}{_SCALE}\s?(?:RPM|TPM|RPD|TPD|IPM)\b"
        rf"|\b{_NUM}{_SCALE}\s(?:\w+\s)?(?:requests?|messages?|images?|calls?|tokens?|videos?"
        r"|generations?|prompts?)\s?(?:per|/|an?|each|every)\s?(?:\d+\s)?(?:seconds?|minutes?"
        r"|hours?|days?|weeks?|months?|min|sec|hr)\b"
        r"|\b(?:rate[- ]limit(?:ed|s)?|quota|usage cap)(?:\s(?:is|of|at|to|=))?:?\s"
        rf"(?:about |roughly |up to |at most )?{_NUM}",
        re.IGNORECASE)),
    ("limit", re.compile(
        rf"\b{_NUM}{_SCALE}[\s-]?(?:tokens?[\s-])?context(?:[\s-]window)?\b"
        rf"|\bcontext(?:[\s-]window)? (?:of |is |up to )*{_NUM}"
        r"|\b(?:up to|at most|limit(?:ed)? (?:of|to|is)|max(?:imum)?(?: of| is)?|capped at"
        r"|no more than"
        rf"|smaller than|less than|larger than|under|over)\s{_NUM}\s?(?:[kKmM]\s?)?"
        r"(?:[a-z]+\s){0,2}?(?:tokens?|MB|GB|KB|images?|files?|seconds?|minutes?|characters?"
        r"|chars|pixels|px|edits?|inputs?)\b"
        rf"|\bmax(?:imum)?[\s_-](?:output|input|completion)?[\s_-]?tokens?\b[^.\n]{{0,20}}?{_NUM}"
        rf"|\b{_NUM}\s?(?:MB|GB)\b\s(?:file|upload|limit|max)",
        re.IGNORECASE)),
    ("lifecycle", re.compile(
        r"\b(?:shut(?:s|ting)? down|shutdown|sunset(?:s|ting)?|retire[sd]?|retirement"
        r"|deprecat(?:ed|es|ion)|end[- ]of[- ]life|will be removed|removed on|discontinued"
        r"|turned off)\b", re.IGNORECASE)),
)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = (
    re.compile(r"\b(?P<y>20\d\d)[-/](?P<m>\d\d)[-/](?P<d>\d\d)\b"),
    re.compile(rf"\b{_MON}\s(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>20\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s{_MON},?\s(?P<y>20\d\d)\b", re.I),
    re.compile(rf"\b{_MON},?\s(?P<y>20\d\d)\b", re.I),
)
_SOURCE = re.compile(
    r"https?://|\]\(|\]\[|<https?:|\bper (?:the |OpenAI|\[)"
    r"|\b(?:sources?|according to|cited|verified|checked|retrieved|accessed|confirmed)\b",
    re.IGNORECASE)
BRANDS = re.compile(
    r"\b(?:OpenAI|ChatGPT|DALL[·.\- ]?E|Whisper|Sora|Codex|GPT-?\d[\w.-]*|gpt-image[\w.-]*"
    r"|o[134](?:-mini|-pro)?)\b", re.IGNORECASE)
"""Names that make a paragraph about OpenAI even without a catalog ID in it."""


@dataclass(frozen=True)
class Claim:
    """One volatile claim found in a text."""

    kind: str
    """price | quota | limit | lifecycle."""
    start: int
    end: int
    """Character offsets in the text."""


@dataclass(frozen=True)
class FoundDate:
    """A date written in the text."""

    start: int
    end: int
    date: dt.date
    """The day; a bare month counts as its last day."""


_ANCHOR = re.compile(
    r"\d|free|at no|nothing|shut|sunset|retire|deprecat|end[- ]of[- ]life|removed|discontinued"
    r"|turned off", re.IGNORECASE)
"""What every match of `_PATTERNS` contains (a number, or a price or lifecycle word): a text
without it has no claim, and most prose units are rejected by it before the four slow
patterns run."""


_ANCHOR_WORDS = ("free", "at no", "nothing", "shut", "sunset", "retire", "deprecat", "life",
                 "removed", "discontinued", "turned off")
_ASCII_DIGIT = re.compile("[0-9]")


def _anchored(text: str, low: str) -> bool:
    """`_ANCHOR.search(text)`, or a little more, fast: `\\d` is `str.isdecimal` (all of
    Unicode), and every word of `_ANCHOR` holds one of `_ANCHOR_WORDS` once folded."""
    return bool(_ASCII_DIGIT.search(text)) or any(map(low.__contains__, _ANCHOR_WORDS)) or (
        not text.isascii() and any(ch.isdecimal() for ch in text))


_NEEDS: tuple[tuple[str, ...], ...] = (
    ("$", "€", "£", "usd", "dollar", "cent", "free", "at no", "nothing", "%", "price", "cost"),
    ("rpm", "tpm", "rpd", "tpd", "ipm", "sec", "min", "hour", "hr", "day", "week", "month",
     "limit", "quota", "usage cap"),
    ("context", "token", "mb", "gb", "kb", "image", "file", "second", "minute", "char", "pixel",
     "px", "edit", "input"),
    ("shut", "sunset", "retire", "deprecat", "life", "removed", "discontinued", "turned off"),
)
"""Per entry of `_PATTERNS`: words one of which every match of each of its alternatives holds
(its currency sign or word, its time or size unit, its lifecycle word), in `fold`ed form. A
pattern runs only on a text that holds one: most prose units hold a digit, few a unit word of
every kind."""
FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
"""Every non-ASCII character `re.IGNORECASE` matches to an ASCII one (checked over all code
points by tests/test_docs_gate.py), as its lower-case ASCII letter."""
_FOLDED = frozenset(map(chr, FOLD))


def fold(text: str) -> str:
    """Lower case, with `İ ı ſ K` as `i i s k` (each stays one character): an ASCII word an
    IGNORECASE pattern matches in `text` is in `fold(text)` in lower case."""
    if not text.isascii() and any(ch in _FOLDED for ch in text):
        text = text.translate(FOLD)
    return text.lower()


def find_claims(text: str) -> list[Claim]:
    """Volatile claims in `text`, in order. A shutdown wording counts only with a date in the
    same sentence."""
    found: list[Claim] = []
    low = fold(text)
    if not _anchored(text, low):
        return found
    for (kind, pattern), needs in zip(_PATTERNS, _NEEDS, strict=True):
        if not any(map(low.__contains__, needs)):  # `word in low`, without a generator
            continue
        for m in pattern.finditer(text):
            if kind == "lifecycle" and not _sentence_dates(text, m.start(), m.end()):
                continue
            if kind == "price" and (_is_free_idiom(text, m) or _other_product(text, m)):
                continue
            found.append(Claim(kind, m.start(), m.end()))
    return sorted(found, key=lambda c: (c.start, c.kind))


def _is_free_idiom(text: str, m: re.Match[str]) -> bool:
    if text[m.start() - 1: m.start()] in ("'", '"', "‘", "“", "*", "_"):
        return True  # 'for free' in quotes or emphasis: the idiom, not a price
    tail = text[m.end(): m.end() + 12].lower()
    return m.group(0).lower() == "free to use" and tail.startswith((" any", " it", " this"))


_PROPER = re.compile(r"\b[A-Z][\w.-]*")
_NOT_NAMES = frozenset({"The", "This", "That", "These", "Those", "It", "Its", "Our", "Your",
                        "A", "An", "And", "But", "Or", "If", "So", "Also", "Both", "All",
                        "Each", "Every", "Note", "Usage", "Hosting", "Plus", "We", "You", "I"})


def _other_product(text: str, m: re.Match[str]) -> bool:
    """A free-of-charge claim whose subject is another product ("Cloudflare is free",
    "Vercel's free tier"): the proper names right before it are none of OpenAI's."""
    if "free" not in m.group(0).lower() and "no " not in m.group(0).lower():
        return False
    lo, _ = _sentence(text, m.start(), m.end())
    before = text[lo:m.start()].split()[-4:]
    names = [w for w in _PROPER.findall(" ".join(before)) if w not in _NOT_NAMES]
    return bool(names) and not any(BRANDS.search(w) for w in names)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start), text.rfind("|", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end),
                                    text.find("|", end)) if i >= 0]
    return left + 1, min(right_candidates) if right_candidates else len(text)


def _sentence_dates(text: str, start: int, end: int) -> list[FoundDate]:
    lo, hi = _sentence(text, start, end)
    return find_dates(text[lo:hi])


def claimed_dates(text: str, claims: Iterable[Claim]) -> list[tuple[int, int]]:
    """Spans of the dates that shutdown claims announce (not source dates)."""
    return [(d.start, d.end) for claim in claims for d in announced(text, claim)]


def announced(text: str, claim: Claim) -> list[FoundDate]:
    """The dates a shutdown claim announces (offsets in `text`); empty for other kinds."""
    if claim.kind != "lifecycle":
        return []
    lo, hi = _sentence(text, claim.start, claim.end)
    return [FoundDate(lo + d.start, lo + d.end, d.date) for d in find_dates(text[lo:hi])
            if not _marked_as_check(text, lo + d.start)]


def is_history(text: str, claim: Claim, as_of: dt.date | None) -> bool:
    """A shutdown that already happened as of the check date is a settled fact, not a
    volatile claim (a date still ahead can move)."""
    dates = announced(text, claim)
    return as_of is not None and bool(dates) and all(d.date <= as_of for d in dates)


_CHECK_MARK = re.compile(
    r"(?:as of|verified(?: on)?|checked(?: on)?|retrieved(?: on)?|accessed(?: on)?|updated"
    r"(?: on)?|confirmed(?: on)?|last reviewed)\s*:?\s*$", re.IGNORECASE)


def _marked_as_check(text: str, start: int) -> bool:
    return bool(_CHECK_MARK.search(text[max(0, start - 24):start]))


def find_dates(text: str) -> list[FoundDate]:
    """Dates written in `text` (ISO, `May 8, 2026`, `8 May 2026`, `May 2026`), no overlaps."""
    out: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            day = _to_date(m)
            if day is not None:
                out.append(FoundDate(m.start(), m.end(), day))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


def _to_date(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["y"])
    month = int(groups["m"]) if groups.get("m") else _MONTHS.get(groups["mon"].lower().rstrip("."))
    if month is None:
        return None
    day = int(groups["d"]) if groups.get("d") else calendar.monthrange(year, month)[1]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def source_date(text: str, exclude: Iterable[tuple[int, int]] = ()) -> dt.date | None:
    """The newest date in `text` that a source backs (None: no dated source), ignoring dates
    inside `exclude` spans (the dates claims announce)."""
    if not _SOURCE.search(text):
        return None
    skip = list(exclude)
    dates = [d.date for d in find_dates(text)
             if not any(a <= d.start and d.end <= b for a, b in skip)]
    return max(dates) if dates else None


def has_source(text: str) -> bool:
    """Whether `text` names a source (a URL, a link, or a source word)."""
    return bool(_SOURCE.search(text))
