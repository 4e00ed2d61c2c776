"""Where a finding sits: code that sends requests, or a context whose model strings never
reach OpenAI. Findings in such a context are *set aside*: kept, counted by reason and shown on
request (`--show-set-aside`, config `show-set-aside = true`), not reported as findings.

Contexts, each decided from evidence in the file (its path is one clue, never the only one):

- `test`: test code whose requests go to a mock: a mock transport or server (respx,
  `httpx.MockTransport`, pytest-httpx, responses, nock, msw, `vi.mock`, a `Fake*`/`Mock*`
  client class), a local base URL, the SDK repositories' generated API tests (run against a
  mock server), TypeScript type tests that only compile, or a unit test with no API key
  source. A test that really calls the API (an `integration`/`e2e`/`live` directory, or a key
  read from the environment, and no mock) is not set aside: its shut-down model is real.
- `fixture`: recorded responses and fixtures (`__fixtures__/`, cassettes, snapshots, test
  data files, and a model next to fields only a response has: `"created": 1589478378`,
  `"object": "chat.completion"`; a JSON file whose top level is such a record: an `id` next
  to `created`/`usage`/`startTime`/`response_time`): what the API once returned or a log
  recorded, not a request.
- `history`: changelogs, release notes, migration guides and blog posts with a front-matter
  date: what was true then, not advice for now.
- `placeholder`: an unknown model name that is a stand-in (`test-model`, `gpt-test`,
  `your-model`, `initial-model`), never a real request.
- `error-example`: an unknown model next to the error handling it provokes on purpose
  (`except NotFoundError`, `pytest.raises`, `.rejects`).

Functions of (path, text), plus the `conftest.py` files above a test when the test itself shows
no evidence either way: the worker calls them per scanned file, so the verdicts are cached with
the file's results (an edited conftest.py alone does not re-classify the tests below it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache

from modelmap.findings import Finding

REASONS: dict[str, str] = {
    "test": "test code that never reaches OpenAI",
    "fixture": "recorded responses and fixtures",
    "history": "changelogs, migration guides and dated posts",
    "placeholder": "placeholder model names",
    "error-example": "invalid models used on purpose to show an error",
}
"""Context key -> how reports name it."""

_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|__tests__|__mocks__|spec|specs|testing|test_utils|testutils)/"
    r"|(?:^|/)(?:test_[^/]*|[^/]*_test|conftest)\.py$"
    r"|\.(?:test|spec|test-d|bench)\.[cm]?[jt]sx?$", re.I)
_LIVE_PATH = re.compile(
    r"(?:^|/)(?:integration_tests?|integration|e2e|live|ecosystem|smoke|benchmarks?)"
    r"(?:_tests?)?(?:/|$)", re.I)
_FIXTURE_PATH = re.compile(
    r"(?:^|/)(?:__fixtures__|fixtures?|cassettes|__snapshots__|snapshots|recordings|testdata"
    r"|test_data|mock_data|mocks?)/|\.(?:snap|cassette|har)$", re.I)
_HISTORY_PATH = re.compile(
    r"(?:^|/)(?:changelog|changes|history|news|release[-_ ]?notes|releases)(?:\.[a-z]+)?$"
    r"|(?:^|/)\.changeset/|(?:^|/)changelogs?/", re.I)
_GUIDE_PATH = re.compile(r"migrat(?:e|ion|ing)[^/]*$|(?:^|/)migrations?(?:[-_]guides?)?/", re.I)
"""Migration guides: history when they are documents (a `*_migration.py` test is code)."""
_BLOG_PATH = re.compile(r"(?:^|/)(?:blog|posts|news|articles)/", re.I)
_DATED = re.compile(r"\A(?:---|\+\+\+)\s*\n(?:[^\n]*\n){0,20}?\s*date:\s*['\"]?20\d\d-\d\d-\d\d",
                    re.I)
"""A front-matter `date:`: a dated post, whose claims are true as of that date."""
_DOC_SUFFIXES = (".md", ".mdx", ".rst", ".txt", ".ipynb", ".adoc")
_TEST_CONFIG = re.compile(r"(?:^|/)[^/]*(?:[_-]test[_-]|[_-]tests?\.)[^/]*\.(?:ya?ml|json|toml)$",
                          re.I)
_DATA_SUFFIXES = (".json", ".jsonl", ".yaml", ".yml", ".txt")

_STRONG_MOCK = re.compile(
    r"\brespx\b|\bMockTransport\b|\bpytest_httpx\b|\bhttpx_mock\b|^\s*(?:import|from)\s+"
    r"(?:responses|aioresponses)\b|\bnock\(|from\s+['\"]msw|setupServer\(|fetch-mock"
    r"|\bTEST_API_BASE_URL\b|\bmock_server\b|\bMockServer\b"
    r"|(?:base_url|baseURL|api_base|base_path)\s*[=:]\s*[\"']https?://"
    r"(?:localhost|127\.0\.0\.1|0\.0\.0\.0)"
    r"|\bexpectTypeOf\b|\bassertType\b|\bexpectType<|from\s+['\"]tsd['\"]"
    r"|File generated from our OpenAPI spec|\bmock_response\s*=", re.M)
"""Evidence that the file's requests go to a mock at the HTTP layer (or are only type-checked):
nothing it sends leaves the process, whatever else the file does."""
_MOCK = re.compile(
    r"^\s*(?:import|from)\s+(?:vcr|unittest\.mock|mock)\b|\bmocker\.patch|\bmock\.patch\b"
    r"|\b(?:vi|jest)\.(?:mock|fn|spyOn)\(|mockResolvedValue"
    r"|\bclass\s+(?:Fake|Mock|Dummy|Stub|Scripted)\w*|\b(?:Fake|Mock|Dummy|Stub)\w*(?:Model|"
    r"Client|Provider|Transport)\s*\(", re.M)
"""Weaker evidence (object mocks, fake classes): counts unless the test is a live one."""
_TRANSPORT_MOCK = re.compile(
    r"\brespx\b|\bMockTransport\b|\bpytest_httpx\b|\bhttpx_mock\b|\bnock\(|from\s+['\"]msw")
"""Mocks at the HTTP layer: nothing the file sends leaves the process, whatever its path."""
_TRANSPORT_WORDS = ("respx", "MockTransport", "pytest_httpx", "httpx_mock", "nock(", "msw")
"""A literal every `_TRANSPORT_MOCK` match holds: the regex, whose `\\b` start makes `re` try
it at every position (seconds over a large package), runs only on text that has one."""
_FAKE_KEY = re.compile(
    r"""(?:environ\[\s*["']OPENAI_API_KEY["']\s*\]\s*=|setenv\(\s*["']OPENAI_API_KEY["']\s*,|"""
    r"""setdefault\(\s*["']OPENAI_API_KEY["']\s*,|(?:api_key|apiKey)\s*[=:]\s*)\s*["']"""
    r"""(?:test|fake|dummy|mock|sk-test|sk-fake|sk-mock|foo|x+|placeholder)[\w-]*["']""", re.I)
"""A made-up API key put in place: requests with it could never succeed."""
_LIVE = re.compile(
    r"(?:environ(?:\.get)?\s*[\[(]\s*|getenv\(\s*|process\.env\.|process\.env\[\s*)"
    r"[\"']?OPENAI_API_KEY|skip(?:if|If)?\([^)]*API_KEY|requires?_api_key|@pytest\.mark\.live")

_PLACEHOLDER = re.compile(
    r"^(?:test|tests|testing|fake|dummy|mock|mocked|placeholder|example|sample|foo|bar|baz|qux"
    r"|my|your|some|custom|scripted|initial|synthetic|stub|unknown|invalid|nonexistent|fixture"
    r"|non-existent|bogus|xxx|model|any|default|random|other|new|old|primary|secondary)"
    r"(?:[-_.].*)?$"
    r"|[-_.](?:test|fake|dummy|mock|placeholder|stub|example|invalid|nonexistent|bogus)"
    r"(?:[-_.].*)?$|does-not-exist|not-a-(?:real-)?model|model-name|^[a-z]$|<|\{|\$", re.I)
_NAME = re.compile(r"'([^']+)'")
_ERROR_HANDLER = re.compile(
    r"\bexcept\b[^:\n]*(?:Error|Exception)|pytest\.raises|assertRaises|\.rejects\b|toThrow"
    r"|\bcatch\s*\(|instanceof\s+\w*Error|NotFoundError|BadRequestError|model_not_found")
_ERROR_WINDOW = 8


def file_context(rel: str, text: str, root: str | None = None) -> tuple[str, str]:
    """(context key, evidence) for a whole file; ("", "") when its calls are real."""
    doc = rel.lower().endswith(_DOC_SUFFIXES)
    if _HISTORY_PATH.search(rel) or (doc and _GUIDE_PATH.search(rel)):
        return "history", "a changelog or migration guide"
    if doc and _BLOG_PATH.search(rel) and _DATED.match(text):
        return "history", "a dated blog post"
    if _FIXTURE_PATH.search(rel):
        return "fixture", "a fixtures or recordings directory"
    if _TEST_CONFIG.search(rel):
        return "test", "a test configuration file"
    if not _TEST_PATH.search(rel):
        mock = _TRANSPORT_MOCK.search(text) if any(w in text for w in _TRANSPORT_WORDS) else None
        if mock:
            return "test", f"a mocked HTTP transport ({mock.group(0)})"
        if rel.lower().endswith(".json") and _recorded_payload(text):
            return "fixture", "a JSON file whose top level is a recorded response or log payload"
        return "", ""
    if rel.lower().endswith(_DATA_SUFFIXES):
        return "fixture", "a data file in a test directory"
    mock = _STRONG_MOCK.search(text) or _FAKE_KEY.search(text)
    if mock:
        return "test", f"test code with a mocked transport or a fake key ({_clip(mock.group(0))})"
    if _LIVE_PATH.search(rel) or _LIVE.search(text):
        return "", ""  # a test that may really call the API: its findings are real
    mock = _MOCK.search(text)
    if mock:
        return "test", f"test code with a mock ({_clip(mock.group(0))})"
    shared = _conftest(root, rel) if root else ""
    if shared == "live":
        return "", ""  # its conftest.py reads the API key: the fixtures call the API
    if shared:
        return "test", f"test code whose conftest.py mocks the API ({shared})"
    return "test", "test code with no API key source and no live marker"


_PAYLOAD_KEYS = frozenset({"created", "usage", "startTime", "endTime", "completionStartTime",
                           "response_time", "start_time", "end_time", "created_at"})
"""Top-level fields of a recorded response or log entry (an API answer, a LiteLLM
StandardLoggingPayload); with an `id` they make the whole file a record, not a setting."""


def _recorded_payload(text: str) -> bool:
    """Is the JSON document's top level (or its first element) a recorded response or log
    payload: an `id` next to a timing or usage field? Config JSON has neither."""
    import json

    if '"id"' not in text:
        return False
    try:
        top = json.loads(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return False
    if isinstance(top, list) and top:
        top = top[0]
    return (isinstance(top, dict) and isinstance(top.get("id"), str)
            and not _PAYLOAD_KEYS.isdisjoint(top))


def _conftest(root: str, rel: str) -> str:
    """What the conftest.py files above a test say: "live" (an API key read), the mock they
    set up, or ""."""
    parts = rel.split("/")[:-1]
    for depth in range(len(parts), 0, -1):
        found = _read_conftest(os.path.join(root, *parts[:depth], "conftest.py"))
        if found:
            return found
    return ""


@lru_cache(maxsize=256)
def _read_conftest(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
    except OSError:
        return ""
    mock = _STRONG_MOCK.search(text) or _FAKE_KEY.search(text)
    if mock:
        return _clip(mock.group(0))
    return "live" if _LIVE.search(text) else ""


_RESPONSE = re.compile(
    r"""["']created["']\s*:\s*\d{9,}|["']object["']\s*:\s*["'](?:text_completion|"""
    r"""chat\.completion(?:\.chunk)?|response|embedding|list)["']"""
    r"""|["']id["']\s*:\s*["'](?:chatcmpl|cmpl|resp)[-_]""")
"""Fields only a response body has: a model next to them is what the API answered."""
_RESPONSE_WINDOW = 8


def finding_context(f: Finding, lines: Sequence[str]) -> str:
    """The context key of one finding in a file whose own context is "" (or "")."""
    if f.location is None:
        return ""
    line = f.location.line
    lo, hi = max(0, line - 1 - _RESPONSE_WINDOW), min(len(lines), line + _RESPONSE_WINDOW)
    if any(_RESPONSE.search(text) for text in lines[lo:hi]):
        return "fixture"
    if f.family != "unknown-model":
        return ""
    name = _NAME.search(f.message)
    if name and _PLACEHOLDER.search(name.group(1)):
        return "placeholder"
    lo, hi = max(0, line - 1 - _ERROR_WINDOW), min(len(lines), line + _ERROR_WINDOW)
    if any(_ERROR_HANDLER.search(text) for text in lines[lo:hi]):
        return "error-example"
    return ""


def contexts(rel: str, text: str, findings: Sequence[Finding], lines: Sequence[str],
             root: str | None = None) -> list[str]:
    """The context key of every finding ("" = reported as usual)."""
    whole, _evidence = file_context(rel, text, root)
    if whole:
        return [whole] * len(findings)
    return [finding_context(f, lines) for f in findings]


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
