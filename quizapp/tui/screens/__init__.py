"""The app's screens: home, quiz, feedback, results, history, help and confirm."""
