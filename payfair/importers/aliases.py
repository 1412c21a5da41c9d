"""Header aliases: which of a user's headers means which field.

Headers are compared normalised: lower case, "£" read as "gbp", everything that is not a letter
or digit removed ("Travel Time (mins)" → "traveltimemins"). A *field* is a canonical column
(payfair.schema) or one of the pieces a start or end is built from: `date`, `start_time`,
`start_planned`, `start_actual`, `end_planned`, `end_actual`, `duration`, `duration_planned`,
`duration_actual`. The first field whose aliases contain a header wins; a field takes the
first (leftmost) header that matches it.
"""

from __future__ import annotations

import re

import pandas as pd

EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "worker_id": (
        "workerid", "worker", "workername", "carer", "carername", "careworker",
        "careworkername", "employee", "employeename", "staff", "staffname", "staffmember",
        "caregiver", "caregivername", "carerref", "carerid", "staffid", "employeeid",
        "caregiverid", "assignedcarer", "carerfullname", "staffmembername", "workerref",
    ),
    "client_id": (
        "clientid", "client", "clientname", "clientref", "serviceuser", "serviceusername",
        "serviceuserref", "serviceuserid", "suref", "customer", "customername",
        "personsupported", "clientfullname",
    ),
    "date": (
        "date", "visitdate", "shiftdate", "calldate", "servicedate", "bookingdate",
        "scheduleddate", "rotadate", "day", "eventdate", "appointmentdate",
    ),
    "start_actual": (
        "actualstart", "actualstarttime", "starttimeactual", "actualstartat", "checkin",
        "checkintime", "checkinat", "checkedin", "clockin", "clockintime", "timein",
        "arrivaltime", "actualin", "actualarrival", "loggedstart",
    ),
    "start_planned": (
        "plannedstart", "plannedstarttime", "plannedstartat", "scheduledstart",
        "scheduledstarttime", "bookedstart", "bookedstarttime", "rosteredstart",
        "starttimeclaimed", "rotastart", "expectedstart",
    ),
    "start": (
        "start", "starttime", "startdatetime", "startat", "from", "timefrom", "visitstart",
        "visitstarttime", "shiftstart", "eventstart",
    ),
    "end_actual": (
        "actualend", "actualendtime", "endtimeactual", "actualendat", "actualfinish",
        "actualfinishtime", "checkout", "checkouttime", "checkoutat", "checkedout",
        "clockout", "clockouttime", "timeout", "departuretime", "actualout", "loggedend",
    ),
    "end_planned": (
        "plannedend", "plannedendtime", "plannedendat", "scheduledend", "scheduledendtime",
        "bookedend", "bookedendtime", "bookedfinish", "rosteredend", "rotaend", "expectedend",
    ),
    "end": (
        "end", "endtime", "enddatetime", "endat", "finish", "finishtime", "to", "timeto",
        "visitend", "visitendtime", "shiftend", "eventend",
    ),
    "duration_actual": (
        "actualduration", "actualdurationmins", "actualdurationminutes", "durationactual",
        "actualminutes", "actualmins", "actuallength", "actualtime",
    ),
    "duration_planned": (
        "plannedduration", "plannedmins", "plannedminutes", "durationclaimed",
        "scheduledduration", "bookedduration", "bookedmins", "bookedminutes",
        "commissionedduration", "plannedlength",
    ),
    "duration": (
        "duration", "durationmins", "durationminutes", "visitduration", "visitlength",
        "visitminutes", "visitmins", "length", "minutes", "mins", "calllength",
        "callduration",
    ),
    "kind": (
        "kind", "type", "visittype", "eventtype", "bookingtype", "shifttype", "activity",
        "activitytype", "servicetype", "category", "appointmenttype", "calltype",
    ),
    "status": ("status", "visitstatus", "callstatus", "bookingstatus", "outcome", "state"),
    "travel_minutes": (
        "travelminutes", "traveltime", "traveltimemins", "traveltimeminutes", "travelmins",
        "travel", "travelduration", "traveldurationminutes", "traveldurationmins",
        "traveltimeto", "journeytime", "journeyminutes",
    ),
    "travel_miles": (
        "travelmiles", "miles", "mileage", "distance", "distancemiles", "traveldistance",
        "traveldistancemiles", "milestravelled", "journeymiles", "journeydistance",
    ),
    "pay": (
        "pay", "paygbp", "grosspay", "grosspaygbp", "visitpay", "payamount", "amountpaid",
        "paid", "earnings", "payforvisit",
    ),
    # read as pay only on cancelled rows, never as a visit's pay (issue 8 item 2)
    "cancellation_pay": (
        "cancellationpay", "cancellationpaygbp", "cancelpay", "cancelledpay",
        "cancellationfee", "paidcancellationamount",
    ),
    # says whether a cancelled visit is paid (Birdie's IS_PAID_CANCELLATION)
    "paid_cancellation": (
        "ispaidcancellation", "paidcancellation", "cancellationpaid", "cancellationispaid",
    ),
    "premium_pay": ("premiumpay", "premium", "enhancement", "enhancementpay", "premiumgbp"),
    "allowance_pay": ("allowancepay", "allowance", "allowances", "allowancegbp"),
    "mileage_pay": (
        "mileagepay", "mileagegbp", "mileageexpense", "mileageclaim", "mileageamount",
        "mileagepaid", "mileagepaygbp",
    ),
    "deduction": ("deduction", "deductions", "deductiongbp", "uniformdeduction"),
}  # fmt: skip

WORKER_FIELDS: dict[str, tuple[str, ...]] = {
    "worker_id": EVENT_FIELDS["worker_id"] + ("name", "fullname"),
    "date_of_birth": ("dateofbirth", "dob", "birthdate", "birthday", "dateofbirthddmmyyyy"),
    "apprentice": ("apprentice", "isapprentice", "apprenticeship", "apprenticeyn"),
    "apprenticeship_start": (
        "apprenticeshipstart", "apprenticeshipstartdate", "apprenticestart",
        "apprenticestartdate",
    ),
    "role": ("role", "jobtitle", "jobrole", "position", "pathwayrole", "careworkforcepathway"),
    "contact_rate": (
        "contactrate", "hourlyrate", "payrate", "rate", "basicrate", "rateperhour",
        "hourlyrategbp", "basicpayrate",
    ),
}  # fmt: skip

#: Fields that are not canonical columns: they decide another column (pay) row by row.
CANCELLATION_FIELDS = ("cancellation_pay", "paid_cancellation")

#: Pieces that are not canonical columns themselves (they build start and end).
TIME_PIECES = (
    "date", "start", "start_planned", "start_actual", "end", "end_planned", "end_actual",
    "duration", "duration_planned", "duration_actual",
)  # fmt: skip

_UNIT_WORDS = re.compile(r"(mins|minutes|min|hrs|hours|gbp|hhmm|hhmmss|ddmmyyyy|utc)$")


def normalise(header) -> str:
    """'Travel Time (mins)' → 'traveltimemins'; '£' → 'gbp'."""
    text = str(header).replace("£", "gbp").lower()
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_series(headers: pd.Series) -> pd.Series:
    """Vectorised `normalise` over many cells (header detection scans ~30 rows at once)."""
    text = headers.astype("string").fillna("").str.replace("£", "gbp", regex=False)
    return text.str.lower().str.replace(r"[^a-z0-9]", "", regex=True)


def _lookup(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for field, aliases in fields.items():
        for alias in aliases:
            table.setdefault(alias, field)
    return table


EVENT_LOOKUP = _lookup(EVENT_FIELDS)
WORKER_LOOKUP = _lookup(WORKER_FIELDS)


def field_for(normalised: str, lookup: dict[str, str]) -> str | None:
    """The field a normalised header means, trying again without a trailing unit word."""
    if normalised in lookup:
        return lookup[normalised]
    stripped = _UNIT_WORDS.sub("", normalised)
    return lookup.get(stripped) if stripped else None


def match_headers(headers: list[str], lookup: dict[str, str]) -> dict[str, str]:
    """field → the user's header, for the headers that match an alias (leftmost wins)."""
    found: dict[str, str] = {}
    for header in headers:
        field = field_for(normalise(header), lookup)
        if field is not None and field not in found:
            found[field] = header
    return found
