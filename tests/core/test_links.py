"""The layout's links to pages named without arguments, and rows' links to their records'
pages, are reversed once a process (core/links.py), and are what reverse() gives under any
prefix or URL conf."""

from django.http import HttpResponse
from django.test import override_settings
from django.urls import clear_script_prefix, path, reverse, set_script_prefix

from core.links import page_url, url_with_key, url_with_keys

NAMES = ["goals:home", "search", "notifications:list", "admin:index", "improvement:dashboard"]

# A URL conf of its own (this module), naming another page "search".
urlpatterns = [path("elsewhere/search/", HttpResponse, name="search")]


def test_a_page_s_url_is_reverse_s():
    for name in NAMES:
        assert page_url(name) == reverse(name)


def test_served_under_a_prefix_its_urls_have_it():
    home = page_url("goals:home")
    set_script_prefix("/portal/")
    try:
        assert page_url("goals:home") == "/portal" + home == reverse("goals:home")
    finally:
        clear_script_prefix()
    assert page_url("goals:home") == home


def test_another_url_conf_s_urls_are_its_own():
    portal_s = page_url("search")
    with override_settings(ROOT_URLCONF=__name__):
        assert page_url("search") == "/elsewhere/search/"
    assert page_url("search") == portal_s


def test_a_url_with_a_key_is_the_one_django_reverses():
    measure_url = url_with_key("improvement:measure")

    for pk in [1, 42, 987_654_321]:
        assert measure_url(pk) == reverse("improvement:measure", kwargs={"pk": pk})


def test_a_url_with_a_key_served_under_a_prefix_has_it():
    set_script_prefix("/portal/")
    try:
        assert url_with_key("improvement:idea")(7) == reverse("improvement:idea", kwargs={"pk": 7})
        assert url_with_key("improvement:idea")(7).startswith("/portal/")
    finally:
        clear_script_prefix()
    assert not url_with_key("improvement:idea")(7).startswith("/portal/")


def test_a_url_with_several_keys_is_the_one_django_reverses():
    behaviour_url = url_with_keys("values:behaviour", "organisation", "slug", "pk")

    for organisation, slug, pk in [("trust", "kind", 1), ("msehft", "we-listen-9", 987_654_321)]:
        assert behaviour_url(organisation=organisation, slug=slug, pk=pk) == reverse(
            "values:behaviour", kwargs={"organisation": organisation, "slug": slug, "pk": pk}
        )
    set_script_prefix("/portal/")
    try:
        assert url_with_keys("values:behaviour", "organisation", "slug", "pk")(
            organisation="trust", slug="kind", pk=3
        ).startswith("/portal/")
    finally:
        clear_script_prefix()
