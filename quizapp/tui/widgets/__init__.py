"""Reusable widgets: one answer widget per question type, and the status bar."""
