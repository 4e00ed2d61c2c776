"""route(job, as_of): a workload key or free text (English, Russian, Chinese) -> the first route.

Matching: the text is normalised (NFKC, lower case, ё read as е) and split into Latin, Cyrillic
and CJK runs. English keywords match whole words (a plural -s/-es is allowed), Russian
keywords are stems that match a word when what follows the stem is an inflection or a common
suffix plus inflection (`RU_ENDING`: "цен" matches "цены" and "ценовой", not "центра"), Chinese
keywords match as substrings; a keyword of several words matches consecutive words. Each job's
matched weights add up; the best total wins. A tie is a UsageError; no match raises NoJobMatch
with the closest jobs (by near-miss words), which the CLI reports with exit 1.

Selection: of a job's dated routes, the one in force on `as_of` (since <= as_of < until) is the
answer; older ones are reported as superseded and later ones as upcoming, each with its date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from modelmap.catalog.model import Catalog, Job, Route
from modelmap.errors import UsageError
from modelmap.normalize import normalize

_TOKEN = re.compile(r"[a-z0-9]+|[а-я]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What may follow a Russian stem inside one word: an optional derivational suffix, then an
# optional inflection. Longer tails ("цен" + "тра") are another word, not a form of the stem.
RU_ENDING = re.compile(
    r"(?:ов|ев|н|нн|ск|еск|ическ|ени|ани|ни|ств|тельн|тель|к|ик|ир|ова|ирова|ен|ан|ац|м|ост){0,2}"
    r"(?:ать|ять|ить|еть|ть|ет|ит|ат|ят|ут|ют|т|ешь|ишь|ете|ите|ла|ло|ли|л|ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их"
    r"|ыми|ими|ами|ями|ах|ях|ам|ям|ов|ев|ей|ь|ью|ия|ию|ии|ие|ий|а|я|о|е|ы|и|у|ю)?(?:ся|сь)?")


@dataclass(frozen=True)
class KeywordHit:
    """One keyword that matched the query."""

    lang: str
    keyword: str
    weight: int


@dataclass(frozen=True)
class JobMatch:
    """Which job a query names, and why."""

    key: str
    score: int
    """Sum of matched weights (0 for an exact job key)."""
    hits: tuple[KeywordHit, ...]
    exact: bool
    """True when the query is the job key itself."""


@dataclass(frozen=True)
class RouteAnswer:
    """The route for a job as of a date, with its history."""

    query: str
    """The text as given."""
    job: Job
    match: JobMatch
    route: Route
    """The route in force on `as_of`."""
    superseded: tuple[Route, ...]
    """Earlier routes of the job, newest first."""
    upcoming: tuple[Route, ...]
    """Routes dated after `as_of` (e.g. an announced shutdown), soonest first."""
    as_of: dt.date
    model_kind: str | None
    """How the route's model string resolves (model, alias, label, ...), None without a model."""
    model_state: str | None
    """Lifecycle state of the model on `as_of` (current, deprecated, shut-down, unknown)."""
    model_shutdown: dt.date | None
    """The model's shutdown date, when one is known."""

    @property
    def kind(self) -> str:
        """use | recheck | no-path (surface 'none')."""
        return "no-path" if self.route.surface == "none" else self.route.kind


def normalize_text(text: str) -> str:
    """Lower case, NFKC, ё -> е: the form both queries and keywords are compared in."""
    return unicodedata.normalize("NFKC", text).lower().replace("ё", "е")


def tokens(text: str) -> list[str]:
    """Latin, Cyrillic and CJK runs of a normalised text (script changes split words)."""
    return _TOKEN.findall(normalize_text(text))


def _word_match(lang: str, word: str, kw: str, prefix: bool) -> bool:
    if prefix:
        return word.startswith(kw)
    if lang == "ru":
        return word.startswith(kw) and RU_ENDING.fullmatch(word, len(kw)) is not None
    return word == kw or word == kw + "s" or word == kw + "es"


def keyword_matches(lang: str, keyword: str, words: list[str], flat: str) -> bool:
    """Whether one keyword occurs in the query (see the module docstring for the rules).

    A trailing `*` makes the last word a prefix in any language.
    """
    kw = normalize_text(keyword)
    if lang == "zh" or _CJK.search(kw):
        return re.sub(r"\s+", "", kw.rstrip("*")) in flat
    prefix = kw.endswith("*")
    parts = tokens(kw.rstrip("*"))
    n = len(parts)
    for i in range(len(words) - n + 1) if n else ():
        if all(_word_match(lang, words[i + j], parts[j], prefix and j == n - 1)
               for j in range(n)):
            return True
    return False


def match_job(catalog: Catalog, text: str) -> JobMatch:
    """The job a workload key or a free-text description names."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError("empty job: give a job key or describe the task, e.g. 'live voice agent'")
    if not catalog.jobs:
        raise UsageError("the catalog has no jobs (jobs.toml is missing)")
    key = normalize(text)
    if key in catalog.jobs:
        return JobMatch(key=key, score=0, hits=(), exact=True)
    words = tokens(text)
    flat = re.sub(r"\s+", "", normalize_text(text))
    scored: list[JobMatch] = []
    for job in catalog.jobs.values():
        hits = tuple(KeywordHit(lang, kw, weight)
                     for lang, pairs in job.keywords.items()
                     for kw, weight in pairs
                     if keyword_matches(lang, kw, words, flat))
        score = sum(h.weight for h in hits)
        if score > 0:
            scored.append(JobMatch(key=job.key, score=score, hits=hits, exact=False))
    scored.sort(key=lambda m: (-m.score, m.key))
    if not scored:
        raise NoJobMatch(text, closest_jobs(catalog, words))
    if len(scored) > 1 and scored[1].score == scored[0].score:
        tied = ", ".join(f"{m.key} ({m.score})" for m in scored if m.score == scored[0].score)
        raise UsageError(f"{text!r} is ambiguous between {tied}; add detail or use a job key")
    return scored[0]


class NoJobMatch(UsageError):
    """No job's keywords occur in the query; `closest` are the jobs with near-miss words."""

    def __init__(self, query: str, closest: tuple[str, ...]) -> None:
        self.query = query
        self.closest = closest
        hint = (f"closest jobs: {', '.join(closest)}" if closest
                else "`modelmap route --list` shows every job")
        super().__init__(f"no job matches {query!r}; {hint}; describe the task in other words "
                         "or use a job key")


def closest_jobs(catalog: Catalog, words: list[str], limit: int = 3) -> tuple[str, ...]:
    """Jobs whose keywords come closest to the query's words (similar spelling), best first."""
    from difflib import SequenceMatcher

    scores: dict[str, float] = {}
    for job in catalog.jobs.values():
        best = 0.0
        for pairs in job.keywords.values():
            for kw, _weight in pairs:
                for part in tokens(kw.rstrip("*")):
                    for word in words:
                        if len(word) < 3 or len(part) < 3:
                            continue
                        ratio = SequenceMatcher(None, word, part).ratio()
                        best = max(best, ratio)
        if best >= 0.75:
            scores[job.key] = best
    ranked = sorted(scores, key=lambda k: (-scores[k], k))
    return tuple(ranked[:limit])


def route_in_force(job: Job, as_of: dt.date) -> Route:
    """The route of `job` that applies on `as_of`."""
    active = [r for r in job.routes if r.since <= as_of and (r.until is None or as_of < r.until)]
    if not active:
        started = [r for r in job.routes if r.since <= as_of]
        if not started:
            first = min(r.since for r in job.routes)
            raise UsageError(f"job {job.key!r} has no route dated on or before {as_of} "
                             f"(the first is dated {first})")
        active = [max(started, key=lambda r: r.since)]
    # Several routes in force at once: the better-ranked source wins, then the newer one.
    active.sort(key=lambda r: (int(r.source.rank), -r.since.toordinal()))
    return active[0]


def route(catalog: Catalog, job: str, as_of: dt.date) -> RouteAnswer:
    """Route a workload key or free-text job as of a date."""
    match = match_job(catalog, job)
    spec = catalog.jobs[match.key]
    current = route_in_force(spec, as_of)
    earlier = sorted((r for r in spec.routes if r is not current and r.since <= as_of),
                     key=lambda r: r.since, reverse=True)
    later = sorted((r for r in spec.routes if r.since > as_of), key=lambda r: r.since)
    kind, state, shutdown = _model_facts(catalog, current.model, as_of)
    return RouteAnswer(
        query=job, job=spec, match=match, route=current, superseded=tuple(earlier),
        upcoming=tuple(later), as_of=as_of, model_kind=kind, model_state=state,
        model_shutdown=shutdown,
    )


def _model_facts(catalog: Catalog, model: str | None,
                 as_of: dt.date) -> tuple[str | None, str | None, dt.date | None]:
    if model is None:
        return None, None, None
    from modelmap.resolve import resolve
    from modelmap.status import status

    res = resolve(catalog, model)
    if res.id is None:
        return res.kind, None, None
    st = status(catalog, res.id, as_of)
    return res.kind, st.state, st.shutdown_date


__all__ = ["JobMatch", "KeywordHit", "NoJobMatch", "RouteAnswer", "closest_jobs", "match_job",
           "route", "route_in_force"]
