"""Stand-in for aqt.operations.note."""

import fakeanki_http


def remove_notes(*, parent, note_ids):
    # The suite deletes notes this way to watch the Edit dialog react,
    # which is Qt state.
    fakeanki_http.in_process_only("aqt.operations.note.remove_notes (watched by the Edit dialog)")
