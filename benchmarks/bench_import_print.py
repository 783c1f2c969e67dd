"""`quizapp import` of a 10,000-row xlsx beside openpyxl's read-only load of the same
sheet, and `quizapp print` of a 40-question paper beside fpdf2 writing the same text
with no layout (same font, one line per text, no breaking)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import median_time  # noqa: E402

ROWS = 10_000


def _workbook(path: Path) -> None:
    import openpyxl

    from quizapp.importers.table import TEMPLATE_HEADER, TEMPLATE_ROWS

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("题库")
    sheet.append(TEMPLATE_HEADER)
    for n in range(ROWS):
        row = list(TEMPLATE_ROWS[n % len(TEMPLATE_ROWS)])
        row[1] = f"{row[1]}(第{n}题)"
        row[-1] = ""  # ids are numbered by the importer
        sheet.append(row)
    book.save(path)


def import_xlsx_10k() -> dict:
    import openpyxl

    from quizapp.importers import table
    from quizapp.importers.common import finish

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.xlsx"
        _workbook(path)

        def ours() -> None:
            result = finish(table.read(path, str(path)), title="bank", id_prefix="bank")
            assert result.questions == ROWS and not result.skipped, result.skipped[:3]

        def baseline() -> None:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
            book.close()
            assert rows == ROWS + 1

        ours_s = median_time(ours, runs=3)
        base_s = median_time(baseline, runs=3)
    return {"ours_s": ours_s, "baseline": "openpyxl read-only load of the sheet",
            "baseline_s": base_s, "goal": 1.5, "rows": ROWS}


def print_paper_40() -> dict:
    from quizapp.core.loader import load_builtin
    from quizapp.export.paper import (
        BODY,
        SC_FONT_NUMBER,
        _font_path,
        answer_text,
        plan,
        render,
        select,
    )

    questions = select(load_builtin().bank.questions, 40, "bench")
    paper = plan(questions, title="基准试卷", seed="bench", minutes=40)

    def texts() -> list[str]:
        out = []
        for item in paper.versions[0].items:
            q = item.question
            out += [getattr(q, "front", "") or q.prompt, *item.shown, answer_text(item),
                    q.explain, q.quote]
        return [s for s in out if s]

    lines = texts()

    def ours() -> None:
        render(paper)

    def baseline() -> None:
        from fpdf import FPDF

        pdf = FPDF(unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_font("noto", fname=_font_path(), collection_font_number=SC_FONT_NUMBER)
        pdf.set_font("noto", size=BODY)
        pdf.add_page()
        y = 15.0
        for text in lines:
            if y > 280:
                pdf.add_page()
                y = 15.0
            pdf.text(15, y, text.replace("\n", " "))
            y += 6
        bytes(pdf.output())

    ours_s = median_time(ours, runs=3)
    base_s = median_time(baseline, runs=3)
    return {"ours_s": ours_s, "baseline": "fpdf2 writing the same text, no layout",
            "baseline_s": base_s, "goal": 1.5, "questions": len(questions)}


FIGURES = {"import_xlsx_10k": import_xlsx_10k, "print_paper_40": print_paper_40}
