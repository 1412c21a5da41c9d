"""What the app is looking at: the rota (uploaded, or the bundled sample), the settings from the
sidebar, and the cached calls into payfair that turn them into results.

Privacy: uploaded bytes live only in this browser session's memory (`st.session_state`), and the
caches are session-scoped (`st.cache_data(scope="session")`), so nothing uploaded is written to
disk or seen by another session. Caches are keyed on a SHA-256 of the file's bytes, the read
options and the settings, so changing a setting re-runs only the analysis, not the parsing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from payfair.errors import RotaError
from payfair.resources import rates_path, samples_path
from payfair.ui import pseudonymise as pseudo

log = logging.getLogger("payfair.ui")

SAMPLES = samples_path()
SAMPLE_ROTA = SAMPLES / "canonical_branch.csv"
SAMPLE_WORKERS = SAMPLES / "canonical_branch_workers.csv"
POLICY_PATH = rates_path("policies", "default.toml")

ROTA_TYPES = ["csv", "xlsx", "xlsm", "parquet"]
DEFAULT_BREAK_MINUTES = 60.0  # payfair rules §3.4
UPLOAD_KEY = "rota_file"  # session_state keys
WORKERS_KEY = "workers_file"
#: above this many events, downloads are made on request ("Prepare"), not on every run
LARGE_ROWS = 20_000


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """Everything the sidebar sets. `analysis_key()` is what the analysis depends on."""

    period: str = "weekly"
    period_anchor: date = date(2024, 1, 1)
    break_threshold_minutes: float = 60.0
    count_commute: bool = False
    count_travel_across_breaks: bool = False
    assumed_speed_mph: float | None = None
    as_of: date = field(default_factory=date.today)
    vehicle_cost_per_mile: float | None = None
    #: the provider's own rates, for events the rota gives no pay for (None = the default policy)
    contact_rate: float | None = None
    travel_rate: float | None = None
    waiting_rate: float | None = None
    mileage_rate: float | None = None
    pseudonymise: bool = False
    code_key: str = ""

    def analysis_key(self) -> tuple:
        d = asdict(self)
        d.pop("pseudonymise")
        d.pop("code_key")
        return tuple(sorted(d.items()))

    def rules(self) -> dict[str, Any]:
        return {
            "break_threshold_minutes": float(self.break_threshold_minutes),
            "count_commute": bool(self.count_commute),
            "count_travel_across_breaks": bool(self.count_travel_across_breaks),
            "assumed_speed_mph": self.assumed_speed_mph,
            "vehicle_cost_per_mile": self.vehicle_cost_per_mile,
        }

    def departures(self) -> list[str]:
        """Settings that model something other than the law as payfair reads it (payfair rules §3),
        in plain words: the arrears they give are not what the law says is owed."""
        out = []
        if self.count_commute:
            out.append(
                "the commute from home to the first visit and home after the last is counted as "
                "working time (the law does not count it: NMW Regulations 2015 reg 34(1))"
            )
        if self.break_threshold_minutes != DEFAULT_BREAK_MINUTES:
            out.append(
                f"gaps over {self.break_threshold_minutes:g} minutes are breaks, not payfair's "
                f"{DEFAULT_BREAK_MINUTES:g} minutes (payfair rules §3.4)"
            )
        if self.count_travel_across_breaks:
            out.append(
                "the journey after a break is counted as working travel (payfair rules §3.5 "
                "presumes the worker starts from home after a break)"
            )
        if self.vehicle_cost_per_mile:
            out.append(
                f"own-car costs of £{self.vehicle_cost_per_mile:.2f} a mile above the mileage "
                "paid are taken off minimum-wage pay (an open point in law, payfair rules §4)"
            )
        return out

    def own_rates(self) -> dict[str, float]:
        """The pay rates the user typed (only those given)."""
        got = {
            "contact_rate": self.contact_rate,
            "travel_rate": self.travel_rate,
            "waiting_rate": self.waiting_rate,
            "mileage_rate": self.mileage_rate,
        }
        return {k: float(v) for k, v in got.items() if v is not None}


def settings() -> Settings:
    """The current settings (written by the sidebar into session_state)."""
    got = st.session_state.get("settings")
    return got if isinstance(got, Settings) else Settings()


def session_code_key() -> str:
    """The key behind pseudonym codes: the user's phrase, else a random one for this session."""
    s = settings()
    if s.code_key.strip():
        return s.code_key.strip()
    if "_code_key" not in st.session_state:
        st.session_state["_code_key"] = secrets.token_hex(16)
    return st.session_state["_code_key"]


# ---------------------------------------------------------------- files in memory


@dataclass(frozen=True)
class FileRef:
    """A file held in memory: its name, a digest of its bytes, and where it came from."""

    name: str
    digest: str
    size: int
    origin: str  # "sample" or "upload"


def _ref(name: str, data: bytes, origin: str) -> FileRef:
    return FileRef(name, hashlib.sha256(data).hexdigest(), len(data), origin)


def remember_upload(slot: str, name: str, data: bytes) -> None:
    """Keep an uploaded file's bytes in this session's memory (never on disk)."""
    st.session_state[slot] = (_ref(name, data, "upload"), data)


def forget_upload(slot: str) -> None:
    st.session_state.pop(slot, None)


def _sample(path: Path) -> tuple[FileRef, bytes] | None:
    if not path.exists():
        return None
    data = path.read_bytes()
    return _ref(path.name, data, "sample"), data


def rota_file() -> tuple[FileRef, bytes] | None:
    """The uploaded rota, else the bundled sample."""
    return st.session_state.get(UPLOAD_KEY) or _sample(SAMPLE_ROTA)


def workers_file() -> tuple[FileRef, bytes] | None:
    """The uploaded workers file; else the sample's workers when showing the sample rota."""
    if UPLOAD_KEY in st.session_state:
        return st.session_state.get(WORKERS_KEY)
    return st.session_state.get(WORKERS_KEY) or _sample(SAMPLE_WORKERS)


@dataclass(frozen=True)
class ReadOptions:
    """How to read the rota: a corrected column mapping, planned times, an Excel sheet."""

    mapping: tuple[tuple[str, str], ...] = ()
    use_planned: bool = False
    sheet: str | None = None

    def kwargs(self) -> dict[str, Any]:
        # exact: the columns the user chose and no others (payfair guesses nothing more)
        mapping = {"columns": dict(self.mapping), "options": {"exact": True}}
        return {
            "mapping": mapping if self.mapping else None,
            "use_planned": self.use_planned,
            "sheet": self.sheet,
        }


def read_options() -> ReadOptions:
    got = st.session_state.get("read_options")
    return got if isinstance(got, ReadOptions) else ReadOptions()


# ---------------------------------------------------------------- cached calls into payfair


@dataclass
class RotaFile:
    """A rota as read (payfair.importers.inspect_file), with the file's own headers and sheets
    so the Rota page can offer a corrected mapping."""

    read: Any  # RotaRead
    headers: list[str]
    sheets: list[str | None]


@st.cache_data(scope="session", max_entries=4, show_spinner="Reading the rota…", show_time=True)
def read_rota(digest: str, name: str, options: ReadOptions, _data: bytes) -> RotaFile:
    """payfair.importers.inspect_file (load_rota keeping what it found) on bytes in memory."""
    from payfair.importers import inspect_file

    got = inspect_file(io.BytesIO(_data), filename=name, **options.kwargs())
    return RotaFile(got.read, list(got.table.header.headers), list(got.sheets))


@st.cache_data(scope="session", max_entries=4, show_spinner=False)
def file_headers(digest: str, name: str, sheet: str | None, _data: bytes):
    """(headers, sheets, fields recognised) of a file payfair could not read as a rota, so the
    mapping grid starts from what payfair did recognise."""
    from payfair.importers import plan_columns
    from payfair.importers.header import choose_sheets
    from payfair.importers.readers import read_grids

    grids, _ = read_grids(io.BytesIO(_data), name)
    visits, header, _ = choose_sheets(grids, sheet=sheet)
    headers = list(header.headers)
    return headers, [g.sheet for g in grids], dict(plan_columns(headers).fields)


#: what a rota needs, in the words of the mapping grid (payfair.importers._missing)
NEEDED = {
    "the care worker": ("worker_id",),
    "the start (a start, or a date with a start time)": ("start", "start_actual", "start_planned"),
    "the end or the length": (
        "end",
        "end_actual",
        "end_planned",
        "duration",
        "duration_actual",
        "duration_planned",
    ),
}


def missing_fields(fields: dict[str, str]) -> list[str]:
    """What a mapping still lacks for payfair to read visits."""
    return [what for what, any_of in NEEDED.items() if not any(f in fields for f in any_of)]


def browser_error(name: str, headers: list[str], fields: dict[str, str], mapped: bool) -> str:
    """Why an unrecognised file could not be read, for someone in the browser: what was found,
    what is missing, and what to do on this page (no command lines, no file formats)."""
    found = ", ".join(f"'{h}'" for h in headers if h) or "none"
    missing = missing_fields(fields)
    first = (
        f"payfair could not read visits from **{name}** with the columns chosen below"
        if mapped
        else f"payfair did not recognise the layout of **{name}**"
    )
    need = f" It still needs: {'; '.join(missing)}." if missing else ""
    return (
        f"{first}. Columns in the file: {found}.{need}\n\n**How to fix:** in *Layout and "
        "columns found* below, choose the column of your file that holds each field (at least "
        "the care worker, the start, and the end or length), then press *Apply this mapping*. "
        "You can save the mapping and load it next time."
    )


@st.cache_data(scope="session", max_entries=4, show_spinner="Reading the workers file…")
def read_workers(digest: str, name: str, _data: bytes):
    """payfair.importers.load_workers on bytes in memory: (workers, rejected)."""
    from payfair.importers import load_workers

    got = load_workers(io.BytesIO(_data), filename=name)
    if isinstance(got, tuple):
        return got
    workers = getattr(got, "workers", None)
    if workers is None:
        workers = getattr(got, "events", got)
    return workers, getattr(got, "rejected", None)


@st.cache_data(
    scope="session",
    max_entries=8,
    show_spinner="Working out the true hourly rate for every worker and pay period…",
    show_time=True,
)
def run_analysis(
    rota_digest: str,
    rota_name: str,
    options: ReadOptions,
    workers_digest: str | None,
    workers_name: str | None,
    settings_key: tuple,
    _rota_data: bytes,
    _workers_data: bytes | None,
):
    """payfair.analysis.analyse for this rota, workers file and settings."""
    from payfair.analysis import analyse

    s = dict(settings_key)
    rota = read_rota(rota_digest, rota_name, options, _rota_data).read
    workers = _workers(rota, workers_digest, workers_name, _workers_data)
    return analyse(
        rota,
        current_policy(settings_key),
        workers=workers,
        period=s["period"],
        period_anchor=s["period_anchor"],
        as_of=s["as_of"],
    )


def _workers(rota, workers_digest, workers_name, workers_data):
    if workers_digest is not None and workers_data is not None:
        return read_workers(workers_digest, workers_name, workers_data)[0]
    return rota.workers


def current_policy(settings_key: tuple):
    """The default pay policy (pay as the rota has none) with the sidebar's rules."""
    from payfair.policy import load_policy

    s = dict(settings_key)
    policy = load_policy(POLICY_PATH)
    own = {
        k: float(s[k])
        for k in ("contact_rate", "travel_rate", "waiting_rate", "mileage_rate")
        if s.get(k) is not None
    }
    if own:  # the provider's own rates, typed on the page, for events with no pay in the rota
        policy = replace(policy, **own, name="your rates")
    return policy.with_rules(
        break_threshold_minutes=float(s["break_threshold_minutes"]),
        count_commute=bool(s["count_commute"]),
        count_travel_across_breaks=bool(s["count_travel_across_breaks"]),
        assumed_speed_mph=s["assumed_speed_mph"],
        vehicle_cost_per_mile=s.get("vehicle_cost_per_mile"),
    )


def default_rates() -> dict[str, float]:
    """The default policy's pay rates (what is used when the user types none)."""
    from payfair.policy import load_policy

    p = load_policy(POLICY_PATH)
    return {
        "contact_rate": float(p.contact_rate),
        "travel_rate": float(p.contact_rate if p.travel_rate == "contact" else p.travel_rate),
        "waiting_rate": float(p.contact_rate if p.waiting_rate == "contact" else p.waiting_rate),
        "mileage_rate": float(p.mileage_rate),
    }


@dataclass
class ScenarioResult:
    """What the Union and Commissioner pages need from one scenario applied to the rota (kept
    small: the re-paid timelines are not cached)."""

    key: str
    name: str
    description: str
    note: str
    totals: dict[str, Any]
    workers: pd.DataFrame  # per worker: pay now, pay under the scenario, change per week, ...
    periods: pd.DataFrame  # per worker and period, with nmw_rate from the baseline
    distribution: pd.DataFrame  # change_per_week band, workers, share
    notes: list[str]
    fee_breakdown: pd.DataFrame | None
    visit_lengths: pd.DataFrame | None
    fee: float | None
    fee_notes: list[str]
    fee_error: str | None = None
    outcomes: Any = None  # payfair.costing.outcomes.Outcomes, without the two Analyses
    fee_result: Any = None  # payfair.costing.fee_rate.FeeResult


def list_scenarios() -> dict[str, str]:
    """key → display name of the shipped scenarios (rates/scenarios/*.toml)."""
    from payfair.costing.scenario import list_scenarios as names
    from payfair.costing.scenario import scenario_for_key

    return {key: scenario_for_key(key).name for key in names()}


@st.cache_data(scope="session", max_entries=32, show_spinner=False)
def run_scenario(
    rota_digest: str,
    rota_name: str,
    options: ReadOptions,
    workers_digest: str | None,
    workers_name: str | None,
    settings_key: tuple,
    scenario_key: str,
    _rota_data: bytes,
    _workers_data: bytes | None,
) -> ScenarioResult:
    """payfair.costing: the scenario applied to this rota (outcomes) and the fee per contact
    hour measured from the rota re-paid under it."""
    from payfair.costing.fee_rate import fee_from_rota
    from payfair.costing.outcomes import apply_scenario
    from payfair.costing.scenario import scenario_for_key

    s = dict(settings_key)
    rota = read_rota(rota_digest, rota_name, options, _rota_data).read
    workers = _workers(rota, workers_digest, workers_name, _workers_data)
    baseline = run_analysis(
        rota_digest,
        rota_name,
        options,
        workers_digest,
        workers_name,
        settings_key,
        _rota_data,
        _workers_data,
    )
    scenario = scenario_for_key(scenario_key)
    out = apply_scenario(
        rota,
        scenario,
        current_policy(settings_key),
        workers=workers,
        period=s["period"],
        period_anchor=s["period_anchor"],
        as_of=s["as_of"],
        baseline=baseline,
    )
    keys = ["worker_id", "period_start", "period_end"]
    rates = baseline.periods[[*keys, "nmw_rate"]].copy()
    rates["worker_id"] = rates["worker_id"].astype("str")
    periods = out.periods.merge(rates, on=keys, how="left")
    repaid = out.repaid
    slim = replace(out, baseline=None, repaid=None)
    result = ScenarioResult(
        outcomes=slim,
        key=scenario_key,
        name=scenario.name,
        description=scenario.description,
        note=scenario.note,
        totals=dict(out.totals),
        workers=out.workers,
        periods=periods,
        distribution=out.distribution,
        notes=list(out.notes),
        fee_breakdown=None,
        visit_lengths=None,
        fee=None,
        fee_notes=[],
    )
    try:
        fee = fee_from_rota(repaid.periods, scenario, period=s["period"], timeline=repaid.timeline)
        result.fee_result = fee
        result.fee_breakdown = fee.breakdown
        result.visit_lengths = fee.visit_lengths
        result.fee = fee.fee
        result.fee_notes = list(fee.notes)
    except Exception as exc:  # e.g. a rota with no completed visits: say so on the page
        result.fee_error = friendly(exc)
    return result


@st.cache_data(scope="session", max_entries=16, show_spinner=False)
def scenario_fee_from_assumptions(scenario_key: str):
    """The fee per contact hour from the scenario's published-style assumptions alone."""
    from payfair.costing.fee_rate import fee_from_assumptions
    from payfair.costing.scenario import scenario_for_key

    return fee_from_assumptions(scenario_for_key(scenario_key))


def scenarios(loaded: Loaded, keys: list[str], label: str) -> list[ScenarioResult]:
    """Each chosen scenario applied to the loaded rota (cached), with a progress bar on first
    use."""
    if not loaded.ok or not keys:
        return []
    got = rota_file()
    wgot = workers_file()
    ref, data = got
    wref, wdata = wgot if wgot else (None, None)
    bar = st.progress(0.0, text=label)
    results = []
    for i, key in enumerate(keys):
        bar.progress(i / len(keys), text=f"{label} ({i + 1} of {len(keys)})")
        results.append(
            run_scenario(
                ref.digest,
                ref.name,
                read_options(),
                wref.digest if wref else None,
                wref.name if wref else None,
                settings().analysis_key(),
                key,
                data,
                wdata,
            )
        )
    bar.empty()
    return results


# ---------------------------------------------------------------- what pages use


@dataclass
class Loaded:
    """The rota and its analysis for the current settings, or a readable error."""

    rota_ref: FileRef | None = None
    workers_ref: FileRef | None = None
    rota: Any = None
    analysis: Any = None
    workers_rejected: pd.DataFrame | None = None
    error: str | None = None
    headers: list[str] = field(default_factory=list)  # the file's own column headers
    sheets: list[str | None] = field(default_factory=list)
    recognised: dict[str, str] = field(default_factory=dict)  # field → header payfair found

    @property
    def ok(self) -> bool:
        return self.analysis is not None


#: words of advice meant for the command line, not for someone in the browser
COMMAND_LINE_WORDS = ("--mapping", "TOML", "payfair inspect", "mapping=")


def friendly(exc: BaseException, name: str | None = None) -> str:
    """A message a user can act on, never a traceback."""
    if isinstance(exc, RotaError):
        text = str(exc)
        if any(word in text for word in COMMAND_LINE_WORDS):  # advice for the command line
            text = text.split(" How to fix: ")[0] + (
                " How to fix: on the *Your rota* page, choose which column of your file holds "
                "each field and press *Apply this mapping*."
            )
        return text.replace(" How to fix: ", "\n\n**How to fix:** ")
    if isinstance(exc, NotImplementedError):
        return "This part of payfair is still being built; try again after the next update."
    what = f"payfair could not read {name}" if name else "payfair could not work this out"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (
        f"{what}: {first}. Check that it is a rota saved as CSV or Excel (.xlsx) with one row "
        "per visit, and that its columns are mapped correctly on the Rota page."
    )


def _layout_problem(exc: BaseException) -> bool:
    """An error about which column is which (fixed on the mapping grid), not a broken file."""
    text = str(exc)
    return isinstance(exc, RotaError) and (
        "does not recognise this layout" in text or "mapping names headers" in text
    )


def load() -> Loaded:
    """Read and analyse the current rota (cached), catching every error as a message."""
    out = Loaded()
    got = rota_file()
    if got is None:
        out.error = "No rota: upload one on the Rota page."
        return out
    out.rota_ref, data = got
    wgot = workers_file()
    wref, wdata = wgot if wgot else (None, None)
    out.workers_ref = wref
    opts = read_options()
    try:
        got_file = read_rota(out.rota_ref.digest, out.rota_ref.name, opts, data)
        out.rota, out.headers, out.sheets = got_file.read, got_file.headers, got_file.sheets
        if wref is not None:
            out.workers_rejected = read_workers(wref.digest, wref.name, wdata)[1]
        out.analysis = run_analysis(
            out.rota_ref.digest,
            out.rota_ref.name,
            opts,
            wref.digest if wref else None,
            wref.name if wref else None,
            settings().analysis_key(),
            data,
            wdata,
        )
    except Exception as exc:  # a bad file must show a message, never a traceback
        log.warning(
            "payfair could not use %s: %s",
            out.rota_ref.name,
            exc,
            exc_info=not isinstance(exc, RotaError),
        )
        out.error = friendly(exc, out.rota_ref.name)
        if out.rota is None:  # offer a mapping for a layout payfair did not recognise
            with contextlib.suppress(Exception):
                out.headers, out.sheets, out.recognised = file_headers(
                    out.rota_ref.digest, out.rota_ref.name, opts.sheet, data
                )
                chosen = dict(opts.mapping) if opts.mapping else out.recognised
                if _layout_problem(exc):
                    out.error = browser_error(
                        out.rota_ref.name, out.headers, chosen, bool(opts.mapping)
                    )
    source_badge(out)
    s = settings()
    st.session_state["_results_signature"] = (
        out.rota_ref.digest,
        opts,
        wref.digest if wref else None,
        s.analysis_key(),
        s.pseudonymise,
        session_code_key() if s.pseudonymise else None,
    )
    events = len(out.analysis.timeline) if out.analysis is not None else 0
    st.session_state["_rota_events"] = events
    remember_names(out.rota)
    return out


def source_badge(loaded: Loaded) -> None:
    """Under every page's title: whose data the figures are from. The bundled sample is marked
    "sample" on every page, so nobody mistakes a made-up branch's figures for their own."""
    ref = loaded.rota_ref
    if ref is None:
        return
    if ref.origin == "sample":
        st.caption(
            f":orange-badge[:material/science: Sample data] Figures from the bundled sample rota "
            f"**{ref.name}**, a made-up homecare branch, not your data. Upload your rota on the "
            "*Your rota* page."
        )
    else:
        st.caption(f":blue-badge[:material/description: Your file] {ref.name}")


#: a share of rejected rows above this gets a warning banner instead of any all-clear
LARGE_REJECTED_SHARE = 0.10


def rejected_share(loaded: Loaded) -> tuple[int, int, float]:
    """(rows rejected that need attention, rows read, share of rows read)."""
    source = loaded.analysis if loaded.analysis is not None else loaded.rota
    if source is None:
        return 0, 0, 0.0
    read = int(source.rows_read or 0)
    fix, _ = split_rejected(source.rejected)
    return len(fix), read, (len(fix) / read if read else 0.0)


#: rejection reasons that need no fixing: the row was left out rightly (rules §3 end; issue 8)
NO_ACTION_REASONS = ("cancelled and unpaid", "duplicate of row")


def split_rejected(rejected: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows to fix, rows left out that need no action: cancelled unpaid visits, exact copies)."""
    if rejected is None or rejected.empty or "reason" not in rejected.columns:
        empty = rejected if rejected is not None else pd.DataFrame()
        return empty, empty.iloc[0:0]
    reason = rejected["reason"].astype("string").str.strip().str.lower()
    fine = reason.str.startswith(NO_ACTION_REASONS).fillna(False).astype(bool)
    return rejected[~fine], rejected[fine]


def pay_source(loaded: Loaded) -> str | None:
    """Where pay came from, in plain words, when payfair (not the rota) supplied any of it."""
    if loaded.rota is None or loaded.analysis is None:
        return None
    ev = loaded.rota.events
    missing = int(ev["pay"].isna().sum()) if "pay" in ev.columns else len(ev)
    if not missing:
        return None
    s = settings()
    own = s.own_rates()
    rates = {**default_rates(), **own}
    what = (
        f"contact time £{rates['contact_rate']:.2f} an hour, travel "
        f"£{rates['travel_rate']:.2f} an hour, waiting £{rates['waiting_rate']:.2f} an hour, "
        f"mileage £{rates['mileage_rate']:.2f} a mile"
    )
    whose = "the rates you typed in the sidebar" if own else "payfair's default pay rates"
    scope = (
        "The rota has no pay"
        if missing == len(ev)
        else f"{missing:,} of the rota's {len(ev):,} events have no pay"
    )
    fix = (
        "" if own else " Type your own under *Your pay rates* in the sidebar, or add a pay column."
    )
    return (
        f"{scope}, so their pay was worked out from {whose}: {what} (a worker's own contact "
        f"rate in the workers file comes first).{fix}"
    )


def results_signature() -> tuple:
    """What the current results and their downloads depend on: the files (by digest), the read
    options, the settings, and the pseudonymisation switch and key (set by `load`)."""
    return st.session_state.get("_results_signature", ())


def large_rota() -> bool:
    """True when the rota last loaded in this session has more than LARGE_ROWS events."""
    return int(st.session_state.get("_rota_events", 0)) > LARGE_ROWS


# ---------------------------------------------------------------- showing people's names


def names_map() -> dict[str, str]:
    """name → code for every worker and client in the current rota (for scrubbing free text)."""
    loaded = st.session_state.get("_names_map")
    return loaded or {}


def view(df: pd.DataFrame | None) -> pd.DataFrame | None:
    """The frame as it may be shown or downloaded: pseudonymised when the toggle is on."""
    if df is None or not settings().pseudonymise:
        return df
    key = session_code_key()
    out = pseudo.pseudonymise_frame(df, key)
    for col in ("reason",):
        if out is not None and col in out.columns:
            out[col] = pseudo.scrub_text(out[col], names_map())
    return out


def show_name(name: Any, prefix: str = "W") -> str:
    """One worker's or client's name as it may be shown."""
    if name is None or (isinstance(name, float) and pd.isna(name)):
        return ""
    if not settings().pseudonymise:
        return str(name)
    return pseudo.code(str(name), session_code_key(), prefix)


def remember_names(rota: Any) -> None:
    """Build the name → code map used to scrub free text, when pseudonymising."""
    if not settings().pseudonymise or rota is None:
        st.session_state.pop("_names_map", None)
        return
    ev = getattr(rota, "events", None)
    if ev is None:
        return
    key = session_code_key()
    names: dict[str, str] = {}
    for col, prefix in pseudo.PERSON_COLUMNS.items():
        if col in ev.columns:
            names.update(pseudo.code_map(ev[col], key, prefix))
    st.session_state["_names_map"] = names
