"""The ast extractor: docstring bullets, Literal shapes, layout drift, strict mode, real wheels."""

from __future__ import annotations

import ast
import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from modelmap.sdk.docnotes import parse_block, parse_date
from modelmap.sdk.extract import ExtractError, extract
from modelmap.sdk.slots import find_slots
from modelmap.sdk.source import installed_source, open_source
from sdk_pkg import BASE, alias, make_package

DAY = dt.date(2026, 11, 22)


# --- docstring bullets -------------------------------------------------------------------

@pytest.mark.parametrize(("bullet", "expected"), [
    ('- "gpt-4o", "gpt-4o-mini": Announced shutdown date: 2027-01-14. See\n  https://x for '
     'details and\n  recommended replacements.',
     (("gpt-4o", "gpt-4o-mini"), "shutdown", "2027-01-14", ())),
    ('- "gpt-image-1": GPT Image 1 was shut down on October 23, 2026. Use\n'
     '  gpt-image-2.5-sunburst or gpt-image-2.5-flare instead.',
     (("gpt-image-1",), "shutdown", "2026-10-23", ("gpt-image-2.5-sunburst",
                                                   "gpt-image-2.5-flare"))),
    ('- "dall-e-2", "dall-e-3": This model was retired on May 12, 2026. Use a GPT\n'
     '  image model instead.',
     (("dall-e-2", "dall-e-3"), "retired", "2026-05-12", ())),
    ('- "gpt-5.1-mini": Not a supported model ID. Retained for SDK compatibility.',
     (("gpt-5.1-mini",), "unsupported", None, ())),
    ("- `x-1`: Announced shutdown\n  date: 2026-01-02.", (("x-1",), "shutdown", "2026-01-02", ())),
    ('- "a-1": Retired on 3 Feb 2025. Use `b-1`, `c-2` and d-3 instead.',
     (("a-1",), "retired", "2025-02-03", ("b-1", "c-2", "d-3"))),
    ('- "a-1": Scheduled for removal in the next major version.', (("a-1",), "unknown", None, ())),
    ("- no quoted ids: Announced shutdown date: 2027-01-14.", ((), "unknown", None, ())),
    ('- "a-1": Announced shutdown date: soon.', (("a-1",), "unknown", None, ())),
])
def test_bullet_shapes(bullet: str, expected: tuple[Any, ...]) -> None:
    notes = parse_block(f"Model.\n\nDeprecated values:\n\n{bullet}\n")
    assert len(notes) == 1
    n = notes[0]
    got = (n.ids, n.kind, n.date.isoformat() if n.date else None, n.replacements)
    assert got == expected


def test_block_ends_at_prose_and_counts_lines() -> None:
    doc = ('Intro.\n\nDeprecated values:\n\n- "a-1": Announced shutdown date: 2026-01-01.\n'
           '- "b-1": Not a supported model ID.\n\nTrailing prose that is not a bullet.\n')
    notes = parse_block(doc)
    assert [(n.ids, n.kind, n.line) for n in notes] == [
        (("a-1",), "shutdown", 4), (("b-1",), "unsupported", 5)]
    assert parse_block("No block here.") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-01-14", dt.date(2027, 1, 14)),
    ("October 23, 2026", dt.date(2026, 10, 23)),
    ("Oct. 23 2026", dt.date(2026, 10, 23)),
    ("23 October 2026", dt.date(2026, 10, 23)),
    ("February 30, 2026", None),
    ("Smarch 3, 2026", None),
    ("soon", None),
])
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


# --- Literal shapes ----------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ('X: TypeAlias = Literal["a", "b"]', []),  # not a *Model alias
    ('XModel: TypeAlias = Literal["a", "b"]', [(None, "XModel", ("a", "b"), ())]),
    ('YModel = Union[str, ChatModel, Literal["c"]]',
     [(None, "YModel", ("c",), ("str", "ChatModel"))]),
    ('ZModel: TypeAlias = "Literal[\'q\']"', [(None, "ZModel", ("q",), ())]),
    ('class S:\n    model: Union[str, Literal["r-1", "r-2"], None] = None\n',
     [("S", "model", ("r-1", "r-2"), ("str",))]),
    ('class S:\n    model: Required[Union[Literal["a"], str]]\n',
     [("S", "model", ("a",), ("str",))]),
    ('class S:\n    model: str | Literal["a"] | None = None\n', [("S", "model", ("a",), ("str",))]),
    ('class S:\n    model: Literal[Literal["a"], "b"]\n', [("S", "model", ("a", "b"), ())]),
    ('class S:\n    model: "Optional[Literal[\'a\']]"\n', [("S", "model", ("a",), ())]),
    ('class S:\n    voice_model: typing_extensions.Literal["v"]\n',
     [("S", "voice_model", ("v",), ())]),
    ('class S:\n    size: Literal["1024x1024"]\n', []),
    ('class S:\n    model: str\n', [("S", "model", (), ("str",))]),
])
def test_slot_shapes(source: str, expected: list[tuple[Any, ...]]) -> None:
    slots = find_slots("openai/types/x.py", ast.parse(source))
    assert [(s.owner, s.name, s.ids, s.refs) for s in slots] == expected


def test_alias_docstring_is_attached() -> None:
    slots = find_slots("p.py", ast.parse('AModel = Literal["a"]\n"""Deprecated values:"""\n'))
    assert (slots[0].doc, slots[0].doc_line) == ("Deprecated values:", 2)


# --- synthetic packages: layout drift and strict mode --------------------------------------

def _layer(root: Path, strict: bool) -> dict[str, Any]:
    src = open_source(root)
    try:
        return extract(src, DAY, strict=strict)
    finally:
        src.close()


def test_synthetic_package_all_literals(tmp_path: Path) -> None:
    layer = _layer(make_package(tmp_path, "3.0.0"), strict=True)
    ids = {k: v["ids"] for k, v in layer["literals"].items()}
    assert ids == {
        "ChatModel": ["gpt-a", "gpt-b", "gpt-b-2025-01-01", "gpt-c"],
        "ResponsesOnlyModel": ["gpt-a-pro"],
        "ImageModel": ["img-1", "img-2"],
        "ImageGenerationToolModel": ["img-1", "img-2"],
        "VideoModel": ["vid-1"], "SpeechModel": ["tts-x"], "AudioModel": ["stt-x"],
        "RealtimeModel": ["rt-1", "rt-1-2025-01-01"], "LiveModel": ["live-1"],
        "EmbeddingModel": ["emb-x"], "ModerationModel": ["mod-x"],
        "TranscriptionSessionModel": ["tr-1"], "CompletionsModel": ["cmp-1"],
    }
    notes = [(n["literal"], n["ids"], n["kind"], n["date"], n["replacements"], n["path"])
             for n in layer["notes"]]
    assert notes == [
        ("ChatModel", ["gpt-b", "gpt-b-2025-01-01"], "shutdown", "2027-01-14", [],
         "openai/types/shared/chat_model.py"),
        ("ChatModel", ["gpt-c"], "unsupported", None, [], "openai/types/shared/chat_model.py"),
        ("ImageModel", ["img-1"], "shutdown", "2026-10-23", ["img-2", "img-3"],
         "openai/types/image_model.py"),
        ("ImageGenerationToolModel", ["img-1"], "shutdown", "2026-10-23", ["img-2", "img-3"],
         "openai/types/image_model.py"),
        ("RealtimeModel", ["rt-1-2025-01-01"], "retired", "2026-05-02", ["rt-2"],
         "openai/types/realtime/realtime_session_create_request.py"),
    ]
    assert (layer["openai_version"], layer["skipped"]) == ("3.0.0", [])


def test_moved_files_are_found_by_name(tmp_path: Path) -> None:
    moved = {
        "openai/types/image_model.py": None,
        "openai/types/images/model.py": BASE["openai/types/image_model.py"],
        "openai/types/responses/tool.py": None,
        "openai/types/tools/image_tool.py": BASE["openai/types/responses/tool.py"],
        "openai/types/shared/chat_model.py": None,
        "openai/types/chat/chat_model.py": BASE["openai/types/shared/chat_model.py"],
        "openai/types/shared/responses_model.py": BASE[
            "openai/types/shared/responses_model.py"].replace(".chat_model", "..chat.chat_model"),
    }
    layer = _layer(make_package(tmp_path, "3.1.0", moved), strict=True)
    lits = layer["literals"]
    assert (lits["ImageModel"]["path"], lits["ImageGenerationToolModel"]["path"],
            lits["ChatModel"]["path"]) == ("openai/types/images/model.py",
                                           "openai/types/tools/image_tool.py",
                                           "openai/types/chat/chat_model.py")
    assert lits["ResponsesOnlyModel"]["ids"] == ["gpt-a-pro"]


def test_inlined_responses_literal_still_subtracts_chat(tmp_path: Path) -> None:
    inline = alias("ResponsesModel", ("gpt-a", "gpt-b", "gpt-a-pro"))
    layer = _layer(make_package(tmp_path, "3.2.0", {
        "openai/types/shared/responses_model.py": inline}), strict=True)
    assert layer["literals"]["ResponsesOnlyModel"]["ids"] == ["gpt-a-pro"]


UNKNOWN_LINE = BASE["openai/types/audio_model.py"] + (
    '"""Deprecated values:\n\n- "stt-x": Will be phased out eventually.\n"""\n')
STRAY_ID = BASE["openai/types/audio_model.py"] + (
    '"""Deprecated values:\n\n- "stt-x", "ghost-1": Announced shutdown date: 2027-02-26.\n"""\n')


@pytest.mark.parametrize(("version", "files", "message", "skipped"), [
    ("3.0.0", {"openai/types/audio_model.py": UNKNOWN_LINE},
     "unknown 'Deprecated values' line: Will be phased out eventually.", 1),
    ("3.0.0", {"openai/types/audio_model.py": STRAY_ID}, "names IDs not in AudioModel: ghost-1", 1),
    ("3.0.0", {"openai/types/live/session_config.py": None}, "no Literal for LiveModel", 1),
    ("2.9.0", {"openai/types/live/session_config.py": None}, None, 0),
    ("3.0.0", {"openai/types/embedding_model.py": "EmbeddingModel = Literal[\n"},
     "cannot parse", 2),
    ("3.0.0", {"openai/types/video_model.py": "from x import y\n\nVideoModel = Union[str]\n"},
     "VideoModel lists no model IDs", 1),
])
def test_strict_raises_lenient_skips(tmp_path: Path, version: str, files: dict[str, str | None],
                                     message: str | None, skipped: int) -> None:
    root = make_package(tmp_path, version, files)
    if message is None:
        assert _layer(root, strict=True)["skipped"] == []
        return
    with pytest.raises(ExtractError, match=re.escape(message)):
        _layer(root, strict=True)
    lenient = _layer(root, strict=False)
    assert len(lenient["skipped"]) == skipped
    assert message in lenient["skipped"][0] or message in lenient["skipped"][-1]


def test_strict_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_package(tmp_path, "3.0.0", {"openai/types/audio_model.py": UNKNOWN_LINE})
    src = open_source(root)
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    with pytest.raises(ExtractError):
        extract(src, DAY)
    monkeypatch.setenv("MODELMAP_STRICT", "0")
    assert len(extract(src, DAY)["skipped"]) == 1


def test_stray_id_note_keeps_known_ids(tmp_path: Path) -> None:
    layer = _layer(make_package(tmp_path, "3.0.0", {"openai/types/audio_model.py": STRAY_ID}),
                   strict=False)
    audio = [n for n in layer["notes"] if n["literal"] == "AudioModel"]
    assert [(n["ids"], n["date"]) for n in audio] == [(["stt-x"], "2027-02-26")]


# --- real wheels from the registry -------------------------------------------------------

def _regex_literal(text: str, head: str) -> list[str]:
    """IDs between `head` and the closing bracket of its Literal, by plain text search."""
    start = text.index(head)
    body = text[start:]
    lit = body.index("Literal[")
    depth, end = 0, lit
    for end in range(lit + len("Literal"), len(body)):
        depth += {"[": 1, "]": -1}.get(body[end], 0)
        if depth == 0:
            break
    return re.findall(r'"([^"]+)"', body[lit:end])


WHEEL_CHECKS = [  # (literal key, file, text that starts the Literal)
    ("ChatModel", "openai/types/shared/chat_model.py", "ChatModel: TypeAlias"),
    ("ImageModel", "openai/types/image_model.py", "ImageModel: TypeAlias"),
    ("VideoModel", "openai/types/video_model.py", "VideoModel: TypeAlias"),
    ("SpeechModel", "openai/types/audio/speech_model.py", "SpeechModel: TypeAlias"),
    ("AudioModel", "openai/types/audio_model.py", "AudioModel: TypeAlias"),
    ("EmbeddingModel", "openai/types/embedding_model.py", "EmbeddingModel: TypeAlias"),
    ("ModerationModel", "openai/types/moderation_model.py", "ModerationModel: TypeAlias"),
    ("ResponsesOnlyModel", "openai/types/shared/responses_model.py", "ResponsesModel: TypeAlias"),
    ("ImageGenerationToolModel", "openai/types/responses/tool.py", "    model: Union["),
    ("RealtimeModel", "openai/types/realtime/realtime_session_create_request.py",
     "    model: Union["),
    ("TranscriptionSessionModel", "openai/types/realtime/audio_transcription.py",
     "    model: Union["),
    ("LiveModel", "openai/types/live/session_config.py", "    model: Union["),
]


def _tool_text(text: str) -> str:
    return text[text.index("class ImageGeneration("):]


@pytest.mark.registry
@pytest.mark.parametrize("version", ["2.54.0", "3.51.0", "3.54.0", "3.60.0"])
def test_real_wheels_strict(openai_wheels: dict[str, Path], version: str) -> None:
    wheel = openai_wheels[version]
    src = open_source(wheel)
    layer = extract(src, DAY, strict=True)
    src.close()
    assert (layer["openai_version"], layer["skipped"]) == (version, [])
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for key, path, head in WHEEL_CHECKS:
            if path not in names:
                assert key not in layer["literals"], key
                continue
            text = zf.read(path).decode()
            if key == "ImageGenerationToolModel":
                text = _tool_text(text)
            expected = _regex_literal(text, head)
            assert layer["literals"][key]["ids"] == expected, key
    assert ("LiveModel" in layer["literals"]) == (version != "2.54.0")


@pytest.mark.registry
def test_wheel_folder_and_installed_agree(openai_wheels: dict[str, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(openai_wheels["3.60.0"]) as zf:
        zf.extractall(tmp_path)
    layers = []
    for src in (open_source(openai_wheels["3.60.0"]), open_source(tmp_path / "openai"),
                open_source(tmp_path), installed_source()):
        layers.append(extract(src, DAY, strict=True, source_label="x"))
        src.close()
    assert all(layer == layers[0] for layer in layers[1:])
    assert layers[0]["openai_version"] == "3.60.0"


@pytest.mark.registry
def test_real_wheel_notes_match_docstring_regex(openai_wheels: dict[str, Path]) -> None:
    """Every dated bullet of ChatModel's docstring lands in a ChatModel note with its date."""
    src = open_source(openai_wheels["3.51.0"])
    layer = extract(src, DAY, strict=True)
    text = src.read("openai/types/shared/chat_model.py")
    src.close()
    expected = {}
    for bullet in text.split("Deprecated values:")[1].split("\n- "):
        flat = " ".join(bullet.split())
        m = re.search(r"Announced shutdown date: (\d{4}-\d{2}-\d{2})", flat)
        if m:
            expected.update(dict.fromkeys(re.findall(r'"([^"]+)"', flat.split(": ")[0]),
                                          m.group(1)))
    got = {i: n["date"] for n in layer["notes"] if n["literal"] == "ChatModel"
           and n["kind"] == "shutdown" for i in n["ids"]}
    assert got == expected
    assert len(expected) > 50


VIDEOS_RESOURCE = '''import typing_extensions
from typing_extensions import deprecated

from ..types.video_model_param import VideoModelParam


class Videos:
    @typing_extensions.deprecated("The Video API will shut down on September 24, 2026.")
    def create(self, *, prompt: str, model: VideoModelParam | Omit = omit) -> None: ...

    @typing_extensions.deprecated("The Video API will shut down on September 24, 2026.")
    def list(self, *, after: str | Omit = omit) -> None: ...

    @deprecated("deprecated")
    def remix(self, *, model: VideoModelParam) -> None: ...


class Images:
    @deprecated("Images shut down on 2030-01-01.")
    async def create(self, *, model: Union[str, ImageModel, None]) -> None: ...
'''


def test_dated_resource_deprecations(tmp_path: Path) -> None:
    root = make_package(tmp_path, "3.0.0", {"openai/resources/videos.py": VIDEOS_RESOURCE})
    layer = _layer(root, strict=True)
    got = [(n["literal"], n["ids"], n["kind"], n["date"], n["symbol"]) for n in layer["notes"]
           if n["path"] == "openai/resources/videos.py"]
    assert got == [
        ("ImageModel", ["img-1", "img-2"], "shutdown", "2030-01-01", "Images.create"),  # kept
        ("VideoModel", ["vid-1"], "shutdown", "2026-09-24", "Videos.create"),
    ]


# --- endpoint notes (not models) ---------------------------------------------------------

@pytest.mark.registry
def test_real_wheel_keeps_the_videos_endpoint_note(openai_wheels: dict[str, Path]) -> None:
    """openai 3.60.0 dates the /v1/videos shutdown in BatchCreateParams.endpoint: an endpoint
    note, kept apart from the model notes; 3.54.0 has no such bullet."""
    wheel = openai_wheels["3.60.0"]
    src = open_source(wheel)
    layer = extract(src, DAY, strict=True)
    src.close()
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read("openai/types/batch_create_params.py").decode()
    m = re.search(r'- "(/v1/videos)": (.*?) shut down on (\w+ \d+, \d{4})', text)
    assert m is not None
    assert layer["endpoint_notes"] == [{
        "endpoints": [m.group(1)], "kind": "shutdown",
        "date": parse_date(m.group(3)).isoformat(),  # type: ignore[union-attr]
        "text": layer["endpoint_notes"][0]["text"],
        "path": "openai/types/batch_create_params.py", "symbol": "BatchCreateParams.endpoint"}]
    assert layer["endpoint_notes"][0]["date"] == "2026-09-24"
    assert "Videos API" in layer["endpoint_notes"][0]["text"]
    assert not any("/v1/videos" in n["ids"] for n in layer["notes"])
    old = open_source(openai_wheels["3.54.0"])
    assert extract(old, DAY, strict=True)["endpoint_notes"] == []
    old.close()


def test_endpoint_note_in_a_made_up_package(tmp_path: Path) -> None:
    body = ('from typing_extensions import Literal, TypedDict\n\n'
            'class P(TypedDict, total=False):\n'
            '    endpoint: Literal["/v1/a", "/v1/b"]\n'
            '    """Endpoint.\n\n    Deprecated values:\n\n'
            '    - "/v1/b": Shutdown date: 2027-03-01.\n    """\n')
    root = make_package(tmp_path, "3.99.0", {"openai/types/p_params.py": body})
    layer = extract(open_source(root), DAY)
    assert [(n["endpoints"], n["date"], n["symbol"]) for n in layer["endpoint_notes"]] == [
        (["/v1/b"], "2027-03-01", "P.endpoint")]
