from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.search import LONGEST_QUERY

from . import selectors
from .presenters import staff_search_results

# Far enough for anyone paging through a common name; a search never reads further.
LAST_PAGE = 20


def page_number(text):
    # isdecimal, not isdigit: "¹" is a digit that int() refuses.
    return min(max(int(text), 1), LAST_PAGE) if text.isdecimal() else 1


@login_required
@require_GET
def staff_search(request):
    """Active staff matching ?q= (name, username, email, job title or department), a page
    at a time (?page=), for the people pickers' type-ahead (core/forms.py); ?among= names
    the group a picker accepts only (selectors.STAFF_GROUPS), such as improvement leads;
    ?not_me=1 leaves out the person searching, for a form that refuses them."""
    # No database column holds a NUL character, and PostgreSQL refuses one in a query.
    query = request.GET.get("q", "").replace("\x00", "")[:LONGEST_QUERY]
    page = page_number(request.GET.get("page", ""))
    among = request.GET.get("among", "")
    if among and among not in selectors.STAFF_GROUPS:
        return JsonResponse({"error": "No such group of staff"}, status=400)
    leaving_out = request.user if request.GET.get("not_me") == "1" else None
    people, more = selectors.staff_search_page(
        query, among=among or None, leaving_out=leaving_out, page=page
    )
    return JsonResponse(staff_search_results(people, more=more, page=page))
