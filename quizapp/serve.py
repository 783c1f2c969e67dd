"""The student app served to browsers (``quizapp serve``): textual-serve, held to a class.

Each browser connection runs a whole app process, so :class:`SeatServer` takes at most
``max_seats`` at a time: one more is shown a page saying the class is full (in the
interface language), and a websocket opened past it is refused; one address may open
at most :data:`CONNECTS_PER_MINUTE` a minute (each app counts its own join attempts:
reconnecting must not give a script fresh ones). What a browser sends is
checked: a message that is not what the page sends (not JSON, the wrong shape, a
terminal size no screen has) is logged as one line and dropped, never a traceback in the
teacher's terminal, and the terminal size is held to what a screen can be.

The page is the project's own (:func:`index_page`): its script, styles and websocket
follow the address the browser used (its Host header), or ``--public-url``, so a server
listening on 0.0.0.0 works from whatever address a student typed; nothing is loaded from
another site (the terminal font is served from here), ``/static/`` lists nothing, and its
words come from the catalogue.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
import time
from pathlib import Path
from typing import Any

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from quizapp.i18n import t
from quizapp.untrusted import visible

#: seats when ``--max-seats`` is not given: a large class
DEFAULT_SEATS = 60
#: the largest terminal a browser may ask for (columns, rows)
MAX_COLUMNS, MAX_ROWS = 500, 200
#: new connections one address may open a minute: a student reloading the page is far
#: below it; a script reconnecting for fresh join attempts (each app counts its own) is not
CONNECTS_PER_MINUTE = 20

log = logging.getLogger("textual-serve")

#: textual-serve's script, styles and fonts (served from here, never from another site)
STATIC = Path(textual_serve.__file__).parent / "static"
#: what a Host header may be: a name or IPv4 address, or a bracketed IPv6 one, and a port
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])"
                   r"(?::[0-9]{1,5})?\Z")


class _OneLine(logging.Formatter):
    """A record as one line: its message, and an exception as ``Type: message`` (no
    traceback), control characters shown."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = f"{type(error).__name__}: {error}"
            text = detail if text in (str(error), "") else f"{text}: {detail}"
        return visible(text, multiline=False)


class MalformedMessage(ValueError):
    """A websocket message that is not what the page sends."""


def _size(width: object, height: object) -> tuple[int, int]:
    if type(width) is not int or type(height) is not int:
        raise MalformedMessage("the terminal size is not two numbers")
    return max(1, min(width, MAX_COLUMNS)), max(1, min(height, MAX_ROWS))


class SeatServer(Server):
    """textual-serve with at most ``max_seats`` app processes, a page for the rest, and
    one-line logging."""

    def __init__(self, command: str, *, max_seats: int = DEFAULT_SEATS,
                 full_page: str = "", public_url: str | None = None,
                 lang: str = "en", **options: Any) -> None:
        super().__init__(command, public_url=public_url, **options)
        self.max_seats = max_seats
        self.seats = 0
        self.full_page = full_page
        self._connects: dict[str, list[float]] = {}
        #: the address given with --public-url (else each page follows its Host header)
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.lang = lang

    def _too_often(self, address: str) -> bool:
        """Whether ``address`` has opened :data:`CONNECTS_PER_MINUTE` connections in the
        last minute (this one is counted when it is not)."""
        now = time.monotonic()
        recent = [t for t in self._connects.get(address, ()) if now - t < 60]
        if len(self._connects) > 10_000:  # forget addresses not seen for a minute
            self._connects = {a: ts for a, ts in self._connects.items() if now - ts[-1] < 60}
        if len(recent) >= CONNECTS_PER_MINUTE:
            self._connects[address] = recent
            return True
        self._connects[address] = [*recent, now]
        return False

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, with the static folder served without a listing."""
        app = web.Application()
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", STATIC, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        url = self.fixed_url or self.public_url
        if self.fixed_url is None and self.host in ("0.0.0.0", "::", ""):
            # every address: the ones a student can type, not 0.0.0.0
            url = "  ".join(f"http://{address}:{self.port}" for address in local_addresses())
        self.console.print(t("serve.listening", url=url), markup=False, highlight=False)

    def base_url(self, request: web.Request) -> str | None:
        """``scheme://host:port`` the page's links use: --public-url, else the address the
        browser asked for (its Host header); None when that header is not an address."""
        if self.fixed_url is not None:
            return self.fixed_url
        host = request.host
        if not _HOST.match(host):
            return None
        return f"{'https' if request.secure else 'http'}://{host}"

    def initialize_logging(self) -> None:
        handler = logging.StreamHandler()
        handler.setFormatter(_OneLine())
        logging.basicConfig(level="DEBUG" if self.debug else "INFO", handlers=[handler],
                            force=True)

    def _full(self) -> web.Response:
        return web.Response(status=503, text=self.full_page, content_type="text/html",
                            headers={"Retry-After": "30"})

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.seats >= self.max_seats:
            return self._full()
        base = self.base_url(request)
        if base is None:
            raise web.HTTPBadRequest(text="Host")
        font_size = max(8, min(to_int(request.query.get("fontsize", "16"), 16), 48))
        return web.Response(text=index_page(base, self.lang, font_size), content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def _process_messages(self, websocket: web.WebSocketResponse,
                                app_service: AppService, peer: str = "?") -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                await self._one_message(message.data, websocket, app_service)
            except (MalformedMessage, ValueError, TypeError, KeyError, IndexError) as exc:
                log.warning(t("serve.log_malformed", peer=peer,
                              error=f"{type(exc).__name__}: {str(exc)[:80]}"))

    async def _one_message(self, text: str, websocket: web.WebSocketResponse,
                           app_service: AppService) -> None:
        import json

        envelope = json.loads(text)
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            raise MalformedMessage("not a list starting with its type")
        kind = envelope[0]
        if kind == "stdin":
            if len(envelope) < 2 or not isinstance(envelope[1], str):
                raise MalformedMessage("stdin without text")
            await app_service.send_bytes(envelope[1].encode("utf-8", "replace"))
        elif kind == "resize":
            data = envelope[1] if len(envelope) > 1 else None
            if not isinstance(data, dict):
                raise MalformedMessage("resize without a size")
            await app_service.set_terminal_size(*_size(data.get("width"), data.get("height")))
        elif kind == "ping":
            await websocket.send_json(["pong", envelope[1] if len(envelope) > 1 else None])
        elif kind == "blur":
            await app_service.blur()
        elif kind == "focus":
            await app_service.focus()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if self.seats >= self.max_seats:
            log.info(t("serve.log_full", peer=request.remote, seats=self.max_seats))
            raise web.HTTPServiceUnavailable(text="full")
        if self._too_often(str(request.remote)):
            log.info(t("serve.log_too_often", peer=request.remote, n=CONNECTS_PER_MINUTE))
            raise web.HTTPTooManyRequests(text="too many connections")
        width, height = _size(to_int(request.query.get("width", "80"), 80),
                              to_int(request.query.get("height", "24"), 24))
        websocket = web.WebSocketResponse(heartbeat=15)
        app_service: AppService | None = None
        self.seats += 1
        try:
            await websocket.prepare(request)
            app_service = AppService(self.command, write_bytes=websocket.send_bytes,
                                     write_str=websocket.send_str,
                                     close=websocket.close,  # type: ignore[arg-type]
                                     download_manager=self.download_manager,
                                     debug=self.debug)
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service, str(request.remote))
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one line for the teacher, the rest go on
            log.warning(t("serve.log_ended", peer=request.remote,
                          error=f"{type(error).__name__}: {str(error)[:80]}"))
        finally:
            self.seats -= 1
            if app_service is not None:
                await app_service.stop()
                await _reap(app_service)
        return websocket


async def _reap(app_service: AppService) -> None:
    """Wait for the app's process and close its pipes now: textual-serve leaves that to
    the garbage collector, which at exit (the event loop closed) prints a traceback per
    browser that came and went (``AppService._process``: textual-serve's own name)."""
    process = getattr(app_service, "_process", None)
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), 10)
    except (TimeoutError, ProcessLookupError):
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    transport = getattr(process, "_transport", None)
    if transport is not None:
        transport.close()


def seat_command(python: str, lang: str) -> str:
    """The command each browser's seat runs: the student app's own entry module
    (:mod:`quizapp.tui.seat`, without the command line's machinery: a lab's browsers start
    at once), in ``lang``; the database is the server's QUIZAPP_DB."""
    import shlex

    return " ".join(shlex.quote(part) for part in (python, "-m", "quizapp.tui.seat",
                                                   "--lang", lang))


def full_page(title: str, heading: str, text: str, lang: str) -> str:
    """The page shown when every seat is taken (words from the catalogue, escaped)."""
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title></head>"
            '<body style="font-family:sans-serif;max-width:40em;margin:4em auto">'
            f"<h1>{html.escape(heading)}</h1><p>{html.escape(text)}</p></body></html>")


def local_addresses() -> list[str]:
    """This computer's IPv4 addresses (the room's network first, this machine last)."""
    import socket

    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found and not address.startswith("127."):
                found.append(address)
    except OSError:
        pass
    try:  # the address of the default route (a UDP "connection" sends nothing)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
        if address not in found and not address.startswith("127."):
            found.insert(0, address)
    except OSError:
        pass
    return [*found, "127.0.0.1"]


def websocket_url(base: str) -> str:
    """The websocket address on the server at ``base`` (``http://h:p`` -> ``ws://h:p/ws``)."""
    scheme, rest = base.split(":", 1)
    return ("wss:" if scheme == "https" else "ws:") + rest + "/ws"


def index_page(base: str, lang: str, font_size: int = 16) -> str:
    """The page each browser loads: textual-serve's terminal, its script, styles and font
    from ``base`` (this server), the splash and the "connection ended" box in the catalogue's
    words. Everything put in is escaped."""
    static = html.escape(base + "/static/", quote=True)
    ws = html.escape(websocket_url(base), quote=True)
    words = {key: html.escape(t(f"serve.page_{key}")) for key in
             ("title", "loading", "ended", "restart", "start")}
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words["title"]}</title>
<link rel="stylesheet" href="{static}css/xterm.css">
<script src="{static}js/textual.js"></script>
<style>
@font-face {{
  font-family: "Roboto Mono";
  src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700; font-style: normal; font-display: swap;
}}
body {{ background: #0c181f; margin: 0; }}
.dialog-container {{ position: absolute; width: 100vw; height: 100vh; display: flex;
  align-items: center; justify-content: center; z-index: 10; }}
.shade {{ position: absolute; width: 100%; height: 100%; background: #0c181f; }}
.intro {{ width: 640px; max-width: 90vw; min-height: 200px; font-size: 18px; z-index: 20;
  font-family: system-ui, sans-serif; text-align: center; color: rgba(255, 255, 255, 0.95);
  background-color: #12232d; display: flex; flex-direction: column; align-items: center;
  justify-content: center; margin: 32px; }}
body.-first-byte .intro-dialog {{ display: none; }}
body .textual-terminal {{ opacity: 0; transition: opacity 0.3s ease-out; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
button {{ padding: 12px 32px; background-color: #1f6f8b; color: #fff; border: none;
  font: inherit; margin: 16px; cursor: pointer; }}
button:hover {{ background: #2a8fb3; }}
.closed-dialog {{ display: none; }}
body.-closed .closed-dialog {{ display: flex; }}
#start {{ display: none; }}
#start.-delay {{ display: block; }}
</style>
<script>
function restart() {{
  const params = new URLSearchParams(window.location.search);
  params.delete("delay");
  window.location.href = window.location.pathname + "?" + params.toString();
}}
</script>
</head>
<body>
<div class="dialog-container intro-dialog"><div class="shade"></div>
<div class="intro"><div class="message">{words["loading"]}</div>
<button type="button" onclick="restart()" id="start">{words["start"]}</button></div></div>
<div class="dialog-container closed-dialog"><div class="shade"></div>
<div class="intro"><div class="message">{words["ended"]}</div>
<button type="button" onclick="restart()" id="restart">{words["restart"]}</button></div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws}"
 data-font-size="{font_size}"></div>
</body>
</html>
"""
