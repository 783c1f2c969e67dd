"""Between the pure core and the front ends (the TUI, the CLI): quiz runs and their
recording, flashcards, live classes, and the content bank.

Services use the core's objects and reach the score database only through the small
protocols of :mod:`quizapp.services.ports`, one per area (each implemented by one
repository of the real store, :class:`quizapp.storage.Store`; tests may pass anything that
fits). Nothing here imports Textual or click,
and importing a service never loads SQL: the store is opened where it is used.
"""
