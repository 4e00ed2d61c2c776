"""route(job, as_of): phrasings in three languages -> job, surface, model; dated history."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog
from modelmap.errors import UsageError
from modelmap.resolve import resolve
from modelmap.route import NoJobMatch, keyword_matches, match_job, route, route_in_force
from modelmap.status import status

TODAY = dt.date(2026, 11, 21)
SEED_DAY = dt.date(2026, 5, 8)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# phrasing -> (job key, surface, model) as of 2026-11-21
PHRASINGS = [
    # English
    ("live voice agent", "live-voice", "api.realtime", "gpt-realtime-2.1"),
    ("voice assistant that handles interruptions", "live-voice", "api.realtime",
     "gpt-realtime-2.1"),
    ("speech-to-speech phone bot over SIP", "live-voice", "api.realtime", "gpt-realtime-2.1"),
    ("generate images via the API", "image-api", "api.images", "gpt-image-2.6-sunburst"),
    ("edit product photos from my backend", "image-api", "api.images", "gpt-image-2.6-sunburst"),
    ("make a poster by hand in ChatGPT", "image-by-hand", "chatgpt", "ChatGPT Images 2.0"),
    ("image with thinking for an infographic", "image-thinking", "chatgpt",
     "Images with thinking"),
    ("Responses API workflow that writes text and calls the image generation tool",
     "image-multistep", "api.responses.image_tool", "gpt-image-2"),
    ("illustrations for my repo docs", "image-repo", "codex.cli", None),
    ("coding agent for my repository", "coding-agent", "codex.cli", "gpt-5.5"),
    ("fix a failing test and open a pull request", "coding-agent", "codex.cli", "gpt-5.5"),
    ("fast subagent for light coding tasks", "coding-light", "codex.cli", "gpt-5.6-luna"),
    ("backend reasoning with tool calling", "backend-reasoning", "api.responses", "gpt-6-astra"),
    ("hardest long analysis with the pro model", "pro-reasoning", "api.responses",
     "gpt-5.5-pro"),
    ("what is the ChatGPT default model", "chat-product", "chatgpt", "GPT-5.5 Instant"),
    ("transcribe meeting recordings", "transcription", "api.audio.transcriptions",
     "gpt-transcribe"),
    ("audio file in, spoken answer out", "audio-job", "api.chat_completions.audio",
     "gpt-audio-1.5"),
    ("Sora video API", "video", "none", None),
    ("make a video in the Sora app", "video-app", "none", None),
    ("how much does gpt-image-2 cost", "image-price", "api.images", None),
    ("is gpt-image-2 free", "image-free", "api.images", None),
    ("4K image generation", "image-4k", "api.images", None),
    ("cheapest provider for gpt-image-2", "image-price", "api.images", None),
    ("third party gateway for gpt-image-2", "image-provider", "api.images", None),
    ("image rate limits and quota", "image-limits", "api.images", None),
    # Russian
    ("генерация изображений через API", "image-api", "api.images", "gpt-image-2.6-sunburst"),
    ("голосовой агент в реальном времени", "live-voice", "api.realtime", "gpt-realtime-2.1"),
    ("агент для программирования в репозитории", "coding-agent", "codex.cli", "gpt-5.5"),
    ("лёгкие задачи и субагенты", "coding-light", "codex.cli", "gpt-5.6-luna"),
    ("сколько стоит gpt-image-2", "image-price", "api.images", None),
    ("бесплатный доступ к GPT Image 2", "image-free", "api.images", None),
    ("видео через Sora API", "video", "none", None),
    ("видео вручную в приложении Sora", "video-app", "none", None),
    ("расшифровка аудио в текст", "transcription", "api.audio.transcriptions", "gpt-transcribe"),
    ("рассуждения на бэкенде", "backend-reasoning", "api.responses", "gpt-6-astra"),
    ("картинка вручную в ChatGPT", "image-by-hand", "chatgpt", "ChatGPT Images 2.0"),
    ("изображения 4K", "image-4k", "api.images", None),
    ("модель ChatGPT по умолчанию", "chat-product", "chatgpt", "GPT-5.5 Instant"),
    # Chinese
    ("实时语音助手", "live-voice", "api.realtime", "gpt-realtime-2.1"),
    ("通过API生成图片", "image-api", "api.images", "gpt-image-2.6-sunburst"),
    ("代码仓库里的编程代理", "coding-agent", "codex.cli", "gpt-5.5"),
    ("视频生成 API", "video", "none", None),
    ("语音转文字", "transcription", "api.audio.transcriptions", "gpt-transcribe"),
    ("图片价格", "image-price", "api.images", None),
    ("免费使用 gpt-image-2", "image-free", "api.images", None),
    ("4K 图像", "image-4k", "api.images", None),
    ("在 ChatGPT 里手动做图", "image-by-hand", "chatgpt", "ChatGPT Images 2.0"),
    ("后端推理", "backend-reasoning", "api.responses", "gpt-6-astra"),
    ("音频理解请求", "audio-job", "api.chat_completions.audio", "gpt-audio-1.5"),
    ("为仓库文档生成插图", "image-repo", "codex.cli", None),
    ("第三方中转网关", "image-provider", "api.images", None),
    # workload keys
    ("live-voice", "live-voice", "api.realtime", "gpt-realtime-2.1"),
    ("image_api", "image-api", "api.images", "gpt-image-2.6-sunburst"),
]


@pytest.mark.parametrize(("text", "job", "surface", "model"), PHRASINGS)
def test_phrasing_routes(catalog: Catalog, text: str, job: str, surface: str,
                         model: str | None) -> None:
    answer = route(catalog, text, TODAY)
    assert (answer.job.key, answer.route.surface, answer.route.model) == (job, surface, model)


def test_enough_phrasings_per_language() -> None:
    def lang(text: str) -> str:
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return "zh"
        return "ru" if any("а" <= ch.lower() <= "я" for ch in text) else "en"

    counts = {code: sum(1 for t, *_ in PHRASINGS if lang(t) == code) for code in
              ("en", "ru", "zh")}
    assert len(PHRASINGS) >= 30 and min(counts.values()) >= 10, counts


@pytest.mark.parametrize(("day", "surface", "model", "kind"), [
    (dt.date(2026, 6, 1), "api.videos", "sora-2", "use"),
    (dt.date(2026, 9, 23), "api.videos", "sora-2", "use"),
    (dt.date(2026, 9, 24), "none", None, "no-path"),
    (TODAY, "none", None, "no-path"),
])
def test_video_route_depends_on_date(catalog: Catalog, day: dt.date, surface: str,
                                     model: str | None, kind: str) -> None:
    answer = route(catalog, "video", day)
    assert (answer.route.surface, answer.route.model, answer.kind) == (surface, model, kind)


def test_video_today_says_no_api_path_and_keeps_the_seed(catalog: Catalog) -> None:
    answer = route(catalog, "Sora API", TODAY)
    assert "no supported API path" in answer.route.why
    assert [(r.surface, r.model, r.since, r.until) for r in answer.superseded] == [
        ("api.videos", "sora-2", SEED_DAY, dt.date(2026, 9, 24))]
    assert answer.upcoming == ()


def test_video_before_shutdown_announces_it(catalog: Catalog) -> None:
    answer = route(catalog, "video", dt.date(2026, 6, 1))
    assert (answer.model_state, answer.model_shutdown) == ("deprecated", dt.date(2026, 9, 24))
    assert [(r.surface, r.since) for r in answer.upcoming] == [("none", dt.date(2026, 9, 24))]


@pytest.mark.parametrize(("job", "seed_model", "today_model"), [
    ("backend-reasoning", "gpt-5.5", "gpt-6-astra"),
    ("coding-light", "gpt-5.4-mini", "gpt-5.6-luna"),
    ("image-api", "gpt-image-2", "gpt-image-2.6-sunburst"),
    ("transcription", "gpt-audio-1.5", "gpt-transcribe"),
    ("coding-agent", "gpt-5.5", "gpt-5.5"),
    ("live-voice", "gpt-realtime-1.5", "gpt-realtime-2.1"),
])
def test_seed_pick_and_newer_pick_are_both_dated(catalog: Catalog, job: str, seed_model: str,
                                                 today_model: str) -> None:
    assert route(catalog, job, SEED_DAY).route.model == seed_model
    answer = route(catalog, job, TODAY)
    assert answer.route.model == today_model
    seed = answer.superseded[-1]
    assert (seed.model, seed.since, seed.until is not None) == (seed_model, SEED_DAY, True)
    assert answer.route.since > SEED_DAY and answer.route.source.verified_on > SEED_DAY


def test_before_the_first_route_is_a_usage_error(catalog: Catalog) -> None:
    with pytest.raises(UsageError, match="no route dated on or before 2026-05-01"):
        route(catalog, "live voice agent", dt.date(2026, 5, 1))


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty job"),
    ("   ", "empty job"),
    ("frobnicate the quux", "no job matches"),
    ("agent", "ambiguous between"),
])
def test_bad_jobs(catalog: Catalog, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        route(catalog, text, TODAY)


def test_no_match_names_the_closest_jobs(catalog: Catalog) -> None:
    with pytest.raises(NoJobMatch) as info:
        match_job(catalog, "embedings")  # a typo of a keyword
    assert info.value.closest[0] == "embeddings"
    assert "closest jobs: embeddings" in str(info.value)
    assert "\n" not in str(info.value)


def test_no_match_without_near_words_points_at_the_list(catalog: Catalog) -> None:
    with pytest.raises(NoJobMatch) as info:
        match_job(catalog, "frobnicate")
    assert info.value.closest == ()
    assert "route --list" in str(info.value)


@pytest.mark.parametrize(("stem", "word", "matches"), [
    ("цен", "цены", True), ("цен", "ценовой", True), ("цен", "центра", False),
    ("голос", "голосовой", True), ("программ", "программирования", True),
    ("код", "кода", True), ("код", "кодекс", False), ("реальн", "реальном", True),
])
def test_russian_stems_match_word_forms_not_other_words(stem: str, word: str,
                                                        matches: bool) -> None:
    assert keyword_matches("ru", stem, [word], word) is matches


def test_russian_stem_inside_another_word_does_not_route(catalog: Catalog) -> None:
    # "цен" (price) is inside "центра" (centre): a call-centre voice bot is not image pricing.
    assert match_job(catalog, "голосовой ассистент для колл-центра").key == "live-voice"


@pytest.mark.parametrize(("text", "hit"), [
    ("ЛЁГКИЕ задачи", ("ru", "легк")),  # ё read as е, case folded, stem prefix
    ("transcriptions please", ("en", "transcription")),  # plural -s
    ("通过API生成图片", ("en", "api")),  # a Latin word inside CJK text
    ("实时语音助手", ("zh", "语音助手")),  # substring
    ("speech-to-speech bot", ("en", "speech to speech")),  # consecutive words
])
def test_keyword_rules(catalog: Catalog, text: str, hit: tuple[str, str]) -> None:
    match = match_job(catalog, text)
    assert hit in {(h.lang, h.keyword) for h in match.hits}


@pytest.mark.parametrize("text", ["encode the barcode", "decoder"])
def test_english_is_whole_word(catalog: Catalog, text: str) -> None:
    # "code" must not match inside other words (only an exact word or its plural does).
    with pytest.raises(UsageError, match="no job matches"):
        match_job(catalog, text)


def test_every_job_key_routes_to_itself(catalog: Catalog) -> None:
    for key in catalog.jobs:
        assert match_job(catalog, key).key == key


# --- the data itself --------------------------------------------------------------------------


def test_routes_are_contiguous_and_start_at_the_seed(catalog: Catalog) -> None:
    for job in catalog.jobs.values():
        routes = job.routes
        # Seed jobs start at the seed tables' date; a job added later starts on the day its
        # first route was verified (modelmap claims nothing about it before then).
        assert routes[0].since in (SEED_DAY, routes[0].source.verified_on), job.key
        assert routes[-1].until is None, job.key
        for older, newer in itertools.pairwise(routes):
            assert older.until == newer.since, job.key


def test_model_switches_need_first_party_sources(catalog: Catalog) -> None:
    for job in catalog.jobs.values():
        for older, newer in itertools.pairwise(job.routes):
            if newer.model != older.model and newer.model is not None:
                assert int(newer.source.rank) <= 2, (job.key, newer.model)


def test_route_models_serve_their_surface(catalog: Catalog) -> None:
    for job in catalog.jobs.values():
        for r in job.routes:
            if r.kind == "recheck" or r.surface == "none":
                assert r.model is None, job.key
                continue
            if r.model is None:
                continue
            res = resolve(catalog, r.model)
            if catalog.surfaces[r.surface].group in ("chatgpt", "sora"):
                assert res.kind == "label" and res.surfaces == (r.surface,), (job.key, r.model)
            else:
                assert res.is_api_id and r.surface in res.surfaces, (job.key, r.model)
                assert status(catalog, r.model, r.since).state != "shut-down", (job.key, r.model)


def test_open_routes_do_not_point_at_dead_models(catalog: Catalog) -> None:
    for job in catalog.jobs.values():
        if job.routes[0].since > TODAY:
            continue  # a job added after TODAY has no route to judge yet
        current = route_in_force(job, TODAY)
        if current.model and resolve(catalog, current.model).is_api_id:
            assert status(catalog, current.model, TODAY).state == "current", job.key


# --- CLI --------------------------------------------------------------------------------------


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> object:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    monkeypatch.setenv("MODELMAP_TODAY", TODAY.isoformat())
    return main


def test_cli_route_json(cli: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["route", "live", "voice", "agent", "--json"]) == 0  # type: ignore[operator]
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("job", "surface", "model", "verified_on", "as_of")} == {
        "job": "live-voice", "surface": "api.realtime", "model": "gpt-realtime-2.1",
        "verified_on": "2026-12-04", "as_of": "2026-11-21"}
    for field in ("why", "hold_back", "fallback", "recheck", "superseded", "source"):
        assert data[field], field
    assert data["superseded"][0]["until"] == "2026-07-07"


def test_cli_route_as_of(cli: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["route", "видео через Sora API", "--as-of", "2026-06-01",  # type: ignore[operator]
                "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["surface"], data["model"], data["model_status"]) == (
        "api.videos", "sora-2", "deprecated")


def test_cli_route_text_is_plain_when_piped(cli: object,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["route", "Sora", "API"]) == 0  # type: ignore[operator]
    out = capsys.readouterr().out
    assert "surface    none: no supported path" in out
    assert "catalog: curated data verified" in out
    assert "\x1b[" not in out


def test_cli_route_says_when_a_source_announced_the_route_ahead(
        cli: object, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh-eyes trial read `since 2026-08-31` above `verified 2026-08-18` as a slip: the
    help page announced the change before it happened, and the line now says so."""
    assert cli(["route", "code review agent in my terminal", "--json"]) == 0  # type: ignore[operator]
    data = json.loads(capsys.readouterr().out)
    assert data["verified_on"] < data["since"]
    assert cli(["route", "code review agent in my terminal"]) == 0  # type: ignore[operator]
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("verified"))
    assert line.split()[1:3] == [f"{data['verified_on']},", "announced"]
    assert cli(["route", "live", "voice", "agent"]) == 0  # type: ignore[operator]
    assert "announced ahead" not in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["route"],
    ["route", "video", "--as-of", "2026-02-30"],
    ["route", "video", "--as-of", "2026-04-01"],
])
def test_cli_route_bad_input_exits_2(cli: object, capsys: pytest.CaptureFixture[str],
                                     argv: list[str]) -> None:
    assert cli(argv) == 2  # type: ignore[operator]
    err = capsys.readouterr().err
    assert err.startswith("modelmap: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_cli_route_no_match_exits_1_with_suggestions(
        cli: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["route", "embedings", "for", "search"]) == 1  # type: ignore[operator]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "closest jobs: embeddings" in captured.err and captured.err.count("\n") == 1
    assert cli(["route", "frobnicate", "--json"]) == 1  # type: ignore[operator]
    data = json.loads(capsys.readouterr().out)
    assert data["job"] is None and data["closest"] == []


def test_cli_route_list(cli: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["route", "--list", "--json"]) == 0  # type: ignore[operator]
    keys = [j["job"] for j in json.loads(capsys.readouterr().out)]
    assert "live-voice" in keys and "video" in keys and len(keys) == len(set(keys))
