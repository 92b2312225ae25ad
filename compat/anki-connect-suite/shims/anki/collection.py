"""Stand-in for anki.collection: the conftest patches backups off."""


class Collection:
    def create_backup(self, *args, **kwargs):
        """The fake takes no backups."""
        return True
