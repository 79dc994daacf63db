"""Reading rendered pages as a user sees them: their text, links and current navigation."""

from html.parser import HTMLParser


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.links = []
        self.current = []
        self._skip = 0
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style", "svg", "title"}:
            self._skip += 1
        if tag == "a":
            self._link = {"href": attrs.get("href"), "text": []}
            if attrs.get("aria-current") == "page":
                self.current.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "svg", "title"} and self._skip:
            self._skip -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._link["href"], " ".join(" ".join(self._link["text"]).split())))
            self._link = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._link is not None:
            self._link["text"].append(data)


def read(response):
    reader = _PageReader()
    reader.feed(response.content.decode())
    reader.close()
    return reader


def visible_text(response):
    """The page's text with tags removed, entities decoded and whitespace collapsed."""
    return " ".join(" ".join(read(response).text).split())


def links(response):
    """(href, link text) for every link on the page, in order."""
    return read(response).links


def current_navigation(response):
    """The hrefs of links marked aria-current="page"."""
    return read(response).current
