"""Remake the screenshots of docs/guides/screenshots/ (the guide "What the site looks like").

    .venv/bin/python tests/screenshots.py

Builds the repository's example data for the shared audience (so that no internal text
can reach the pictures, which every build publishes) with the as-of time the tests pin,
then photographs the dashboard, the weekly report of the busiest week and an admin page in
the light and the dark palette at 1366 px and on a phone (390 px), with the system
Chromium. The pictures are reduced to at most 256 colours, which keeps each small.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent / "e2e"))
from site_build import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLE_AS_OF,
    REPO,
    build_site,
    busiest_week,
    copy_example_project,
    serve_site,
)

OUT = REPO / "docs" / "guides" / "screenshots"
ADMIN = "admins/owen-barrett/"
"""An admin with engagements waiting, a trend and tickets routed to them."""
VIEWS = {
    "light": {"viewport": {"width": 1366, "height": 900}, "color_scheme": "light"},
    "dark": {"viewport": {"width": 1366, "height": 900}, "color_scheme": "dark"},
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light",
              "is_mobile": True, "has_touch": True},
}


def optimise(path: Path) -> None:
    """Rewrite the PNG at ``path`` with a palette of at most 256 colours, compressed."""
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def main() -> int:
    """Build, serve and photograph the example site; print each picture's path and size."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        project = copy_example_project(root / "project")
        site = build_site(project, root / "site", audience="shared", as_of=EXAMPLE_AS_OF)
        pages = {"dashboard": "", "weekly": f"reports/{busiest_week(project).lower()}/",
                 "admin": ADMIN}
        OUT.mkdir(parents=True, exist_ok=True)
        with serve_site(site) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            try:
                for view, options in VIEWS.items():
                    context = browser.new_context(**options)  # type: ignore[arg-type]
                    tab = context.new_page()
                    for name, url in pages.items():
                        tab.goto(server.url + url, wait_until="load")
                        target = OUT / f"{name}-{view}.png"
                        tab.screenshot(path=str(target))
                        optimise(target)
                        print(f"{target.relative_to(REPO)}: {target.stat().st_size:,} bytes")
                    context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
