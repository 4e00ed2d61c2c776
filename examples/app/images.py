"""Image generation."""

import base64

from openai import OpenAI

from app.settings import IMAGE_MODEL

client = OpenAI()


def banner(prompt: str) -> bytes:
    # 1080 is not a multiple of 16, and GPT image models always return base64:
    # they reject `response_format`.
    result = client.images.generate(
        model=IMAGE_MODEL,
        prompt=prompt,
        size="1920x1080",
        response_format="b64_json",
    )
    return base64.b64decode(result.data[0].b64_json or "")


def thumbnail(prompt: str) -> bytes:
    # A spelling of the ID with spaces and capitals: `--fix` rewrites it to gpt-image-2.
    result = client.images.generate(model="GPT Image 2", prompt=prompt, size="1024x1024")
    return base64.b64decode(result.data[0].b64_json or "")
