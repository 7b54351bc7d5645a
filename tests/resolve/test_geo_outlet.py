"""The outlet's country, read from the article URL's country-code domain, votes for its namesakes (issue #12)."""

from __future__ import annotations

import pytest

from wirecoder.doc import Article
from wirecoder.mentions.places import PlaceMentions
from wirecoder.resolve.geo import ResolveGeo, publication_country

LOCAL = (
    "Police were called to a house in Edmonton on Tuesday night after neighbours reported a disturbance. "
    "A 34-year-old man was arrested at the scene and remains in custody, a spokesman said."
)


def resolve(nlp, text: str, url: str | None, **weights: float) -> dict[str, str | None]:
    """Each place mention's text -> the country of its reading."""
    art = Article(id="o", text=text, url=url)
    art.doc = nlp(text)
    PlaceMentions({})(art)
    ResolveGeo({}, weights=weights or None)(art)
    return {m.text: m.country_code for m in art.mentions.places}


@pytest.mark.parametrize(
    ("url", "country"),
    [
        ("http://www.nlhnews.co.uk/article.cfm?id=119657", "GB"),
        ("https://lfpress.ca/newsstand/News/Local/2009/03/21/story.html", "CA"),
        ("http://www.dailystar.com.lb/News/Politics/2009/story", "LB"),
        ("www.independent.ie/irish-news/story", "IE"),
        ("https://www.ajc.com/news/local/story", None),  # a generic domain names no country
        ("https://techcrunch.io/2018/04/05/story", None),  # a country code sold as a generic name
        ("http://europa.eu/rapid/press", None),  # no country
        ("(The Washington Post, 9 Jul 1999, p. A21)", None),  # a citation, not a URL
        (None, None),
    ],
)
def test_publication_country_from_the_domain(url, country):
    assert publication_country(url) == country


def test_a_british_local_paper_means_the_london_edmonton(nlp):
    # Edmonton, Alberta is twelve times bigger than Edmonton in north London, but a .co.uk paper writes about the UK
    assert resolve(nlp, LOCAL, "http://www.nlhnews.co.uk/article.cfm?id=1")["Edmonton"] == "GB"


def test_without_the_outlet_the_bigger_namesake_wins(nlp):
    assert resolve(nlp, LOCAL, "http://www.nlhnews.co.uk/article.cfm?id=1", publication_vote=0.0)["Edmonton"] == "CA"
    assert resolve(nlp, LOCAL, None)["Edmonton"] == "CA"
