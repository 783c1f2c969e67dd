"""``quizapp serve``: the live-class student app in browsers, with textual-serve."""

from __future__ import annotations

import click

from quizapp.cli.base import lang_option


@click.command(short_help="Serve the live-class student app to browsers.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on; 0.0.0.0 lets the room's computers in.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--db", "db", metavar="URL",
              help="Score database for the class (default: QUIZAPP_DB, else the data folder).")
@lang_option
def serve(host, port, db) -> None:
    """Serve the student side of live classes in the browser: students open
    http://THIS-PC:PORT, type the class code and their name, and answer. Only Python on
    this machine is needed. A browser reaches the join form and the class screens only:
    no Home, no reports, no exports, no files.

    It listens on 127.0.0.1 (this machine only) unless --host says otherwise.

    \b
    Examples:
      quizapp serve                            try it at http://127.0.0.1:8000
      quizapp serve --host 0.0.0.0 --port 8000 the whole lab
    """
    import os
    import shlex
    import sys

    from quizapp import paths
    from quizapp.cli.base import check_database
    from quizapp.i18n import language

    check_database(db)
    os.environ["QUIZAPP_DB"] = paths.db_url(db)
    command = " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "quizapp", "live", "student", "--lang", language()))
    from textual_serve.server import Server

    Server(command, host=host, port=port, title="quizapp").serve()
