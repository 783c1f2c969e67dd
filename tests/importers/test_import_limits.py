"""Files to import that no person means: a workbook whose cell unpacks to gigabytes, a
file over the size limit. Each is refused with one line naming the limit, before it is
unpacked or read whole."""

from __future__ import annotations

import os
import zipfile

import openpyxl
from import_helpers import run_import

from quizapp.untrusted import MAX_FILE_BYTES


def _bomb(path, size: int) -> None:
    """A small workbook whose first sheet unpacks to ``size`` bytes (one huge cell)."""
    book = openpyxl.Workbook()
    book.active.append(["题目", "答案"])
    book.active.append(["x", "y"])
    plain = path.with_name("plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, src.read(item))
                continue
            head = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                    b"<is><t>")
            tail = b"</t></is></c></row></sheetData></worksheet>"
            with out.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                chunk = b"A" * 2**20
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
                fh.write(tail)


def test_a_workbook_whose_cell_unpacks_too_big_is_refused_unopened(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    _bomb(bomb, MAX_FILE_BYTES + 2**20)
    assert bomb.stat().st_size < MAX_FILE_BYTES // 100  # small on disk
    for lang, words in (("en", "would unpack to more than the limit of 50 MB"),
                        ("zh", "解压后超过 50 MB 的上限")):
        result = run_import("--lang", lang, str(bomb), "-o", str(tmp_path / "out.yaml"))
        assert result.exit_code == 1
        assert words in result.stderr and "xl/worksheets/sheet1.xml" in result.stderr
        assert "Traceback" not in result.output + result.stderr
        assert not (tmp_path / "out.yaml").exists()


def test_a_text_file_over_the_limit_is_refused_unread(tmp_path):
    for name in ("big.gift", "big.csv", "big.txt"):
        big = tmp_path / name
        with big.open("wb") as fh:  # sparse: gigabytes on no disk
            fh.truncate(3 * 2**30)
        result = run_import("--lang", "en", str(big), "--format",
                            {"big.gift": "gift", "big.csv": "csv", "big.txt": "aiken"}[name],
                            "-o", str(tmp_path / "out.yaml"))
        assert result.exit_code == 1, result.output
        assert "over the limit of 50 MB" in result.stderr
        assert "Traceback" not in result.output + result.stderr
        os.remove(big)


def test_a_table_of_many_broken_rows_lists_a_hundred_and_counts_the_rest(tmp_path):
    rows = ["题型,题目,A,B,答案"] + [f"单选,q{i},a,b,{'Z' * 60_000 if i == 0 else 'Z'}"
                                   for i in range(5_000)] + ["单选,ok,a,b,A"]
    bank = tmp_path / "bank.csv"
    bank.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_import("--lang", "en", str(bank), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 1  # some rows were not imported
    assert (tmp_path / "out.yaml").exists()
    lines = result.stderr.splitlines()
    assert sum(line.startswith(f"{bank}: row ") for line in lines) == 100
    assert f"{bank}: 4900 more not listed: at most 100 are listed" in lines
    assert max(len(line) for line in lines) < 400  # a 60 KB cell is quoted short
