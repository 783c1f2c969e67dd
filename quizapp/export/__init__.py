"""Exporters: turn a loaded :class:`~quizapp.core.model.Bank` into files other apps read.

``quizapp.export.anki`` writes Anki ``.apkg`` decks (it imports genanki, so import it
only when exporting).
"""
