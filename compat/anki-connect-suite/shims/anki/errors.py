"""Stand-in for anki.errors."""

from fakeanki_http import AnkiConnectError


class NotFoundError(AnkiConnectError):
    """Raised for an action error with the add-on's not-found text (fakeanki_http.NOT_FOUND_PREFIXES)."""
