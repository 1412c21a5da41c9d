"""Pay per event under a pay policy (rules §4; docs/ARCHITECTURE.md "Event pay").

Input: the timeline (one row per used event, with counted contact/other/travel/waiting minutes).
Output: the timeline plus basic pay for each kind of time, premiums, allowances, mileage
(an expense), deductions, the own-car cost reduction and the minutes the worker is paid for.

Rules, in order:

- The worker's `contact_rate` (workers table) overrides the policy's.
- `role_floor` is a minimum on every *paid* rate: a rate of 0 (unpaid) stays 0. The floor for a
  worker is the larger of the floor for their role and the ``"*"`` floor for all roles.
- `other_rate` None means the contact rate; a travel or waiting rate of ``"contact"`` means the
  worker's (floored) contact rate.
- Premiums (kept apart as `premium_pay`, excluded from NMW pay: reg 10(j), NMWM09270):
  `weekend_premium` £/h on contact time of events whose local start date is a Saturday or Sunday,
  and (`bank_holiday_multiplier` − 1) × contact rate on contact time of events whose local start
  date is an England and Wales bank holiday. An event is classified by the date it starts, so a
  visit from 23:00 Friday to 01:00 Saturday has no weekend premium. The two premiums add up when
  both apply (a bank holiday on a weekend, e.g. Christmas Day on a Saturday).
- `mileage_pay` (an expense, NMWM09170) is the rota's when given, else policy `mileage_rate` ×
  `business_miles` (journeys counted as working travel).
- When the rota gives `pay` for an event (and `use_rota_pay`), that is the event's gross pay as is:
  premium and allowance as given, the rest is basic `contact_pay` (visit) or `other_pay`; the policy
  adds nothing for it, mileage included (the rota's mileage if given, else 0).
- `use_rota_pay=False` ignores the rota's pay, premium and mileage and pays everything under the
  policy (a scenario). The rota's allowances and deductions are kept in both cases: they are terms
  outside the pay policy.
- `paid_minutes`: minutes paid at a non-zero rate (policy), or the event's counted minutes for a
  rota-paid event with pay > 0.
- `vehicle_cost_reduction` = max(0, business_miles × `Rules.vehicle_cost_per_mile` − mileage_pay)
  per event, 0 when the setting is off. payfair.minimum_wage applies the same formula to period
  totals, which is what counts (rules §4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from payfair.holidays import is_bank_holiday
from payfair.policy import AT_CONTACT_RATE, PayPolicy
from payfair.rates import as_days
from payfair.timeline import coded, equals, put
from payfair.workers import worker_key

PAY_COLUMNS = (
    "contact_pay",
    "other_pay",
    "travel_pay",
    "waiting_pay",
    "premium_pay",
    "allowance_pay",
    "mileage_pay",
    "deduction",
    "vehicle_cost_reduction",
    "paid_minutes",
    "gross_pay",
)


def _col(frame: pd.DataFrame, name: str, default: float = np.nan) -> np.ndarray:
    """The column as float64 (NaN where missing or not a number); `default` when absent.
    A float64 column is read as is (no conversion pass over a million rows)."""
    if name in frame.columns:
        values = frame[name]
        if values.dtype == np.float64:
            return values.to_numpy()
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.full(len(frame), default, dtype=float)


def _put_unless_own(frame: pd.DataFrame, name: str, values: np.ndarray) -> None:
    """Set the column to `values` unless they are the column's own float64 array (`_col` hands
    that out as is when it needs no change): then the column already holds them."""
    own = name in frame.columns and frame[name].dtype == np.float64
    if not (own and np.may_share_memory(values, frame[name].to_numpy())):
        put(frame, name, values)


def _has_column(workers: pd.DataFrame | None, column: str) -> bool:
    return workers is not None and column in workers.columns and not workers.empty


def worker_lookup(worker_ids: pd.Series, workers: pd.DataFrame | None, column: str) -> pd.Series:
    """`column` from the workers table for each event's worker (NA when unknown).

    Ids match ignoring case and spaces (payfair.workers.worker_key). Factorises the worker ids
    once, so the lookup touches each distinct worker once and then takes by integer codes (fast
    on a million events)."""
    if workers is None or column not in workers.columns or workers.empty:
        return pd.Series(pd.NA, index=worker_ids.index, dtype="object")
    keys = worker_key(workers["worker_id"])
    last = ~keys.duplicated(keep="last").to_numpy()
    table = pd.Series(workers[column].to_numpy()[last], index=keys.to_numpy()[last])
    if isinstance(worker_ids.dtype, pd.CategoricalDtype):
        codes, uniques = coded(worker_ids)  # the categories: no pass over the ids' text
    else:
        codes, uniques = pd.factorize(worker_ids.astype(str))
    unique_keys = worker_key(pd.Series(np.asarray(uniques, dtype=object)))
    values = table.reindex(unique_keys.to_numpy()).to_numpy()
    out = values[np.clip(codes, 0, None)]
    if (codes < 0).any():
        out = np.where(codes < 0, None, out)
    return pd.Series(out, index=worker_ids.index)


def role_floor_for(roles: pd.Series, role_floor: dict[str, float]) -> np.ndarray:
    """The floor (£/h) for each role: max of the role's own floor and the "*" floor; 0 if none."""
    if not role_floor:
        return np.zeros(len(roles))
    everyone = float(role_floor.get("*", 0.0) or 0.0)
    specific = {k: float(v) for k, v in role_floor.items() if k != "*"}
    codes, uniques = pd.factorize(roles.astype("object"))  # a handful of roles
    per_role = np.array([specific.get(str(r), np.nan) for r in uniques] + [np.nan], dtype=float)
    own = per_role[np.where(codes < 0, len(uniques), codes)]
    return np.fmax(np.nan_to_num(own, nan=0.0), everyone)


def _floored(rate, floor):
    """The rate raised to the floor, a rate of 0 (unpaid) staying 0. Rates and floors are
    arrays (one per event) or plain numbers when every event has the same (no workers file,
    no role floor): numpy broadcasts a number, so no million-long array of one value."""
    return np.where(rate > 0, np.maximum(rate, floor), 0.0)


def _policy_rate(value: float | str | None, contact, floor):
    if value is None or (isinstance(value, str) and value == AT_CONTACT_RATE):
        return contact
    return _floored(float(value), floor)


def _finite(values: np.ndarray) -> np.ndarray:
    """NaN as 0 and infinities as the largest floats (np.nan_to_num), copying only when the
    column has any: a timeline's minutes have none, and each copy is 8 MB per million events."""
    return values if np.isfinite(values).all() else np.nan_to_num(values)


def event_pay(
    timeline: pd.DataFrame,
    policy: PayPolicy,
    workers: pd.DataFrame | None = None,
    *,
    use_rota_pay: bool = True,
) -> pd.DataFrame:
    """The timeline plus the pay columns of docs/ARCHITECTURE.md "Event pay"."""
    out = timeline.copy(deep=False)  # copy-on-write: the columns are shared, not copied
    n = len(out)
    worker_ids = out["worker_id"] if n else pd.Series([], dtype="str")

    # Rates per event (£/h), after the worker's own rate and the role floor. Without a workers
    # table (or the column) there is nothing to look up: every event has the policy's rate.
    base_contact = float(policy.contact_rate)
    if _has_column(workers, "contact_rate"):
        own_rate = worker_lookup(worker_ids, workers, "contact_rate")
        own_rate = pd.to_numeric(own_rate, errors="coerce").to_numpy(float, na_value=np.nan)
        base_contact = np.where(np.isnan(own_rate), base_contact, own_rate)
    if policy.role_floor:
        floor = role_floor_for(worker_lookup(worker_ids, workers, "role"), policy.role_floor)
    else:
        floor = 0.0
    contact_rate = _floored(base_contact, floor)
    other_rate = (
        contact_rate if policy.other_rate is None else _floored(float(policy.other_rate), floor)
    )
    travel_rate = _policy_rate(policy.travel_rate, contact_rate, floor)
    waiting_rate = _policy_rate(policy.waiting_rate, contact_rate, floor)

    contact_min = _finite(_col(out, "contact_minutes", 0.0))
    other_min = _finite(_col(out, "other_minutes", 0.0))
    travel_min = _finite(_col(out, "travel_counted_minutes", 0.0))
    waiting_min = _finite(_col(out, "waiting_minutes", 0.0))
    counted_min = _finite(_col(out, "counted_minutes", 0.0))
    miles = _finite(_col(out, "business_miles", 0.0))

    contact_pay = contact_min / 60 * contact_rate
    other_pay = other_min / 60 * other_rate
    travel_pay = travel_min / 60 * travel_rate
    waiting_pay = waiting_min / 60 * waiting_rate
    paid_minutes = (
        np.where(contact_rate > 0, contact_min, 0.0)
        + np.where(other_rate > 0, other_min, 0.0)
        + np.where(travel_rate > 0, travel_min, 0.0)
        + np.where(waiting_rate > 0, waiting_min, 0.0)
    )

    # Premiums by the event's local start date.
    if n:
        start_days = as_days(out["start"])
        weekday = (start_days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        weekend = weekday >= 5
        bank_holiday = is_bank_holiday(start_days)
    else:
        weekend = bank_holiday = np.zeros(0, dtype=bool)
    premium = np.where(weekend, float(policy.weekend_premium) * contact_min / 60, 0.0) + np.where(
        bank_holiday,
        (float(policy.bank_holiday_multiplier) - 1.0) * contact_rate * contact_min / 60,
        0.0,
    )
    allowance = _finite(_col(out, "allowance_pay", 0.0))
    deduction = _finite(_col(out, "deduction", 0.0))
    mileage = float(policy.mileage_rate) * miles

    if use_rota_pay:
        # The rota's own pay replaces the policy's on the rows that give it (often few): those
        # rows are written in place, with the same arithmetic as a choice over every row.
        rota_pay = _col(out, "pay")
        given = np.flatnonzero(~np.isnan(rota_pay))
        if len(given):
            pay_given = rota_pay[given]
            rota_premium = _finite(_col(out, "premium_pay", 0.0))[given]
            is_visit = equals(out["kind"].iloc[given], "visit")
            basic = pay_given - rota_premium - allowance[given]
            contact_pay[given] = np.where(is_visit, basic, 0.0)
            other_pay[given] = np.where(is_visit, 0.0, basic)
            travel_pay[given] = 0.0
            waiting_pay[given] = 0.0
            premium[given] = rota_premium
            paid_minutes[given] = np.where(pay_given > 0, counted_min[given], 0.0)
            mileage[given] = 0.0  # a rota-paid event has the rota's mileage or none
        rota_mileage = _col(out, "mileage_pay")
        known = np.flatnonzero(~np.isnan(rota_mileage))
        if len(known):
            mileage[known] = rota_mileage[known]

    cost = policy.rules.vehicle_cost_per_mile
    vehicle = np.maximum(0.0, miles * float(cost) - mileage) if cost else np.zeros(n)

    gross = contact_pay + other_pay + travel_pay + waiting_pay + premium + allowance
    # Arrays computed here are handed to the frame as they are (timeline.put); allowance and
    # deduction are set only when they are not the timeline's own columns unchanged (setting a
    # column to its own values would make pandas copy it: 80 MB of fresh memory at 10M events).
    put(out, "contact_pay", contact_pay)
    put(out, "other_pay", other_pay)
    put(out, "travel_pay", travel_pay)
    put(out, "waiting_pay", waiting_pay)
    put(out, "premium_pay", premium)
    _put_unless_own(out, "allowance_pay", allowance)
    put(out, "mileage_pay", mileage)
    _put_unless_own(out, "deduction", deduction)
    put(out, "vehicle_cost_reduction", vehicle)
    put(out, "paid_minutes", paid_minutes)
    put(out, "gross_pay", gross)
    return out
