"""Pay policy and working-time rules: the settings a provider, union or commissioner can change.

Defaults follow docs/rules.md section 3; every one is a named setting so it can be shown
beside the results. A policy is read from TOML (see rates/policies/default.toml).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from payfair.config_file import NUMBER, Key, Schema, Table, load, validate
from payfair.resources import rates_path

DEFAULT_POLICY_PATH = rates_path("policies", "default.toml")

#: A travel or waiting rate given as this string is paid at the worker's contact rate.
AT_CONTACT_RATE = "contact"


@dataclass(frozen=True)
class Rules:
    """How gaps between events become working time (rules §3)."""

    break_threshold_minutes: float = 60.0
    """Idle time above this is a break, not waiting (rules §3.4; Haringey homecare case)."""
    count_commute: bool = False
    """Count travel to the first event of a run (Tyco-style scenario; not UK NMW law)."""
    count_travel_across_breaks: bool = False
    """Count the journey after a break as working travel (rules §3.5)."""
    assumed_speed_mph: float | None = None
    """Turn miles into minutes when a rota gives miles but no minutes (rules §3.2)."""
    vehicle_cost_per_mile: float | None = None
    """Own-car cost above the mileage paid, as a reduction in NMW pay (rules §4; open point)."""


@dataclass(frozen=True)
class PayPolicy:
    """How the worker is paid when the rota carries no pay (rules §4)."""

    contact_rate: float = 12.71
    other_rate: float | None = None  # training and office time; None = contact rate
    travel_rate: float | str = 0.0  # £/h; 0 = unpaid; "contact" = at the contact rate
    waiting_rate: float | str = 0.0
    mileage_rate: float = 0.0  # £/mile, an expense: never counts for NMW pay
    weekend_premium: float = 0.0  # £/h extra on Saturday and Sunday contact time
    bank_holiday_multiplier: float = 1.0  # on contact time; the part above 1 is a premium
    role_floor: dict[str, float] = field(default_factory=dict)  # role -> £/h; "*" = all roles
    rules: Rules = field(default_factory=Rules)
    name: str = "default"
    sources: dict[str, str] = field(default_factory=dict)

    def with_rules(self, **changes: Any) -> PayPolicy:
        """A copy with some rules changed (None values are ignored)."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, rules=replace(self.rules, **changes))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: Most that any rate in £ an hour may be: above this a figure is a typing slip (say, pence for
#: pounds, or a yearly salary), not a pay rate.
MAX_RATE_PER_HOUR = 1000.0
#: Most that a cost per mile may be (HMRC's approved mileage rate is 45p, rules §6).
MAX_PER_MILE = 5.0

_RATE = {"minimum": 0.0, "maximum": MAX_RATE_PER_HOUR, "unit": "£ an hour"}

PAY_KEYS: dict[str, Key] = {
    "contact_rate": Key(NUMBER, "pounds an hour for time in clients' homes, e.g. 12.80", **_RATE),
    "other_rate": Key(NUMBER, "pounds an hour for training and office time", **_RATE),
    "travel_rate": Key(
        (*NUMBER, str),
        f'pounds an hour for travel between visits: 0 = unpaid, "{AT_CONTACT_RATE}" = at the '
        "contact rate",
        choices=(AT_CONTACT_RATE,),
        **_RATE,
    ),
    "waiting_rate": Key(
        (*NUMBER, str),
        f'pounds an hour for waiting between visits: 0 = unpaid, "{AT_CONTACT_RATE}" = at the '
        "contact rate",
        choices=(AT_CONTACT_RATE,),
        **_RATE,
    ),
    "mileage_rate": Key(
        NUMBER, "pounds a mile paid as an expense, e.g. 0.45", 0.0, MAX_PER_MILE, unit="£ a mile"
    ),
    "weekend_premium": Key(
        NUMBER, "pounds an hour extra on Saturday and Sunday contact time", **_RATE
    ),
    "bank_holiday_multiplier": Key(
        NUMBER, "1 = no enhancement, 1.5 = time and a half on bank holidays", 1.0, 10.0
    ),
    "role_floor": Table(
        Key(NUMBER, 'a pay floor in pounds an hour for a role ("*" = every role)', **_RATE),
        meaning="role name = pounds an hour",
    ),
}

RULE_KEYS: dict[str, Key] = {
    "break_threshold_minutes": Key(
        NUMBER,
        "minutes of idle time above which a gap is a break, not waiting (60 by default, "
        "payfair rules §3.4, docs/rules.md)",
        0.0,
        24 * 60.0,
        unit="minutes",
    ),
    "count_commute": Key(
        (bool,),
        "true or false: count travel to the first visit (payfair rules §3.6, docs/rules.md)",
    ),
    "count_travel_across_breaks": Key(
        (bool,),
        "true or false: count the journey after a break (payfair rules §3.5, docs/rules.md)",
    ),
    "assumed_speed_mph": Key(
        NUMBER,
        "miles an hour used to turn miles into minutes when a rota gives no minutes "
        "(payfair rules §3.2, docs/rules.md)",
        1.0,
        100.0,
        unit="mph",
    ),
    "vehicle_cost_per_mile": Key(
        NUMBER,
        "own-car cost in pounds a mile above the mileage paid (payfair rules §4, docs/rules.md)",
        0.0,
        MAX_PER_MILE,
        unit="£ a mile",
    ),
}

#: A pay policy file: `name`, `[pay]` (with `[pay.role_floor]`), `[rules]`, `[sources]`.
POLICY_SCHEMA = Schema(
    sections={
        "pay": PAY_KEYS,
        "rules": RULE_KEYS,
        "sources": Table(Key((str,), "where a setting's value comes from"), meaning="key = text"),
    },
    top={"name": Key((str,), "a short name for the policy, shown beside results")},
)


def load_policy(path: str | Path | None = None) -> PayPolicy:
    """Read and validate a pay policy TOML file: name, [pay], [pay.role_floor], [rules],
    [sources]. Any problem is a ConfigError naming the file, the key and the fix."""
    source = Path(path) if path else DEFAULT_POLICY_PATH
    data = load(source, POLICY_SCHEMA)
    return policy_from_dict(data, file=str(source))


def policy_from_dict(data: dict[str, Any], *, file: str = "policy") -> PayPolicy:
    """Build a PayPolicy from parsed TOML, validated against POLICY_SCHEMA first (unknown
    sections or keys, wrong types and out-of-range values are ConfigErrors)."""
    validate(data, POLICY_SCHEMA, file=file)
    pay = dict(data.get("pay", {}))
    rules = dict(data.get("rules", {}))
    # Whole numbers are fine in TOML (60, 12); the engine works in floats.
    for section in (pay, rules):
        for key, value in section.items():
            if isinstance(value, int) and not isinstance(value, bool):
                section[key] = float(value)
    if "role_floor" in pay:
        pay["role_floor"] = {str(k): float(v) for k, v in pay["role_floor"].items()}
    return PayPolicy(
        **pay,
        rules=Rules(**rules),
        name=str(data.get("name", Path(file).stem)),
        sources={str(k): str(v) for k, v in data.get("sources", {}).items()},
    )
