"""The Jupyter notebook scanner (code cells as Python, markdown cells as docs)."""
