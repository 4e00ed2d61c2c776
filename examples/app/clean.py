"""A file with nothing to report: a current model on the endpoint that serves it."""

from openai import OpenAI

client = OpenAI()


def answer(question: str) -> str:
    response = client.responses.create(model="gpt-5.5", input=question)
    return response.output_text
