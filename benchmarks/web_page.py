"""The try-it page in headless Chromium: what it weighs, how fast it opens, what it adds to an extraction.

Starts ``docextract serve`` on 127.0.0.1 (CPU engine), opens ``/`` in Debian's headless Chromium
through Selenium (``/usr/bin/chromedriver``, ``SE_AVOID_STATS=true``) and reports:

- the bytes of the page (HTML, CSS, script, icon, the schema listing) as the browser received them;
- the time from navigation to the schema list being filled (median of ``--loads`` reloads);
- for each bundled example: the time from clicking Extract to the drawn result, the server's own
  ``timings.total``, and the difference (upload, JSON, drawing the boxes and the table)::

    python -m benchmarks.web_page --loads 10 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from benchmarks.server_load import start

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"receipt_001.jpg": "receipt", "cn_id_card_002.jpg": "cn_id_card",
            "cn_vat_invoice_001.jpg": "cn_vat_invoice"}


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_AVOID_STATS"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def listed(driver) -> bool:
    return driver.execute_script("return document.querySelectorAll('#schema option').length > 1")


def wait(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", default="rapidocr")
    ap.add_argument("--loads", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3, help="extractions per example (after one warm-up)")
    args = ap.parse_args(argv)
    base, proc = start(args.engine, 1, 4)
    driver = browser()
    try:
        opens = []
        for _ in range(args.loads):
            t0 = time.perf_counter()
            driver.get(base + "/")
            wait(lambda: listed(driver), 30)
            opens.append(time.perf_counter() - t0)
        sizes = driver.execute_script(
            "return [performance.getEntriesByType('navigation')[0]]"
            ".concat(performance.getEntriesByType('resource'))"
            ".map(e => [e.name.replace(location.origin, ''), e.encodedBodySize])")
        print("page files (bytes as received):")
        for name, size in sizes:
            print(f"  {name:<22} {size:>8,}")
        print(f"  {'total':<22} {sum(s for _, s in sizes):>8,}")
        print(f"open to schemas listed: median {statistics.median(opens) * 1000:.0f} ms, "
              f"max {max(opens) * 1000:.0f} ms over {len(opens)} loads")
        print(f"{'example':<24} {'in the browser':>15} {'on the server':>14} {'page adds':>10}")
        for name, schema in EXAMPLES.items():
            rows = []
            for i in range(args.rounds + 1):
                driver.get(base + "/")
                wait(lambda: listed(driver), 30)
                Select(driver.find_element(By.ID, "schema")).select_by_value(schema)
                driver.find_element(By.ID, "file").send_keys(str(ROOT / "examples" / name))
                t0 = time.perf_counter()
                driver.find_element(By.ID, "run").click()
                wait(lambda: driver.execute_script(
                    "return !document.getElementById('result').hidden"
                    " && document.querySelectorAll('#page g.box').length > 0"), 300)
                total = time.perf_counter() - t0
                server = json.loads(driver.find_element(By.ID, "json").get_attribute("textContent"))["timings"]["total"]
                if i:  # the first one warms the engine up
                    rows.append((total, server))
            t, s = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
            print(f"{name:<24} {t:>13.2f} s {s:>12.2f} s {(t - s) * 1000:>7.0f} ms")
    finally:
        driver.quit()
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
