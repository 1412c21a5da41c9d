"""Pay scenarios: a set of pay terms (rules §8) read from rates/scenarios/*.toml.

A scenario file has:

- `name`, `description` (one line on what it represents), optional `note`;
- `[pay]` (and `[pay.role_floor]`, optional `[rules]`): PayPolicy settings (docs/ARCHITECTURE.md
  "Settings"), e.g. a floor for all working time (`role_floor."*"`) or per Care Workforce Pathway
  role, travel and waiting paid at `"contact"` or a rate, enhancements, mileage;
- `[terms]`: sick pay (statutory or occupational, expected days a year), pension rate, holiday
  rate, training hours a year, shortest visit allowed;
- `[assumptions]`: inputs for pricing without a rota (visit length, travel and waiting per
  visit, miles, contact hours per worker a week, running costs, surplus);
- `[sources]`: where every value comes from, keyed `section.key` (e.g. `"pay.role_floor.*"`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from payfair.costing.employer_costs import CostTerms
from payfair.errors import RotaError
from payfair.policy import AT_CONTACT_RATE, PayPolicy, policy_from_dict
from payfair.resources import rates_path

SCENARIOS_DIR = rates_path("scenarios")


@dataclass(frozen=True)
class Assumptions:
    """Inputs for pricing from assumptions alone, as the published models do (rules §7)."""

    role: str = "*"  # which floor to price at (Care Workforce Pathway role, "*" = all)
    average_visit_minutes: float = 30.0
    travel_minutes_per_visit: float = 8.0
    waiting_minutes_per_visit: float = 0.0
    miles_per_visit: float = 2.0
    contact_hours_per_worker_week: float = 20.0
    running_costs_per_contact_hour: float = 0.0  # £ per contact hour
    running_costs_share: float = 0.0  # share of the fee (turnover), e.g. 0.25
    surplus_share: float = 0.03  # share of the fee (turnover)
    employer_contact_hours_per_year: float = 0.0  # for the Employment Allowance; 0 = ignore it
    contact_rate: float | None = None  # £/h paid; None = the scenario's rate for `role`
    other_minutes_per_contact_hour: float = 0.0  # training and office time the rota records
    premium_per_contact_hour: float = 0.0  # £ of enhancements (weekend, bank holiday)

    def with_changes(self, **changes: Any) -> Assumptions:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    policy: PayPolicy
    terms: CostTerms = field(default_factory=CostTerms)
    assumptions: Assumptions = field(default_factory=Assumptions)
    min_visit_minutes: float = 0.0
    note: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    path: str = ""
    sets_rules: bool = False  # the file has a [rules] section (else the current rules are kept)

    def rate_for(self, role: str | None = None, own_rate: float | None = None) -> float:
        """The contact rate a worker of `role` is paid: their own (or the policy's) contact rate,
        raised to the role's floor (or the `"*"` floor)."""
        floor = self.floor_for(role)
        base = self.policy.contact_rate if own_rate is None else own_rate
        return float(max(base, floor))

    def time_rate(self, which: str, role: str | None = None) -> float:
        """The £/h for travel or waiting time (`which` = "travel" or "waiting")."""
        value = getattr(self.policy, f"{which}_rate")
        if value == AT_CONTACT_RATE:
            return self.rate_for(role)
        value = float(value)
        if value <= 0:
            return 0.0
        return max(value, self.floor_for(role))

    def floor_for(self, role: str | None = None) -> float:
        """The larger of the role's floor and the "*" floor (as payfair.pay applies them)."""
        floors = self.policy.role_floor
        everyone = float(floors.get("*", 0.0) or 0.0)
        own = float(floors.get(role, 0.0) or 0.0) if role and role != "*" else 0.0
        return max(everyone, own)

    def settings_rows(self) -> list[tuple[str, Any, str]]:
        """(setting, value, source) for every value in the scenario, for reports."""
        rows: list[tuple[str, Any, str]] = []
        pol = self.policy
        for f in ("contact_rate", "other_rate", "travel_rate", "waiting_rate", "mileage_rate"):
            rows.append((f"pay.{f}", getattr(pol, f), self.sources.get(f"pay.{f}", "")))
        for f in ("weekend_premium", "bank_holiday_multiplier"):
            rows.append((f"pay.{f}", getattr(pol, f), self.sources.get(f"pay.{f}", "")))
        for role, floor in pol.role_floor.items():
            key = f"pay.role_floor.{role}"
            rows.append((key, floor, self.sources.get(key, "")))
        for f in fields(CostTerms):
            key = f"terms.{f.name}"
            rows.append((key, getattr(self.terms, f.name), self.sources.get(key, "")))
        rows.append(
            (
                "terms.min_visit_minutes",
                self.min_visit_minutes,
                self.sources.get("terms.min_visit_minutes", ""),
            )
        )
        for f in fields(Assumptions):
            key = f"assumptions.{f.name}"
            rows.append((key, getattr(self.assumptions, f.name), self.sources.get(key, "")))
        return rows


_TERM_KEYS = {f.name for f in fields(CostTerms)} | {"min_visit_minutes"}
_ASSUMPTION_KEYS = {f.name for f in fields(Assumptions)}


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario file. A bare name (e.g. `real_living_wage_2026`) is looked up in
    rates/scenarios/."""
    path = Path(path)
    if not path.exists() and not path.suffix:
        path = SCENARIOS_DIR / f"{path.name}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RotaError(
            "scenario file not found",
            file=str(path),
            fix=f"give a path, or one of: {', '.join(list_scenarios())}",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise RotaError(f"not valid TOML ({exc})", file=str(path)) from None
    return scenario_from_dict(data, file=str(path))


def scenario_from_dict(data: dict[str, Any], *, file: str = "scenario") -> Scenario:
    """Build a Scenario from parsed TOML, naming unknown keys so typos are caught."""
    name = str(data.get("name", Path(file).stem))
    terms = dict(data.get("terms", {}))
    assumptions = dict(data.get("assumptions", {}))
    for section, got, known in (
        ("terms", terms, _TERM_KEYS),
        ("assumptions", assumptions, _ASSUMPTION_KEYS),
    ):
        unknown = set(got) - known
        if unknown:
            raise RotaError(
                f"unknown setting(s) in [{section}]: {', '.join(sorted(unknown))}",
                file=file,
                fix=f"use only: {', '.join(sorted(known))}",
            )
    min_visit = float(terms.pop("min_visit_minutes", 0.0))
    sources = {str(k): str(v) for k, v in data.get("sources", {}).items()}
    policy = policy_from_dict(
        {"pay": data.get("pay", {}), "rules": data.get("rules", {}), "name": name}, file=file
    )
    policy = replace(policy, sources=sources)
    cost_terms = CostTerms(**terms)
    if cost_terms.sick_pay not in ("statutory", "occupational"):
        raise RotaError(
            f"[terms] sick_pay = {cost_terms.sick_pay!r} is not understood",
            file=file,
            fix='use "statutory" or "occupational"',
        )
    return Scenario(
        name=name,
        description=str(data.get("description", "")),
        policy=policy,
        terms=cost_terms,
        assumptions=Assumptions(**assumptions),
        min_visit_minutes=min_visit,
        note=str(data.get("note", "")),
        sources=sources,
        path=file,
        sets_rules="rules" in data,
    )


def list_scenarios() -> list[str]:
    """Names of the scenario files shipped in rates/scenarios/."""
    return sorted(p.stem for p in SCENARIOS_DIR.glob("*.toml"))


def shipped_scenarios() -> list[Scenario]:
    return [load_scenario(SCENARIOS_DIR / f"{n}.toml") for n in list_scenarios()]
