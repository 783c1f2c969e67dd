"""``quizapp teacher`` refuses a database that is not there, as ``quizapp report`` does: a
mistyped path never becomes a new, empty database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quizapp.cli import main


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_mistyped_database_is_refused_not_created(tmp_path, lang):
    typo = tmp_path / "typo.db"
    for db in (f"sqlite:///{typo}", str(typo)):
        result = CliRunner().invoke(main, ["--lang", lang, "teacher", "--db", db])
        assert result.exit_code == 1
        assert str(typo) in result.output and "Traceback" not in result.output
        assert not typo.exists()
        report = CliRunner().invoke(main, ["--lang", lang, "report", "--db", db])
        assert report.exit_code == 1 and not typo.exists()
