"""Reading rendered pages as a user sees them: figures, tables, errors and links."""

import re
from html.parser import HTMLParser
from urllib.parse import quote

VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Node:
    def __init__(self, tag, attrs=(), parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    @property
    def text(self):
        parts = []

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    def descendants(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.descendants()

    def find_all(self, tag=None, css_class=None, **attrs):
        for node in self.descendants():
            if tag and node.tag != tag:
                continue
            if css_class and css_class not in node.attrs.get("class", "").split():
                continue
            if any(
                node.attrs.get(name.replace("_", "-")) != value for name, value in attrs.items()
            ):
                continue
            yield node

    def find(self, tag=None, css_class=None, **attrs):
        return next(self.find_all(tag, css_class, **attrs), None)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response_or_html):
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def main(response):
    """The page's main content, without the header, footer and breadcrumbs."""
    return parse(response).find("main")


def figure(response, name):
    """A headline figure on the dashboard, as an int."""
    node = parse(response).find(data_figure=name)
    assert node is not None, f"no figure {name!r} on the page"
    return int(node.text)


def table(response, caption):
    """The body rows of the table with the given caption, each a list of cell texts."""
    for node in parse(response).find_all("table"):
        found = node.find("caption")
        if found is not None and found.text == caption:
            body = node.find("tbody")
            return [
                [cell.text for cell in row.find_all() if cell.tag in {"th", "td"}]
                for row in body.find_all("tr")
            ]
    raise AssertionError(f"no table captioned {caption!r}")


def summary_value(response, key):
    """The value a summary list gives for a key, e.g. "Ideas involving patients or carers"."""
    for row in parse(response).find_all(css_class="nhsuk-summary-list__row"):
        if row.find("dt").text == key:
            return row.find("dd").text
    raise AssertionError(f"no summary row {key!r}")


def error_summary(response):
    """[(message, href)] of the NHS error summary; href is None for unlinked messages."""
    summary = parse(response).find(css_class="nhsuk-error-summary")
    if summary is None:
        return []
    items = []
    for item in summary.find_all("li"):
        link = item.find("a")
        items.append((item.text, link.attrs["href"] if link is not None else None))
    return items


def ids(response):
    return {node.attrs["id"] for node in parse(response).find_all() if "id" in node.attrs}


def field_value(response, name):
    """The value a text input or textarea shows for the named field."""
    root = parse(response)
    node = root.find("input", name=name)
    if node is not None:
        return node.attrs.get("value", "")
    node = root.find("textarea", name=name)
    assert node is not None, f"no field {name!r}"
    return "".join(child for child in node.children if isinstance(child, str)).strip()


def checked_values(response, name):
    """The values of the checked radios or checkboxes of a field."""
    return {
        node.attrs["value"]
        for node in parse(response).find_all("input", name=name)
        if "checked" in node.attrs
    }


def login_url(next_url):
    return f"/login/?next={quote(next_url, safe='/')}"


def text(response):
    """The visible text of the page's main content."""
    return main(response).text


def has_word(response, words):
    return re.search(re.escape(words), text(response)) is not None
