from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Compressed, hashed static files whose JavaScript module imports are hashed too.

    The portal's module script imports nhsuk-frontend's module by a relative path; the
    rewrite makes that import point at the hashed file so it can be cached for ever.
    """

    support_js_module_import_aggregation = True
