"""Build small synthetic `openai` package trees for extractor and sync tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

CHAT = '''from typing_extensions import Literal, TypeAlias

ChatModel: TypeAlias = Literal["gpt-a", "gpt-b", "gpt-b-2025-01-01", "gpt-c"]
"""Deprecated values:

- "gpt-b", "gpt-b-2025-01-01": Announced shutdown date:
  2027-01-14. See https://example.invalid for details.
- "gpt-c": Not a supported model ID. Retained for SDK compatibility.
"""
'''
RESPONSES = '''from typing import Union
from typing_extensions import Literal, TypeAlias

from .chat_model import ChatModel

ResponsesModel: TypeAlias = Union[str, ChatModel, Literal["gpt-a-pro", "gpt-b"]]
'''
IMAGE = '''from typing_extensions import Literal, TypeAlias

ImageModel: TypeAlias = Literal["img-1", "img-2"]
"""Deprecated values:

- "img-1": Image 1 was shut down on October 23, 2026. Use img-2 or img-3 instead.
"""
'''
TOOL = '''from typing import Union
from typing_extensions import Literal, Required, TypedDict


class ImageGeneration(TypedDict, total=False):
    type: Required[Literal["image_generation"]]

    model: Union[str, Literal["img-1", "img-2"]]
    """The image generation model to use."""
'''
REALTIME = '''from typing import Optional, Union
from typing_extensions import Literal


class RealtimeSessionCreateRequest:
    type: Literal["realtime"]

    model: Union[str, Literal["rt-1", "rt-1-2025-01-01"], None] = None
    """The Realtime model.

    Deprecated values:

    - "rt-1-2025-01-01": This model was retired on 2 May 2026. Use rt-2 instead.
    """
'''
LIVE = '''from typing import Union
from typing_extensions import Literal


class SessionConfig:
    model: "Union[str, Literal['live-1']]"
'''
TRANSCRIBE = '''from typing import Optional
from typing_extensions import Literal


class AudioTranscription:
    model: Optional[str | Literal["tr-1"]] = None
'''

COMPLETIONS = '''from typing import Union
from typing_extensions import Literal, Required, TypedDict


class CompletionCreateParamsBase(TypedDict, total=False):
    model: Required[Union[str, Literal["cmp-1"]]]
'''


def alias(name: str, ids: tuple[str, ...]) -> str:
    members = ", ".join(f'"{i}"' for i in ids)
    return f"from typing_extensions import Literal, TypeAlias\n\n{name}: TypeAlias = " \
           f"Literal[{members}]\n"


BASE: dict[str, str] = {
    "openai/types/shared/chat_model.py": CHAT,
    "openai/types/shared/responses_model.py": RESPONSES,
    "openai/types/image_model.py": IMAGE,
    "openai/types/responses/tool.py": TOOL,
    "openai/types/video_model.py": alias("VideoModel", ("vid-1",)),
    "openai/types/audio/speech_model.py": alias("SpeechModel", ("tts-x",)),
    "openai/types/audio_model.py": alias("AudioModel", ("stt-x",)),
    "openai/types/realtime/realtime_session_create_request.py": REALTIME,
    "openai/types/live/session_config.py": LIVE,
    "openai/types/embedding_model.py": alias("EmbeddingModel", ("emb-x",)),
    "openai/types/moderation_model.py": alias("ModerationModel", ("mod-x",)),
    "openai/types/realtime/audio_transcription.py": TRANSCRIBE,
    "openai/types/completion_create_params.py": COMPLETIONS,
}


def make_package(root: Path, version: str, files: Mapping[str, str | None] | None = None,
                 ) -> Path:
    """Write BASE (with `files` overriding; None deletes) under `root`; returns root."""
    tree = dict(BASE)
    for path, text in (files or {}).items():
        if text is None:
            tree.pop(path, None)
        else:
            tree[path] = text
    tree["openai/__init__.py"] = "raise RuntimeError('never import me')\n"
    tree["openai/_version.py"] = f'__title__ = "openai"\n__version__ = "{version}"\n'
    for path, text in tree.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
