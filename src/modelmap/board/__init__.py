"""`modelmap board`: the route map as one self-contained static HTML page.

    html = render_board(catalog, as_of)

data.py gathers what the page shows from the catalog as of a date (jobs and their first route,
labels that are not IDs, shutdowns); timeline.py lays out the shutdown timeline as SVG
geometry; templates/board.html.j2 (Jinja2, autoescape on) draws it with inline CSS and a few
lines of inline JavaScript that only filter rows. No network: no CDN, fonts or images.
"""

from __future__ import annotations

import datetime as dt

from modelmap.catalog.model import Catalog


def render_board(catalog: Catalog, as_of: dt.date) -> str:
    """The page as a string."""
    import jinja2

    from modelmap import __version__
    from modelmap.board.data import board_data
    from modelmap.board.timeline import layout

    data = board_data(catalog, as_of)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("modelmap.board", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("board.html.j2")
    return template.render(board=data, timeline=layout(data.shutdowns, as_of),
                           version=__version__)


__all__ = ["render_board"]
