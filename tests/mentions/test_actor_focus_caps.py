"""In upper-case wire copy the pronoun "US" ("TOLD US", "ATTACKED US") is no vote for the United States."""

from __future__ import annotations

from wirecoder.service import code_text

WIRE = (
    "SAN SALVADOR, 12 JAN 90 -- [TEXT] A SPOKESMAN TOLD US THAT THE ARMY HAS KILLED 12 GUERRILLAS IN CLASHES IN "
    'CHALATENANGO DEPARTMENT. "THEY ATTACKED US FIRST," HE SAID, ADDING THAT THE TROOPS WILL CONTINUE TO PURSUE '
    "THE REBELS. THE U.S. EMBASSY DID NOT COMMENT. ONE OF US WAS THERE, HE TOLD US."
)


def test_the_pronoun_us_in_capitals_does_not_make_the_focus_country(pipeline):
    art = code_text(WIRE, pipeline, published="1990-01-12")
    assert art.focus_country == "SV"


def test_the_country_us_in_capitals_still_counts(pipeline):
    art = code_text("WASHINGTON, 12 JAN 90 -- US TROOPS CLASHED WITH GUNMEN IN THE CAPITAL.", pipeline,
                    published="1990-01-12")
    assert art.focus_country == "US"
