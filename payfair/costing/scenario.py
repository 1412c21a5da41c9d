"""Pay scenarios: a set of pay terms (rules §8) read from rates/scenarios/*.toml or a user's file.

The format, every key with its meaning, unit and default, is in docs/scenarios.md; the schema
below is the one source of it (the template `scenario_toml` writes and the docs table come from
it). A scenario file has:

- `name`, `description` (one line on what it represents), optional `note`;
- `[pay]` (and `[pay.role_floor]`, optional `[rules]`): the contact rate (a floor for contact
  time: each worker keeps their own rate where it is higher), a pay floor per Care Workforce
  Pathway role or `"*"` for all, a flat uplift (£/h) or a percentage on each worker's own
  rate, travel and waiting paid at `"contact"` or a rate, weekend and bank-holiday
  enhancements, mileage;
- `[terms]`: sick pay (statutory or occupational, expected days a year), pension rate, holiday
  rate, training hours a year, shortest visit allowed;
- `[assumptions]`: inputs for pricing without a rota (visit length, travel and waiting per
  visit, miles, contact hours per worker a week, running costs, surplus);
- `[sources]`: where every value comes from, keyed `section.key` (e.g. `"pay.role_floor.*"`).

Files are validated like code (payfair.config_file): unknown sections or keys, wrong types,
negative or impossible values and settings that would have no effect are errors naming the
file, the key and the fix. A setting left out takes the default in the schema, and the
scenario lists it in `defaults_used` so that it is printed beside the result.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd

from payfair.config_file import NUMBER, ConfigError, Key, Schema, Table, read_toml, validate
from payfair.costing.employer_costs import SSP_RULES, CostTerms
from payfair.policy import AT_CONTACT_RATE, PayPolicy, policy_from_dict
from payfair.resources import rates_path

SCENARIOS_DIR = rates_path("scenarios")

_RATE = "£ an hour"
_MIN = "minutes"


def _k(types, meaning, unit="", minimum=None, maximum=None, choices=None) -> Key:
    return Key(types, meaning, minimum=minimum, maximum=maximum, choices=choices, unit=unit)


#: Every setting of a scenario file: meaning, unit and allowed range (docs/scenarios.md).
PAY_KEYS: dict[str, Key] = {
    "contact_rate": _k(
        NUMBER,
        "the rate for contact time (visits); each worker keeps their own rate where it is "
        "higher (a floor for contact time)",
        _RATE,
        0.0,
        1000.0,
    ),
    "uplift_per_hour": _k(
        NUMBER,
        "a flat rise added to each worker's own contact rate now, before the floors",
        _RATE,
        0.0,
        100.0,
    ),
    "uplift_percent": _k(
        NUMBER,
        "a rise of this percentage on each worker's own contact rate now, before the floors",
        "%",
        0.0,
        1000.0,
    ),
    "other_rate": _k(NUMBER, "rate for training and office time", _RATE, 0.0, 1000.0),
    "travel_rate": _k(
        (*NUMBER, str),
        'rate for travel between visits: "contact" = at the worker\'s contact rate, 0 = unpaid',
        _RATE,
        0.0,
        1000.0,
        (AT_CONTACT_RATE,),
    ),
    "waiting_rate": _k(
        (*NUMBER, str),
        'rate for waiting between visits: "contact" = at the worker\'s contact rate, 0 = unpaid',
        _RATE,
        0.0,
        1000.0,
        (AT_CONTACT_RATE,),
    ),
    "mileage_rate": _k(
        NUMBER, "pence-per-mile paid for business miles, in £ a mile", "£ a mile", 0.0, 2.0
    ),
    "weekend_premium": _k(
        NUMBER, "extra £ an hour on Saturday and Sunday contact time", _RATE, 0.0, 100.0
    ),
    "bank_holiday_multiplier": _k(
        NUMBER,
        "bank-holiday contact time paid at this many times the contact rate (1 = no extra)",
        "times",
        1.0,
        5.0,
    ),
    "role_floor": Table(
        _k(
            NUMBER,
            "the least £ an hour for every paid minute of a worker in this role",
            _RATE,
            0.0,
            1000.0,
        ),
        meaning="a pay floor per Care Workforce Pathway role (the role names in your workers "
        'file), or "*" for every role',
    ),
}
RULE_KEYS: dict[str, Key] = {
    "break_threshold_minutes": _k(
        NUMBER,
        "idle time longer than this between visits is a break, not waiting",
        _MIN,
        0.0,
        1440.0,
    ),
    "count_commute": _k((bool,), "count travel to the first visit of the day as working time"),
    "count_travel_across_breaks": _k((bool,), "count the journey after a break as working travel"),
    "assumed_speed_mph": _k(
        NUMBER,
        "turn miles into minutes when the rota gives miles only",
        "miles an hour",
        1.0,
        100.0,
    ),
    "vehicle_cost_per_mile": _k(
        NUMBER,
        "own-car cost a mile above the mileage paid, taken from minimum-wage pay",
        "£ a mile",
        0.0,
        2.0,
    ),
}
TERM_KEYS: dict[str, Key] = {
    "sick_pay": _k(
        (str,),
        "statutory sick pay or an occupational scheme",
        choices=("statutory", "occupational"),
    ),
    "ssp_rules": _k(
        (str,), "which Statutory Sick Pay rules apply (statutory sick pay only)", choices=SSP_RULES
    ),
    "sick_days_per_year": _k(
        NUMBER, "expected sickness days a worker a year", "days a year", 0.0, 260.0
    ),
    "occupational_sick_fraction": _k(
        NUMBER,
        "occupational sick pay as a share of normal pay (occupational only)",
        "share (1 = full pay)",
        0.0,
        1.0,
    ),
    "pension_rate": _k(
        NUMBER, "employer pension rate on qualifying earnings", "share (0.03 = 3%)", 0.0, 1.0
    ),
    "pension_include_all": _k(
        (bool,), "employer pension for every worker, whatever their age and earnings"
    ),
    "holiday_rate": _k(
        NUMBER, "holiday pay as a share of pay", "share (0.1207 = 5.6 weeks)", 0.0, 0.5
    ),
    "training_hours_per_year": _k(
        NUMBER,
        "paid training hours a worker a year not shown in the rota",
        "hours a year",
        0.0,
        2000.0,
    ),
    "min_visit_minutes": _k(
        NUMBER, "the shortest visit the terms allow (0 = none)", _MIN, 0.0, 1440.0
    ),
}
ASSUMPTION_KEYS: dict[str, Key] = {
    "role": _k((str,), 'which role\'s floor to price at without a rota ("*" = the floor for all)'),
    "average_visit_minutes": _k(NUMBER, "average visit length", _MIN, 1.0, 1440.0),
    "travel_minutes_per_visit": _k(NUMBER, "travel between visits, per visit", _MIN, 0.0, 600.0),
    "waiting_minutes_per_visit": _k(NUMBER, "waiting between visits, per visit", _MIN, 0.0, 600.0),
    "miles_per_visit": _k(NUMBER, "business miles per visit", "miles", 0.0, 500.0),
    "contact_hours_per_worker_week": _k(
        NUMBER, "contact hours a worker a week", "hours a week", 0.5, 100.0
    ),
    "running_costs_per_contact_hour": _k(
        NUMBER,
        "running the business (management, office, IT, insurance, ...)",
        "£ per contact hour",
        0.0,
        500.0,
    ),
    "running_costs_share": _k(
        NUMBER,
        "running costs as a share of the fee, instead of or as well as £ an hour",
        "share of the fee",
        0.0,
        0.95,
    ),
    "surplus_share": _k(
        NUMBER, "surplus (profit) as a share of the fee", "share of the fee", 0.0, 0.95
    ),
    "employer_contact_hours_per_year": _k(
        NUMBER,
        "the employer's contact hours a year, to spread the Employment Allowance "
        "(0 = leave it out)",
        "hours a year",
        0.0,
        1e9,
    ),
    "contact_rate": _k(
        NUMBER,
        "the contact rate to price at",
        _RATE,
        0.0,
        1000.0,
    ),
    "other_minutes_per_contact_hour": _k(
        NUMBER, "training and office minutes per contact hour", _MIN, 0.0, 600.0
    ),
    "premium_per_contact_hour": _k(
        NUMBER,
        "enhancements (weekend, bank holiday) per contact hour",
        "£ per contact hour",
        0.0,
        500.0,
    ),
}
SCENARIO_SCHEMA = Schema(
    sections={
        "pay": PAY_KEYS,
        "rules": RULE_KEYS,
        "terms": TERM_KEYS,
        "assumptions": ASSUMPTION_KEYS,
        "sources": Table(_k((str,), "where the value of `section.key` comes from")),
    },
    top={
        "name": _k((str,), "the scenario's name, shown at the head of each column"),
        "description": _k((str,), "one line on what the scenario represents"),
        "note": _k((str,), "anything else a reader should know (optional)"),
    },
)

#: The value used when a setting is left out (None: nothing is assumed; see the meaning).
DEFAULTS: dict[str, Any] = {
    "pay.contact_rate": None,  # the floor for all roles
    "pay.uplift_per_hour": 0.0,
    "pay.uplift_percent": 0.0,
    "pay.other_rate": None,  # the contact rate
    "pay.travel_rate": 0.0,
    "pay.waiting_rate": 0.0,
    "pay.mileage_rate": 0.0,
    "pay.weekend_premium": 0.0,
    "pay.bank_holiday_multiplier": 1.0,
    "terms.sick_pay": "statutory",
    "terms.ssp_rules": "2026-27",
    "terms.sick_days_per_year": 8.0,
    "terms.occupational_sick_fraction": 1.0,
    "terms.pension_rate": None,  # the statutory minimum, 3%
    "terms.pension_include_all": None,  # statutory: aged 22 to State Pension age, over the trigger
    "terms.holiday_rate": None,  # statutory 12.07%
    "terms.training_hours_per_year": 24.0,
    "terms.min_visit_minutes": 0.0,
    "assumptions.role": "*",
    "assumptions.average_visit_minutes": 30.0,
    "assumptions.travel_minutes_per_visit": 7.0,
    "assumptions.waiting_minutes_per_visit": 0.0,
    "assumptions.miles_per_visit": 2.2,
    "assumptions.contact_hours_per_worker_week": 20.0,
    "assumptions.running_costs_per_contact_hour": 8.47,
    "assumptions.running_costs_share": 0.0,
    "assumptions.surplus_share": 0.03,
    "assumptions.employer_contact_hours_per_year": 0.0,
    "assumptions.contact_rate": None,  # the scenario's rate for the role
    "assumptions.other_minutes_per_contact_hour": 0.0,
    "assumptions.premium_per_contact_hour": 0.0,
}
#: How a default of None reads beside a result.
DEFAULT_WORDS: dict[str, str] = {
    "pay.contact_rate": "the pay floor for all roles",
    "pay.other_rate": "the contact rate",
    "terms.pension_rate": "the statutory minimum (3%)",
    "terms.pension_include_all": "statutory (aged 22 to State Pension age, over the trigger)",
    "terms.holiday_rate": "statutory 12.07%",
    "assumptions.contact_rate": "the scenario's rate for the role",
}
#: Sources of the defaults (the shipped scenarios' own), kept beside a file built from blank.
DEFAULT_SOURCES: dict[str, str] = {
    "terms.sick_days_per_year": "payfair assumption: 8 sickness days a worker a year; replace "
    "with your own sickness record",
    "terms.training_hours_per_year": "payfair assumption: 24 hours of paid training a year "
    "beyond what the rota shows (mandatory refreshers); training is working time (NMW "
    "Regulations 2015 reg 33)",
    "assumptions.travel_minutes_per_visit": "payfair assumption: 7 minutes a visit = 14 minutes "
    "of travel per contact hour by the DHSC Fair Cost of Care formula (60 / 30) x 7 "
    "(payfair rules §7)",
    "assumptions.miles_per_visit": "payfair assumption: 2.2 miles a visit = 4.4 business miles "
    "per contact hour",
    "assumptions.running_costs_per_contact_hour": "Homecare Association Minimum Price for "
    "Homecare 2025-26: £32.14 an hour, of which £22.71 covers careworker employment costs at the "
    "minimum wage; the remaining £9.43 less a 3% surplus (£0.96) = £8.47 for running the business",
    "assumptions.surplus_share": "3% of the fee, the order of the published minimum price's "
    "surplus (2020-21: £0.60 of £20.69 = 2.9%)",
}


def default_words(key: str) -> str:
    value = DEFAULTS.get(key)
    if value is None:
        return DEFAULT_WORDS.get(key, "not set")
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass(frozen=True)
class Assumptions:
    """Inputs for pricing from assumptions alone, as the published models do (payfair rules §7)."""

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
    uplift_per_hour: float = 0.0  # £/h added to each worker's own rate now
    uplift_percent: float = 0.0  # % added to each worker's own rate now
    defaults_used: tuple[str, ...] = ()  # "key = value" for settings left out (printed)
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def uplifted(self, workers: pd.DataFrame) -> pd.DataFrame:
        """The workers table with each `contact_rate` (own rate now) raised by the uplift and
        then to the scenario's contact rate (a floor for contact time: each worker keeps their
        own rate where it is higher); the role floors are applied by the engine (payfair.pay)."""
        out = workers.copy()
        own = pd.to_numeric(out.get("contact_rate"), errors="coerce")
        if own is None:
            own = pd.Series(float("nan"), index=out.index)
        raised = own * (1 + self.uplift_percent / 100) + self.uplift_per_hour
        out["contact_rate"] = raised.clip(lower=float(self.policy.contact_rate))
        return out

    def rate_for(self, role: str | None = None, own_rate: float | None = None) -> float:
        """The contact rate to price at for `role`: `own_rate` (e.g. measured from a rota
        already re-paid under the scenario) or the scenario's contact rate, raised to the role's
        floor (or the `"*"` floor). The uplift applies to a worker's rate now (`uplifted`)."""
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
        for f in ("uplift_per_hour", "uplift_percent"):
            if getattr(self, f):
                rows.append((f"pay.{f}", getattr(self, f), self.sources.get(f"pay.{f}", "")))
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


def load_scenario(path: str | Path) -> Scenario:
    """Read one scenario file. A bare name (e.g. `real_living_wage_2026`) is looked up in
    rates/scenarios/."""
    path = Path(path)
    if not path.exists() and not path.suffix and (SCENARIOS_DIR / f"{path.name}.toml").exists():
        path = SCENARIOS_DIR / f"{path.name}.toml"
    if not path.exists():
        raise ConfigError(
            "scenario file not found",
            file=str(path),
            fix=f"give the path of a scenario file, or one of: {', '.join(list_scenarios())}",
        )
    data, name = read_toml(path)
    return scenario_from_dict(data, file=name)


#: The key of a scenario kept in memory (one built or uploaded in the app): this prefix, then the
#: scenario's TOML text. It never touches disk and lives only in the session that made it.
TEXT_KEY = "scenario-text:"


def scenario_for_key(key: str) -> Scenario:
    """A scenario from a key: a shipped name, a file path, or TEXT_KEY + the file's text."""
    if key.startswith(TEXT_KEY):
        return scenario_from_bytes(key.removeprefix(TEXT_KEY).encode("utf-8"), file="your scenario")
    return load_scenario(key)


def scenario_from_bytes(raw: bytes, *, file: str = "scenario.toml") -> Scenario:
    """Read a scenario from the bytes of an uploaded file."""
    data, name = read_toml(raw, file=file)
    return scenario_from_dict(data, file=name)


def _error(message: str, file: str, key: str, fix: str) -> ConfigError:
    return ConfigError(message, file=file, column=key, fix=fix)


def _check_effect(data: dict[str, Any], file: str) -> None:
    """Settings that would have no effect are errors, not silent no-ops."""
    pay, terms = data.get("pay", {}), data.get("terms", {})
    assumptions = data.get("assumptions", {})
    floors = pay.get("role_floor", {})
    if pay.get("uplift_per_hour", 0) and pay.get("uplift_percent", 0):
        raise _error(
            "both uplift_per_hour and uplift_percent are set",
            file,
            "pay.uplift_percent",
            "give a flat uplift (£ an hour) or a percentage, not both",
        )
    everyone = floors.get("*")
    if "contact_rate" in pay and everyone is not None and pay["contact_rate"] < everyone:
        raise _error(
            f"pay.contact_rate = {pay['contact_rate']} is below the floor for all roles "
            f'(pay.role_floor."*" = {everyone}), so it would have no effect',
            file,
            "pay.contact_rate",
            "raise the contact rate to at least the floor, or leave it out (it is then the floor)",
        )
    if "contact_rate" not in pay and everyone is None:
        raise _error(
            "no contact rate: neither pay.contact_rate nor a floor for all roles "
            '(pay.role_floor."*") is set',
            file,
            "pay.contact_rate",
            "add contact_rate = 12.71 (£ an hour) under [pay], or [pay.role_floor] with "
            '"*" = 12.71',
        )
    sick = terms.get("sick_pay", DEFAULTS["terms.sick_pay"])
    if sick == "occupational" and "ssp_rules" in terms:
        raise _error(
            "terms.ssp_rules has no effect with occupational sick pay",
            file,
            "terms.ssp_rules",
            'remove it, or set sick_pay = "statutory"',
        )
    if sick == "statutory" and "occupational_sick_fraction" in terms:
        raise _error(
            "terms.occupational_sick_fraction has no effect with statutory sick pay",
            file,
            "terms.occupational_sick_fraction",
            'remove it, or set sick_pay = "occupational"',
        )
    if terms.get("pension_rate", 1) == 0 and "pension_include_all" in terms:
        raise _error(
            "terms.pension_include_all has no effect with a pension rate of 0",
            file,
            "terms.pension_include_all",
            "remove it, or give a pension rate",
        )
    role = assumptions.get("role", "*")
    if role != "*" and role not in floors:
        raise _error(
            f"assumptions.role = {role!r} has no floor in [pay.role_floor], so it would price "
            "at the floor for all roles",
            file,
            "assumptions.role",
            f'add a floor for {role!r} under [pay.role_floor], or use "*"',
        )


def scenario_from_dict(data: dict[str, Any], *, file: str = "scenario") -> Scenario:
    """Build a Scenario from parsed TOML, validated against SCENARIO_SCHEMA (ConfigError names
    the file, the key and the fix). Settings left out take DEFAULTS and are listed in
    `defaults_used` unless the file gives a source for them."""
    validate(data, SCENARIO_SCHEMA, file=file)
    _check_effect(data, file)
    name = str(data.get("name", Path(file).stem))
    sources = {str(k): str(v) for k, v in data.get("sources", {}).items()}
    used: list[str] = []

    def take(section: str, key: str) -> Any:
        got = data.get(section, {})
        if key in got:
            return got[key]
        dotted = f"{section}.{key}"
        if dotted not in sources and key not in ("uplift_per_hour", "uplift_percent"):
            used.append(f"{dotted} = {default_words(dotted)}")
        return DEFAULTS[dotted]

    pay = dict(data.get("pay", {}))
    floors = {str(k): float(v) for k, v in pay.pop("role_floor", {}).items()}
    uplift_h = float(take("pay", "uplift_per_hour"))
    uplift_pct = float(take("pay", "uplift_percent"))
    pay.pop("uplift_per_hour", None)
    pay.pop("uplift_percent", None)
    contact = take("pay", "contact_rate")
    pay["contact_rate"] = float(contact if contact is not None else floors["*"])
    for key in ("travel_rate", "waiting_rate", "mileage_rate", "weekend_premium"):
        pay[key] = take("pay", key)
    pay["bank_holiday_multiplier"] = take("pay", "bank_holiday_multiplier")
    pay["other_rate"] = take("pay", "other_rate")
    for key in ("travel_rate", "waiting_rate"):
        if not isinstance(pay[key], str):
            pay[key] = float(pay[key])
    pay["role_floor"] = floors
    pay = {k: v for k, v in pay.items() if v is not None}
    policy = policy_from_dict({"pay": pay, "rules": data.get("rules", {}), "name": name}, file=file)
    policy = replace(policy, sources=sources)
    terms = {f.name: take("terms", f.name) for f in fields(CostTerms)}
    sick = terms["sick_pay"]
    # a setting of the other kind of sick pay is not in force: not a default "used"
    skip = "terms.occupational_sick_fraction" if sick == "statutory" else "terms.ssp_rules"
    used = [u for u in used if not u.startswith(skip + " ")]
    min_visit = float(take("terms", "min_visit_minutes"))
    assumptions = {f.name: take("assumptions", f.name) for f in fields(Assumptions)}
    return Scenario(
        name=name,
        description=str(data.get("description", "")),
        policy=policy,
        terms=CostTerms(**terms),
        assumptions=Assumptions(**assumptions),
        min_visit_minutes=min_visit,
        note=str(data.get("note", "")),
        sources=sources,
        path=file,
        sets_rules="rules" in data,
        uplift_per_hour=uplift_h,
        uplift_percent=uplift_pct,
        defaults_used=tuple(used),
        data=data,
    )


def list_scenarios() -> list[str]:
    """Names of the scenario files shipped in rates/scenarios/."""
    return sorted(p.stem for p in SCENARIOS_DIR.glob("*.toml"))


def shipped_scenarios() -> list[Scenario]:
    return [load_scenario(SCENARIOS_DIR / f"{n}.toml") for n in list_scenarios()]


# ---------------------------------------------------------------- writing scenario files


def _blank() -> dict[str, Any]:
    """A blank scenario: the legal minimum for 2026-27 on contact time, every other setting at
    its default written out (so that nothing is assumed in silence), each with a source."""
    data: dict[str, Any] = {
        "name": "My scenario",
        "description": "Describe the pay terms in one line.",
        "pay": {"contact_rate": 12.71, "mileage_rate": 0.45, "role_floor": {"*": 12.71}},
        "terms": {},
        "assumptions": {},
        "sources": {
            "pay.contact_rate": "National Living Wage from 1 April 2026, age 21 and over: "
            "£12.71 (payfair rules §6)",
            "pay.role_floor.*": "National Living Wage from 1 April 2026: no one paid less "
            "(payfair rules §6)",
            "pay.mileage_rate": "HMRC approved mileage rate 45p a mile (payfair rules §6)",
        },
    }
    for dotted, value in DEFAULTS.items():
        section, key = dotted.split(".")
        if key in ("uplift_per_hour", "uplift_percent", "occupational_sick_fraction"):
            continue
        if value is not None and key not in data[section]:
            data[section][key] = value
        data["sources"].setdefault(
            dotted,
            DEFAULT_SOURCES.get(dotted, f"payfair default ({default_words(dotted)}): change it"),
        )
    return data


#: A blank scenario (see `_blank`).
BLANK: dict[str, Any] = _blank()

_SECTION_TITLES = {
    "pay": "How working time is paid",
    "rules": "Working-time rules (leave out to keep the rules the rota is analysed with)",
    "terms": "On-cost terms",
    "assumptions": "Assumptions for pricing without a rota (payfair price)",
}


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    bare = key and all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in key)
    return key if bare else toml_string(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        return repr(value)
    return toml_string(str(value))


def _comment(text: str) -> str:
    """One comment line: control characters (a newline would end the comment) made spaces."""
    return "# " + "".join(" " if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in text)


def _explain(spec: Key) -> str:
    unit = f" [{spec.unit}]" if spec.unit else ""
    return f"{spec.meaning}{unit}"


def scenario_toml(data: dict[str, Any]) -> str:
    """A scenario file, commented: every setting with its meaning and unit; settings left out
    are written as comments with their default, so the file documents itself. Validated first
    (a ConfigError for anything that would not load back)."""
    scenario_from_dict(data, file="scenario")
    lines = [
        "# payfair pay scenario. Every setting is explained in docs/scenarios.md; a line that",
        "# starts with # is a comment. A setting left out takes the default shown beside it,",
        "# and payfair prints it beside the results.",
    ]
    for key, spec in SCENARIO_SCHEMA.top.items():
        if key in data:
            lines.append(f"{key} = {toml_value(data[key])}  {_comment(_explain(spec))}")
    sections = dict(SCENARIO_SCHEMA.sections)
    for section in ("pay", "rules", "terms", "assumptions"):
        got = data.get(section, {})
        if section == "rules" and not got:
            continue
        lines += ["", _comment(_SECTION_TITLES[section]), f"[{section}]"]
        for key, spec in sections[section].items():
            if isinstance(spec, Table):
                continue
            if key in got:
                lines.append(_comment(_explain(spec)))
                lines.append(f"{key} = {toml_value(got[key])}")
            else:
                dotted = f"{section}.{key}"
                shown = DEFAULTS.get(dotted)
                if section == "rules":
                    continue
                lines.append(_comment(f"{_explain(spec)}. Left out: {default_words(dotted)}"))
                if shown is not None:
                    lines.append(f"# {key} = {toml_value(shown)}")
        if section == "pay":
            floors = got.get("role_floor", {})
            table = sections["pay"]["role_floor"]
            lines += ["", _comment(table.meaning), "[pay.role_floor]"]
            lines += [f"{toml_key(str(r))} = {toml_value(v)}" for r, v in floors.items()]
    sources = data.get("sources", {})
    lines += ["", "# Where each value comes from, keyed section.key", "[sources]"]
    lines += [f"{toml_string(str(k))} = {toml_string(str(v))}" for k, v in sources.items()]
    return "\n".join(lines) + "\n"


def scenario_data(name: str | None = None) -> dict[str, Any]:
    """The settings of a shipped scenario (by name or path), or BLANK when `name` is None."""
    if name is None:
        return copy.deepcopy(BLANK)
    return copy.deepcopy(load_scenario(name).data)
