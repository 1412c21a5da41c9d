"""The words payfair reads in a rota's kind and status columns, matched as whole words.

Why: a kind or status decides whether time counts as work (rules §1-3). Matching by substring
read "Sleep-in visit" as a visit (9 hours counted) and "Not completed" / "Incomplete" as worked.
Here a value is split into words and matched against a known vocabulary:

1. the whole value is a known phrase ("care visit", "checked out", "client cancelled");
2. a kind payfair does not model (sleep-in, on-call, waking night) anywhere in it, as whole
   words, rejects the row naming that kind (rules §1: rejected until payfair supports it);
3. a status saying the event did not happen ("not completed", "incomplete", "no show") is never
   counted as worked: rejected, unless the value also says cancelled;
4. otherwise the known words it contains, if they all mean the same thing ("visit (double up)");
5. anything else is unknown: rejected with the words payfair knows.

Used by payfair.rota.validate_events; the importers can use `classify` for layouts' own words.
Vectorised over the distinct values (a rota has a handful), never a loop over rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Canonical kind → phrases (lower case, words separated by one space).
KIND_PHRASES: dict[str, tuple[str, ...]] = {
    "visit": (
        "visit", "care visit", "homecare", "home care", "homecare visit", "home care visit",
        "call", "care call", "care", "personal care", "domiciliary care", "dom care", "domcare",
        "double up", "booking", "visit call",
    ),
    "training": (
        "training", "training session", "course", "induction", "shadowing", "shadow shift",
        "e learning", "elearning",
    ),
    "office": (
        "office", "office duty", "office shift", "office supervision", "supervision", "meeting",
        "team meeting", "admin", "appraisal", "spot check", "spotcheck",
    ),
}  # fmt: skip

#: Kinds payfair does not model yet (rules §1): rejected with a reason naming them.
UNSUPPORTED_KINDS: dict[str, tuple[str, ...]] = {
    "sleep-in": ("sleep in", "sleepin", "sleep ins", "sleeping night", "sleep over", "sleepover"),
    "on-call": ("on call", "oncall", "standby", "stand by"),
    "waking night": ("waking night", "waking nights", "waking shift", "night waking"),
    "live-in": ("live in", "livein"),
}

STATUS_PHRASES: dict[str, tuple[str, ...]] = {
    "completed": (
        "completed", "complete", "delivered", "done", "verified", "attended", "checked out",
        "checkedout", "visited", "confirmed", "approved", "actual", "worked",
    ),
    "cancelled": (
        "cancelled", "canceled", "cancelled paid", "cancelled unpaid", "client cancelled",
        "cancelled by client", "missed", "not delivered", "cancellation",
    ),
}  # fmt: skip

#: Statuses that say the event did not happen (or not fully): never counted as worked.
NOT_WORKED: tuple[str, ...] = (
    "not completed", "not complete", "incomplete", "uncompleted", "not done", "not attended",
    "not visited", "no show", "did not attend", "not started", "in progress", "pending",
    "planned", "scheduled", "unconfirmed", "not verified",
)  # fmt: skip


def words(values: pd.Series) -> pd.Series:
    """Values as lower-case words joined by one space ("Sleep-In  Visit" → "sleep in visit")."""
    text = values.astype("string").fillna("").str.lower()
    return text.str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip().astype(str)


def _has(phrase_words: str, phrase: str) -> bool:
    return f" {phrase} " in f" {phrase_words} "


def _classify_one(
    value: str, phrases: dict[str, tuple[str, ...]], what: str, extra: dict[str, str]
) -> tuple[str | None, str]:
    """(canonical, reason) for one distinct value (already as words)."""
    squashed = value.replace(" ", "")
    for canonical, known in phrases.items():
        if value in known:
            return canonical, ""
    if value in extra or squashed in extra:
        return extra.get(value) or extra[squashed], ""
    if what == "kind":
        for name, known in UNSUPPORTED_KINDS.items():
            if any(_has(value, p) for p in known):
                return None, (
                    f"is a {name}, which payfair does not model yet: leave it out of the rota, "
                    "or give the time that counts as working time its own row with a kind "
                    "payfair reads: use one of " + ", ".join(phrases)
                )
    cancelled = what == "status" and any(_has(value, p) for p in STATUS_PHRASES["cancelled"])
    if cancelled:  # "Cancelled - not completed": cancelled, never worked (rules §3 end)
        return "cancelled", ""
    if what == "status":
        for phrase in NOT_WORKED:
            if _has(value, phrase):
                return None, (
                    f"says '{phrase}', so payfair does not count it as worked: use one of "
                    + ", ".join(phrases)
                    + " (cancelled with its pay if it was paid)"
                )
    found = {c for c, known in phrases.items() if any(_has(value, p) for p in known)}
    if len(found) == 1:
        return found.pop(), ""
    if len(found) > 1:
        return None, f"could mean {' or '.join(sorted(found))}: use one of " + ", ".join(phrases)
    return None, "is not one payfair knows: use one of " + ", ".join(phrases)


def classify_distinct(
    values: pd.Series, what: str, default: str, extra: dict[str, str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes, canonical, reason): `classify` worked once per distinct value. Row i's
    canonical word is `canonical[codes[i]]` (None where unusable) and its reason
    `reason[codes[i]]` ("" where usable). Why: a rota has a handful of distinct kinds and
    statuses over a million rows, so the rows are factorized first and only the distinct
    values are turned into words (lower case, punctuation as spaces) and matched."""
    if what not in ("kind", "status"):
        raise ValueError("what must be 'kind' or 'status'")
    phrases = KIND_PHRASES if what == "kind" else STATUS_PHRASES
    extra = {re.sub(r"[^0-9a-z]+", " ", k.lower()).strip(): v for k, v in (extra or {}).items()}
    extra.update({k.replace(" ", ""): v for k, v in extra.items()})
    from payfair.rota import codes_and_distinct  # payfair.rota builds on this module

    codes, distinct = codes_and_distinct(values)  # missing is one value
    norm = words(distinct).tolist()
    known: dict[str, tuple[str | None, str]] = {}  # distinct values can share their words
    for u in norm:  # one per distinct value: a handful, not one per row
        if u not in known:
            known[u] = (default, "") if u == "" else _classify_one(u, phrases, what, extra)
    canon = np.array([known[u][0] for u in norm], dtype=object)
    reason = np.array([known[u][1] for u in norm], dtype=object)
    return codes, canon, reason


def classify(
    values: pd.Series, what: str, default: str, extra: dict[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """(canonical, reason) per row for a kind (`what="kind"`) or status column.

    Blank values take `default`. `canonical` is NA where the value cannot be used; `reason`
    says why ("" where it can). `extra` adds a layout's own words (value → canonical)."""
    codes, canon, reason = classify_distinct(values, what, default, extra)
    return (
        pd.Series(canon[codes], index=values.index, dtype=object),
        pd.Series(reason[codes], index=values.index, dtype=object),
    )


__all__ = [
    "KIND_PHRASES",
    "NOT_WORKED",
    "STATUS_PHRASES",
    "UNSUPPORTED_KINDS",
    "classify",
    "classify_distinct",
    "words",
]
