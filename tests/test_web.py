"""`searchkit serve` in a real browser: Debian's Chromium, headless, driven by Playwright
(pointed at the system browser: nothing is downloaded). The README's screenshots are made
here, so they show what the page is."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from searchkit import Archive

from .conftest import CORPUS, ROOT, installed_engines

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("flask")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (.ci/run installs it)", allow_module_level=True)

#: The README's pictures, which `python -m searchkit.web.screenshots` makes; the tests take
#: theirs into a temporary folder (a test run changes no tracked file).
README_PICTURES = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def serving(archive: Archive) -> Iterator[str]:
    from werkzeug.serving import make_server

    from searchkit.web import create_app

    archive.searcher()
    server = make_server("127.0.0.1", 0, create_app(archive), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module", params=installed_engines())
def site(request, tmp_path_factory) -> Iterator[str]:
    """The page over the bundled corpus and a few hostile messages, on each engine."""
    folder = tmp_path_factory.mktemp(f"web-{request.param}")
    corpus = folder / "corpus"
    shutil.copytree(CORPUS, corpus)
    hostile = EmailMessage()
    hostile["From"] = '"<script>alert(1)</script> Eve" <eve@example.org>'
    hostile["To"] = "Bob <bob@example.org>"
    hostile["Date"] = "Tue, 05 Mar 2019 16:12:00 +0000"
    hostile["Subject"] = "<img src=x onerror=alert(2)> quarterly zebra"
    hostile.set_content("<b>not bold</b> the zebra figures <script>alert(3)</script>\n")
    (corpus / "hostile.eml").write_bytes(hostile.as_bytes())
    formula = EmailMessage()  # a spreadsheet would run these cells, were they written as they are
    formula["From"] = '=HYPERLINK("http://evil.example/") <mallory@example.org>'
    formula["To"] = "@SUM(1+1) <bob@example.org>"
    formula["Date"] = "Wed, 06 Mar 2019 09:00:00 +0000"
    formula["Subject"] = "-2+3 okapi formula"
    formula.set_content("The okapi formula.\n")
    (corpus / "formula.eml").write_bytes(formula.as_bytes())
    bare = EmailMessage()  # as Enron's mail names people: by address alone
    bare["From"] = "nony.flores@enron.com"
    bare["To"] = "bob@example.org"
    bare["Date"] = "Thu, 07 Mar 2019 09:00:00 +0000"
    bare["Subject"] = "gnu figures"
    bare.set_content("The gnu figures.\n")
    (corpus / "bare.eml").write_bytes(bare.as_bytes())
    yield from serving(Archive(corpus, folder / "index", engine=request.param))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def test_search_follow_a_facet_open_a_message_and_walk_its_thread(site, page, screenshots):
    page.goto(site + "/")
    page.fill("input[name=q]", "honest thoughts")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("li.hit")
    assert "q=honest+thoughts" in page.url
    assert page.locator("li.hit").count() >= 3
    assert page.locator("svg.timeline rect").count() >= 1  # the timeline of every match
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)

    page.click("ul[data-facet=sender] a:text-is('Elon Musk')")
    page.wait_for_selector("li.hit")
    assert "from%3A%22Elon+Musk%22" in page.url or "from%3A%22Elon%20Musk%22" in page.url
    senders = page.locator("li.hit .people").all_inner_texts()
    assert senders and all(text.startswith("Elon Musk") for text in senders)

    page.locator("li.hit a.subject").first.click()
    page.wait_for_selector("article.unit")
    # Elon's reply has no subject line: the page's thread gives it, marked as inferred
    assert page.locator("article.unit h1").inner_text() == "Honest Thoughts (inferred)"
    first = page.url
    page.screenshot(path=str(screenshots / "message.png"), full_page=True)
    neighbours = page.locator("ol.thread a")
    assert neighbours.count() >= 2
    neighbours.first.click()
    page.wait_for_selector("article.unit")
    assert page.url != first and "(this one)" in page.locator("ol.thread").inner_text()


def test_sort_and_paging_links_are_shareable_urls(site, page):
    page.goto(site + "/?q=elon&sort=newest")
    dates = page.locator("li.hit .date").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
    page.click("a[rel=next]")
    page.wait_for_selector("li.hit")
    assert "page=2" in page.url and "sort=newest" in page.url
    assert page.locator("ol.hits").get_attribute("start") == "21"


def test_a_hostile_sender_subject_and_body_render_as_text(site, page):
    page.goto(site + "/?q=zebra")
    page.wait_for_selector("li.hit")
    head = page.locator("li.hit .head").first.inner_text()
    assert "<script>alert(1)</script> Eve" in head and "<img src=x onerror=alert(2)>" in head
    page.locator("li.hit a").first.click()
    page.wait_for_selector("article.unit")
    assert "<b>not bold</b>" in page.locator(".text").inner_text()
    assert page.locator("article script, article img, article b").count() == 0
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_every_page_has_a_json_twin_and_a_content_security_policy(site, page):
    response = page.goto(site + "/search.json?q=discussions")
    data = json.loads(page.locator("body").inner_text())
    assert {"query", "total", "hits", "facets", "semantic"} <= data.keys()
    assert data["total"] >= len(data["hits"]) > 0
    unit = page.goto(site + f"/unit/{data['hits'][0]['id']}.json")
    assert unit is not None and json.loads(page.locator("body").inner_text())["id"]
    html = page.goto(site + "/")
    assert html is not None and "script-src" not in html.headers["content-security-policy"]
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert response is not None and response.status == 200
    assert page.goto(site + "/unit/nope").status == 404
    page.goto(site + "/people")
    assert "Elon Musk" in page.locator("table.people").inner_text()
    assert page.goto(site + "/?q=date:notadate").status == 200
    assert "is not a date" in page.locator(".error").inner_text()


def test_the_readme_shows_the_pictures_the_screenshot_script_makes():
    from searchkit.web.screenshots import PICTURES

    readme = (ROOT / "README.md").read_text("utf-8")
    for name in PICTURES:
        assert f"docs/screenshots/{name}" in readme and (README_PICTURES / name).is_file()


def test_a_stale_index_is_refreshed_behind_the_pages(tmp_path, monkeypatch):
    from searchkit.web import create_app

    answered = threading.Event()  # the refresh waits until a page has answered without it
    update = Archive.update

    def after_the_page(self, **options):
        answered.wait(10)
        return update(self, **options)

    monkeypatch.setattr(Archive, "update", after_the_page)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The first note about lighthouses.\n", "utf-8")
    archive = Archive(corpus, tmp_path / "index")
    archive.searcher()
    client = create_app(archive).test_client()
    (corpus / "b.txt").write_text("A second note about windmills.\n", "utf-8")
    first = json.loads(client.get("/search.json?q=windmills").data)
    assert first["total"] == 0  # answered at once, from the index as it was
    answered.set()
    for _ in range(100):  # the refresh ran behind that page
        if json.loads(client.get("/search.json?q=windmills").data)["total"]:
            break
        threading.Event().wait(0.05)
    assert json.loads(client.get("/search.json?q=windmills").data)["total"] == 1


def test_the_csv_download_holds_the_rows_of_the_search_with_formulas_defused(site, page):
    import csv
    import io

    page.goto(site + "/?q=okapi+OR+zebra")
    with page.expect_download() as downloading:
        page.click("a.csv")
    download = downloading.value
    assert download.suggested_filename == "okapi-OR-zebra.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    found = json.loads(page.goto(site + "/search.json?q=okapi+OR+zebra").text())
    assert [row["id"] for row in rows] == [hit["id"] for hit in found["hits"]]
    assert list(rows[0]) == [
        "id",
        "date",
        "sender",
        "recipients",
        "subject",
        "source",
        "line",
        "page",
        "kind",
        "link",
        "inferred",
    ]
    (formula,) = [row for row in rows if "formula" in row["subject"]]
    assert formula["subject"] == "'-2+3 okapi formula"
    assert formula["sender"].startswith("'=HYPERLINK") and formula["recipients"].startswith("'@SUM")
    assert formula["link"] == f"{site}/unit/{formula['id']}" and formula["source"] == "formula.eml"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@pytest.mark.parametrize("path", ["/?q=honest+thoughts", "/unit/d1c7306d3aa8", "/people", "/audit"])
def test_a_phone_scrolls_no_page_sideways(site, browser, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(site + path)
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390
    if path.startswith("/?"):  # the facets come under the hits, not over them
        hits, aside = (
            phone.locator("section.hits").bounding_box(),
            phone.locator("aside").bounding_box(),
        )
        assert hits and aside and aside["y"] >= hits["y"] + hits["height"] - 1
    context.close()


def test_the_page_follows_the_browsers_dark_setting(site, browser):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(site + "/?q=honest+thoughts")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] == "rgb(255, 255, 255)" and colours["dark"] == "rgb(18, 18, 20)"


def test_the_message_page_carries_the_query(site, page):
    page.goto(site + "/?q=discussions+are+over")
    page.locator("li.hit a.subject").first.click()
    page.wait_for_selector("article.unit")
    assert "q=discussions" in page.url
    assert page.locator("input[name=q]").input_value() == "discussions are over"
    marked = [text.lower() for text in page.locator(".text mark").all_inner_texts()]
    assert "discussions" in marked and "over" in marked
    page.click("a[rel=up]")  # back to the results
    page.wait_for_selector("li.hit")
    assert page.locator("input[name=q]").input_value() == "discussions are over"


def test_the_source_view_shows_the_line_and_never_leaves_the_corpus(site, page):
    page.goto(site + "/unit/d1c7306d3aa8")
    page.click("a.source")
    here = page.locator("pre.source span.here")
    assert (
        here.get_attribute("id") == "L345"
        and "Discussions are over" in page.locator("pre.source").inner_text()
    )
    for outside in ("/source/../pyproject.toml", "/source/%2e%2e/README.md", "/source/nope.txt"):
        assert page.goto(site + outside).status == 404


def test_people_rows_link_to_their_messages_and_page(site, page):
    page.goto(site + "/people")
    first = page.locator("table.people tbody tr").first
    sender, recipient = (
        first.locator("td").nth(0).inner_text(),
        first.locator("td").nth(1).inner_text(),
    )
    count = int(first.locator("a.pair").inner_text())
    first.locator("a.pair").click()
    page.wait_for_selector("li.hit")
    assert f"{count} hit" in page.locator("p.summary").inner_text()
    assert all(
        head.startswith(sender) and recipient in head
        for head in page.locator("li.hit .people").all_inner_texts()
    )


def test_the_front_page_lists_the_newest_first_with_an_exact_count(site, page):
    page.goto(site + "/")
    dates = page.locator("li.hit .date").all_inner_texts()
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert "about" not in page.locator("p.summary").inner_text()


def test_the_host_header_must_name_this_server(site):
    import http.client
    from urllib.parse import urlsplit

    where = urlsplit(site)
    for host, status in (("evil.com", 421), (where.netloc, 200), (f"localhost:{where.port}", 200)):
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
        connection.request("GET", "/", headers={"Host": host})
        assert connection.getresponse().status == status
        connection.close()


def test_a_name_that_is_its_address_is_shown_once(site, page):
    page.goto(site + "/?q=gnu")
    page.locator("li.hit a.subject").first.click()
    page.wait_for_selector("article.unit")
    sender = page.locator("dl.headers dd").first.inner_text()
    assert sender == "nony.flores@enron.com"


def test_the_people_csv_download_defuses_formulas_too(site, page):
    import csv
    import io

    page.goto(site + "/people")
    with page.expect_download() as downloading:
        page.click("a.csv")
    rows = list(csv.DictReader(io.StringIO(Path(downloading.value.path()).read_text("utf-8"))))
    shown = json.loads(page.goto(site + "/people.json").text())
    assert len(rows) == len(shown) and rows[0]["sender"] == shown[0]["sender"]
    assert any(row["sender"].startswith("'=HYPERLINK") for row in rows)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_the_audit_page_lists_what_to_check_with_links_to_the_source(tmp_path, browser):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # a file name a page must escape, holding a date nothing in it decides
    (corpus / "<b>notes.md").write_text(
        "# Notes\n\nFrom: Ada Berg\nDate: 05/06/2019 10:00\nTo: Bruno Holm\n\nThe dates.\n", "utf-8"
    )
    for site in serving(Archive(corpus, tmp_path / "index")):
        for width in (1280, 390):
            context = browser.new_context(viewport={"width": width, "height": 800})
            tab = context.new_page()
            tab.goto(site + "/audit")
            row = tab.locator("table.audit tbody tr")
            assert row.count() == 1
            assert row.inner_text().split("\t")[:2] == ["<b>notes.md:3", "ambiguous date"]
            assert tab.locator("table.audit b").count() == 0  # shown, never markup
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            context.close()
        tab = browser.new_page()
        tab.goto(site + "/audit")
        tab.click("table.audit a")
        assert "Date: 05/06/2019 10:00" in tab.content()
        tab.close()
