"""Stand-in for Anki's anki package: the names the suite imports."""
