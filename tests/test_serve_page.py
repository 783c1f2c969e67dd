"""The page ``quizapp serve`` gives a browser: links that follow the address the browser
used (or --public-url), nothing from another site, no listing of /static/, words from
the catalogue in the class's language."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from quizapp.i18n import set_language, t
from quizapp.serve import SeatServer


async def _client(**options: object) -> TestClient:
    server = SeatServer("true", host="0.0.0.0", port=8000, **options)  # type: ignore[arg-type]
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_page_follows_the_address_the_browser_used(lang: str) -> None:
    set_language(lang)
    client = await _client(lang=lang)
    try:
        response = await client.get("/", headers={"Host": "127.0.0.2:23457"})
        assert response.status == 200
        page = await response.text()
        links = re.findall(r'(?:href|src)="([^"]+)"|url\("([^"]+)"\)|websocket-url="([^"]+)"',
                           page)
        found = [next(part for part in link if part) for link in links]
        assert "http://127.0.0.2:23457/static/js/textual.js" in found
        assert "ws://127.0.0.2:23457/ws" in found
        assert any(link.endswith(".ttf") for link in found)  # the terminal font, from here
        assert all(link.startswith(("http://127.0.0.2:23457/", "ws://127.0.0.2:23457/"))
                   for link in found), found
        assert "0.0.0.0" not in page and "googleapis" not in page
        assert f'lang="{lang}"' in page
        for key in ("title", "loading", "ended", "restart"):
            assert t(f"serve.page_{key}") in page
        if lang == "zh":
            assert "Session ended" not in page and "Restart" not in page
        # the font and script it names are served; the folder is not listed
        assert (await client.get("/static/js/textual.js")).status == 200
        font = next(link for link in found if link.endswith(".ttf"))
        assert (await client.get(font.split("23457", 1)[1])).status == 200
        for folder in ("/static/", "/static/js/", "/static/fonts/"):
            listing = await client.get(folder)
            assert listing.status in (403, 404)
            assert "textual.js" not in await listing.text()
        # a Host header that is not an address is refused, never written into the page
        bad = await client.get("/", headers={"Host": '"><script>alert(1)</script>'})
        assert bad.status == 400
        assert "<script>alert" not in await bad.text()
    finally:
        await client.close()
        set_language("zh")


async def test_public_url_wins_over_the_host_header() -> None:
    client = await _client(public_url="https://quiz.example.edu/", lang="en")
    try:
        page = await (await client.get("/", headers={"Host": "127.0.0.2:9"})).text()
        assert 'src="https://quiz.example.edu/static/js/textual.js"' in page
        assert 'data-session-websocket-url="wss://quiz.example.edu/ws"' in page
        assert "127.0.0.2" not in page
    finally:
        await client.close()


def test_a_public_url_that_is_not_an_address_is_refused() -> None:
    from click.testing import CliRunner

    from quizapp.cli import main

    result = CliRunner().invoke(main, ["serve", "--lang", "en", "--public-url", "javascript:1"])
    assert result.exit_code == 1
    assert "--public-url should be an address" in result.output
    assert "Traceback" not in result.output


def test_the_addresses_said_at_start_are_ones_a_browser_can_use() -> None:
    from quizapp.serve import local_addresses

    found = local_addresses()
    assert found[-1] == "127.0.0.1" and "0.0.0.0" not in found
    assert len(found) == len(set(found))
