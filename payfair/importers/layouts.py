"""Named layouts, as data: the exports providers already have.

Each layout has a name, the headers that identify it (all must be present, compared
normalised), its column mapping (field → the export's header; fields as in
`payfair.importers.aliases`), the time zone its naive times are in, and words its kind and
status columns use. Files that match no named layout are read through the alias table (the
`generic` layout; `canonical` when the headers are payfair's own column names).

The named layouts are modelled on the vendors' documented fields (see rota_samples/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from payfair.importers.aliases import normalise
from payfair.schema import TZ


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    identify: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    timezone: str = TZ
    kind_values: dict[str, str] = field(default_factory=dict)
    status_values: dict[str, str] = field(default_factory=dict)

    def matches(self, normalised_headers: set[str]) -> bool:
        wanted = [normalise(h) for h in self.identify]
        return bool(wanted) and all(h in normalised_headers for h in wanted)


#: Words for kind and status that every layout understands (normalised value → canonical).
KIND_WORDS = {
    "visit": "visit", "carevisit": "visit", "homecare": "visit", "call": "visit",
    "care": "visit", "personalcare": "visit", "domiciliarycare": "visit", "domcare": "visit",
    "homecarevisit": "visit", "doubleup": "visit", "visitcall": "visit", "booking": "visit",
    "training": "training", "course": "training", "induction": "training",
    "trainingsession": "training", "shadowing": "training",
    "office": "office", "officesupervision": "office", "supervision": "office",
    "meeting": "office", "teammeeting": "office", "admin": "office", "officeduty": "office",
    "appraisal": "office", "spotcheck": "office", "officeshift": "office",
}  # fmt: skip
STATUS_WORDS = {
    "completed": "completed", "complete": "completed", "delivered": "completed",
    "done": "completed", "verified": "completed", "attended": "completed",
    "checkedout": "completed", "visited": "completed", "confirmed": "completed",
    "approved": "completed", "actual": "completed", "inprogress": "completed",
    "cancelled": "cancelled", "canceled": "cancelled", "cancelledpaid": "cancelled",
    "cancelledunpaid": "cancelled", "clientcancelled": "cancelled",
    "cancelledbyclient": "cancelled", "missed": "cancelled", "notdelivered": "cancelled",
}  # fmt: skip

ACCESS = Layout(
    name="access",
    title='Access "Provider Portal" service delivery CSV',
    identify=("VisitDate", "StartTimeClaimed", "ActualStartTime", "ActualDuration"),
    columns={
        "worker_id": "CarerName",
        "client_id": "ServiceUserRef",
        "date": "VisitDate",
        "start_planned": "StartTimeClaimed",
        "duration_planned": "DurationClaimed",
        "start_actual": "ActualStartTime",
        "duration_actual": "ActualDuration",
        "kind": "ServiceType",
        "status": "VisitStatus",
        "pay": "CarerPay",
        "travel_minutes": "TravelTime",
        "travel_miles": "Mileage",
    },
    kind_values={"homecare": "visit", "training": "training", "office": "office"},
)

BIRDIE_VISITS = Layout(
    name="birdie",
    title="Birdie visits export (times in UTC)",
    identify=("VISIT_ID", "CAREGIVER_NAME", "CHECK_IN_AT", "PLANNED_START_AT"),
    columns={
        "worker_id": "CAREGIVER_NAME",
        "client_id": "CLIENT_ID",
        "start_planned": "PLANNED_START_AT",
        "end_planned": "PLANNED_END_AT",
        "start_actual": "CHECK_IN_AT",
        "end_actual": "CHECK_OUT_AT",
        "kind": "VISIT_TYPE",
        "status": "STATUS",
        "cancellation_pay": "CANCELLATION_PAY",
        "paid_cancellation": "IS_PAID_CANCELLATION",
        "travel_minutes": "TRAVEL_DURATION_MINUTES",
        "travel_miles": "TRAVEL_DISTANCE_MILES",
    },
    timezone="UTC",
)

BIRDIE_PAYRUN = Layout(
    name="birdie-payrun",
    title="Birdie pay-run export (times in UTC)",
    identify=("Caregiver", "Shift Start (UTC)", "Shift End (UTC)", "Gross Pay"),
    columns={
        "worker_id": "Caregiver",
        "client_id": "Client",
        "start": "Shift Start (UTC)",
        "end": "Shift End (UTC)",
        "kind": "Shift Type",
        "status": "Status",
        "pay": "Gross Pay",
        "travel_minutes": "Travel Time (mins)",
        "travel_miles": "Travel Distance (miles)",
        "mileage_pay": "Mileage Pay",
    },
    timezone="UTC",
)

CARELINELIVE = Layout(
    name="carelinelive",
    title="CareLineLive carer timesheet",
    identify=("Carer", "Booked Start", "Booked End", "Actual Start", "Actual End"),
    columns={
        "worker_id": "Carer",
        "client_id": "Client",
        "date": "Date",
        "start_planned": "Booked Start",
        "end_planned": "Booked End",
        "start_actual": "Actual Start",
        "end_actual": "Actual End",
        "kind": "Booking Type",
        "status": "Status",
        "cancellation_pay": "Cancellation Pay (£)",
        "travel_minutes": "Travel Time (mins)",
        "travel_miles": "Mileage",
    },
)

GENERIC = Layout(name="generic", title="one row per visit, headers recognised by alias")
CANONICAL = Layout(name="canonical", title="payfair canonical columns")
MAPPED = Layout(name="mapping", title="columns given by a mapping file")

NAMED_LAYOUTS: tuple[Layout, ...] = (ACCESS, BIRDIE_VISITS, BIRDIE_PAYRUN, CARELINELIVE)
LAYOUTS = {lay.name: lay for lay in (*NAMED_LAYOUTS, GENERIC, CANONICAL, MAPPED)}


def find_layout(headers: list[str]) -> Layout | None:
    """The named layout whose identifying headers are all present, if any."""
    present = {normalise(h) for h in headers}
    for layout in NAMED_LAYOUTS:
        if layout.matches(present):
            return layout
    return None
