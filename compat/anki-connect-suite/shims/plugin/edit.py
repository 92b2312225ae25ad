"""Stand-in for the add-on's Edit dialog module.

Opening the dialog on a note is what the guiEditNote action does, so
Edit.open_dialog_and_show_note_with_id goes over HTTP; everything the suite
then reads from the dialog object (its note, buttons, browser, previewer,
history) is Anki's Qt state and skips the test.
"""

import fakeanki_http

DOMAIN_PREFIX = "foosoft.ankiconnect."


class Edit:
    dialog_registry_tag = DOMAIN_PREFIX + "Edit"

    @classmethod
    def register_with_anki(cls):
        """Registers the dialog with Anki's dialog manager: nothing to do over HTTP."""

    @classmethod
    def open_dialog_and_show_note_with_id(cls, note_id):
        fakeanki_http.invoke("guiEditNote", note=note_id)
        return fakeanki_http.InProcess("the Edit dialog")


class DecentPreviewer:
    """The add-on's previewer class, only named by the suite's type hints."""


class _History(fakeanki_http.InProcess):
    """The Edit dialog's note history; the suite resets it, then reads it."""

    settable = frozenset({"note_ids"})


history = _History("the Edit dialog's history")
