"""A batch run in a process of its own, for the tests that kill it (``kill -9``) mid-batch.

``python tests/batch_driver.py WORKSPACE FOLDER PACKAGES_DIR RAY|- WAVE_SEGMENTS``: translates
into en and vi with the packages installed in PACKAGES_DIR, printing one line per progress
event (``phase segments_done segments_total``), flushed, so the test knows when waves landed.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from workbench.batch import batch
    from workbench.mt.packages import load_installed

    workspace, folder, packages_dir, ray, wave = argv
    packages = [load_installed(p) for p in sorted(Path(packages_dir).iterdir()) if p.is_dir()]

    def show(event: object) -> None:
        print(event.phase, event.segments_done, event.segments_total, flush=True)  # type: ignore[attr-defined]

    report = batch(
        folder,
        ["en", "vi"],
        workspace=workspace,
        packages=packages,
        ray=None if ray == "-" else ray,
        wave_segments=int(wave),
        progress=show,
    )
    print("finished", report.translated, flush=True)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
