"""Importers: question banks from other formats -> our question-file format.

Each importer reads one kind of file (Excel/CSV, GIFT, Aiken, Anki) into drafts, plain
dicts in the shape of a question file's ``questions`` items, each with the place it came
from. :func:`quizapp.importers.common.finish` gives them ids, checks each one with the
same validator as ``quizapp validate`` and lists every question it could not take, with
its location and the reason.
"""

from __future__ import annotations

#: file suffix -> importer module (imported only when needed)
FORMATS = {
    ".xlsx": "table",
    ".xlsm": "table",
    ".csv": "table",
    ".tsv": "table",
    ".txt": "aiken",
    ".aiken": "aiken",
    ".gift": "gift",
    ".apkg": "anki",
    ".colpkg": "anki",
}
