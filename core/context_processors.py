from django.conf import settings


def caching(request):
    """How long templates keep a cached fragment (`{% cache fragment_seconds … %}`)."""
    return {"fragment_seconds": settings.FRAGMENT_CACHE_SECONDS}
