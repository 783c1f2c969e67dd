"""``quizapp --plain``: the quizzes, flashcards and live classes as whole lines of text.

A front end beside the TUI for screen readers (Orca, NVDA over SSH, braille displays): it
only ever appends lines, writes no escape sequence, and says everything in sentences. It
runs the same sessions through the same services (:mod:`quizapp.services`) and never
imports Textual or the storage layer.
"""
