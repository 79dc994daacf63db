"""Django's Redis cache, keeping its Redis clients.

Django's RedisCacheClient builds a new redis.Redis for every get and set, and building one
costs more than the round trip to Redis (it fills a table of some 170 reply handlers). A
redis.Redis over a connection pool is safe to share between threads, so one per pool is
made and kept: a page served from the cache makes three such calls.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class KeptClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
