"""Regenerate the README's pictures of `searchkit serve`: `python -m searchkit.web.screenshots`.

Serves the bundled corpus on loopback and photographs the page in Debian's Chromium through
Playwright (the test extra; nothing is downloaded), at desktop and at phone width, into
docs/screenshots/. The tests take theirs into a temporary folder, so that a test run never
changes these tracked files: they change when someone means them to.
"""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

from ..archive import Archive

#: Each picture: its file, the page's path, the viewport's width and height, dark or light.
SHOTS = (
    ("search.png", "/?q=honest+thoughts", 1280, 900, "light"),
    ("message.png", "/unit/d1c7306d3aa8?q=discussions+are+over", 1280, 900, "light"),
    ("search-phone.png", "/?q=honest+thoughts", 390, 844, "dark"),
)
PICTURES = tuple(shot[0] for shot in SHOTS)


def take(folder: Path, corpus: Path = Path("corpus")) -> list[Path]:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from . import create_app

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("the screenshots need Debian's chromium: apt-get install chromium")
    archive = Archive(corpus)
    archive.searcher()
    server = make_server("127.0.0.1", 0, create_app(archive), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_port}"
    folder.mkdir(parents=True, exist_ok=True)
    taken = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox"]
            )
            for name, path, width, height, scheme in SHOTS:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    color_scheme="dark" if scheme == "dark" else "light",
                )
                page = context.new_page()
                page.goto(site + path)
                page.screenshot(path=str(folder / name), full_page=True)
                taken.append(folder / name)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return taken


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs") / "screenshots"
    for picture in take(target):
        print(picture)
