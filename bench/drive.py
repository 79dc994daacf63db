"""How the bench talks to a server: a signed-in browser for single requests and forms, and
wrk for load, sending each request as one of the page's visitors."""

import hashlib
import http.cookies
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


class Browser:
    """A client that keeps its cookies and posts forms with their CSRF token, as a person's
    browser would."""

    def __init__(self, base, cookies):
        self.base = base
        self.cookies = dict(cookies)
        self.last_path = ""

    def request(self, path, data=None, headers=None, follow=True):
        """The status, headers and body of the answer; with follow=False a redirect is the
        answer, not the page it leads to."""
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if data is not None:
            headers["Referer"] = self.base + path
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        opener = urllib.request.build_opener(*([] if follow else [_NotFollowed]))
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as redirect:
            if follow or redirect.code not in {301, 302, 303}:
                raise
            response = redirect
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            self.last_path = urllib.parse.urlsplit(
                response.headers.get("Location") or response.geturl()
            ).path
            if self.last_path == "/login/":
                raise ValueError(f"{path} asked the visitor to sign in")
            return response.status, dict(response.headers), response.read()

    def get(self, path, headers=None):
        return self.request(path, headers=headers)

    def post(self, path, fields, follow=True):
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        status, _, body = self.request(
            path, data=urllib.parse.urlencode(fields, doseq=True).encode(), follow=follow
        )
        return status, body


class _NotFollowed(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- Forms, read from the page as a browser would --------------------------------------


def post_form(page, containing):
    """The HTML of the page's POST form that has a field named `containing`."""
    for form in re.findall(rb"<form\b[^>]*>.*?</form>", page, re.DOTALL):
        if b'method="post"' in form.lower() and f'name="{containing}"'.encode() in form:
            return form
    raise ValueError(f"the page has no form with a {containing} field")


def input_tags(form):
    """Each <input> of the form as a dict of its attributes."""
    tags = []
    for tag in re.findall(rb"<input\b[^>]*>", form):
        attributes = re.findall(rb'([\w-]+)="([^"]*)"', tag)
        tags.append({name.decode(): value.decode() for name, value in attributes})
    return tags


def hidden_fields(form):
    """The hidden fields a browser sends back (version tokens and the like), but the CSRF
    token, which Browser.post adds from the cookie."""
    return {
        tag["name"]: tag.get("value", "")
        for tag in input_tags(form)
        if tag.get("type") == "hidden" and tag.get("name") != "csrfmiddlewaretoken"
    }


def choices(form, name):
    """The values offered by the form's radios or checkboxes called `name`."""
    return [tag["value"] for tag in input_tags(form) if tag.get("name") == name and "value" in tag]


# --- wrk ---------------------------------------------------------------------------------

# Each wrk thread cycles through the (path, cookie) pairs: every request is one visitor's
# request for one page, so a page is only ever asked for by visitors who may see it.
REQUESTS_SCRIPT = """
requests = {pairs}
counter = 0
request = function()
  counter = counter + 1
  local chosen = requests[(counter % #requests) + 1]
  return wrk.format("GET", chosen[1], {{["Cookie"] = chosen[2]}})
end
"""


def requests_script(pairs):
    """A wrk Lua script sending the (path, cookie) pairs in turn; written once per list."""
    pairs = list(pairs)
    key = hashlib.sha1(repr(pairs).encode()).hexdigest()[:10]
    script = RESULTS / f"requests-{key}.lua"
    # A JSON string is a valid Lua string for the ASCII paths and cookies used here.
    entries = ", ".join(f"{{{json.dumps(path)}, {json.dumps(cookie)}}}" for path, cookie in pairs)
    script.write_text(REQUESTS_SCRIPT.format(pairs="{" + entries + "}"), encoding="utf-8")
    return script


def run_wrk(base, connections, seconds, script):
    """Drive the server at `base` with wrk (2 threads) and return its figures."""
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base + "/",
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return parse_wrk(output)


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }
