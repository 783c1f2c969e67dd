"""``quizapp serve``: the live-class student app in browsers, with textual-serve."""

from __future__ import annotations

import click

from quizapp.cli.base import lang_option


@click.command(short_help="Serve the live-class student app to browsers.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on; 0.0.0.0 lets the room's computers in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--max-seats", type=click.IntRange(1, 1000), default=60, show_default=True,
              help="Browsers served at once (each runs the app); one more is shown that "
                   "the class is full.")
@click.option("--public-url", metavar="URL",
              help="The address students type (http://HOST:PORT), when the page's links must "
                   "use it (behind a proxy); by default they follow the address each browser "
                   "used.")
@click.option("--db", "db", metavar="URL",
              help="Score database for the class (default: QUIZAPP_DB, else the data folder).")
@lang_option
def serve(host: str, port: int, max_seats: int, public_url: str | None,
          db: str | None) -> None:
    """Serve the student side of live classes in the browser: students open
    http://THIS-PC:PORT, type the class code and their name, and answer. Only Python on
    this machine is needed. A browser reaches the join form and the class screens only:
    no Home, no reports, no exports, no files.

    It listens on 127.0.0.1 (this machine only) unless --host says otherwise, and
    serves at most --max-seats browsers at once (each one runs a copy of the app).

    \b
    Examples:
      quizapp serve                            try it at http://127.0.0.1:8000
      quizapp serve --host 0.0.0.0 --port 8000 the whole lab
      quizapp serve --host 0.0.0.0 --max-seats 45
    """
    import os
    import re
    import sys

    from quizapp import paths
    from quizapp.cli.base import CliError, check_database
    from quizapp.i18n import language, t
    from quizapp.untrusted import visible

    if public_url is not None and not re.fullmatch(r"https?://[^\s/?#\"'<>]+/?", public_url):
        raise CliError(t("serve.bad_public_url", url=visible(public_url, multiline=False)))
    check_database(db)
    os.environ["QUIZAPP_DB"] = paths.db_url(db)
    from quizapp.serve import SeatServer, full_page, seat_command

    command = seat_command(sys.executable, language())

    page = full_page(t("serve.full_title"), t("serve.full_title"),
                     t("serve.full_text", seats=max_seats), language())
    try:
        SeatServer(command, host=host, port=port, title="quizapp", max_seats=max_seats,
                   full_page=page, public_url=public_url, lang=language()).serve()
    except OSError as exc:  # the port taken, an address not this machine's
        raise CliError(t("serve.cannot_listen", host=visible(host, multiline=False),
                         port=port, error=exc.strerror or exc)) from None
