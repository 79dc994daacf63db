"""Reading rendered pages as a user sees them, for every test that reads HTML.

`parse` builds a tree of `Node`s from a response or a string with the standard library's
html.parser; the helpers after it read the page as a user would: its text, links, headline
figures, tables, error summary and form fields.
"""

from html.parser import HTMLParser
from urllib.parse import quote

VOID_TAGS = frozenset(
    {
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
)
# Never shown in the page: the head (the title is the browser tab's), code and styles. A node
# of these still has its own text.
UNSEEN_TAGS = frozenset({"head", "script", "style", "template"})
# Text in these starts on a line of its own, so it never runs into its neighbours' text. An
# SVG's title and description are what it says to a screen reader in place of the picture.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "desc",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "text",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    }
)


class Node:
    """An element: its tag, attributes (a valueless one reads as "") and children."""

    def __init__(self, tag, attrs=(), parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return set(self.attrs.get("class", "").split())

    @property
    def text(self):
        """The text the element gives a user, its whitespace collapsed as a browser does."""
        parts = []
        self._gather_text(parts)
        return " ".join("".join(parts).split())

    def _gather_text(self, parts):
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in UNSEEN_TAGS:
                spaced = child.tag in BLOCK_TAGS
                parts.append(" " if spaced else "")
                child._gather_text(parts)
                parts.append(" " if spaced else "")

    @property
    def source_text(self):
        """The element's own text exactly as written: a textarea's value."""
        return "".join(child for child in self.children if isinstance(child, str))

    def descendants(self):
        """Every element inside this one, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.descendants()

    def find_all(self, tag=None, css_class=None, **attrs):
        """The elements inside with this tag, class and attributes (aria_current="page"
        matches aria-current)."""
        for node in self.descendants():
            if tag and node.tag != tag:
                continue
            if css_class and css_class not in node.classes:
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


def parse(page):
    """The document: a response, or HTML as str or bytes."""
    html = getattr(page, "content", page)
    if isinstance(html, bytes):
        html = html.decode("utf-8")
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# The whole page ------------------------------------------------------------------------------


def visible_text(page):
    """All the text the page shows, header and footer included."""
    return parse(page).text


def links(page):
    """(href, link text) for every link on the page, in order."""
    return [(node.attrs.get("href"), node.text) for node in parse(page).find_all("a")]


def current_navigation(page):
    """The hrefs of the links marked as the current page."""
    return [node.attrs.get("href") for node in parse(page).find_all("a", aria_current="page")]


def ids(page):
    return {node.attrs["id"] for node in parse(page).find_all() if "id" in node.attrs}


def login_url(next_url):
    """Where a page sends a visitor who must log in first."""
    return f"/login/?next={quote(next_url, safe='/')}"


# The main content ----------------------------------------------------------------------------


def main(page):
    """The page's main content, without the header, footer and breadcrumbs."""
    return parse(page).find("main")


def text(page):
    """The text of the page's main content."""
    return main(page).text


def figure(page, name):
    """A headline figure (an element with data-figure="name"), as an int."""
    node = parse(page).find(data_figure=name)
    assert node is not None, f"no figure {name!r} on the page"
    return int(node.text)


def table(page, caption):
    """The body rows of the table with this caption, each a list of its cells' text."""
    for node in parse(page).find_all("table"):
        found = node.find("caption")
        if found is not None and found.text == caption:
            body = node.find("tbody")
            return [
                [cell.text for cell in row.find_all() if cell.tag in {"th", "td"}]
                for row in body.find_all("tr")
            ]
    raise AssertionError(f"no table captioned {caption!r}")


def summary_value(page, key):
    """The value a summary list gives for a key, e.g. "Ideas involving patients or carers"."""
    for row in parse(page).find_all(css_class="nhsuk-summary-list__row"):
        if row.find("dt").text == key:
            return row.find("dd").text
    raise AssertionError(f"no summary row {key!r}")


def error_summary(page):
    """[(message, href)] of the NHS error summary; href is None for unlinked messages."""
    summary = parse(page).find(css_class="nhsuk-error-summary")
    if summary is None:
        return []
    items = []
    for item in summary.find_all("li"):
        link = item.find("a")
        items.append((item.text, link.attrs["href"] if link is not None else None))
    return items


# Forms ---------------------------------------------------------------------------------------


def field_value(page, name):
    """The value a text input or textarea shows for the named field."""
    root = parse(page)
    node = root.find("input", name=name)
    if node is not None:
        return node.attrs.get("value", "")
    node = root.find("textarea", name=name)
    assert node is not None, f"no field {name!r}"
    return node.source_text.strip()


def checked_values(page, name):
    """The values of the checked radios or checkboxes of a field."""
    return {
        node.attrs["value"]
        for node in parse(page).find_all("input", name=name)
        if "checked" in node.attrs
    }


def form_data(page, form_id):
    """What a browser would submit from the form, as {name: [values]}: no buttons or files,
    no unchecked boxes."""
    form = parse(page).find("form", id=form_id)
    assert form is not None, f"no form {form_id!r}"
    data = {}
    for node in form.descendants():
        name = node.attrs.get("name")
        if not name:
            continue
        if node.tag == "input":
            kind = node.attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in node.attrs:
                continue
            values = [node.attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")]
        elif node.tag == "textarea":
            written = node.source_text
            # Browsers drop the one newline that follows <textarea>.
            values = [written.removeprefix("\n")]
        elif node.tag == "select":
            values = [
                option.attrs.get("value", option.text)
                for option in node.find_all("option")
                if "selected" in option.attrs
            ]
        else:
            continue
        data.setdefault(name, []).extend(values)
    return data
