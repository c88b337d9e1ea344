from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    """Rate limits count in the cache: a per-process cache would let each web worker count on its own."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Error(
                "The default cache is local to one process, so login rate limits would not hold across web "
                "workers.",
                hint="Set REDIS_URL, or leave it unset to use the database cache.",
                id="peersupport.E001",
            )
        ]
    return []
