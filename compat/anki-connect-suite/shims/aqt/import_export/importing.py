"""Stand-in for aqt.import_export.importing: the suite mocks its file prompt."""


def prompt_for_file_then_import(mw):
    """Anki's file picker; the fake shows none, and the suite mocks it anyway."""
    raise RuntimeError("the harness never opens a file picker")
