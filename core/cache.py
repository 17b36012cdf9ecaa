"""The cache's serializer: JSON, so a value planted in Redis is read as data and never run as code."""

import json

from django.core.cache.backends.redis import RedisSerializer


class JsonSerializer(RedisSerializer):
    """Django's Redis serializer pickles; the cache holds only strings (rendered dashboards, versions)."""

    def dumps(self, obj):
        # Integers stay raw, as in Django's serializer, so incr() and decr() keep working.
        if type(obj) is int:
            return obj
        return json.dumps(obj, separators=(",", ":")).encode()

    def loads(self, data):
        try:
            return int(data)
        except ValueError:
            return json.loads(data)
