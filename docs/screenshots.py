"""Render one report of each kind and save a PNG of each under docs/screenshots/ (the README shows them).

    .venv/bin/python docs/screenshots.py --store polnear.duckdb [--actor "Hillary Clinton"]

The store is PolNeAR's campaign articles ingested with their metadata (see the README, "Try it on a real
corpus"); the article report is the bundled sample. Reports are rendered with `presswork report` into a
temporary folder and opened in the system's headless Chromium through Playwright (nothing is downloaded).
PolNeAR is evaluation data, so no article text is published in these pictures: table cells holding article
text (examples, quotes, statements, headlines) are blurred, and the actor screenshot stops above "Every quote".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def render(notebook: str, out: Path, *options: str) -> Path:
    """`presswork report NOTEBOOK ...` into `out`; the HTML's path."""
    cmd = [str(Path(sys.executable).with_name("presswork")), "report", notebook, "--output-dir", str(out), *options]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return Path(next(ln.split(":", 1)[1].strip() for ln in done.stdout.splitlines() if ln.startswith("html:")))


# Columns that carry article text. PolNeAR is evaluation data, so its text is blurred in these pictures
# (unreadable, the layout kept); names, counts and charts stay.
TEXT_COLUMNS = ("example", "quote", "statement", "text", "headline", "title", "article")
REDACT = """columns => {
  for (const table of document.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim().toLowerCase());
    const cols = heads.map((h, i) => columns.includes(h) ? i : -1).filter(i => i >= 0);
    for (const row of table.querySelectorAll('tbody tr'))
      for (const i of cols) if (row.cells[i]) row.cells[i].style.filter = 'blur(6px)';
  }
}"""


def shoot(page, html: Path, png: Path, height: int, stop_at: str = "", redact: bool = True) -> None:
    """A PNG of the report's top `height` pixels (or up to the heading `stop_at`), 1200 px wide, with the
    article text in tables blurred (`redact`)."""
    page.goto(html.resolve().as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)  # the tables' script (itables) has drawn them
    if redact:
        page.evaluate(REDACT, list(TEXT_COLUMNS))
    if stop_at:
        top = page.evaluate("t => { const h = [...document.querySelectorAll('h3')].find(e => e.textContent.trim()"
                            " .startsWith(t)); return h ? h.getBoundingClientRect().top + window.scrollY : 0; }",
                            stop_at)
        height = min(height, int(top) - 10) if top else height
    full = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=str(png), clip={"x": 0, "y": 0, "width": 1200, "height": min(height, full)}, full_page=True)
    print(png)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="PolNeAR (or any dated, multi-source) presswork store")
    parser.add_argument("--actor", default="Hillary Clinton", help="the actor report's actor")
    parser.add_argument("--out", default=str(HERE / "screenshots"), help="where the PNGs go")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "reports"
        pages = {
            "article": (render("article", reports), 2600, ""),  # the bundled sample: shown as it is
            "corpus": (render("corpus", reports, "--store", args.store), 3000, ""),
            "compare": (render("compare", reports, "--store", args.store), 2600, ""),
            "actor": (render("actor", reports, "--store", args.store, "-p", "actor", args.actor), 3000,
                      "Every quote"),
        }
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(str(Path(tmp) / "profile"), executable_path=args.chromium,
                                                           headless=True, args=ARGS, offline=True,
                                                           viewport={"width": 1200, "height": 900})
            page = context.new_page()
            for name, (html, height, stop_at) in pages.items():
                shoot(page, html, out / f"{name}-report.png", height, stop_at, redact=name != "article")
            context.close()


if __name__ == "__main__":
    main()
