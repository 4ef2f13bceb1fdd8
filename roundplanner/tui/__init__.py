"""The Textual TUI. Nothing outside this package imports Textual."""
