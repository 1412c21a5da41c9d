"""The open costing model (rules §7): every assumption behind the fee per contact hour, visible
and editable, with its source.

A commissioner's assumptions live in a TOML file (defaults: rates/costing_assumptions.toml,
validated with payfair.config_file): the visit-length mix, travel and miles per visit, contact
hours per worker a week, on-cost rates, itemised running costs and the surplus. `price` turns
them and a pay scenario into a fee (payfair.costing.fee_rate, one typical worker-week).

The visit-length mix gives a blended fee: one worker does the mix, so the visits per contact
hour are Σ share × 60 ÷ minutes, and travel per contact hour = visits per hour × travel per visit
(DHSC Fair Cost of Care, rules §7). The blended average visit is 60 ÷ visits per contact hour.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from payfair.config_file import NUMBER, ConfigError, Key, Schema, Table, load, validate
from payfair.costing.employer_costs import EmployerCostSettings, default_employer_costs
from payfair.costing.fee_rate import FeeResult, fee_from_assumptions
from payfair.costing.scenario import Assumptions, Scenario, scenario_from_dict
from payfair.resources import rates_path

DEFAULT_ASSUMPTIONS_PATH = rates_path("costing_assumptions.toml")
VISIT_MINUTES = (15, 30, 45, 60)

#: Running-cost items: key → plain-English name and what it covers.
RUNNING_COSTS: dict[str, tuple[str, str]] = {
    "management_and_supervision": (
        "Management and supervision",
        "registered manager, care coordinators, field supervisors and spot checks",
    ),
    "administration": ("Administration", "office staff, payroll, finance and legal"),
    "premises": ("Premises", "office rent, business rates, utilities"),
    "it_and_call_monitoring": (
        "IT and call monitoring",
        "rostering and care-records software, electronic call monitoring, phones",
    ),
    "registration_fee": ("Care Quality Commission registration fee", "the regulator's annual fee"),
    "insurance": ("Insurance", "employer's and public liability, professional indemnity"),
    "ppe_and_equipment": ("Protective equipment and supplies", "gloves, aprons, uniforms, kit"),
    "recruitment_and_training": (
        "Recruitment and training",
        "advertising, checks, induction and the trainers' costs",
    ),
}

_SHARE = Key(NUMBER, "a share between 0 and 1, e.g. 0.25", minimum=0.0, maximum=1.0)
_MONEY_H = Key(NUMBER, "£ per contact hour", minimum=0.0, maximum=100.0, unit="£/h")
SCHEMA = Schema(
    top={
        "year": Key((str,), 'the financial year priced, e.g. "2026-27"'),
        "dated": Key((str,), "when the values were last checked, e.g. 2026-11-23"),
    },
    sections={
        "visit_mix": Table(
            _SHARE,
            "share of contact hours in visits of 15, 30, 45 and 60 minutes (adding up to 1)",
            key_choices=tuple(str(m) for m in VISIT_MINUTES),
        ),
        "travel": {
            "travel_minutes_per_visit": Key(NUMBER, "minutes", minimum=0.0, maximum=240.0),
            "waiting_minutes_per_visit": Key(NUMBER, "minutes", minimum=0.0, maximum=240.0),
            "miles_per_visit": Key(NUMBER, "miles", minimum=0.0, maximum=200.0),
            "mileage_rate": Key(NUMBER, "£ a mile paid", minimum=0.0, maximum=5.0),
        },
        "workforce": {
            "contact_hours_per_worker_week": Key(NUMBER, "hours", minimum=0.5, maximum=80.0),
        },
        "on_costs": {
            "employer_ni_rate": _SHARE,
            "holiday_rate": _SHARE,
            "pension_rate": _SHARE,
            "sick_days_per_year": Key(NUMBER, "days", minimum=0.0, maximum=260.0),
            "training_hours_per_year": Key(NUMBER, "hours", minimum=0.0, maximum=2000.0),
            "employment_allowance": Key((bool,), "true or false"),
            "contact_hours_per_year": Key(NUMBER, "hours", minimum=0.0),
        },
        "running_costs": {k: _MONEY_H for k in RUNNING_COSTS},
        "surplus": {"share": Key(NUMBER, "share of the fee", minimum=0.0, maximum=0.9)},
        "national": {
            "budget": Key(NUMBER, "£ a year", minimum=0.0),
            "contact_hours_per_week": Key(NUMBER, "hours", minimum=0.0),
        },
        "sources": Table(Key((str,), "where the value comes from")),
    },
)


@dataclass(frozen=True)
class CostingModel:
    """A commissioner's assumptions (see the module docstring)."""

    year: str = "2026-27"
    dated: str = ""
    visit_mix: dict[int, float] = field(default_factory=lambda: {30: 1.0})
    travel_minutes_per_visit: float = 7.0
    waiting_minutes_per_visit: float = 0.0
    miles_per_visit: float = 2.2
    mileage_rate: float = 0.45
    contact_hours_per_worker_week: float = 20.0
    employer_ni_rate: float = 0.15
    holiday_rate: float = 0.1207
    pension_rate: float = 0.03
    sick_days_per_year: float = 8.0
    training_hours_per_year: float = 24.0
    employment_allowance: bool = False
    contact_hours_per_year: float = 0.0
    running_costs: dict[str, float] = field(default_factory=dict)
    surplus_share: float = 0.03
    national_budget: float = 500_000_000.0
    national_hours_per_week: float = 4_100_000.0
    sources: dict[str, str] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> CostingModel:
        return replace(self, **changes)

    @property
    def visits_per_contact_hour(self) -> float:
        """Σ share × 60 ÷ minutes: visits in one contact hour of the mix."""
        return float(sum(s * 60.0 / m for m, s in self.visit_mix.items()))

    @property
    def average_visit_minutes(self) -> float:
        """The blended visit: 60 ÷ visits per contact hour (a harmonic mean weighted by hours)."""
        return 60.0 / self.visits_per_contact_hour

    @property
    def running_costs_per_contact_hour(self) -> float:
        return float(sum(self.running_costs.values()))

    def source(self, key: str) -> str:
        """The source of `key` (e.g. "travel.miles_per_visit"), or of its section."""
        return self.sources.get(key) or self.sources.get(key.split(".")[0], "")

    def to_toml(self) -> str:
        """The model as a TOML file that `load_model` reads back (for saving and the CLI)."""
        lines = [f'year = "{self.year}"', f'dated = "{self.dated}"', "", "[visit_mix]"]
        lines += [f'"{m}" = {s!r}' for m, s in sorted(self.visit_mix.items())]
        lines += ["", "[travel]"]
        for k in ("travel_minutes_per_visit", "waiting_minutes_per_visit", "miles_per_visit"):
            lines.append(f"{k} = {float(getattr(self, k))!r}")
        lines += [f"mileage_rate = {float(self.mileage_rate)!r}", "", "[workforce]"]
        lines += [f"contact_hours_per_worker_week = {float(self.contact_hours_per_worker_week)!r}"]
        lines += ["", "[on_costs]"]
        for k in (
            "employer_ni_rate",
            "holiday_rate",
            "pension_rate",
            "sick_days_per_year",
            "training_hours_per_year",
        ):
            lines.append(f"{k} = {float(getattr(self, k))!r}")
        lines.append(f"employment_allowance = {'true' if self.employment_allowance else 'false'}")
        lines.append(f"contact_hours_per_year = {float(self.contact_hours_per_year)!r}")
        lines += ["", "[running_costs]"]
        lines += [f"{k} = {float(v)!r}" for k, v in self.running_costs.items()]
        lines += ["", "[surplus]", f"share = {float(self.surplus_share)!r}", "", "[national]"]
        lines += [f"budget = {float(self.national_budget)!r}"]
        lines += [f"contact_hours_per_week = {float(self.national_hours_per_week)!r}", ""]
        lines += ["[sources]"]
        lines += [f'"{k}" = {_toml_text(v)}' for k, v in self.sources.items()]
        return "\n".join(lines) + "\n"


def _toml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def model_from_dict(
    data: dict[str, Any], *, file: str = "assumptions", base: CostingModel | None = None
) -> CostingModel:
    """Build a model from parsed TOML, validated against SCHEMA. Sections left out keep the
    values of `base` (default: rates/costing_assumptions.toml), so a partial file changes only
    what it names."""
    validate(data, SCHEMA, file=file)
    if base is None:
        base = default_model() if Path(file) != DEFAULT_ASSUMPTIONS_PATH else CostingModel()
    changes: dict[str, Any] = {}
    if "year" in data:
        changes["year"] = data["year"]
    if "dated" in data:
        changes["dated"] = data["dated"]
    if "visit_mix" in data:
        mix = {int(k): float(v) for k, v in data["visit_mix"].items()}
        total = sum(mix.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            raise ConfigError(
                f"the visit mix adds up to {total:g}, not 1",
                file=file,
                column="visit_mix",
                fix="give the share of contact hours in each visit length so they add up to 1",
            )
        changes["visit_mix"] = {m: s for m, s in mix.items() if s > 0}
    for section in ("travel", "workforce", "on_costs"):
        for k, v in data.get(section, {}).items():
            changes[k] = bool(v) if isinstance(v, bool) else float(v)
    if "running_costs" in data:
        changes["running_costs"] = {
            **base.running_costs,
            **{k: float(v) for k, v in data["running_costs"].items()},
        }
    if "surplus" in data:
        changes["surplus_share"] = float(data["surplus"]["share"])
    nat = data.get("national", {})
    if "budget" in nat:
        changes["national_budget"] = float(nat["budget"])
    if "contact_hours_per_week" in nat:
        changes["national_hours_per_week"] = float(nat["contact_hours_per_week"])
    if "sources" in data:
        changes["sources"] = {
            **base.sources,
            **{str(k): str(v) for k, v in data["sources"].items()},
        }
    model = replace(base, **changes)
    if model.surplus_share >= 1.0:
        raise ConfigError("the surplus must be below 100% of the fee", file=file, column="surplus")
    return model


@functools.lru_cache(maxsize=1)
def default_model() -> CostingModel:
    """The sourced defaults in rates/costing_assumptions.toml."""
    return load_model(DEFAULT_ASSUMPTIONS_PATH)


def load_model(
    source: str | Path | bytes | None = None, *, file: str | None = None
) -> CostingModel:
    """Read an assumptions file (a path or uploaded bytes); None = the shipped defaults."""
    source = DEFAULT_ASSUMPTIONS_PATH if source is None else source
    data = load(source, Schema(sections=SCHEMA.sections, top=SCHEMA.top), file=file)
    name = file or (str(source) if isinstance(source, (str, Path)) else "assumptions")
    return model_from_dict(data, file=name)


def with_settings(model: CostingModel, pairs: list[str] | None) -> CostingModel:
    """`model` with command-line changes, each `section.key=value` (e.g.
    `travel.miles_per_visit=3`, `visit_mix.15=0.2`), validated like the file."""
    if not pairs:
        return model
    data: dict[str, Any] = {}
    for pair in pairs:  # a handful of command-line options
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(
                f"{pair!r} is not section.key=value",
                file="--set",
                fix="e.g. --set travel.miles_per_visit=3",
            )
        try:
            value = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            value = text.strip()  # plain words, e.g. a year written without quotes
        section, _, key = name.strip().partition(".")
        if key:
            data.setdefault(section, {})[key] = value
        else:
            data[section] = value
    if "visit_mix" in data:  # a changed share: the other lengths keep theirs
        data["visit_mix"] = {**{str(m): s for m, s in model.visit_mix.items()}, **data["visit_mix"]}
    return model_from_dict(data, file="--set", base=model)


# ----------------------------------------------------------------------------- pricing


def pay_scenario(rate: float, model: CostingModel, *, name: str = "") -> Scenario:
    """A scenario paying `rate` £/h for every working minute (contact, travel, waiting,
    training), the model's mileage rate, and the model's on-cost terms."""
    return scenario_from_dict(
        {
            "name": name or f"£{rate:.2f} an hour for all working time",
            "pay": {
                "contact_rate": float(rate),
                "travel_rate": "contact",
                "waiting_rate": "contact",
                "mileage_rate": model.mileage_rate,
                "role_floor": {"*": float(rate)},
            },
            "terms": {
                "sick_days_per_year": model.sick_days_per_year,
                "training_hours_per_year": model.training_hours_per_year,
                "pension_rate": model.pension_rate,
                "holiday_rate": model.holiday_rate,
                # sick pay rules only when there are sickness days (else they have no effect)
                **(
                    {
                        "sick_pay": "statutory",
                        "ssp_rules": "2026-27" if model.year >= "2026-27" else "2025-26",
                    }
                    if model.sick_days_per_year > 0
                    else {}
                ),
            },
        }
    )


def with_model(scenario: Scenario, model: CostingModel) -> Scenario:
    """`scenario`'s pay terms with the model's on-cost rates, sickness and training."""
    terms = replace(
        scenario.terms,
        sick_days_per_year=model.sick_days_per_year,
        training_hours_per_year=model.training_hours_per_year,
        pension_rate=model.pension_rate,
        holiday_rate=model.holiday_rate,
    )
    policy = replace(scenario.policy, mileage_rate=model.mileage_rate)
    return replace(scenario, terms=terms, policy=policy, assumptions=model_assumptions(model))


def model_assumptions(model: CostingModel, base: Assumptions | None = None) -> Assumptions:
    """The fee_rate inputs for one typical worker-week of the model."""
    return (base or Assumptions()).with_changes(
        average_visit_minutes=model.average_visit_minutes,
        travel_minutes_per_visit=model.travel_minutes_per_visit,
        waiting_minutes_per_visit=model.waiting_minutes_per_visit,
        miles_per_visit=model.miles_per_visit,
        contact_hours_per_worker_week=model.contact_hours_per_worker_week,
        running_costs_per_contact_hour=model.running_costs_per_contact_hour,
        running_costs_share=0.0,
        surplus_share=model.surplus_share,
        employer_contact_hours_per_year=(
            model.contact_hours_per_year if model.employment_allowance else 0.0
        ),
    )


def model_settings(
    model: CostingModel, base: EmployerCostSettings | None = None
) -> EmployerCostSettings:
    """Statutory figures with the model's employer NI rate and Employment Allowance choice."""
    return (base or default_employer_costs()).with_changes(
        ni_rate=model.employer_ni_rate,
        apply_employment_allowance=bool(
            model.employment_allowance and model.contact_hours_per_year > 0
        ),
    )


def price(
    model: CostingModel,
    scenario: Scenario,
    *,
    current_fee: float | None = None,
    hours_per_week: float | None = None,
    settings: EmployerCostSettings | None = None,
    visit_lengths: bool = True,
) -> FeeResult:
    """The blended fee per contact hour for `scenario`'s pay under the model's assumptions."""
    s = with_model(scenario, model)
    result = fee_from_assumptions(
        s,
        s.assumptions,
        settings=model_settings(model, settings),
        current_fee=current_fee,
        hours_per_week=hours_per_week,
        with_visit_lengths=visit_lengths,
    )
    result.notes.append(
        f"Visit-length mix {mix_text(model)}: {model.visits_per_contact_hour:.3f} visits per "
        f"contact hour, a blended visit of {model.average_visit_minutes:.1f} minutes"
    )
    return result


def mix_text(model: CostingModel) -> str:
    return ", ".join(
        f"{s:.0%} of hours in {m}-minute visits" for m, s in sorted(model.visit_mix.items())
    )


def itemised_breakdown(fee: FeeResult, model: CostingModel) -> pd.DataFrame:
    """The fee breakdown with "running the business" shown item by item (indented)."""
    rows = []
    for r in fee.breakdown.to_dict("records"):
        rows.append({**r, "part_of": ""})
        if r["line"] == "running_business" and model.running_costs:
            for key, value in model.running_costs.items():
                name, meaning = RUNNING_COSTS[key]
                rows.append(
                    {
                        "line": f"running_costs.{key}",
                        "item": name,
                        "per_contact_hour": value,
                        "share_of_fee": value / fee.fee,
                        "total": value * fee.contact_hours,
                        "meaning": meaning,
                        "part_of": "running_business",
                    }
                )
    return pd.DataFrame(rows)


def model_from_rota(
    model: CostingModel, measured: Assumptions, timeline: pd.DataFrame | None = None
) -> CostingModel:
    """The model with travel, waiting, miles and hours per worker measured from a rota
    (`fee_rate.assumptions_from_rota`), and the visit mix from its visits' lengths (each visit
    counted at the nearest of 15, 30, 45 and 60 minutes, shares of contact hours)."""
    mix = model.visit_mix
    if timeline is not None and "contact_minutes" in timeline:
        minutes = pd.to_numeric(timeline["contact_minutes"], errors="coerce").fillna(0.0)
        minutes = minutes[minutes > 0].to_numpy(dtype="float64")
        if len(minutes):
            lengths = np.array(VISIT_MINUTES, dtype="float64")
            nearest = lengths[np.abs(minutes[:, None] - lengths[None, :]).argmin(axis=1)]
            hours = pd.Series(minutes).groupby(nearest).sum()
            mix = {int(m): float(h / hours.sum()) for m, h in hours.items()}
    return replace(
        model,
        visit_mix=mix,
        travel_minutes_per_visit=measured.travel_minutes_per_visit,
        waiting_minutes_per_visit=measured.waiting_minutes_per_visit,
        miles_per_visit=measured.miles_per_visit,
        contact_hours_per_worker_week=measured.contact_hours_per_worker_week,
    )
