"""Pages that span the apps: search across strategy and values content, and signing in."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render

from goals.selectors import search_strategy
from values.selectors import search_values

RESULTS_PER_KIND = 25
LONGEST_QUERY = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for a value, behaviour, goal or objective",
        help_text="For example, listen, digital or inequalities",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"role": "search"}
        self.helper.add_input(Submit("", "Search"))

    @property
    def query(self):
        """The query with its spaces tidied, cut to a length worth searching for."""
        if not self.is_valid():
            return ""
        return " ".join(self.cleaned_data["q"].split())[:LONGEST_QUERY]


def search(request):
    form = SearchForm(request.GET)
    query = form.query
    results = {}
    if query:
        results = search_values(query, RESULTS_PER_KIND) | search_strategy(query, RESULTS_PER_KIND)
    return render(
        request,
        "search.html",
        {
            "form": form,
            "search_query": query,
            "results": results,
            "result_count": sum(len(found) for found in results.values()),
        },
    )


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Log in"))
