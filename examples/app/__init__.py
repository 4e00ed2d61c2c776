"""A small app that makes the model-route mistakes modelmap catches (see ../README.md)."""
