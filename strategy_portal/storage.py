from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Compressed, hashed static files whose JavaScript module imports are hashed too.

    The portal's module script imports nhsuk-frontend's module by a relative path; the
    rewrite makes that import point at the hashed file so it can be cached for ever.

    A file's URL is worked out once a process: the manifest of hashed names is read once,
    when the storage is made, so the URL cannot change after; working it out (cleaning,
    looking up and joining the name) cost about 60 function calls, and a page links a dozen
    files (the layout's stylesheets, scripts and icons, and its forms' media).
    """

    support_js_module_import_aggregation = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        # Debug serves the files by their own names, so the URL depends on it too.
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = super().url(name, force)
        return url
