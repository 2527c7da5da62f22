"""Measurement: axe-core's WCAG 2.1 A/AA findings over one page of every type, light and
dark, the way the issue counted them (whole pages at 1366x900).

Run ``python tests/benchmarks/axe_survey.py`` to build the example project (the
repository's ``mkdocs.yml``, ``admins/``, ``tickets/``, ``docs/``) in a temporary folder
and scan it, or ``--site DIR`` to scan a site already built. Add ``-v`` for every node.
Not collected by pytest; the tests that hold the result are
``tests/e2e/test_site_accessibility.py``. Needs Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
PAGES = ["", "tickets/", "tickets/2026-11/", "escalations/", "admins/",
         "admins/kwame-lindqvist/", "ownership/", "reports/", "reports/2026-w47/",
         "knowledge/", "reference/", "reference/scenarios/no-response-after-window/",
         "new/ticket/", "new/admin/"]
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_example(target: Path) -> Path:
    """The example project built into ``target/site`` with a pinned as-of."""
    project = target / "project"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("admins", "tickets", "docs"):
        shutil.copytree(REPO / folder, project / folder)
    site = target / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "--as-of", "2026-11-25T12:00",
                    "--site-dir", str(site)], cwd=project, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return site


def survey(site: Path, verbose: bool) -> Counter[str]:
    """Print each page's violations; the number of violations (rule x page x scheme)
    and of nodes by impact."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    counts: Counter[str] = Counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": 1366, "height": 900},
                                          color_scheme=scheme)
            page = context.new_page()
            for path in PAGES:
                page.goto(url + path, wait_until="load")
                for v in Axe().run(page, options=OPTIONS).response["violations"]:
                    counts[v["impact"]] += 1
                    counts[f"{v['impact']} nodes"] += len(v["nodes"])
                    print(f"{scheme} /{path}: {v['id']} ({v['impact']}) x{len(v['nodes'])}")
                    for node in v["nodes"] if verbose else ():
                        print("   ", node["target"], node.get("failureSummary", "")
                              .replace("\n", " ")[:240])
            context.close()
        browser.close()
    server.shutdown()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the example)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        site = args.site or build_example(Path(temp))
        counts = survey(site, args.verbose)
    print(f"{len(PAGES)} pages x 2 schemes; violations by impact:",
          dict(sorted(counts.items())) or "none")


if __name__ == "__main__":
    main()
