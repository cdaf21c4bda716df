"""The process behind one browser connection: ``python -m workbench.web.child``.

textual-serve starts it with ``TEXTUAL_DRIVER`` set to Textual's web driver and talks to it
over stdin/stdout; it runs the very same review app as ``workbench review`` (``run_review``:
the store opened, the position restored, the draft saved and the position remembered on the
way out), as the reviewer the server logged in. A closed tab ends it the way ctrl+q does
(``ReviewApp`` takes the editor's text on any exit). Errors go to stderr, which textual-serve
copies to the server's output; they never reach the browser.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workbench.web.child")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--reviewer", required=True)
    args = parser.parse_args(argv)

    from workbench.errors import WorkbenchError
    from workbench.tui.app import run_review

    try:
        return run_review(
            workspace=args.workspace, slug=args.slug, lang=args.lang, reviewer=args.reviewer
        )
    except WorkbenchError as exc:
        sys.stderr.write(f"workbench serve: {args.slug}/{args.lang}: {exc}\n")
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
