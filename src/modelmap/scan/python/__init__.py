"""The Python scanner: `ast`-based call, value and helper resolution."""
