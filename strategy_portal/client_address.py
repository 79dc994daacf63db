"""The address a request comes from, for django-axes' lockouts.

Behind a proxy that ends TLS every request comes from the proxy's address, so failed logins
would lock a username out for everyone. The proxies named in DJANGO_TRUSTED_PROXIES are
believed about who they forwarded for: the address is the right-most one in
X-Forwarded-For that is not one of them (what the nearest untrusted hop sent). Nothing else
is: a client that sends its own X-Forwarded-For, directly or through the proxy, cannot
choose the address it is locked out under.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for address in reversed([address.strip() for address in forwarded if address.strip()]):
        if address not in trusted:
            return address
    return remote
