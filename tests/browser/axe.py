"""Run axe-core (from npm, pinned in package-lock.json) in a Playwright page."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(' >> ') : part),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


def axe_violations(page):
    """The page's WCAG 2.2 AA violations that axe finds, as plain dicts."""
    if not AXE_SCRIPT.is_file():
        raise AssertionError(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make install`).")
    # A click that navigates returns before the new document is parsed; axe added then
    # finds no <head> to join, or checks a page that is about to be replaced.
    page.wait_for_load_state("domcontentloaded")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        inject_axe(page)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def inject_axe(page):
    """Load axe as a script from the page's own origin: the portal's Content Security
    Policy refuses inline scripts, which is how Playwright adds a script from a file."""
    origin = page.evaluate("location.origin")
    if origin == "null":  # a page set from a string has no origin and no policy
        page.add_script_tag(path=str(AXE_SCRIPT))
        return
    url = f"{origin}/__axe-core-for-tests__.js"
    page.route(
        url,
        lambda route: route.fulfill(
            body=AXE_SCRIPT.read_text(), content_type="application/javascript"
        ),
    )
    page.add_script_tag(url=url)


def format_violations(violations, where=""):
    lines = [f"{len(violations)} accessibility violation(s) found by axe{where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            if node["summary"]:
                summary = node["summary"].replace("\n", "\n         ")
                lines.append(f"         {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert not violations, format_violations(violations, f" on {page.url}")
