"""The JavaScript/TypeScript scanner (tree-sitter)."""
