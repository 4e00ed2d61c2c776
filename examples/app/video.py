"""Video clips (this API has been shut down)."""

from openai import OpenAI

client = OpenAI()


def clip(prompt: str) -> str:
    video = client.videos.create(model="sora-2", prompt=prompt)
    return video.id
