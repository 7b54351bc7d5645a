"""Quote mentions: direct speech and the speaker as written."""

from __future__ import annotations

from wirecoder.mentions.quotes import find_quotes


def test_quotes_speaker_after_and_before():
    text = ('"We have struck individual fighters in small groups," Dillon told reporters.\n\n'
            'The minister said: "There will be no talks with the rebels this year."')
    qs = find_quotes(text)
    assert [q.speaker for q in qs] == ["Dillon", "The minister"]
    assert text[qs[0].start:qs[0].end].startswith("We have struck")


def test_quotes_said_x_and_curly_quotes():
    qs = find_quotes("\u201cThe convoy will not reach the border tonight,\u201d said Colonel Ryan Dillon.")
    assert qs[0].speaker == "Colonel Ryan Dillon" and qs[0].text.startswith("The convoy")


def test_quotes_consecutive_paragraph_keeps_speaker():
    text = ('"We have struck individual fighters in the desert," Dillon said.\n\n'
            '"As soon as they get far enough away we will strike again."\n\n'
            'The convoy stalled.')
    qs = find_quotes(text)
    assert len(qs) == 2 and qs[1].speaker == "Dillon"
    assert [q.how for q in qs] == ["after", "continued"]


def test_quotes_bracketed_wire_speaker_and_scare_quotes():
    text = ('   [RODRIGUEZ] "WE KNOW THE GENERAL STAFF GIVES US OUR ORDERS."\n\n'
            '   THE SO-CALLED "TERRORISTS" FLED.')
    qs = find_quotes(text)
    assert len(qs) == 1 and qs[0].speaker == "RODRIGUEZ"


def test_quotes_speaker_without_clause_debris():
    text = ('   "WE WILL NOT NEGOTIATE WITH THE TERRORISTS," PRESIDENT CRISTIANI ALSO SAID.\n\n'
            '   "STAY HOME AND DO NOT GO TO WORK TOMORROW," THE UNION ASKED ALL THE WORKERS.')
    qs = find_quotes(text)
    assert qs[0].speaker == "PRESIDENT CRISTIANI"
    assert qs[1].speaker != "ALL THE WORKERS"
