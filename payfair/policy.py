"""Pay policy and working-time rules: the settings a provider, union or commissioner can change.

Defaults follow docs/rules.md section 3; every one is a named setting so it can be shown
beside the results. A policy is read from TOML (see rates/policies/default.toml).
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from payfair.errors import RotaError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLICY_PATH = ROOT / "rates" / "policies" / "default.toml"

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


_PAY_KEYS = {f for f in PayPolicy.__dataclass_fields__ if f not in ("rules", "name", "sources")}
_RULE_KEYS = set(Rules.__dataclass_fields__)


def load_policy(path: str | Path | None = None) -> PayPolicy:
    """Read a pay policy TOML file: [pay], [rules], optional [pay.role_floor] and [sources]."""
    path = Path(path) if path else DEFAULT_POLICY_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RotaError("policy file not found", file=str(path), fix="check the path") from None
    except tomllib.TOMLDecodeError as exc:
        raise RotaError(f"not valid TOML ({exc})", file=str(path)) from None
    return policy_from_dict(data, file=str(path))


def policy_from_dict(data: dict[str, Any], *, file: str = "policy") -> PayPolicy:
    """Build a PayPolicy from parsed TOML, naming any unknown key so typos are caught."""
    pay = dict(data.get("pay", {}))
    rules = dict(data.get("rules", {}))
    for section, got, known in (("pay", pay, _PAY_KEYS), ("rules", rules, _RULE_KEYS)):
        unknown = set(got) - known
        if unknown:
            raise RotaError(
                f"unknown setting(s) in [{section}]: {', '.join(sorted(unknown))}",
                file=file,
                fix=f"use only: {', '.join(sorted(known))}",
            )
    for key in ("travel_rate", "waiting_rate"):
        value = pay.get(key)
        if isinstance(value, str) and value != AT_CONTACT_RATE:
            raise RotaError(
                f"[pay] {key} = {value!r} is not understood",
                file=file,
                fix=f'give a number of pounds an hour, or "{AT_CONTACT_RATE}"',
            )
    return PayPolicy(
        **pay,
        rules=Rules(**rules),
        name=str(data.get("name", Path(file).stem)),
        sources={str(k): str(v) for k, v in data.get("sources", {}).items()},
    )
