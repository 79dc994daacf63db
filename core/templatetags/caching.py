"""{% cached key %}…{% endcached %}: a fragment kept in the cache under a key naming what it
shows (core/caching.py), or rendered afresh when the key is empty (a page whose input
cannot be keyed, such as a form with errors, is never stored)."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache

register = template.Library()


class CachedNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        cache_key = "fragment:" + hashlib.sha256(str(key).encode()).hexdigest()
        content = cache.get(cache_key)
        if content is None:
            content = self.nodelist.render(context)
            cache.set(cache_key, content, settings.FRAGMENT_CACHE_SECONDS)
        return content


@register.tag
def cached(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cached %} takes one argument: the key.")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, parser.compile_filter(bits[1]))
