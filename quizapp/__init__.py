"""quizapp: classroom quizzes and flashcards on the 长株潭 “一座城” (One City) policy."""

__version__ = "0.1.0"
