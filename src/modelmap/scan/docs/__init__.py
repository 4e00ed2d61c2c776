"""The docs scanner: Markdown, MDX and reStructuredText (code blocks and prose)."""
