"""Where an uploaded import file waits between its preview and its confirmation.

django-import-export offers three places: the machine's temporary folder and the default
file storage (MediaStorage, a folder on the machine here) are each one machine's own, and
the confirmation may be served by another instance; the cache is shared by every instance,
but may be down or emptied. So with a shared cache the file waits there, and a file the
cache no longer holds is said so, not answered with an error page: the person importing
is asked to upload it again.
"""

from import_export.tmp_storages import CacheStorage


class UploadGone(Exception):
    """The uploaded file is no longer where it waited."""


class CheckedCacheStorage(CacheStorage):
    """import-export's CacheStorage, raising UploadGone when the cache lost the file."""

    def read(self):
        data = super().read()
        if data is None:
            raise UploadGone(self.name)
        return data
