"""Pages: an executed notebook made into its reader page, full page and figure files, in memory.

- ``export``: the export (once, for both pages) and what comes back to the build (:class:`Built`);
- ``tree``: the exported page as a sanitised tree, and the same tree without code;
- ``reader``: the reader page's summary, links and contents; ``figures``: figure files, alt text and captions;
- ``cards``: the claims a page shows and their ClaimReview (the one place that knows how cards reach a page).
"""

from .export import Built, render, warm_up

__all__ = ["Built", "render", "warm_up"]
