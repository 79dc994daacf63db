"""The public pages, read by someone who is not logged in: each answers 200 and shows the
seed documents' content, escapes whatever editors type, and 404s for what does not exist."""

import datetime

import pytest

from goals.models import Objective, Section, Strategy
from tests.factories import (
    BehaviourFactory,
    GoalFactory,
    GuidingPrincipleFactory,
    ObjectiveFactory,
    OrganisationFactory,
    SectionFactory,
    SectionItemFactory,
    StrategyFactory,
    ValueFactory,
)
from tests.html import current_navigation, links, visible_text
from values.models import Value

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"

MSEFT_GOALS = [
    ("High quality local services", "Build local services that are high quality and integrated."),
    (
        "Equitable access",
        "Driving equity as our priority, including in specialist services, taking advantage "
        "of digital.",
    ),
    (
        "Opportunities for our staff",
        "Invest in becoming an employer where everyone has an opportunity to grow, innovate "
        "and improve.",
    ),
]
COMPASSIONATE = [
    "I take time to listen",
    "I act with kindness towards myself and others",
    "I show commitment to working with and supporting others as part of a team",
    "I bring a positive attitude to my working day and ask for support when I am not feeling "
    "at my best",
    "I build relationships of trust with colleagues and patients",
    "I take personal responsibility for my role in delivering compassionate care",
    "I consider the impact of my actions and words on other people's well-being before acting",
    "I celebrate the successes we achieve together – and build positivity by encouraging others",
]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def assert_in_order(text, phrases):
    """Each phrase is on the page, and they appear in the given order."""
    position = 0
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} is not on the page"
        found = text.find(phrase, position)
        assert found >= 0, f"{phrase!r} is not after {text[max(position - 60, 0) : position]!r}"
        position = found + len(phrase)


def mseft_objectives():
    return list(Objective.objects.filter(strategy__organisation__slug="mseft", year=2023))


# Every public page, anonymously


PUBLIC_PAGES = [
    "/",
    "/strategies/",
    "/strategies/mseft/",
    "/strategies/mse-ics/",
    "/strategies/esmsk/",
    "/strategies/mse-partnership/",
    "/strategies/mseft/objectives/2023-24/",
    "/strategies/mseft/objectives/2023-24/1/",
    "/values/",
    "/values/mseft/excellent/",
    "/values/mseft/compassionate/",
    "/values/mseft/respectful/",
    "/values/esmsk/person-focused/",
    "/search/",
    "/search/?q=listen",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_needs_no_login(seeded, client, url):
    response = get_page(client, url)
    text = visible_text(response)
    assert "Log in" in text
    assert "Log out" not in text


# Home


def test_home_shows_the_trusts_aim_goals_objectives_and_values(seeded, client):
    response = get_page(client, "/")
    text = visible_text(response)
    assert "Mid and South Essex NHS Foundation Trust" in text
    assert (
        "Our organisational aim is to deliver high-quality services, drive equitable access "
        "and provide opportunities for staff to grow, innovate and improve." in text
    )
    assert "Our three-year goals" in text
    assert_in_order(text, [phrase for goal in MSEFT_GOALS for phrase in goal])

    assert "Our strategic objectives for 2023-24" in text
    page_links = links(response)
    for objective in mseft_objectives():
        assert objective.statement in text
        assert (objective.get_absolute_url(), f"Strategic objective {objective.number}") in (
            page_links
        )
    assert_in_order(text, [f"Strategic objective {n}" for n in range(1, 6)])
    assert ("/strategies/mseft/objectives/2023-24/", "All strategic objectives for 2023-24") in (
        page_links
    )

    assert "Our values" in text
    for slug, name in [
        ("excellent", "Excellent"),
        ("compassionate", "Compassionate"),
        ("respectful", "Respectful"),
    ]:
        assert (f"/values/mseft/{slug}/", name) in page_links
    assert (
        "We act with care and compassion toward ourselves, patients, colleagues and our "
        "communities." in text
    )
    assert (
        "/strategies/mse-ics/",
        "Mid and South Essex Integrated Care System: the system we are part of",
    ) in page_links


def test_home_shows_a_vision_once_an_editor_enters_one(seeded, client):
    strategy = Strategy.objects.get(organisation__slug="mseft")
    strategy.vision = "Excellent care for everyone in mid and south Essex."
    strategy.save()
    text = visible_text(get_page(client, "/"))
    assert "Our vision Excellent care for everyone in mid and south Essex." in text


def test_home_follows_the_home_organisation_setting(seeded, client, settings):
    settings.PORTAL_HOME_ORGANISATION = "esmsk"
    text = visible_text(get_page(client, "/"))
    assert "East Sussex MSK Partnership" in text
    assert "We put the patient at the heart of everything we do." in text
    assert "Connection & Kindness" in text


def test_home_has_no_empty_goals_heading(seeded, client, settings):
    settings.PORTAL_HOME_ORGANISATION = "esmsk"
    text = visible_text(get_page(client, "/"))
    assert "Our three-year goals" not in text


# Strategies


def test_strategy_list_links_every_organisation(seeded, client):
    response = get_page(client, "/strategies/")
    page_links = links(response)
    for slug, name in [
        ("mseft", "Mid and South Essex NHS Foundation Trust"),
        ("mse-ics", "Mid and South Essex Integrated Care System"),
        ("mse-partnership", "Mid and South Essex Health and Care Partnership"),
        ("esmsk", "East Sussex MSK Partnership"),
    ]:
        assert (f"/strategies/{slug}/", name) in page_links
    assert (
        "NHS foundation trust, part of Mid and South Essex Integrated Care System."
        in visible_text(response)
    )


def test_strategy_list_only_links_pages_that_exist(seeded, client):
    # An editor adds an organisation in the admin before writing its strategy.
    OrganisationFactory(name="Southend City Council", slug="southend")
    response = get_page(client, "/strategies/")
    for href, _text in links(response):
        if href.startswith("/strategies/") and href != "/strategies/":
            assert client.get(href).status_code == 200, f"{href} is listed but not found"


def test_mseft_strategy_page(seeded, client):
    response = get_page(client, "/strategies/mseft/")
    text = visible_text(response)
    assert "Mid and South Essex NHS Foundation Trust strategy" in text
    assert "Part of Mid and South Essex Integrated Care System" in text
    assert ("/strategies/mse-ics/", "Mid and South Essex Integrated Care System") in links(response)
    assert "Our goals" in text
    assert_in_order(text, [title for title, _ in MSEFT_GOALS])
    assert "Strategic objectives for 2023-24" in text
    for objective in mseft_objectives():
        assert objective.statement in text
    assert "Our values" in text
    assert ("/values/mseft/respectful/", "Respectful") in links(response)
    assert "Our organisational strategy is made up of one vision, three 3-year goals" in text


def test_ics_strategy_page(seeded, client):
    response = get_page(client, "/strategies/mse-ics/")
    text = visible_text(response)
    assert "Mid and South Essex Integrated Care System strategy" in text
    assert (
        "Our vision is for a health and care partnership working for a better quality of life "
        "in a thriving mid and south Essex" in text
    )
    assert "Members in this portal Mid and South Essex NHS Foundation Trust" in text
    assert_in_order(
        text,
        [
            "What we want to be",
            "Distinctive",
            "to do things that others can't",
            "Attractive",
            "Successful",
            "Ambitions and goals",
            "Create opportunities",
            "Support health and wellbeing",
            "Bring care closer to home",
            "Improve and transform our services",
            "Our priorities",
            "Recovering from COVID-19",
            "Stewardship",
            "Our workforce",
            "Children and young people",
        ],
    )
    assert "thereby reducing our reliance on temporary agency staff." in text


def test_esmsk_strategy_page(seeded, client):
    text = visible_text(get_page(client, "/strategies/esmsk/"))
    assert "Our mission We put the patient at the heart of everything we do." in text
    assert_in_order(
        text,
        [
            "We put the patient at the heart of everything we do to:",
            "Create a MSK community service we are proud for our family",
            "Ensure East Sussex is considered an exemplar place for MSK healthcare",
            "Contribute to addressing the known health inequalities",
            "Our values",
            "Connection & Kindness",
            "Equity & Fairness",
            "Quality & Excellence",
            "Creativity & Courage",
            "Person Focused",
            "Our guiding principles",
            "Collaboration",
            "Power through communication",
            "Empower leadership at all levels",
            "Shared resources",
            "Continuous improvement",
            "Equity",
            "Share success",
        ],
    )
    assert "'Togetherness' will be celebrated, 'Them & Us' behaviours will be challenged." in text


def test_partnership_strategy_page(seeded, client):
    text = visible_text(get_page(client, "/strategies/mse-partnership/"))
    assert "5-Year Strategy and Delivery Plan" in text
    assert "The Partnership is not an organisation, it is a collection of partners" in text
    assert_in_order(
        text,
        [
            "Our commitments",
            "Healthy Start – helping every child to have the best start in life",
            "supporting parents and carers, early years settings and schools",
            "Healthy Minds",
            "Healthy Places",
            "Healthy Communities",
            "Healthy Living",
            "Healthy Care – joining up our services to deliver the right care",
            "from advice and support to keep well",
            "Our ambitions",
            "our overarching ambition is to reduce inequalities",
            "Our operating model",
            "The individual",
            "The wider system",
            "Our places",
            "Thurrock",
            "Basildon and Brentwood",
            "Mid-Essex",
            "South East Essex",
            "Areas of focus",
            "Cancer",
            "Support for older people",
        ],
    )


# Objectives


def test_objectives_for_2023_24(seeded, client):
    response = get_page(client, "/strategies/mseft/objectives/2023-24/")
    text = visible_text(response)
    assert "Strategic objectives for 2023-24" in text
    objectives = mseft_objectives()
    assert len(objectives) == 5
    assert_in_order(text, [objective.statement for objective in objectives])
    for objective in objectives:
        assert (objective.get_absolute_url(), f"Strategic objective {objective.number}") in links(
            response
        )
    assert "Serves: High quality local services" in text


def test_objective_page_shows_the_goals_it_serves(seeded, client):
    objective = Objective.objects.get(strategy__organisation__slug="mseft", year=2023, number=1)
    served = set(objective.goals.values_list("title", flat=True))
    assert served
    text = visible_text(get_page(client, "/strategies/mseft/objectives/2023-24/1/"))
    assert "Strategic objective 1" in text
    assert objective.statement in text
    assert "The goals it serves" in text
    for title, description in MSEFT_GOALS:
        if title in served:
            assert title in text
            assert description in text
        else:
            assert title not in text


def test_objective_without_goals_says_so(client):
    ObjectiveFactory(strategy=StrategyFactory(organisation__slug="trust"), number=1)
    text = visible_text(get_page(client, "/strategies/trust/objectives/2023-24/1/"))
    assert "This objective is not yet linked to a goal." in text


def test_objectives_without_a_year_redirects_to_the_displayed_year(seeded, client):
    response = client.get("/strategies/mseft/objectives/")
    assert response.status_code == 302
    assert response["Location"] == "/strategies/mseft/objectives/2023-24/"


def test_displayed_year_is_the_current_financial_year_or_the_latest_before_it(client, monkeypatch):
    strategy = StrategyFactory(organisation__slug="trust")
    for year in [2023, 2024, 2026]:
        ObjectiveFactory(strategy=strategy, year=year, number=1, statement=f"Objective {year}")
    in_2025_26 = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: in_2025_26)
    assert client.get("/strategies/trust/objectives/")["Location"] == (
        "/strategies/trust/objectives/2024-25/"
    )
    text = visible_text(get_page(client, "/strategies/trust/"))
    assert "Strategic objectives for 2024-25" in text
    assert "Objective 2024" in text
    assert "Objective 2023" not in text
    assert "Other years:" in text
    page_links = links(get_page(client, "/strategies/trust/"))
    assert ("/strategies/trust/objectives/2026-27/", "2026-27") in page_links
    assert ("/strategies/trust/objectives/2023-24/", "2023-24") in page_links
    assert ("/strategies/trust/objectives/2024-25/", "2024-25") not in page_links

    in_2026_27 = datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: in_2026_27)
    assert client.get("/strategies/trust/objectives/")["Location"] == (
        "/strategies/trust/objectives/2026-27/"
    )


def test_other_years_are_linked_from_a_years_objectives(client):
    strategy = StrategyFactory(organisation__slug="trust")
    ObjectiveFactory(strategy=strategy, year=2022, number=1, statement="Old objective")
    ObjectiveFactory(strategy=strategy, year=2023, number=1, statement="New objective")
    response = get_page(client, "/strategies/trust/objectives/2022-23/")
    text = visible_text(response)
    assert "Old objective" in text
    assert "New objective" not in text
    assert ("/strategies/trust/objectives/2023-24/", "Strategic objectives for 2023-24") in links(
        response
    )


# Values


def test_value_list_shows_each_organisations_values_behaviours_and_principles(seeded, client):
    response = get_page(client, "/values/")
    text = visible_text(response)
    assert_in_order(
        text,
        [
            "Mid and South Essex NHS Foundation Trust",
            "Excellent",
            "I regularly review what I do",
            "Compassionate",
            "I take time to listen",
            "Respectful",
            "I help create a safe environment for others to speak up",
            "East Sussex MSK Partnership",
            "Connection & Kindness",
            "Person Focused",
            "Guiding principles",
            "Collaboration",
            "Share success",
        ],
    )
    # Organisations that state no values have no section here.
    assert "Mid and South Essex Integrated Care System" not in text
    page_links = links(response)
    for value in Value.objects.select_related("organisation"):
        assert (value.get_absolute_url(), value.name) in page_links


def test_value_page_lists_its_behaviours_in_order(seeded, client):
    response = get_page(client, "/values/mseft/compassionate/")
    text = visible_text(response)
    assert "Compassionate" in text
    assert "We act with care and compassion toward ourselves, patients, colleagues" in text
    assert "What it looks like in practice" in text
    assert_in_order(text, COMPASSIONATE)
    assert "I regularly review what I do" not in text  # another value's behaviour


@pytest.mark.parametrize(
    ("slug", "first", "last"),
    [
        (
            "excellent",
            "I regularly review what I do and how I do it to improve my personal performance",
            "I involve others with decision making that directly impacts them",
        ),
        (
            "respectful",
            "I take the time to get to know people and the value they bring",
            "I help create a safe environment for others to speak up",
        ),
    ],
)
def test_other_mseft_value_pages(seeded, client, slug, first, last):
    text = visible_text(get_page(client, f"/values/mseft/{slug}/"))
    assert_in_order(text, [first, last])


def test_a_value_without_behaviours_shows_its_summary(seeded, client):
    text = visible_text(get_page(client, "/values/esmsk/equity-and-fairness/"))
    assert "Equity & Fairness will guide our decision making" in text
    assert "What it looks like in practice" not in text


# Search


def test_search_finds_a_behaviour_under_its_value(seeded, client):
    response = get_page(client, "/search/?q=listen")
    text = visible_text(response)
    assert "1 result for “listen”" in text
    compassionate = Value.objects.get(organisation__slug="mseft", slug="compassionate")
    behaviour = compassionate.behaviours.get(statement="I take time to listen")
    assert (behaviour.get_absolute_url(), "I take time to listen") in links(response)
    assert behaviour.get_absolute_url().startswith("/values/mseft/compassionate/#")
    assert "Behaviour under Compassionate" in text
    assert "MSEFT values" in text


def test_search_is_case_insensitive_and_needs_every_word(seeded, client):
    text = visible_text(get_page(client, "/search/?q=TAKE+time++Listen"))
    assert "1 result for “TAKE time Listen”" in text
    assert "I take time to listen" in text
    # Each word is found somewhere, but no single record holds both.
    text = visible_text(get_page(client, "/search/?q=listen+digital"))
    assert "0 results for “listen digital”" in text


def test_search_finds_strategy_content(seeded, client):
    text = visible_text(get_page(client, "/search/?q=digital"))
    assert "Equitable access" in text
    assert "Strategic objective 5, 2023-24" in text
    text = visible_text(get_page(client, "/search/?q=healthy+start"))
    assert "Healthy Start" in text
    assert "helping every child to have the best start in life" in text
    text = visible_text(get_page(client, "/search/?q=Togetherness"))
    assert "Collaboration" in text


def test_search_without_hits_says_so(seeded, client):
    text = visible_text(get_page(client, "/search/?q=zebra"))
    assert "0 results for “zebra”" in text
    assert "Check the spelling or try fewer or different words." in text


@pytest.mark.parametrize("url", ["/search/", "/search/?q=", "/search/?q=+++"])
def test_an_empty_search_shows_no_results(seeded, client, url):
    text = visible_text(get_page(client, url))
    assert "Search values and strategy" in text
    assert "result" not in text.replace("Search for a value", "")
    assert "Check the spelling" not in text


def test_search_query_is_escaped(seeded, client):
    response = client.get("/search/", {"q": SCRIPT})
    assert response.status_code == 200
    content = response.content.decode()
    assert SCRIPT not in content
    assert "<script>alert" not in content
    assert ESCAPED_SCRIPT in content
    assert "0 results for “<script>alert(1)</script>”" in visible_text(response)


# Not found


@pytest.mark.parametrize(
    "url",
    [
        "/strategies/no-such-trust/",
        "/strategies/no-such-trust/objectives/",
        "/strategies/no-such-trust/objectives/2023-24/",
        "/strategies/mse-ics/objectives/",
        "/strategies/mseft/objectives/2022-23/",
        "/strategies/mseft/objectives/2024-25/",
        "/strategies/mseft/objectives/2023-25/",
        "/strategies/mseft/objectives/2023-24/6/",
        "/strategies/mseft/objectives/2023-24/0/",
        "/strategies/mseft/objectives/2023-24/99999999999999999999/",
        "/strategies/mseft/objectives/9999-00/",
        "/strategies/esmsk/objectives/2023-24/1/",
        "/values/mseft/no-such-value/",
        "/values/no-such-trust/compassionate/",
        "/values/esmsk/compassionate/",
    ],
)
def test_unknown_things_are_not_found(seeded, client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = visible_text(response)
    assert "Page not found" in text
    assert "If you typed the web address, check it is correct." in text  # the portal's page


# Navigation


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", ["/"]),
        ("/strategies/", ["/strategies/"]),
        ("/strategies/mse-ics/", ["/strategies/"]),
        ("/strategies/mseft/objectives/2023-24/", ["/strategies/"]),
        ("/strategies/mseft/objectives/2023-24/2/", ["/strategies/"]),
        ("/values/", ["/values/"]),
        ("/values/mseft/compassionate/", ["/values/"]),
        ("/search/?q=listen", []),
    ],
)
def test_navigation_marks_the_current_section(seeded, client, url, current):
    assert current_navigation(get_page(client, url)) == current


# Escaping what editors type


def test_script_in_content_is_escaped_everywhere_it_shows(client, settings):
    strategy = StrategyFactory(
        organisation__slug="trust",
        summary=f"Intro {SCRIPT}\n\nSecond paragraph {SCRIPT}",
        vision=f"Vision {SCRIPT}",
    )
    settings.PORTAL_HOME_ORGANISATION = "trust"
    goal = GoalFactory(strategy=strategy, title=f"Goal {SCRIPT}")
    ObjectiveFactory(strategy=strategy, number=1, statement=f"Objective {SCRIPT}", goals=[goal])
    section = SectionFactory(strategy=strategy, introduction=f"Section {SCRIPT}")
    SectionItemFactory(section=section, title=f"Item {SCRIPT}", description=f"About {SCRIPT}")
    value = ValueFactory(organisation=strategy.organisation, slug="caring", summary=SCRIPT)
    BehaviourFactory(value=value, statement=f"I never run {SCRIPT}")
    GuidingPrincipleFactory(organisation=strategy.organisation, description=f"We {SCRIPT}")

    for url in [
        "/",
        "/strategies/trust/",
        "/strategies/trust/objectives/2023-24/",
        "/strategies/trust/objectives/2023-24/1/",
        "/values/",
        "/values/trust/caring/",
        "/search/?q=script",
    ]:
        response = get_page(client, url)
        content = response.content.decode()
        assert SCRIPT not in content, f"{url} renders a script from content"
        assert ESCAPED_SCRIPT in content, f"{url} does not show the escaped text"

    text = visible_text(get_page(client, "/values/trust/caring/"))
    assert f"I never run {SCRIPT}" in text
    text = visible_text(get_page(client, "/strategies/trust/"))
    assert f"Intro {SCRIPT}" in text
    assert f"Second paragraph {SCRIPT}" in text
    assert f"Item {SCRIPT}" in text


def test_sections_show_their_kinds_anchor(client):
    strategy = StrategyFactory(organisation__slug="trust")
    SectionFactory(strategy=strategy, kind=Section.Kind.PLACES, heading="Our places")
    content = get_page(client, "/strategies/trust/").content.decode()
    assert 'id="places"' in content
