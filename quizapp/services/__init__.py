"""Services: the app's use cases between the core and the front ends (no Textual, no click)."""
