"""Names shared by every stage of the pipeline (see docs/ARCHITECTURE.md).

Kept in one place so that importers, engine, costing and app agree on spelling.
"""

from __future__ import annotations

TZ = "Europe/London"

KINDS = ("visit", "training", "office")
STATUSES = ("completed", "cancelled")

REQUIRED_EVENT_COLUMNS = ("worker_id", "start", "end")
OPTIONAL_EVENT_COLUMNS = (
    "kind",
    "status",
    "client_id",
    "travel_minutes",
    "travel_miles",
    "pay",
    "premium_pay",
    "allowance_pay",
    "mileage_pay",
    "deduction",
)
EVENT_COLUMNS = ("source_row", *REQUIRED_EVENT_COLUMNS, *OPTIONAL_EVENT_COLUMNS)

WORKER_COLUMNS = (
    "worker_id",
    "date_of_birth",
    "apprentice",
    "apprenticeship_start",
    "role",
    "contact_rate",
)

REJECTION_COLUMNS = ("file", "sheet", "row", "column", "reason")

PERIOD_COLUMNS = (
    "worker_id",
    "period_start",
    "period_end",
    "contact_hours",
    "travel_hours",
    "waiting_hours",
    "other_hours",
    "working_hours",
    "paid_hours",
    "unpaid_working_hours",
    "gross_pay",
    "premium_pay",
    "allowance_pay",
    "deductions",
    "mileage_pay",
    "business_miles",
    "nmw_pay",
    "age",
    "band",
    "nmw_rate",
    "true_hourly_rate",
    "headline_rate",
    "paid_time_rate",
    "shortfall",
    "arrears",
    "below_nmw",
    "events",
    "flags",
    "role",
)

PERIOD_KINDS = ("weekly", "fortnightly", "four-weekly", "monthly")
