"""The events stage: detect, classify and argument every event an article reports.

For each sentence the trigger lexicon is tried first (a set lookup per token);
only sentences with a trigger are looked at further. Triggers are grouped by
the clause they sit in (so "were killed in an airstrike" is one mention and
"troops shelled the town and protesters marched" two), each group is classified
into an ACLED sub-event type from the weights of its triggers and the
sentence's context cues, and given modality, actors and attribution. Mentions
of the same real-world event are then merged (``merge.py``).

Registered as ``wirecoder.events.v1``. Settings: ``extra_lexicons`` (list of TSV
paths in the format of ``data/lexicons/triggers.en.tsv``), ``min_score``
(least summed trigger weight for a mention, default 1.0).

DOCS: docs/events.md
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..analysis.spans import tree_depth
from ..doc import Article, Event, Span
from ..pipeline import Stage
from ..registry import stages
from . import taxonomy
from .arguments import PERSON_NOUNS, find_actors
from .attribution import REPORTING, find_attribution
from .merge import merge_events
from .modality import modality_of
from .triggers import Entry, Lexicon, Match, load_lexicon

# Dependency labels that open a new clause when walking up from a trigger.
CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj"})
# Verbs and nouns for which a weapon is a thing handled, not used: "police seized rifles", "an IED was defused".
DISRUPT = frozenset({"seize", "find", "discover", "recover", "defuse", "confiscate", "unearth", "intercept", "destroy",
                     "dismantle", "neutralize", "neutralise", "detect", "uncover", "locate", "surrender", "seizure",
                     "cache", "stash", "haul", "recovery", "discovery", "possession", "smuggle", "smuggling",
                     "deactivate", "disarm", "hand", "shoot", "down", "impound", "stockpile", "depot", "store",
                     "trafficking", "traffic", "collect", "possess", "sell", "buy", "supply", "deliver",
                     "transport"})
# Nouns a weapon word may modify and still be used: "missile attack", "rocket fire", "mortar shelling".
USE_HEADS = frozenset({"attack", "fire", "strike", "barrage", "salvo", "shelling", "explosion", "blast",
                       "bombardment", "launch", "hit", "volley", "raid", "assault", "ambush", "bombing", "shot",
                       "round", "impact"})
WEAPON_HEADS = USE_HEADS | frozenset({"projectile", "shell", "rocket", "missile", "bomb", "grenade", "munition",
                                      "barrel", "device", "mortar", "weapon", "agent", "canister", "cylinder"})
PASS_THROUGH = frozenset({"include", "contain", "comprise", "be", "have", "consist"})
EXPLOSIVE = frozenset({"Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
                       "Air/drone strike", "Chemical weapon", "@bomb", "@capture", "Suicide bomb"})
CIVILIAN_HEADS = frozenset({"civilian", "villager", "resident", "people", "person", "man", "woman", "child",
                            "boy", "girl", "student", "worker", "farmer", "journalist", "family", "population",
                            "passenger", "worshipper", "teacher", "doctor", "trader", "shopkeeper", "pilgrim",
                            "community", "village", "home", "house", "activist", "protester", "demonstrator",
                            "herder", "victim", "relative", "official", "leader", "driver"})
ARMED_HEADS = frozenset({"soldier", "troop", "army", "military", "militant", "insurgent", "rebel", "guerrilla",
                         "fighter", "terrorist", "jihadist", "militia", "militiaman", "force", "police",
                         "policeman", "officer", "personnel", "jawan", "patrol", "convoy", "base", "post",
                         "checkpoint", "position", "commander", "gunman", "attacker", "unit", "battalion",
                         "squad", "guard"})
# Disrupted-weapons triggers that need a weapon as their object ("intercepted a missile").
# Arrest verbs that also mean something else ("apprehend trouble" = fear it).
PERSON_OBJECT_NEEDED = frozenset({("apprehend",), ("nab",), ("detain",), ("round", "up")})
OBJECT_DEPENDENT = frozenset({("intercept",), ("down",), ("shoot", "down"), ("neutralise",), ("neutralize",),
                              ("foil",), ("thwart",)})
# Objects that make "foiled/thwarted" a disrupted weapons use.
ATTACK_OBJECTS = frozenset({"attack", "plot", "bombing", "attempt", "blast", "explosion", "strike"})
# Determiners and modifiers that make a plural event noun generic: "such attacks", "their attacks".
GENERIC_DETS = frozenset({"such", "these", "those", "their", "its", "his", "her", "our", "any", "all", "many",
                          "more", "some", "most", "frequent", "constant", "repeated", "recent", "past", "previous",
                          "future", "further", "possible", "terrorist", "continued", "numerous"})
# Objects of "captured"/"seized" that make it an arrest, not territory.
PERSON_OBJECTS = frozenset({"attacker", "suspect", "man", "woman", "member", "militant", "rebel", "guerrilla",
                            "terrorist", "fighter", "soldier", "leader", "commander", "trafficker", "gunman",
                            "assailant", "people", "person", "criminal", "bandit", "insurgent", "kidnapper",
                            "robber", "smuggler", "individual", "youth", "boy", "policeman", "officer"})
PSEUDO_FAMILY = {"@force": "protest", "@violence": "violence", "@bomb": "violence", "@protest": "protest",
                 "@capture": "territory"}
# Head nouns that a trigger may modify and still evoke an event ("shooting incident", "protest march").
MOD_OK_HEADS = frozenset({"incident", "spree", "wave", "victim", "attack", "case", "operation", "campaign"})
# Things deployed that are not troops: "police deployed tear gas".
NOT_DEPLOYED = frozenset({"gas", "teargas", "cannon", "spray", "bullet", "grenade", "shell", "canister"})
VERBAL_MODS = frozenset({"verbal", "blistering", "scathing", "sharp", "strong", "veiled", "personal", "political",
                         "fierce", "vitriolic", "great", "renewed", "sharpest",
                         "stinging", "bitter", "scurrilous", "frontal", "virulent"})
ABSTRACT_TARGETS = frozenset({"budget", "policy", "remark", "statement", "speech", "decision", "plan", "bill", "law",
                              "move", "report", "comment", "idea", "proposal", "stand", "stance", "record",
                              "performance", "handling", "approach", "role", "silence", "inaction", "claim",
                              "democracy", "constitution", "freedom", "sentiment", "credibility", "integrity",
                              "secularism", "ideology", "agenda", "manifesto", "verdict", "ruling", "order",
                              "problem", "issue", "poverty", "corruption", "inflation", "price", "target"})
NON_TERRITORY = frozenset({"rein", "reins", "charge", "office", "post", "responsibility", "command", "portfolio",
                           "helm", "job", "role", "chair", "presidency", "leadership", "initiative", "lead",
                           "opportunity", "body", "jewellery", "property", "money", "cash", "vehicle", "car"})
PLACE_NOUNS = frozenset({"town", "village", "city", "area", "base", "territory", "region", "district", "position",
                         "hill", "airport", "border", "crossing", "checkpoint", "post", "control", "province",
                         "county", "neighbourhood", "neighborhood", "outpost", "camp", "barracks", "headquarters",
                         "locality", "settlement", "zone", "stronghold", "bastion", "port", "island", "oilfield",
                         "field", "mine", "road", "highway", "bridge", "building", "compound", "station", "part",
                         "parts", "swathe", "capital", "suburb", "valley", "mountain", "front", "frontline", "most",
                         "much", "rest", "municipality", "facility", "dam", "palace", "ministry", "it"})
CHARGE_WORDS = frozenset({"book", "booked", "charge", "charged", "accuse", "accused", "convict", "convicted",
                          "acquit", "acquitted", "try", "tried", "sentence", "sentenced", "allegation",
                          "accusation", "trial", "conviction", "indict", "indicted", "guilty"})
MOVE_PREPS = frozenset({"in", "into", "on", "toward", "towards", "to", "through"})
MONTHISH = frozenset({"march", "may"})
STATE_WORDS = frozenset({"army", "troops", "troop", "military", "soldiers", "soldier", "forces", "force", "police",
                         "government", "regime", "coalition", "navy", "jets", "warplanes", "aircraft"})



def clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    steps = 0
    while steps < 30:
        steps += 1
        if tok.dep_ in CLAUSE_DEPS or tok.head is tok:
            return tok
        if tok.dep_ == "conj" and (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
            return tok
        tok = tok.head
    return tok


def _is_state_name(doc, name: str, sent: SpacySpan) -> bool:
    """True when a fallback actor name is tagged as a country (GPE) in the sentence."""
    return any(ent.label_ == "GPE" and (ent.text in name or name in ent.text) for ent in sent.ents)


def weapon_handled(tok: Token) -> bool:
    """True when a weapon word is the thing seized, found or defused rather than used."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head is cur:
            return False
        lemma = head.lemma_.lower()
        if lemma in USE_HEADS:
            return False  # "a grenade attack", "carried out with grenades" via the attack noun
        if cur.dep_ in ("dobj", "nsubjpass", "pobj", "conj", "appos", "compound", "nmod", "amod", "attr",
                        "nsubj", "prep", "relcl", "acl", "dep", "npadvmod"):
            if lemma in DISRUPT and cur.dep_ != "nsubj":
                return True
            if head.pos_ in ("VERB", "AUX") and lemma not in PASS_THROUGH and cur.dep_ not in ("relcl", "acl"):
                return False
            cur = head
            continue
        return False
    return False


def victim_kind(actor2, sent: SpacySpan) -> str | None:
    """"civilian" or "armed" from the target's head noun, None when unknown."""
    if actor2 is None:
        return None
    if actor2.category:
        cat = actor2.category.lower()
        if "civilian" in cat or "protester" in cat or "rioter" in cat:
            return "civilian"
        if any(w in cat for w in ("state", "rebel", "militia", "military", "police", "political")):
            return "armed"
    words = actor2.name.lower().replace("-", " ").split()
    if not words:
        return None
    last = words[-1].rstrip("s") if words[-1] not in ("police", "forces") else words[-1].rstrip("s")
    for w in (last, words[-1]):
        if w in ARMED_HEADS or w.rstrip("e") in ARMED_HEADS:
            return "armed"
        if w in CIVILIAN_HEADS or w in ("people", "men", "women", "children"):
            return "civilian"
    return None


def _modifier_only(doc, m: Match, trig_tokens: set[int]) -> bool:
    """True for a trigger that only modifies a noun: "riot police", "arrest warrant", "fighting vehicles"."""
    top = _top_token(doc, m)
    if top.dep_ not in ("compound", "amod", "nmod"):
        return m.entry.pattern[0] in ("deploy", "dispatch") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in NOT_DEPLOYED for c in top.children
        )
    head = top.head
    if head.i <= top.i or head.pos_ not in ("NOUN", "PROPN") or m.start <= head.i < m.end:
        return False
    return head.i not in trig_tokens and head.lemma_.lower() not in MOD_OK_HEADS


def _non_specific(doc, m: Match, sent: SpacySpan) -> bool:
    """True for a plural event noun that names a kind of event, not one event: "such attacks",
    "their ambushes", "terrorist attacks on the pipeline" in a sentence with no date or number."""
    top = _top_token(doc, m)
    if top.tag_ != "NNS" or m.end - m.start > 1:
        return False
    lemma = top.lemma_.lower()
    if lemma.endswith(("er", "or", "man", "men", "ist")):
        return False  # participants ("protesters", "gunmen") are people, not kinds of event
    mods = [c for c in top.children if c.dep_ in ("det", "amod", "poss", "compound", "nummod", "predet")]
    if any(c.dep_ == "nummod" or c.like_num for c in mods):
        return False
    generic_mod = any(c.lower_ in GENERIC_DETS or c.lemma_.lower() in GENERIC_DETS for c in mods)
    bare = not any(c.dep_ in ("det", "poss") for c in mods)
    anchored = any(t.ent_type_ in ("DATE", "TIME", "CARDINAL") or t.like_num for t in sent)
    role = top.dep_ if top.dep_ != "conj" else top.head.dep_
    return generic_mod or (bare and not anchored and role in ("pobj", "dobj"))


def _placeish(tok: Token, places: list[tuple[int, int]]) -> bool:
    """True when a noun names a place or territory: a place mention, a place noun or a location entity."""
    if any(s <= tok.idx < e for s, e in places):
        return True
    return tok.lemma_.lower() in PLACE_NOUNS or tok.ent_type_ in ("GPE", "LOC", "FAC") or tok.pos_ == "PROPN"


def _personish(tok: Token, names: list[tuple[int, int]]) -> bool:
    """True when a noun stands for people: an actor mention, a person noun or a name."""
    if any(s <= tok.idx < e for s, e in names):
        return True
    if tok.like_num or tok.lemma_.lower() in ("thousand", "hundred", "dozen", "score", "number", "group", "lot"):
        return True  # "detained thousands of protesters", "detained 304 serving officers"
    lemma = tok.lemma_.lower()
    return lemma in PERSON_NOUNS or lemma in PERSON_OBJECTS or tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in (
        "PERSON", "NORP", "ORG")


def _verbal_attack(doc, m: Match) -> bool:
    """True for "attacked the budget", "a blistering attack on the government": words, not violence."""
    if m.entry.pattern[0] not in ("attack", "assault", "target", "hit", "strike"):
        return False
    top = _top_token(doc, m)
    if any(c.lemma_.lower() in VERBAL_MODS or c.lower_ in VERBAL_MODS for c in top.children
           if c.dep_ in ("amod", "advmod")):
        return True
    objs = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
    for c in top.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "against"):
            objs += [p for p in c.children if p.dep_ == "pobj"]
    if top.dep_ == "nsubjpass" or (top.dep_ == "pobj" and top.head.dep_ == "prep"):
        pass
    return bool(objs) and all(o.lemma_.lower() in ABSTRACT_TARGETS for o in objs)


def _charge(doc, m: Match) -> bool:
    """True for an offence named as a charge: "booked for murder", "accused of the assassination"."""
    top = _top_token(doc, m)
    head = top.head
    if top.dep_ in ("pobj", "pcomp") and head.dep_ == "prep" and head.lower_ in ("for", "of", "with"):
        gov = head.head
        if gov.dep_ in ("dobj", "nsubjpass") and gov.pos_ in ("NOUN", "PROPN", "PRON"):
            gov = gov.head  # "convicted two men of the murder": the prepositional phrase hangs on the object
        return gov.lemma_.lower() in CHARGE_WORDS or gov.lower_ in CHARGE_WORDS
    return False


def _maximal(matches: list[Match]) -> list[Match]:
    """Drop triggers inside a longer match ("shell" in "tear gas shell", "strike" in "air strike")."""
    spans = [(m.start, m.end) for m in matches]
    out = []
    for m in matches:
        if m.is_trigger and any(s <= m.start and m.end <= e and (e - s) > (m.end - m.start) for s, e in spans):
            continue
        out.append(m)
    return out


def _top_token(doc, m: Match) -> Token:
    """The token of a (multi-word) match highest in the parse tree."""
    toks = [doc[i] for i in range(m.start, m.end)]
    inside = set(range(m.start, m.end))
    for t in toks:
        if t.head.i not in inside or t.head is t:
            return t
    return doc[m.head]


class DetectEvents(Stage):
    """Find event mentions sentence by sentence, classify them, and merge them into events.

    config (dict): the pipeline configuration.
    extra_lexicons (list[str]): more trigger files to load after the built-in one.
    min_score (float): least summed trigger weight that makes a mention.
    """

    requires = ("article.doc", "mentions.actors")
    assigns = ("events",)

    def __init__(self, config: dict, extra_lexicons: list[str] | None = None, min_score: float = 1.0) -> None:
        self.lexicon: Lexicon = load_lexicon(tuple(extra_lexicons or ()))
        self.min_score = float(min_score)
        self.trigger_first = frozenset(
            e.pattern[0] for e in self.lexicon.entries.values() if e.kind == "trigger"
        )

    # ------------------------------------------------------------------ finding
    def _screen(self, sent: SpacySpan) -> bool:
        first = self.trigger_first
        forms = self.lexicon.forms
        return any(f in first for t in sent for f in forms(t))

    def find_mentions(self, article: Article) -> list[Event]:
        """All event mentions of an article, unmerged, in text order."""
        doc = article.doc
        if doc is None or len(doc) == 0:
            return []
        mentions: list[Event] = []
        # names of organisations and people: "National Liberation Front" holds no event
        names = sorted((m.start, m.end) for m in article.mentions.actors if m.kind != "generic")
        for sent_index, sent in enumerate(doc.sents):
            if len(sent) > 250 or not self._screen(sent):
                continue
            matches = self.lexicon.find(sent)
            matches = _maximal(matches)
            trig = [m for m in matches if m.is_trigger and self._trigger_ok(doc, m, names)]
            trig_tokens = {i for m in trig for i in range(m.start, m.end)}
            trig = [m for m in trig if not _modifier_only(doc, m, trig_tokens) and not _non_specific(doc, m, sent)
                    and not _verbal_attack(doc, m) and not _charge(doc, m)]
            if not trig:
                continue
            trig = self._handled_weapons(doc, trig, matches, article.mentions.actors, article.mentions.places)
            cues = [m for m in matches if not m.is_trigger]
            groups: dict[int, list[Match]] = {}
            for m in trig:
                groups.setdefault(clause_head(_top_token(doc, m)).i, []).append(m)
            for members in groups.values():
                ev = self._mention(article, sent, members, cues, sent_index)
                if ev is not None:
                    mentions.append(ev)
        return mentions

    @staticmethod
    def _trigger_ok(doc, m: Match, names: list[tuple[int, int]]) -> bool:
        """False for a trigger inside a name or a date ("29 March", "Liberation Front")."""
        first, last = doc[m.start], doc[m.end - 1]
        start, end = first.idx, last.idx + len(last.text)
        capital = first.text[:1].isupper() or first.text.isupper()
        for ns, ne in names:
            if ns > start:
                break
            if ns <= start and end <= ne and capital:
                return False  # a capitalised word inside a name; "peaceful demonstrators" keeps its trigger
        if first.ent_type_ == "DATE" or last.ent_type_ == "DATE":
            return False
        if m.end - m.start == 1:
            for j in (m.start - 1, m.start + 1):
                if 0 <= j < len(doc) and doc[j].like_num and first.lower_ in MONTHISH:
                    return False
        return True

    def _handled_weapons(self, doc, trig: list[Match], matches: list[Match], article_actors=(),
                         article_places=()) -> list[Match]:
        """Turn weapons that are seized/found/defused into Disrupted weapons use triggers."""
        weapons = {m.head for m in matches if m.cls == "+weapon"}
        names = [(a.start, a.end) for a in article_actors]
        places = [(p.start, p.end) for p in article_places]
        out = []
        for m in trig:
            if m.cls == "Disrupted weapons use" and m.entry.pattern in OBJECT_DEPENDENT:
                top = _top_token(doc, m)
                obj = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
                if obj and not any(o.i in weapons or o.lemma_.lower() in ATTACK_OBJECTS for o in obj):
                    continue  # "intercepted by gunmen", "thwarted a plan": no weapon
            if m.entry.pattern in PERSON_OBJECT_NEEDED:
                top = _top_token(doc, m)
                obj = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
                if obj and not any(_personish(o, names) for o in obj):
                    continue  # "apprehending trouble": fearing, not arresting
            if m.cls == "@capture":
                top = _top_token(doc, m)
                obj = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
                obj += [c for o in obj for c in o.conjuncts]
                if obj and any(o.i in weapons for o in obj):
                    entry = Entry(m.entry.pattern, "Disrupted weapons use", 2.5, "trigger", "*")
                    out.append(Match(entry, m.start, m.end, m.head))
                    continue  # "trucks, revolvers and shotguns were seized"
                if not obj and m.entry.pattern in (("advance",), ("enter",)):
                    obj = [p for c in top.children if c.dep_ == "prep" and c.lower_ in MOVE_PREPS
                           for p in c.children if p.dep_ == "pobj"]
                    if not obj:
                        continue  # "prices advanced": no place, no territory
                if obj and all(o.lemma_.lower() in NON_TERRITORY for o in obj):
                    continue  # "took over the reins", "seized power" is not territory
                if obj and not any(_placeish(o, places) for o in obj) and not any(
                        o.lemma_.lower() in PERSON_OBJECTS for o in obj):
                    continue  # "drugs were seized", "families occupied in this business"
                if obj and all(o.lemma_.lower() in PERSON_OBJECTS for o in obj):
                    entry = Entry(m.entry.pattern, "Arrests", 2.0, "trigger", "*")
                    out.append(Match(entry, m.start, m.end, m.head))
                    continue
            if m.cls in EXPLOSIVE and m.cls != "@capture":
                top = _top_token(doc, m)
                if top.dep_ in ("compound", "amod", "nmod") and top.head.lemma_.lower() not in WEAPON_HEADS and \
                        top.head.i > top.i and top.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "a missile base", "rocket factory": the weapon names a thing, not an attack
            if m.cls in EXPLOSIVE:
                top = _top_token(doc, m)
                handled = False
                if m.cls == "@capture":
                    obj = [c for c in top.children if c.dep_ in ("dobj", "nsubjpass")]
                    handled = bool(obj) and all(o.i in weapons for o in obj)
                elif m.head in weapons or top.i in weapons:
                    handled = weapon_handled(top)
                if handled:
                    entry = Entry(m.entry.pattern, "Disrupted weapons use", max(m.weight, 2.5), "trigger", "*")
                    m = Match(entry, m.start, m.end, m.head)
            out.append(m)
        return out

    def _mention(self, article: Article, sent: SpacySpan, members: list[Match], cues: list[Match],
                 sent_index: int = 0) -> Event | None:
        doc = sent.doc
        strength = sum(m.weight for m in members)
        if strength < self.min_score:
            return None
        scores: dict[str, float] = {}
        families = {PSEUDO_FAMILY.get(m.cls) or taxonomy.family(m.cls) for m in members}
        for m in members:
            scores[m.cls] = scores.get(m.cls, 0.0) + m.weight
        # weak words ("announced") do not carry the arguments when a real trigger is there
        strong = [m for m in members if m.weight >= 0.5] or members
        anchor = min((_top_token(doc, m) for m in strong), key=lambda t: (tree_depth(t), t.i))
        trigger_idx = {i for m in members for i in range(m.start, m.end)}
        actor1, actor2 = find_actors(anchor, article.mentions.actors, trigger_idx)
        # the agent's own words do not describe the victims: "militants opened fire on residents"
        agent_span = (-1, -1)
        subj = [c for c in anchor.children if c.dep_ == "nsubj"]
        if subj:
            agent_span = (subj[0].left_edge.i, subj[0].right_edge.i + 1)
        elif actor1 is not None and actor1.mention is not None:
            span = doc.char_span(actor1.mention.start, actor1.mention.end, alignment_mode="expand")
            if span is not None:
                agent_span = (span.start, span.end)
        intervention_heads = {c.head for c in cues if c.cls == "+intervention"}
        for m in cues:
            if m.cls in ("+armed", "+civilian") and agent_span[0] <= m.start < agent_span[1]:
                continue
            if m.cls == "+violent" and (
                doc[m.head].head.i in intervention_heads or any(c.i in intervention_heads for c in doc[m.head].children)
            ):
                # "violently dispersed", "a violent crackdown": the force is the state's, not the crowd's
                scores["+lethal"] = scores.get("+lethal", 0.0) + m.weight
                continue
            # a cue for a concrete sub-type only counts beside a trigger of the same family
            # ("heavy weapons" colours a shelling, not a new base)
            if m.cls.startswith("+") or taxonomy.family(m.cls) in families:
                scores[m.cls] = scores.get(m.cls, 0.0) + m.weight
        state_agent = None
        if actor1 is not None:
            if actor1.inter in (1, 2, 3, 8) or (actor1.category or "").startswith(("State", "Military", "Police")):
                state_agent = actor1.inter in (1, 8) or (actor1.category or "").startswith(("State", "Military",
                                                                                             "Police"))
            elif any(w in actor1.name.lower().split() for w in STATE_WORDS) or (
                actor1.mention is not None and actor1.mention.kind == "state"
            ):
                state_agent = True
            elif actor1.mention is not None and actor1.mention.canonical and actor1.country:
                state_agent = actor1.mention.kind == "state"
            elif actor1.mention is None and _is_state_name(doc, actor1.name, sent):
                state_agent = True
        sub, score, generic = taxonomy.resolve(scores, state_agent, victim_kind(actor2, sent))
        if sub is None:
            return None
        # the trigger that best stands for the chosen type
        main = members[0]
        for m in sorted(members, key=lambda m: -m.weight):
            if m.cls == sub or m.cls.startswith("@"):
                main = m
                break
        trigger_tok = _top_token(doc, main)
        t_start = doc[main.start].idx
        t_end = doc[main.end - 1].idx + len(doc[main.end - 1].text)
        ev = Event(
            event_type=taxonomy.event_type(sub),
            sub_event_type=sub,
            plover=taxonomy.plover(sub),
            modality=modality_of(trigger_tok),
            actor1=actor1,
            actor2=actor2,
            attribution=find_attribution(article, trigger_tok),
            evidence=[article.span(sent.start_char, sent.end_char)],
        )
        ev.trigger = Span(t_start, t_end, article.text[t_start:t_end])
        ev.triggers = [article.span(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text))
                       for m in members]
        ev.sent_starts = [sent.start_char]
        head = clause_head(trigger_tok)
        main_clause = head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT") or (
            head.dep_ == "ccomp" and head.head.lemma_.lower() in REPORTING)
        ev.extra.update(
            score=round(score, 3),
            strength=round(strength, 3),
            generic=generic,
            trigger_lemma=trigger_tok.lemma_.lower(),
            sent_end=[sent.end_char],
            mentions=1,
            main=main_clause,
            sent_index=sent_index,
        )
        return ev

    # ------------------------------------------------------------------ stage
    def __call__(self, article: Article) -> Article:
        mentions = self.find_mentions(article)
        article.events = merge_events(mentions)
        return article


@stages.register("wirecoder.events.v1")
def make_events(config: dict, **settings) -> DetectEvents:
    """Factory for the events stage (see :class:`DetectEvents` for settings)."""
    return DetectEvents(config, **settings)
