"""``workbench serve``: the review UI in a browser, behind per-reviewer tokens.

* ``tokens`` — personal tokens: made, listed, removed, checked (only their SHA-256 is kept,
  in ``serve-tokens.json`` of the workspace, mode 0600);
* ``pages`` — the HTML the server writes itself (login, index of articles, one-line errors);
* ``server`` — the aiohttp application around textual-serve's ``AppService`` (one review app
  process per browser connection), its login sessions and connection limit;
* ``child`` — the process one connection runs: the very same review app as ``workbench
  review``, driven by Textual's web driver, as the logged-in reviewer.

Nothing here is imported by ``import workbench``; aiohttp and textual-serve (the ``web``
extra) are imported by ``server`` only.
"""

from __future__ import annotations
