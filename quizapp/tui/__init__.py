"""The Textual interface: a student's quiz from Home to Results.

``quizapp.tui.app.QuizApp`` is the application; screens live in ``screens/``, one answer
widget per question type in ``widgets/``, the layout in ``app.tcss`` (what every screen
shares) and each screen's own ``screens/*.tcss``. Importing this package imports nothing
heavy.
"""
