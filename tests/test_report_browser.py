"""`ticli report` in a real browser: Debian's headless chromium, driven by puppeteer-core
(tests/browser), renders the report of a seeded synthetic journal to a screenshot and to
PDF, with no console errors, every chart drawn, no request leaving the page, and no
serious finding from axe-core. Outside CI a missing browser skips loudly; in CI it fails."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, local_today
from typer.testing import CliRunner

from ticli import store
from ticli.analysis.demo import synthetic_entries
from ticli.cli.app import app
from ticli.prompts import load_library

BROWSER_TESTS = REPO / "tests" / "browser"
CHECK = BROWSER_TESTS / "check_report.mjs"


def tools() -> tuple[str, str]:
    """chromium and node, with puppeteer-core and axe-core installed; or skip (fail in CI)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    node = shutil.which("node")
    missing = [
        what
        for what, there in (
            ("chromium (apt-get install chromium)", chromium),
            ("node (apt-get install nodejs)", node),
            (
                "puppeteer-core and axe-core (npm ci --prefix tests/browser)",
                (BROWSER_TESTS / "node_modules" / "puppeteer-core").is_dir()
                and (BROWSER_TESTS / "node_modules" / "axe-core").is_dir(),
            ),
        )
        if not there
    ]
    if missing:
        reason = "THE REPORT WAS NOT TESTED IN A BROWSER: missing " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    assert chromium and node
    return chromium, node


def in_browser(page: Path, tmp_path: Path) -> tuple[dict[str, Any], Path, Path]:
    chromium, node = tools()
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    done = subprocess.run(
        [node, str(CHECK), str(page), str(shot), str(pdf), chromium],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), shot, pdf


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_report_renders_prints_and_stays_on_this_machine(
    runner: CliRunner, journal_home: Path, tmp_path: Path
) -> None:
    tools()
    library = load_library()
    end = datetime.combine(local_today(), datetime.min.time()).astimezone().replace(hour=8)
    for n, entry in enumerate(synthetic_entries(library, count=300, end=end, per_day=1, seed=3)):
        if n % 4:  # days off show as gaps
            store.write_entry(journal_home, entry)
    page = tmp_path / "report.html"
    # The synthetic journal is made up: what the guard would ask about is nobody's.
    made = runner.invoke(
        app, ["report", "--since", "3m", "--out", str(page), "--allow-identifiers"]
    )
    assert made.exit_code == 0, made.output

    seen, shot, pdf = in_browser(page, tmp_path)

    assert seen["console_errors"] == [] and seen["page_errors"] == []
    assert seen["requests"] == [page.as_uri()], "the page asked for nothing but itself"
    assert seen["title"].startswith("Reflections from ")
    titles = [chart["title"] for chart in seen["charts"]]
    assert len(titles) == 6, titles
    for chart in seen["charts"]:
        assert chart["width"] > 600 and chart["height"] > 150, chart
        assert chart["shapes"] > 10, chart  # drawn, not an empty frame
        assert chart["table"], f"{chart['title']} has its numbers beside it"
    serious = [v for v in seen["axe"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    width, height = png_size(shot)
    assert width >= 1200 and height > 3000
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    # A page per section: the print style sheet breaks between them.
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 6


def test_the_browser_check_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The check itself can fail: a page with a request out, a script error and an
    image without words is caught on every count."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<html><body><img src='https://example.invalid/x.png'>"
        "<script>console.error('boom'); undefinedThing();</script>"
        "<p style='color:#bbb;background:#fff'>faint</p></body></html>"
    )
    seen, _, _ = in_browser(bad, tmp_path)
    assert "https://example.invalid/x.png" in seen["requests"]
    assert any("boom" in e for e in seen["console_errors"])
    assert seen["page_errors"]
    found = {v["id"] for v in seen["axe"] if v["impact"] in ("serious", "critical")}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= found
