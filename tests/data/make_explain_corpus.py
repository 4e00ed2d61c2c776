"""Writes explain_corpus.jsonl: API errors as developers meet them, with the diagnosis expected.

Each entry is one error in one form:
  json        the raw error body, as logged or returned by fetch()
  sdk-python  the body served by a loopback server and raised by the real openai client; the
              test prints the exception as a traceback's last line does (`openai.X: Error code:
              N - {...}`)
  http        an HTTP status line, a header and the body (curl -i)
  sdk-node    openai-node's message form (`${status} ${message}`)
  ws          a Realtime WebSocket error event
  text        the message alone, as pasted from a log or an issue
The messages quote API error strings seen in public issues and the openai packages; the
expected key is an errors.toml row, `not-sure` (several rows fit and nothing decides), or
`unrecognised`. Run this file to rewrite the corpus; the test reads the corpus only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("explain_corpus.jsonl")


def body(message: str | None, type_: str | None = "invalid_request_error",
         param: str | None = None, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


NF = "The model `{}` does not exist or you do not have access to it."
ENTRIES: list[dict[str, Any]] = []


def add(expected: str, form: str, *, status: int | None = None,
        error: dict[str, Any] | None = None, text: str | None = None,
        held_out: bool = False) -> None:
    entry: dict[str, Any] = {"id": len(ENTRIES) + 1, "form": form, "expected": expected}
    if held_out:
        entry["set"] = "held-out"
    if error is not None:
        entry["status"], entry["body"] = status, error
    else:
        entry["text"] = text
    ENTRIES.append(entry)


# --- image sizes: the param decides, never the code alone ------------------------------------
size_fixed = ("Invalid value: '1920x1080'. Supported values are: '1024x1024', '1024x1536', "
              "'1536x1024', and 'auto'.")
add("image-size-fixed", "sdk-python", status=400,
    error=body(size_fixed, param="size", code="invalid_value"))
add("image-size-fixed", "json", status=400,
    error=body(size_fixed, param="size", code="invalid_value"))
add("image-size-value", "sdk-python", status=400, error=body(
    "Invalid value for 'size': '4096x4096' is not supported for this model.", param="size",
    code="invalid_value"))
add("image-size-value", "json", status=400, error=body(
    "Requested size exceeds the maximum supported resolution.", param="size",
    code="invalid_value"))
add("image-size-value", "text", text="Invalid value for 'size'")
add("image-size-multiple-16", "sdk-python", status=400, error=body(
    "Invalid size '1792x936'. Width and height must both be divisible by 16.", param="size",
    code="invalid_value"))
add("image-size-multiple-16", "text",
    text="Width and height must both be divisible by 16")
add("image-size-multiple-16", "sdk-node", status=400, error=body(
    "Invalid size '1000x1000'. Width and height must both be divisible by 16.", param="size"))
add("dalle-size", "json", status=400, error=body(
    "The size is not supported by this model.", param="size", code="invalid_size"))
# --- background, quality, other image params --------------------------------------------------
add("transparent-background", "sdk-python", status=400, error=body(
    "Transparent background is not supported for this model.", param="background",
    code="invalid_value"))
add("transparent-background", "json", status=400, error=body(
    "Invalid value: 'transparent'. Supported values are: 'opaque' and 'auto'.",
    param="background", code="invalid_value"))
add("invalid-value", "sdk-python", status=400, error=body(
    "Invalid value: 'hd'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
    param="quality", code="invalid_value"))
add("invalid-value", "json", status=400, error=body(
    "Invalid value: 'gif'. Supported values are: 'png', 'jpeg', and 'webp'.",
    param="output_format", code="invalid_value"))
add("image-response-format", "sdk-python", status=400, error=body(
    "Unknown parameter: 'response_format'.", param="response_format", code="unknown_parameter"))
add("input-fidelity", "json", status=400, error=body(
    "The model 'gpt-image-2' does not support the 'input_fidelity' parameter.",
    param="input_fidelity", code="invalid_input_fidelity_model"))
add("dall-e-2-only", "sdk-node", status=400, error=body(
    "Invalid value: 'gpt-image-2'. Value must be 'dall-e-2'.", param="model",
    code="invalid_value"))
add("image-content-policy", "json", status=400, error=body(
    "Your request was rejected as a result of our safety system.", param=None,
    code="image_content_policy_violation"))
# --- an invalid_value with nothing to go on: not sure ------------------------------------------
add("not-sure", "json", status=400, error=body(
    "The value you sent was rejected.", code="invalid_value"))
add("not-sure", "json", status=400, error=body(
    "That value is not supported.", code="unsupported_value"))
# the 3.x SDK prints the message alone: nothing names the code, so only the status is known
add("http-400", "sdk-python", status=400, error=body(
    "That value is not supported.", code="unsupported_value"))
# --- context length ----------------------------------------------------------------------------
ctx = ("This model's maximum context length is 128000 tokens. However, your messages "
       "resulted in 131072 tokens. Please reduce the length of the messages.")
add("context-length", "sdk-python", status=400,
    error=body(ctx, param="messages", code="context_length_exceeded"))
add("context-length", "json", status=400,
    error=body(ctx, param="messages", code="context_length_exceeded"))
add("context-length", "text", text=ctx)
add("context-length", "text", text=(
    "openai.error.InvalidRequestError: This model's maximum context length is 4097 tokens. "
    "However, you requested 4203 tokens (3703 in the messages, 500 in the completion). Please "
    "reduce the length of the messages or completion."))
# the dict form older openai-python releases printed (the 3.x SDK prints the message only)
add("context-length", "text", text=(
    "openai.BadRequestError: Error code: 400 - {'error': {'message': \"This model's maximum "
    "context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please "
    "reduce the length of the messages.\", 'type': 'invalid_request_error', 'param': "
    "'messages', 'code': 'context_length_exceeded'}}"))
add("image-size-value", "text", text=(
    "openai.BadRequestError: Error code: 400 - {'error': {'message': 'Requested size is too "
    "large.', 'type': 'invalid_request_error', 'param': 'size', 'code': 'invalid_value'}}"))
add("context-length", "sdk-node", status=400, error=body(ctx, param="messages",
                                                         code="context_length_exceeded"))
# --- URLs and shut-down endpoints --------------------------------------------------------------
add("endpoint-shut-down", "text", text="Invalid URL (POST /v1/videos)")
add("endpoint-shut-down", "sdk-python", status=404, error=body(
    "Invalid URL (POST /v1/videos)", param=None, code=None))
add("endpoint-shut-down", "http", status=404, error=body(
    "Invalid URL (GET /v1/videos/video_abc123/content)"))
add("base-url-doubled", "sdk-python", status=404,
    error=body("Invalid URL (POST /v1/chat/completions/chat/completions)"))
add("base-url-doubled", "http", status=404,
    error=body("Invalid URL (POST /v1/responses/responses)"))
add("base-url-missing-v1", "json", status=404, error=body(
    "Unknown request URL: POST /chat/completions. Please check the URL for typos, or see the "
    "docs at https://platform.openai.com/docs/api-reference/.", code="unknown_url"))
add("invalid-url", "text", text="Invalid URL (POST /v1/frobnicate)")
# --- model_not_found refined by the model --------------------------------------------------------
add("model-not-found.shut-down", "sdk-python", status=404,
    error=body(NF.format("sora-2"), param="model", code="model_not_found"))
add("model-not-found.shut-down", "json", status=404,
    error=body(NF.format("gpt-4"), param="model", code="model_not_found"))
add("model-not-found.access", "sdk-python", status=404,
    error=body(NF.format("gpt-5.5"), param="model", code="model_not_found"))
add("model-not-found.access", "http", status=404,
    error=body(NF.format("gpt-image-2"), param="model", code="model_not_found"))
add("model-not-found.label", "sdk-node", status=404,
    error=body(NF.format("GPT-5.5 Instant"), param="model", code="model_not_found"))
add("model-not-found.label", "text", text=NF.format("gpt-5.3-instant"))
add("model-not-found.unknown-id", "json", status=404,
    error=body(NF.format("gpt-5.5-turbo-ultra"), param="model", code="model_not_found"))
add("model-not-found.no-api-access", "text",
    text="The requested model 'gpt-5.3-codex-spark' does not exist.")
add("model-deprecated", "json", status=404, error=body(
    "The model `text-davinci-003` has been deprecated, learn more here: "
    "https://platform.openai.com/docs/deprecations", param=None, code="model_not_found"))
# --- route mistakes ----------------------------------------------------------------------------
add("responses-only", "sdk-python", status=404, error=body(
    "This model is only supported in v1/responses and not in v1/chat/completions.",
    param="model"))
add("not-chat-model", "sdk-python", status=404, error=body(
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
    "Did you mean to use v1/completions?", param="model"))
add("chat-model-on-completions", "json", status=404, error=body(
    "This is a chat model and not supported in the v1/completions endpoint. Did you mean to "
    "use v1/chat/completions?", param="model"))
add("sdk-v0", "text", text=(
    "openai.lib._old_api.APIRemovedInV1: You tried to access openai.ChatCompletion, but this "
    "is no longer supported in openai>=1.0.0 - see the README at "
    "https://github.com/openai/openai-python for the API."))
# --- parameters ----------------------------------------------------------------------------
add("max-tokens", "sdk-python", status=400, error=body(
    "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
    "'max_completion_tokens' instead.", param="max_tokens", code="unsupported_parameter"))
add("max-tokens", "sdk-node", status=400, error=body(
    "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
    "'max_completion_tokens' instead.", param="max_tokens", code="unsupported_parameter"))
add("temperature-value", "sdk-python", status=400, error=body(
    "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default "
    "(1) value is supported.", param="temperature", code="unsupported_value"))
add("temperature-value", "json", status=400, error=body(
    "Only the default (1) value is supported.", param="temperature", code="unsupported_value"))
add("reasoning-effort-value", "sdk-python", status=400, error=body(
    "Unsupported value: 'none' is not supported with the 'gpt-6-astra' model. Supported "
    "values are: 'low', 'medium', 'high', 'xhigh', and 'max'.", param="reasoning.effort",
    code="unsupported_value"))
add("reasoning-effort-value", "json", status=400, error=body(
    "Unsupported value: 'minimal'.", param="reasoning_effort", code="unsupported_value"))
add("unsupported-parameter", "json", status=400, error=body(
    "Unsupported parameter: 'top_p' is not supported with this model.", param="top_p",
    code="unsupported_parameter"))
add("responses-param-moved", "sdk-python", status=400, error=body(
    "Unsupported parameter: 'response_format'. In the Responses API, this parameter has moved "
    "to 'text.format'. Try again with the new parameter.", param="response_format",
    code="unsupported_parameter"))
add("json-schema-unsupported", "json", status=400, error=body(
    "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this "
    "model.", param="response_format"))
add("function-tools-reasoning-chat", "sdk-python", status=400, error=body(
    "Function tools with reasoning_effort are not supported for gpt-6-astra in "
    "/v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort "
    "to 'none'.", param="reasoning_effort"))
add("unknown-parameter", "json", status=400, error=body(
    "Unknown parameter: 'frobnicate'.", param="frobnicate", code="unknown_parameter"))
# --- audio, realtime, video ----------------------------------------------------------------
add("audio-modality", "json", status=400, error=body(
    "This model requires that either input content or output modality contain audio.",
    param="model", code="invalid_value"))
add("transcribe-format", "sdk-python", status=400, error=body(
    "response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. Use "
    "'json' or 'text' instead.", param="response_format", code="unsupported_value"))
add("realtime-beta", "ws", text=json.dumps({
    "type": "error", "event_id": "event_123", "error": {
        "type": "invalid_request_error", "code": "beta_api_shape_disabled", "param": None,
        "message": "The Realtime Beta API is no longer supported. Please use /v1/realtime for "
                   "the GA API.", "event_id": None}}))
add("sora-seconds", "json", status=400, error=body(
    "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer "
    "instead.", param="seconds", code="invalid_type"))
# --- access, billing, pacing ---------------------------------------------------------------
add("org-verification", "sdk-python", status=403, error=body(
    "Your organization must be verified to use the model `gpt-image-2`. Please go to: "
    "https://platform.openai.com/settings/organization/general and click on Verify "
    "Organization.", param=None, code=None))
add("insufficient-quota", "sdk-python", status=429, error=body(
    "You exceeded your current quota, please check your plan and billing details.",
    type_="insufficient_quota", code="insufficient_quota"))
add("rate-limit", "json", status=429, error=body(
    "Rate limit reached for gpt-5.5 in organization org-abc on tokens per min (TPM): Limit "
    "30000, Used 29000, Requested 2000.", type_="tokens", code="rate_limit_exceeded"))
add("region-unsupported", "json", status=403, error=body(
    "Country, region, or territory not supported", type_="request_forbidden",
    code="unsupported_country_region_territory"))
add("http-401", "sdk-python", status=401, error=body(
    "Incorrect API key provided: sk-proj-****abcd. You can find your API key at "
    "https://platform.openai.com/account/api-keys.", code="invalid_api_key"))
add("http-500", "sdk-python", status=500, error=body(
    "The server had an error while processing your request. Sorry about that!",
    type_="server_error"))
add("http-500", "http", status=503, error=body(
    "The engine is currently overloaded, please try again later.", type_="server_error"))
# --- Codex ---------------------------------------------------------------------------------
add("codex-wire-api-chat", "text", text=(
    'Error loading config.toml: `wire_api = "chat"` is no longer supported.\nHow to fix: set '
    '`wire_api = "responses"` in your provider config.'))
add("codex-chatgpt-signin", "json", status=400, error=body(
    "The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account."))
# --- nothing known -------------------------------------------------------------------------
add("unrecognised", "text", text="the flux capacitor is out of sync")
add("unrecognised", "text", text="connection reset by peer")

# --- held out: written after the matcher was changed, measured before any further change ----
add("string-too-long", "json", status=400, held_out=True, error=body(
    "Invalid 'messages[0].content': string too long. Expected a string with maximum length "
    "10485760, but got a string with length 12000000 instead.", param="messages[0].content",
    code="string_above_max_length"))
add("request-too-large", "sdk-python", status=429, held_out=True, error=body(
    "Request too large for gpt-4o in organization org-abc on tokens per min (TPM): Limit "
    "30000, Requested 45000.", type_="tokens", param=None, code="rate_limit_exceeded"))
add("http-401", "sdk-node", status=401, held_out=True, error=body(
    "You didn't provide an API key. You need to provide your API key in an Authorization "
    "header using Bearer auth.", code=None))
add("object-not-found", "json", status=404, held_out=True, error=body(
    "No such File object: file-abc123", param="id"))
add("model-not-found.shut-down", "sdk-node", status=404, held_out=True, error=body(
    NF.format("gpt-4-32k"), param="model", code="model_not_found"))
add("max-tokens", "text", held_out=True, text=(
    "Error code: 400 - Unsupported parameter: 'max_tokens' is not supported with this model. "
    "Use 'max_completion_tokens' instead."))
add("invalid-value", "json", status=400, held_out=True, error=body(
    "Invalid value: 'ultra'. Supported values are: 'low', 'medium', and 'high'.",
    param="reasoning.effort", code="invalid_value"))
add("image-size-value", "json", status=400, held_out=True, error=body(
    "Invalid size '1024x4000'. The aspect ratio must be between 1:3 and 3:1.", param="size",
    code="invalid_value"))
add("insufficient-quota", "text", held_out=True, text=(
    "openai.RateLimitError: Error code: 429 - You exceeded your current quota, please check "
    "your plan and billing details. For more information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors."))
add("transparent-background", "sdk-node", status=400, held_out=True, error=body(
    "Transparent background is not supported for this model.", param="background",
    code="invalid_value"))
add("model-not-found.access", "ws", held_out=True, text=json.dumps({
    "type": "error", "event_id": "event_9", "error": {
        "type": "invalid_request_error", "code": "model_not_found", "param": "model",
        "message": NF.format("gpt-realtime-2.1"), "event_id": None}}))
add("context-length", "sdk-node", status=400, held_out=True, error=body(
    "This model's maximum context length is 1050000 tokens. However, your messages resulted "
    "in 1100000 tokens.", param="messages", code="context_length_exceeded"))


def main() -> None:
    with OUT.open("w", encoding="utf-8") as f:
        for entry in ENTRIES:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{len(ENTRIES)} entries -> {OUT}")


if __name__ == "__main__":
    main()
