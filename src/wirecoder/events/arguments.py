"""Event arguments: actor1 (agent) and actor2 (target or victim) from the dependency parse.

Starting from the trigger, the agent is looked for as the active subject, the
passive ``by``-agent, or the modifiers of an instrument noun ("killed in a
coalition airstrike", "the army's shelling"); the target as the object, the
passive subject, or ``on``/``against`` phrases. A role's token subtree is then
matched to ``article.mentions.actors`` (named, knowledge-base actors first,
nearest first); where no mention covers it, a group noun ("civilians",
"protesters") becomes an actor without a canonical name.

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Token

from ..analysis.spans import tree_depth
from ..doc import ActorMention, EventActor

AGENT_DEPS = ("nsubj", "csubj")
TARGET_PREPS = frozenset({"on", "against", "at", "targeting", "upon"})
BETWEEN = frozenset({"between", "with"})
QUANT_HEADS = frozenset({"dozen", "dozens", "score", "scores", "hundred", "hundreds", "thousand", "thousands",
                         "number", "group", "some", "many", "several", "all", "most", "one", "two", "three"})
NOT_ACTORS = frozenset({"it", "this", "that", "which", "who", "what", "there", "they", "he", "she", "we", "i",
                        "them", "him", "her", "us", "you", "itself", "themselves", "official", "officials",
                        "source", "sources", "report", "reports", "statement", "time", "day", "week", "area",
                        "place", "road", "bridge", "building", "house", "town", "city", "village", "region"})
PERSON_NOUNS = frozenset({
    "civilian", "villager", "resident", "people", "person", "man", "woman", "child", "boy", "girl", "student",
    "worker", "farmer", "journalist", "reporter", "family", "population", "passenger", "worshipper", "teacher",
    "doctor", "trader", "shopkeeper", "pilgrim", "community", "activist", "protester", "protestor", "demonstrator",
    "herder", "herdsman", "victim", "relative", "official", "leader", "driver", "soldier", "troop", "army",
    "military", "militant", "insurgent", "rebel", "guerrilla", "fighter", "terrorist", "jihadist", "militia",
    "militiaman", "force", "police", "policeman", "policemen", "officer", "personnel", "jawan", "patrol",
    "commander", "gunman", "gunmen", "attacker", "assailant", "unit", "battalion", "squad", "guard", "bodyguard",
    "coalition", "government", "regime", "opposition", "separatist", "extremist", "gang", "mob", "crowd",
    "member", "supporter", "suspect", "criminal", "bandit", "kidnapper", "robber", "trafficker", "smuggler",
    "youth", "youngster", "mourner", "voter", "candidate", "politician", "minister", "mayor", "judge",
    "lawyer", "priest", "monk", "cleric", "nun", "refugee", "migrant", "prisoner", "detainee", "hostage",
    "inmate", "employee", "staff", "crew", "tourist", "foreigner", "national", "citizen", "peasant", "group",
    "faction", "movement", "party", "front", "organisation", "organization", "brigade", "division", "company",
    "platoon", "cadre", "vigilante", "neighbour", "neighbor", "settler", "agent", "operative",
    "individual", "spokesman", "president", "chief", "head", "sergeant", "colonel", "general", "captain",
    "major", "lieutenant", "corporal", "private", "marine", "paratrooper", "commando", "sniper", "pilot",
    "navy", "guardsman", "constable", "inspector", "cop", "authority", "authorities", "state", "country",
    "nation", "union", "association", "committee", "council", "agency", "ministry"})
ACTOR_NOUNS = frozenset({"coalition", "army", "military", "police", "government", "regime", "rebel", "militia",
                         "insurgent", "militant", "troop", "soldier", "force", "navy", "guerrilla", "terrorist",
                         "jihadist", "security", "opposition", "separatist", "extremist", "gang", "mob"})
# Verbs whose subject is the agent of an event noun they govern ("troops launched an offensive").
EVENT_VERBS = frozenset({"kill", "injure", "wound", "die", "fire", "attack", "use", "stage", "hold", "launch",
                         "carry", "conduct", "mount", "commit", "perpetrate", "continue", "begin", "start",
                         "intensify", "step", "resume", "claim", "sign", "reach", "conclude", "organise",
                         "organize", "lead", "join", "make"})
VICTIM_SUBJECT = frozenset({"die", "succumb", "perish", "fall", "suffer", "sustain"})
LIGHT_VERBS = frozenset({"carry", "launch", "conduct", "stage", "mount", "perform", "execute", "make", "hold",
                         "organise", "organize", "lead", "claim", "sign", "reach", "strike", "conclude"})


def _span_chars(tok: Token) -> tuple[int, int]:
    left = tok.left_edge
    right = tok.right_edge
    return left.idx, right.idx + len(right.text)



def _mentions_in(tok: Token, mentions: list[ActorMention], exclude: tuple[int, int] | None = None
                 ) -> list[ActorMention]:
    start, end = _span_chars(tok)
    h0, h1 = tok.idx, tok.idx + len(tok.text)
    out = [m for m in mentions if (m.start >= start and m.end <= end) or (m.start <= h0 and h1 <= m.end)]
    if exclude:
        out = [m for m in out if m.end <= exclude[0] or m.start >= exclude[1]]
    return out


def _rank(tok: Token, cands: list[ActorMention]) -> ActorMention | None:
    if not cands:
        return None
    doc = tok.doc
    base = tree_depth(tok, limit=50)

    head_start, head_end = tok.idx, tok.idx + len(tok.text)

    def key(m: ActorMention):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        dist = (tree_depth(span.root, limit=50) - base) if span is not None else 9
        covers = m.start <= head_start and head_end <= m.end
        named = m.canonical is not None and m.kind != "generic"
        # the mention naming the role's head word, unless it is a bare group noun with a name
        # close by ("militants of the Islamic State"); then named ones, nearest first
        if covers and (named or m.kind != "generic"):
            rank = 0
        elif named and dist <= 3:
            rank = 1
        elif covers:
            rank = 2
        else:
            rank = 3 if named else 4
        return (rank, dist, m.start)

    return sorted(cands, key=key)[0]


def _fallback(tok: Token) -> EventActor | None:
    """A group noun or named phrase when no actor mention covers the role."""
    if tok.lower_ in QUANT_HEADS or tok.pos_ == "NUM":
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for p in child.children:
                    if p.dep_ == "pobj":
                        return _fallback(p)
        return None
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in NOT_ACTORS:
        return None
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "QUANTITY", "PERCENT", "MONEY", "ORDINAL", "LOC", "FAC"):
        return None
    lemma = tok.lemma_.lower()
    if not (lemma in PERSON_NOUNS or lemma.rstrip("s") in PERSON_NOUNS
            or (tok.pos_ == "PROPN" and tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))):
        return None  # not recognisably a person or group: "the road", "power", "casualties"
    parts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "NOUN", "ADJ")]
    start = min([tok.i] + [p.i for p in parts])
    text = tok.doc[start : tok.i + 1].text
    return EventActor(name=text)


def actor_from(tok: Token | None, mentions: list[ActorMention], exclude: tuple[int, int] | None = None
               ) -> EventActor | None:
    """The actor a role token stands for: an actor mention in its subtree, else a group noun."""
    if tok is None:
        return None
    best = _rank(tok, _mentions_in(tok, mentions, exclude))
    if best is not None:
        return EventActor(name=best.text, canonical=best.canonical, category=best.category, inter=best.inter,
                          country=best.country, mention=best)
    return _fallback(tok)


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _prep_obj(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            p = _child(c, "pobj")
            if p is not None:
                return p
    return None


def _modifier_actor(noun: Token, mentions: list[ActorMention], trigger_chars: tuple[int, int]) -> EventActor | None:
    """Agent named inside a nominal trigger: "a US-led coalition airstrike", "the army's shelling"."""
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and c.i < noun.i]
    by = _prep_obj(noun, frozenset({"by", "from"}))
    if mods:
        left = min(m.left_edge.idx for m in mods)
        inside = [m for m in mentions if m.start >= left and m.end <= noun.idx
                  and not (m.start < trigger_chars[1] and trigger_chars[0] < m.end)]
        if inside:
            best = max(inside, key=lambda m: (m.end, m.canonical is not None))
            return EventActor(name=best.text, canonical=best.canonical, category=best.category, inter=best.inter,
                              country=best.country, mention=best)
    for m in mods:
        a = actor_from(m, mentions, exclude=trigger_chars)
        if a is not None and (a.mention is not None or m.dep_ == "poss" or m.pos_ == "PROPN" or m.ent_type_):
            return a
    for m in mods:
        if m.dep_ == "compound" and m.pos_ == "NOUN" and m.lemma_.lower() in ACTOR_NOUNS:
            a = actor_from(m, mentions, exclude=trigger_chars)
            if a is not None:
                return a
    if by is not None:
        return actor_from(by, mentions)
    return None


def _instrument_agent(verb: Token, mentions: list[ActorMention], t_chars: tuple[int, int]) -> EventActor | None:
    """The agent named in an instrument phrase: "killed in a coalition airstrike", "died in police firing"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "by", "from", "after"):
            for p in c.children:
                if p.dep_ == "pobj":
                    a = _modifier_actor(p, mentions, t_chars)
                    if a is None and any(k.dep_ in ("acl", "relcl") for k in p.children) and (
                        p.lemma_.lower() in ACTOR_NOUNS
                    ):
                        a = actor_from(p, mentions)  # "in police firing" parsed as police + acl firing
                elif p.dep_ == "pcomp":  # "in police firing" parsed as a verb
                    a = actor_from(_child(p, "nsubj", "compound"), mentions) or _modifier_actor(p, mentions, t_chars)
                else:
                    continue
                if a is not None:
                    return a
    return None


def find_actors(
    trigger: Token, mentions: list[ActorMention], trigger_idx: frozenset[int] | set[int] = frozenset()
) -> tuple[EventActor | None, EventActor | None]:
    """actor1 and actor2 for the event mention whose main trigger is ``trigger``.

    trigger (Token): the trigger's head token.
    mentions (list[ActorMention]): the article's actor mentions.
    trigger_idx (set[int]): token indices of the mention's other triggers (a verb among them may carry
        the arguments of a nominal trigger: "killed in an airstrike").
    RETURNS (tuple): (actor1, actor2), either may be None.
    """
    t_chars = (trigger.idx, trigger.idx + len(trigger.text))
    a1 = a2 = None
    verb = trigger
    nominal = trigger.pos_ in ("NOUN", "PROPN") or not (trigger.pos_ == "VERB" or trigger.tag_.startswith("VB"))
    if nominal:
        a1 = _modifier_actor(trigger, mentions, t_chars)
        tgt = _prep_obj(trigger, TARGET_PREPS)
        if tgt is not None:
            a2 = actor_from(tgt, mentions)
        pair = _prep_obj(trigger, BETWEEN)
        if pair is None:
            for c in trigger.children:
                if c.dep_ in ("acl", "relcl"):
                    pair = _prep_obj(c, BETWEEN)
                    if pair is not None:
                        break
        if pair is not None:
            first = actor_from(pair, mentions)
            conj = _child(pair, "conj")
            if a1 is None:
                a1 = first
            if conj is not None and a2 is None:
                a2 = actor_from(conj, mentions)
            elif a2 is None and first is not None and a1 is not first:
                a2 = first
        head = trigger.head
        # "killed in an airstrike", "carried out a raid", "protesters staged a rally"
        if trigger.dep_ in ("pobj",) and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") and (
            head.head.i in trigger_idx or head.head.lemma_.lower() in LIGHT_VERBS | EVENT_VERBS
        ):
            verb = head.head  # "killed in an airstrike"; not "reacted to the attack"
        elif trigger.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            verb = head
            if trigger.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS and a1 is None:
                a1 = actor_from(_child(head, *AGENT_DEPS), mentions)
            if trigger.dep_ in ("nsubj", "nsubjpass") and a2 is None:
                obj = _child(head, "dobj") or _prep_obj(head, TARGET_PREPS)
                a2 = actor_from(obj, mentions) if obj is not None else None
            if trigger.dep_ == "dobj" and a1 is None and (head.i in trigger_idx or head.lemma_.lower() in EVENT_VERBS):
                a1 = actor_from(_child(head, *AGENT_DEPS), mentions)  # not "condemned the attack"
            verb = None
        else:
            verb = None
        if verb is None:
            if a1 is None and trigger.dep_ in ("nsubj",) and trigger.lower_ not in NOT_ACTORS:
                # "protesters gathered": the protest noun is its own agent
                pass
            return a1, a2
    # verbal trigger (or the verb a nominal trigger hangs from)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    subj = _child(verb, "nsubj", "csubj")
    obj = _child(verb, "dobj")
    up = verb
    for _ in range(5):  # "troops entered the town and killed five", "blocked it by bombing the road"
        if subj is not None or up.head is up or up.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "prep"):
            break
        up = up.head
        subj = _child(up, "nsubj", "csubj")
    if passive:
        victim = _child(verb, "nsubjpass")
        if victim is None and verb.dep_ in ("acl", "relcl"):
            victim = verb.head  # "civilians killed in the raid"
        up = verb
        for _ in range(3):  # coordinated verbs share the subject (also when the parser misattaches them)
            if victim is not None or up.dep_ != "conj" or up.head is up:
                break
            up = up.head
            victim = _child(up, "nsubjpass", "nsubj")
        if a2 is None:
            a2 = actor_from(victim, mentions)
        agent = _child(verb, "agent")
        if agent is not None and a1 is None:
            a1 = actor_from(_child(agent, "pobj"), mentions)
        if a1 is None:
            a1 = _instrument_agent(verb, mentions, t_chars)
    elif verb.lemma_.lower() in VICTIM_SUBJECT:
        # "two brothers died in police firing": the subject is the victim
        if a2 is None:
            a2 = actor_from(subj, mentions)
        if a1 is None:
            a1 = _instrument_agent(verb, mentions, t_chars)
    else:
        if a1 is None:
            a1 = actor_from(subj, mentions)
        if a2 is None:
            tgt = obj if obj is not None else _prep_obj(verb, TARGET_PREPS)
            a2 = actor_from(tgt, mentions)
    if verb.dep_ == "acl" and a2 is None and not passive:
        a2 = None
    return a1, a2
