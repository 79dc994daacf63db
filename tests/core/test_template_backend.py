"""A page's context is emptied once the page is rendered, so what the view put in it is freed
at once rather than left for the garbage collector (core/template_backend.py)."""

import gc
import weakref

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import TemplateDoesNotExist, engines
from django.test import RequestFactory

from core.template_backend import DjangoTemplates


class Shown:
    """Something a view shows, as a dashboard's figures are."""

    def __str__(self):
        return "figures"


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_the_portal_renders_with_the_backend_that_frees_contexts():
    assert isinstance(engines["django"], DjangoTemplates)


def test_what_a_view_shows_is_freed_when_the_page_is_rendered(collector_off):
    shown = Shown()
    freed = weakref.ref(shown)
    # With a request, as every page is rendered: its context is the one that refers to itself.
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = engines["django"].from_string(
        "{% with page as shown %}{% for each in rows %}{{ shown }}{% endfor %}{% endwith %}"
    )

    text = html.render({"page": shown, "rows": [1]}, request)
    del shown

    assert text == "figures"
    assert freed() is None


def test_a_missing_template_is_still_reported_as_missing():
    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template("no/such/template.html")
