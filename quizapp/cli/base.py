"""What every command shares: ``--lang`` and errors that print in the interface language.

``--lang zh|en`` is accepted before the command name (``quizapp --lang en validate``) and
after it (``quizapp validate --lang en``). Without it the language is ``QUIZAPP_LANG``,
else the one remembered from the app, else Chinese. Only click is imported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

LANGS = ("zh", "en")
_EXPLICIT = "quizapp.lang"


def _settings_language() -> str | None:
    from quizapp.i18n import STRINGS
    from quizapp.settings import Settings

    try:
        lang = (Settings.load().lang or "").strip().lower()
    except Exception:  # noqa: BLE001 - odd settings never stop a command
        return None
    return lang if lang in STRINGS else None


def choose_language(explicit: str | None = None) -> str:
    """Set and return the language: ``explicit``, else QUIZAPP_LANG, else remembered, else zh."""
    from quizapp.i18n import env_language, set_language

    return set_language(explicit or env_language() or _settings_language() or None)


def _lang_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[_EXPLICIT] = value
        choose_language(value)
    elif _EXPLICIT not in ctx.meta:
        choose_language(None)
    return value


def lang_option(fn):
    """``--lang zh|en`` on a command (eager: it is set before any other option is read)."""
    return click.option(
        "--lang", type=click.Choice(LANGS, case_sensitive=False), default=None,
        is_eager=True, expose_value=False, callback=_lang_callback,
        help="Interface language: zh or en (default: QUIZAPP_LANG, else the last one used, "
             "else zh). 界面语言。")(fn)


def _shown_bytes(text: str) -> str:
    """Text read from the command line with its undecodable bytes written out: the
    surrogate escapes of ``Jos\\xe9`` (Latin-1) as ``Jos\\xe9``."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


#: parameters that name a student or a class: held to a name's length
_NAMES = frozenset({"student", "name", "class_name", "new_name"})


def _checked_text(previous):
    """A parameter callback refusing text that is not UTF-8 (bytes from a terminal or
    script in another encoding reach Python as lone surrogates, which no file, database
    or terminal can take) and a student's or class's name longer than a name can be."""
    def check(ctx: click.Context, param: click.Parameter, value):
        from quizapp.i18n import t
        from quizapp.untrusted import MAX_NAME_CHARS

        for item in value if isinstance(value, (tuple, list)) else (value,):
            if not isinstance(item, str):
                continue
            shown = param.get_error_hint(ctx)
            if any("\ud800" <= c <= "\udfff" for c in item):
                raise UsageFailure(t("cli.not_utf8", option=shown, text=_shown_bytes(item)))
            if param.name in _NAMES and len(item) > MAX_NAME_CHARS:
                raise UsageFailure(t("cli.name_too_long", option=shown, n=len(item),
                                     limit=MAX_NAME_CHARS))
        return previous(ctx, param, value) if previous is not None else value

    check.checks_text = True  # type: ignore[attr-defined]
    return check


def check_text_params(command: click.Command) -> click.Command:
    """Every text option and argument of ``command`` checked by :func:`_checked_text`."""
    for param in command.params:
        if isinstance(param.type, click.types.StringParamType) and not getattr(
                param.callback, "checks_text", False):
            param.callback = _checked_text(param.callback)
    return command


def ensure_lang_option(command: click.Command) -> click.Command:
    """Give ``command`` (and a group's subcommands) ``--lang`` if it does not have it yet,
    so every command takes it, including one that does not declare it; and check its
    text parameters (:func:`check_text_params`)."""
    check_text_params(command)
    if not any(p.name == "lang" for p in command.params):
        command.params.extend(lang_option(lambda: None).__click_params__)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            ensure_lang_option(sub)
    return command


def lang_in_args(args) -> str | None:
    """The language a ``--lang`` anywhere on the command line asks for (the last one wins),
    so ``quizapp validate --help --lang en`` is in English although --help comes first."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg[len("--lang="):]
        else:
            continue
        if value.strip().lower() in LANGS:
            found = value.strip().lower()
    return found


def choose_language_from_args(ctx: click.Context, args) -> None:
    """Before click parses ``args``: set the language they name (or the default one)."""
    lang = lang_in_args(args)
    if lang:
        ctx.meta[_EXPLICIT] = lang
    choose_language(lang)


def localize_help(command: click.Command, path: str) -> click.Command:
    """Give ``command`` (and a group's subcommands) its ``--help`` words from the catalogue,
    in the current language: ``cli.help.<path>`` (the help, examples included),
    ``cli.help.<path>.short``, and for each option ``cli.help.<path>.opt.<name>``, else the shared
    ``cli.help.opt.<name>``. ``path`` is the command's name under ``quizapp`` (``class.add``)."""
    from quizapp.i18n import STRINGS, language, t

    table = STRINGS[language()]
    key = f"cli.help.{path}"
    if key in table:
        command.help = t(key)
    if f"{key}.short" in table:
        command.short_help = t(f"{key}.short")
    for param in command.params:
        if isinstance(param, click.Option):
            for option_key in (f"{key}.opt.{param.name}", f"cli.help.opt.{param.name}"):
                if option_key in table:
                    param.help = t(option_key)
                    break
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize_help(sub, name if path == "main" else f"{path}.{name}")
    return command


def _click_word(message: str) -> str:
    """click's own English message in the interface language, when the catalogue has it."""
    from quizapp.i18n import EN, STRINGS, language

    key = _CLICK_KEYS.get(message)
    if key is None:
        _CLICK_KEYS.update({v: k for k, v in EN.items() if k.startswith("click.")})
        key = _CLICK_KEYS.get(message)
    return STRINGS[language()][key] if key is not None else message


def _click_nword(singular: str, plural: str, n: int) -> str:
    return _click_word(singular if n == 1 else plural)


_CLICK_KEYS: dict[str, str] = {}


def _teach_click_our_words() -> None:
    """click words its usage errors and help headings with gettext; give it ours instead."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _click_word  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_nword  # type: ignore[attr-defined]


def _help_paragraphs(text: str) -> list[tuple[int, bool, str]]:
    """A help text's paragraphs as click reads them: (indent, kept as written, text); a
    paragraph after a line holding only ``\\b`` is kept as written."""
    from quizapp.core.linebreak import cell_width

    found: list[tuple[int, bool, str]] = []
    lines: list[str] = []
    indent = 0

    def flush() -> None:
        if lines:
            if lines[0].strip() == "\b":
                found.append((indent, True, "\n".join(lines[1:])))
            else:
                found.append((indent, False, " ".join(lines)))
            lines.clear()

    for line in text.expandtabs().splitlines():
        if not line:
            flush()
            continue
        if not lines:
            indent = cell_width(line) - cell_width(line.lstrip())
            line = line.lstrip()
        lines.append(line)
    flush()
    return found


def wrap_help(text: str, width: int, indent: int = 0) -> list[str]:
    """Help text broken into lines of at most ``width`` terminal cells, a Chinese
    character counting two, by the Chinese line-breaking rules (no line starts with
    "）" or "。"); paragraphs kept as written are broken only where too wide, their
    continuation lines under their text."""
    from quizapp.core.linebreak import break_lines, cell_width

    out: list[str] = []
    for n, (extra, raw, body) in enumerate(_help_paragraphs(text)):
        if n:
            out.append("")
        pad = " " * (indent + extra)
        room = max(10, width - len(pad))
        for line in body.split("\n") if raw else [body]:
            inner = cell_width(line) - cell_width(line.lstrip())
            first, *rest = break_lines(line.lstrip(), max(1, room - inner))
            out.append(pad + " " * inner + first)
            out.extend(pad + " " * inner + more for more in rest)
    return out


class _Formatter(click.HelpFormatter):
    """click's help layout, with a heading's colon in the interface's punctuation
    ("选项：", "Options:"), and text wrapped by display width (a Chinese character is two
    cells; click counts one) and by the Chinese line-breaking rules."""

    def write_heading(self, heading: str) -> None:
        from quizapp.i18n import t

        self.write(f"{'':>{self.current_indent}}{t('click.heading', heading=heading)}\n")

    def write_text(self, text: str) -> None:
        lines = wrap_help(text, self.width, self.current_indent)
        self.write("\n".join(lines) + "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        from quizapp.core.linebreak import cell_width

        rows = list(rows)
        if not rows:
            return
        first_col = min(max(cell_width(first) for first, _ in rows), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_help(second, max(self.width - first_col - self.current_indent, 10))
            pad = " " * (first_col + self.current_indent)
            self.write("\n".join([lines[0], *(pad + line if line else "" for line in
                                               lines[1:])]) + "\n")


_teach_click_our_words()
click.Context.formatter_class = _Formatter


class CliError(click.ClickException):
    """An error a person must act on: printed as is (already in the interface language)
    on stderr, exit status 1 (a problem) or 2 (a usage error)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:  # noqa: D102
        from quizapp.untrusted import visible

        # messages carry paths, names and file text: control characters are shown, never sent
        click.echo(visible(self.format_message()), err=True, file=file)


class UsageFailure(CliError):
    """A usage error (exit status 2) in the interface language."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 2)


def problem_lines(problems, limit: int | None = None) -> list[str]:
    """The loader's problems as ``path:line:col: message`` lines in the interface language."""
    from quizapp.i18n import t, words

    word = words()
    shown = problems if limit is None else problems[:limit]
    from quizapp.untrusted import visible

    lines = [visible(p.format(word)) for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(t("cli.more_problems", n=len(problems) - limit))
    return lines


def refused_output(exc) -> CliError:
    """A :class:`quizapp.files.RefusedOutput` as one line in the interface language."""
    from quizapp.i18n import t
    from quizapp.untrusted import visible

    return CliError(t(f"output.{exc.reason}", path=visible(exc.path, multiline=False),
                      suffix=exc.suffix))


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that a command stopped with ``kill`` cleans up its
    temporary files as it does on Ctrl+C (SIGKILL leaves them to the next run)."""
    import signal

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test runner's worker)
        pass


# -- what the commands that open the app or the database share ----------------------

def check_on_roster(db: str | None, class_name: str | None, student: str,
                    refusal: str = "class.not_on_roster") -> int | None:
    """Refuse, before anything is recorded, a class that does not exist and a student who is
    not on the class's roster (a class without a roster takes any name); ``refusal`` is the
    catalogue key that says so. Returns the student's record (id) on the roster: a name on
    it, or (for namesakes) their student number."""
    if class_name is None:
        return None
    from quizapp import paths
    from quizapp.core.roster import close_names
    from quizapp.i18n import t
    from quizapp.storage import StorageError, Store
    from quizapp.storage.classes import UnknownClass
    from quizapp.untrusted import visible

    class_name = " ".join(class_name.split())
    cls = visible(class_name, multiline=False)
    try:
        with Store.open(paths.db_url(db)) as store:
            entries = store.classes.roster(class_name)
    except UnknownClass:
        raise CliError(t("class.unknown", name=cls)) from None
    except (StorageError, OSError, ValueError) as exc:
        raise CliError(t("cli.store_error", error=exc)) from None
    names = [entry.name for entry in entries]
    if not names:
        return None
    found = [e for e in entries if e.name == student.strip()] or \
        [e for e in entries if e.number and e.number == student.strip()]
    if len(found) == 1:
        return found[0].student_id
    if len(found) > 1:  # namesakes on one roster: the number tells them apart
        from quizapp.core.roster import StudentInfo
        from quizapp.services.rosters import describe

        which = [t("student.which", who=visible(student, multiline=False))]
        which += ["  " + visible(describe(StudentInfo(e.student_id or 0, e.name, e.number,
                                                      (class_name,)), t), multiline=False)
                  for e in found]
        which.append(t("student.which_number"))
        raise CliError("\n".join(which))
    lines = [t(refusal, name=visible(student, multiline=False), cls=cls)]
    close = close_names(student, names)
    if close:
        shown = t("class.name_sep").join(visible(n, multiline=False) for n in close)
        lines.append(t("class.did_you_mean", names=shown))
    raise CliError("\n".join(lines))


def require_student(student: str | None) -> str:
    """The given student, else the remembered one (said on stderr, so the name used is
    never a surprise); exits (usage error) when there is none. ``--student`` given an
    empty or blank name is a usage error too: it is never read as "the last one used"."""
    from quizapp.i18n import t
    from quizapp.settings import Settings
    from quizapp.untrusted import visible

    if student is not None:
        if not student.strip():
            raise UsageFailure(t("cli.blank_student"))
        return student.strip()
    name = (Settings.load().student or "").strip()
    if not name:
        raise UsageFailure(t("cli.need_student"))
    click.echo(t("cli.remembered_student", name=visible(name, multiline=False)), err=True)
    return name


def check_database(db: str | None) -> None:
    """Refuse a SQLite file that is not a database before any screen opens.

    Only a look at the file's first bytes, so start-up stays light; the store runs the full
    check (and the one for a server) when it opens, after the first frame.
    """
    from pathlib import Path

    from quizapp import paths
    from quizapp.i18n import t

    url = paths.db_url(db)
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return  # a new file is created later; an unreadable one is reported by the store
    if head and head != b"SQLite format 3\x00":
        raise CliError(t("cli.store_error", error=f"{path}: {t('cli.not_a_database')}"))


def load_content(content: tuple[str, ...], no_builtin: bool, extra: tuple[str, ...] = ()):
    """The bank of built-in (unless ``no_builtin``) and teacher files; exits on problems."""
    from quizapp.i18n import t
    from quizapp.services.bank import ContentProblems, load_bank_cached

    if no_builtin and not content and not extra:
        raise UsageFailure(t("cli.no_builtin_needs_content"))
    try:
        return load_bank_cached([*content, *extra], builtin=not no_builtin)
    except ContentProblems as exc:
        lines = [t("cli.content_error"), *(f"  {line}" for line in problem_lines(exc.problems, 20))]
        raise CliError("\n".join(lines)) from None


#: How long the app waits at exit for the database to take what is still queued.
EXIT_WAIT_S = 30


def run_app(app) -> None:
    """Run the app, then make sure every answer reached the database or say which did not."""
    app.run()
    problem = app.unsaved_on_exit(EXIT_WAIT_S)
    if problem is not None:
        raise CliError(problem)
    if app.return_code:  # the app stopped on an error (Textual has shown it)
        raise SystemExit(app.return_code)


def run_plain(start: Any, *args: Any, **kwargs: Any) -> None:
    """Run a :mod:`quizapp.plain.run` function; say which answers were not saved."""
    from quizapp.i18n import t

    unsaved, error = start(*args, **kwargs)
    if unsaved:
        raise CliError(t("app.unsaved_on_exit", count=unsaved, error=error))
