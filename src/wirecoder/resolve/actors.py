"""Actor resolution in context: event actors, people coreference, quote speakers, attributions.

Runs after event detection. It

* settles the **focus country** from the place mentions (where the text
  places things) and gives it to generic mentions that have no country of
  their own ("police" in a Nigerian story -> Police Forces of Nigeria);
* fills ``canonical`` / ``category`` / ``inter`` / ``country`` of every
  ``event.actor1`` / ``actor2`` / ``associated_actors`` from its mention (or,
  for an actor the events stage built from a bare noun, from the knowledge base
  and the group-noun lexicon); unknown groups keep their surface name;
* resolves **people**: a surname repeat ("Dillon") takes the full name, a
  pronoun ("he") or role noun ("the spokesman") the nearest person before it
  (by role where the role matches);
* normalises ``Quote.speaker`` and ``event.attribution.source`` to the full
  named person when they refer to one; descriptions ("a US military
  official") stay as written.

DOCS: docs/actors.md
"""

from __future__ import annotations

import os
import re
from collections import Counter

from .. import lookups
from ..doc import ActorMention, Article, EventActor
from ..kb.actors import ActorEntry, ActorKB, fold_key, load_kb
from ..pipeline import Stage
from ..registry import stages

PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
#: "the spokesman", "a senior army commander": a role noun that refers back to a named person.
ROLE_RE = re.compile(
    r"^(?:the|this|that|a|an)?\s*(?:[a-z-]+\s+){0,2}(?P<role>"
    + "|".join(lookups.word_list("lexicons/actors.en.toml", "reference_roles"))
    + r")$",
    re.I,
)
#: Votes of the focus country from the place mentions (``data/weights/resolve_actors.toml``).
WEIGHTS = lookups.weights("resolve_actors")


def _person_before(article: Article, pos: int, role: str | None = None) -> ActorMention | None:
    """The nearest named person mentioned before ``pos``; with ``role``, the nearest one the text gives that role
    ("the governor" is no earlier "President Zelenskiy": without a governor named, the role noun stays as written)."""
    people = [m for m in article.mentions.actors if m.kind == "person" and m.end <= pos]
    if role:
        people = [p for p in people if p.role == role]
    return people[-1] if people else None


def resolve_reference(article: Article, text: str | None, pos: int) -> ActorMention | None:
    """The person a speaker/source string refers to, if it names or points to one.

    article (Article): the article (its person mentions are used).
    text (str | None): the reference as written ("he", "Dillon", "the spokesman").
    pos (int): where the reference occurs (character offset).
    RETURNS (ActorMention | None): the person mention whose canonical name is meant.
    """
    if not text:
        return None
    key = fold_key(text)
    if key in PRONOUNS:
        return _person_before(article, pos)
    people = [m for m in article.mentions.actors if m.kind == "person"]
    words = key.split()
    # a surname alone or a name ends with the person's surname ("Dillon", "Col. Dillon"); a common noun phrase does
    # not ("The Gran Grif gang" is no person "Gang" of "Gang members ...", however the tagger read those)
    surname = bool(words) and text.split()[-1][:1].isupper() and words[0] not in ("the", "a", "an")
    for p in people:
        names = fold_key(p.canonical or "").split()
        if names and words and ((surname and words[-1] == names[-1]) or key == " ".join(names)):
            return p
    m = ROLE_RE.match(key)
    if m and key.split()[0] in ("the", "this", "that"):
        return _person_before(article, pos, m.group("role").lower())
    return None


def focus_from_places(article: Article) -> str | None:
    """The country the article is about: place mentions (location role) plus the mention stage's guess.

    The mention stage's guess (state aliases, demonyms, bare names) counts as several places; in
    upper-case wire copy, where toponym finding is noisy, it decides alone when it has one. The
    first place (often the dateline) counts more (weights: ``data/weights/resolve_actors.toml``).
    """
    guess = article.focus_country
    if guess and article.upper_case:
        return guess
    votes: Counter[str] = Counter()
    for i, p in enumerate(article.mentions.places):
        if getattr(p, "role", "location") not in ("location", None):
            continue
        # the stage runs before resolve_geo: a place's country is that of its first gazetteer candidate
        cc = None
        if p.candidates:
            first = p.candidates[0]
            if isinstance(first, dict):
                cc = first.get("country_code") or first.get("cc")
            else:
                cc = getattr(first, "cc", None) or getattr(first, "country_code", None)
        if cc:
            votes[cc] += WEIGHTS["focus_first_place"] if i == 0 else WEIGHTS["focus_place"]
    if guess:
        votes[guess] += WEIGHTS["focus_mention_guess"]
    if votes:
        return votes.most_common(1)[0][0]
    return guess


def _take_entry(m: ActorMention, entry: ActorEntry | None, kind: bool = False) -> None:
    """Give a mention a knowledge-base entry's name, country, id and sector (and, with ``kind``, its category and
    inter code); nothing when there is no entry."""
    if entry is None:
        return
    m.canonical, m.country, m.entry_id, m.sector = entry.canonical, entry.country, entry.id, entry.sector
    if kind:
        m.category, m.inter = entry.category, entry.inter


def fix_generic(m: ActorMention, kb: ActorKB, focus: str | None, upper_case: bool = False) -> None:
    """Give a generic mention without its own country the focus country (and its state entry).

    A state noun the mention stage left without an entry ("soldiers" before any country was guessed) takes
    the focus country's state entry, except in upper-case wires, whose focus comes from the guess alone."""
    if m.kind != "generic" or m.resolved:
        return
    noun = kb.nouns.get(m.noun) if m.noun else None
    if focus is None:
        return
    if m.entry_id and m.entry_id.startswith("state:"):
        _take_entry(m, kb.state_entry(focus, m.entry_id.rsplit(":", 1)[1]))
        return
    if noun is not None and noun.target.startswith("state:"):
        if not upper_case:
            _take_entry(m, kb.state_entry(focus, noun.target.split(":", 1)[1]), kind=True)
        return
    if noun is not None and "{country}" in noun.target:
        name = kb.country_names.get(focus)
        if name and m.inter != 8:
            m.canonical = noun.target.replace("{country}", name)
            m.country = focus


def fix_person(m: ActorMention, kb: ActorKB, focus: str | None) -> None:
    """A person whose affiliation came from the focus guess ("President X" with no country) takes the better focus."""
    entry_id = m.affiliation_entry
    if m.kind != "person" or m.affiliation_resolved or not entry_id or focus is None:
        return
    entry = kb.state_entry(focus, entry_id.rsplit(":", 1)[1])
    if entry is not None:
        m.affiliation, m.country, m.affiliation_entry = entry.canonical, entry.country, entry.id


def fill_actor(actor: EventActor, kb: ActorKB, focus: str | None) -> None:
    """Canonical/category/inter/country of an event actor from its mention or, failing that, its name."""
    m = actor.mention
    if m is not None:
        actor.canonical = m.canonical if m.kind != "person" or not m.affiliation else m.canonical
        actor.category, actor.inter, actor.country = m.category, m.inter, m.country
        return
    entries = kb.lookup(actor.name)
    if entries:
        e = next((x for x in entries if x.country == focus), entries[0])
        actor.canonical, actor.category, actor.inter, actor.country = e.canonical, e.category, e.inter, e.country
        return
    words = fold_key(actor.name).split()
    for n in range(len(words), 0, -1):
        noun = kb.nouns.get(" ".join(words[-n:]))
        if noun is None:
            continue
        actor.category, actor.inter = noun.category, noun.inter
        if noun.target.startswith("state:"):
            entry = kb.state_entry(focus, noun.target.split(":", 1)[1])
            if entry is not None:
                actor.canonical, actor.country = entry.canonical, entry.country
        else:
            name = kb.country_names.get(focus) if focus else None
            actor.canonical = noun.target.replace("{country}", name) if name else None
            actor.country = focus if noun.inter != 8 else None
        return


def mention_stage_files(config: dict) -> list[str] | str | None:
    """The ``extra_files`` setting of the configured actor mentions stage (``wirecoder.actor_mentions.v1``)."""
    entries = [e for e in (config.get("stages") or {}).values() if isinstance(e, dict)]
    for entry in entries:
        if entry.get("factory") == "wirecoder.actor_mentions.v1" and entry.get("extra_files"):
            return entry["extra_files"]
    return None


class ResolveActors(Stage):
    """Resolve actors in context (see module docstring).

    config (dict): the pipeline configuration.
    extra_files (list[str] | str | None): user actor files; by default those of the pipeline's actor
        mentions stage, so that both stages use one knowledge base.
    """

    requires = (
        "mentions.actors",
        "mentions.places",
        "mentions.quotes",
        "events",
        "article.focus_country",
        "article.upper_case",
    )
    assigns = ("mentions.actors", "mentions.quotes", "event.actors", "event.attribution")

    def __init__(self, config: dict, extra_files: list[str] | str | None = None) -> None:
        if not extra_files:
            extra_files = mention_stage_files(config)
        if isinstance(extra_files, str):
            extra_files = [p for p in extra_files.split(os.pathsep) if p]
        self.kb = load_kb(list(extra_files or []))

    def __call__(self, article: Article) -> Article:
        focus = focus_from_places(article)
        for m in article.mentions.actors:
            fix_generic(m, self.kb, focus, article.upper_case)
            fix_person(m, self.kb, focus)
        for q in article.mentions.quotes:
            ref = resolve_reference(article, q.speaker, q.start)
            if ref is not None:
                if q.speaker_as_written is None:
                    q.speaker_as_written = q.speaker
                q.speaker = ref.canonical
        for ev in article.events:
            pos = ev.trigger.start if ev.trigger is not None else 0
            for actor in [ev.actor1, ev.actor2, *ev.associated_actors, *ev.associated_actors_2]:
                if actor is None:
                    continue
                if actor.mention is None and (fold_key(actor.name) in PRONOUNS or ROLE_RE.match(fold_key(actor.name))):
                    ref = resolve_reference(article, actor.name, pos)  # "he fired", "the commander ordered"
                    if ref is not None:
                        actor.mention = ref
                fill_actor(actor, self.kb, focus)
            if ev.attribution is not None and ev.attribution.source:
                ref = resolve_reference(article, ev.attribution.source, pos)
                if ref is not None:
                    if ev.attribution.source_as_written is None:
                        ev.attribution.source_as_written = ev.attribution.source
                    ev.attribution.source = ref.canonical
        return article


@stages.register("wirecoder.resolve_actors.v1")
def make_resolve_actors(config: dict, *, extra_files: list[str] | str | None = None) -> ResolveActors:
    """Factory of the actor-resolution stage.

    extra_files (list[str] | str | None): user actor files (default: the actor mentions stage's).
    """
    return ResolveActors(config, extra_files=extra_files)
