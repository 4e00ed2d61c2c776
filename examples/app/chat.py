"""Chat features."""

from openai import OpenAI

from app.settings import DEFAULT_MODEL

client = OpenAI()


def reply(messages: list[dict[str, str]]) -> str:
    # "GPT-5.5 Thinking" is what the ChatGPT model picker shows, not an API model ID.
    response = client.chat.completions.create(model="GPT-5.5 Thinking", messages=messages)
    return response.choices[0].message.content or ""


def deep_answer(messages: list[dict[str, str]]) -> str:
    # Pro models are served by the Responses API only.
    response = client.chat.completions.create(model="gpt-5.5-pro", messages=messages)
    return response.choices[0].message.content or ""


def summarize(text: str) -> str:
    # The model comes from settings.py (another module): its default is checked here.
    response = client.responses.create(model=DEFAULT_MODEL, input=f"Summarize: {text}")
    return response.output_text
