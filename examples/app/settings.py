"""Settings read from the environment, with defaults."""

import os

# The default is a model with an announced shutdown date: the app silently depends on it
# whenever OPENAI_MODEL is unset.
DEFAULT_MODEL = os.getenv("OPENAI_MODEL", "gpt-4o-mini")

IMAGE_MODEL = "gpt-image-2"
