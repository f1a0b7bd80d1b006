"""Take docs/story.png: a step of the Zhanaozen story on the real page, for the README.

    python docs/story_screenshot.py            # step 12, the quarrels among supporters
    python docs/story_screenshot.py --step 7   # another step

The page is built from data/ by the real CLI into a temporary folder and opened offline
in Debian's Chromium (tests/browser.py, never `playwright install`), at the link
``#story=zhanaozen&step=N``. The window is narrow and the side bar folded away, and the
picture is taken at one and a half times the pixel density, so that the README, which
shows it about 900 pixels wide, keeps the step's text and the evidence legible.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))

from browser import browser, wait_drawn  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from graphkit.cli import main  # noqa: E402


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=12)
    parser.add_argument("--story", default="zhanaozen")
    parser.add_argument("--out", type=Path, default=HERE / "story.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = CliRunner().invoke(main, ["build", "--data", str(HERE.parent / "data"),
                                           "--out", tmp, "--only", "html"])
        if result.exit_code:
            raise SystemExit(result.output)
        page_file = Path(tmp) / "graph.html"
        with browser() as b:
            context = b.new_context(viewport={"width": 1120, "height": 780},
                                    device_scale_factor=1.5)
            page = context.new_page()
            url = page_file.resolve().as_uri()
            page.route("**/*", lambda r: r.continue_() if r.request.url.split("#")[0] == url
                       else r.abort())
            page.goto(f"{url}#story={args.story}&step={args.step}")
            wait_drawn(page)
            page.click("#gk-toggle-sidebar")            # the drawing and the panel only
            page.evaluate("() => window.graphkitExplorer.openStory(window.graphkitExplorer"
                          ".story().id, window.graphkitExplorer.story().step)")
            page.wait_for_timeout(900)                  # the fit's animation ends
            page.screenshot(path=str(args.out))
            context.close()
    print(args.out)


if __name__ == "__main__":
    main_()
