

def test_kb_kosovo_has_state_forces_and_collective_names():
    """Kosovo's code (XK) is in use but not assigned by ISO 3166-1: country_overrides.csv names it."""
    from wirecoder.kb.actors import load_kb

    kb = load_kb([])
    assert kb.collective_name("Rioters ({country})", "XK") == "Rioters (Kosovo)"
    assert kb.state_entry("XK", "pol").canonical == "Police Forces of Kosovo"
