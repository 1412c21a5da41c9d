"""Rota page: upload a rota (CSV or Excel), see the layout and column mapping payfair found and
correct it, and see every row used or rejected with its reason. The bundled sample rota is shown
when nothing is uploaded."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from payfair.ui import downloads, state, tables

#: the fields payfair reads from a rota (payfair.importers.aliases.EVENT_FIELDS), in plain English
FIELDS = {
    "worker_id": "Care worker (name or ID)",
    "client_id": "Client / service user",
    "date": "Date of the visit (when the times have no date)",
    "start": "Start time",
    "end": "End time",
    "duration": "Length of the visit",
    "start_actual": "Actual start (check-in)",
    "end_actual": "Actual end (check-out)",
    "duration_actual": "Actual length",
    "start_planned": "Planned start",
    "end_planned": "Planned end",
    "duration_planned": "Planned length",
    "kind": "Type: visit, training or office",
    "status": "Status: completed or cancelled",
    "travel_minutes": "Travel time to this visit (minutes)",
    "travel_miles": "Miles to this visit",
    "pay": "Pay for the event (£)",
    "premium_pay": "Part of the pay that is a premium (£)",
    "allowance_pay": "Allowances (£)",
    "mileage_pay": "Mileage paid (£)",
    "deduction": "Deductions for job costs (£)",
}
NOT_USED = "(not used)"
#: what every rota needs (a worker, and a start and an end or length), first in the grid
CORE_FIELDS = ("worker_id", "date", "start", "end", "duration")


def _on_rota_upload() -> None:
    up = st.session_state.get("rota_uploader")
    if up is None:
        state.forget_upload(state.UPLOAD_KEY)
    else:
        state.remember_upload(state.UPLOAD_KEY, up.name, up.getvalue())
    st.session_state.pop("read_options", None)  # a new file starts from the mapping found


def _on_workers_upload() -> None:
    up = st.session_state.get("workers_uploader")
    if up is None:
        state.forget_upload(state.WORKERS_KEY)
    else:
        state.remember_upload(state.WORKERS_KEY, up.name, up.getvalue())


def _use_sample() -> None:
    state.forget_upload(state.UPLOAD_KEY)
    state.forget_upload(state.WORKERS_KEY)
    st.session_state.pop("read_options", None)


def _uploaders() -> None:
    left, right = st.columns([3, 2])
    with left:
        st.file_uploader(
            "Upload a rota or call-monitoring export (CSV or Excel)",
            type=state.ROTA_TYPES,
            key="rota_uploader",
            on_change=_on_rota_upload,
            help="One row per visit. Kept in this browser session's memory only: never saved to "
            "disk, never shared with anyone else using payfair.",
        )
    with right:
        st.file_uploader(
            "Workers file (optional: dates of birth, apprentices, roles)",
            type=state.ROTA_TYPES,
            key="workers_uploader",
            on_change=_on_workers_upload,
            help="Without it payfair assumes every worker is on the top minimum-wage band and "
            "flags it.",
        )


def _source_banner(loaded: state.Loaded) -> None:
    ref = loaded.rota_ref
    if ref is None:
        return
    if ref.origin == "sample":
        st.info(
            f"Showing the bundled sample rota **{ref.name}**, a made-up homecare branch. Upload "
            "your own rota above to see your figures.",
            icon=":material/lightbulb:",
        )
    else:
        if loaded.workers_ref:
            workers = f" with workers file **{loaded.workers_ref.name}**"
        elif loaded.rota is not None and loaded.rota.workers is not None:
            workers = ", with the workers' details from its workers sheet"
        else:
            workers = ""
        c1, c2 = st.columns([4, 1])
        n, read, share = state.rejected_share(loaded)
        using = f"Using your file **{ref.name}** ({ref.size / 1_000_000:,.1f} MB){workers}."
        if loaded.rota is None:  # not read yet: the error below says why, no green tick
            c1.info(
                f"Your file **{ref.name}** ({ref.size / 1_000_000:,.1f} MB) could not be read "
                "yet: see below.",
                icon=":material/pending:",
            )
        elif share > state.LARGE_REJECTED_SHARE:
            c1.warning(
                f"{using} **{n:,} of its {read:,} rows ({share:.0%}) could not be used**: see "
                "*Rows to fix* below.",
                icon=":material/warning:",
            )
        else:
            c1.success(using, icon=":material/check_circle:")
        c2.button("Use the sample instead", on_click=_use_sample, width="stretch")
        if not workers and loaded.rota is not None:
            st.warning(
                "No workers file: payfair assumes every worker is on the top minimum-wage band "
                "and flags it. Add a workers file with dates of birth (and apprentices, roles) "
                "for exact rates.",
                icon=":material/info:",
            )


def _metrics(loaded: state.Loaded) -> None:
    rota = loaded.rota
    analysis = loaded.analysis
    rows_read = analysis.rows_read if analysis is not None else rota.rows_read
    rejected = analysis.rejected if analysis is not None else rota.rejected
    rows_used = rows_read - len(rejected)
    fix, fine = state.split_rejected(rejected)
    ev = rota.events
    c = st.columns(5)
    c[0].metric("Rows read", tables.count(rows_read), border=True)
    c[1].metric("Rows used", tables.count(rows_used), border=True)
    c[2].metric(
        "Rows to fix",
        tables.count(len(fix)),
        border=True,
        help="Rows payfair could not use, each listed below with the reason: nothing is dropped "
        "silently.",
    )
    c[3].metric(
        "Left out, no action needed",
        tables.count(len(fine)),
        border=True,
        help="Visits cancelled and not paid, and exact copies of another row.",
    )
    workers = ev["worker_id"].nunique() if "worker_id" in ev.columns else 0
    c[4].metric("Workers", tables.count(workers), border=True)
    if len(ev) and "start" in ev.columns:
        first, last = ev["start"].min(), ev["start"].max()
        st.caption(
            f"Events from {first:%A %d %B %Y} to {last:%A %d %B %Y}, times in UK local time."
        )


def _mapping(loaded: state.Loaded) -> None:
    rota = loaded.rota
    opts = state.read_options()
    if opts.mapping:  # the user's own choice, applied exactly
        mapping = dict(opts.mapping)
    elif rota is not None:  # what payfair applied
        mapping = dict(getattr(rota, "mapping", {}) or {})
    else:  # what payfair recognised in a layout it could not read
        mapping = dict(loaded.recognised)
    st.subheader("Layout and columns found")
    if rota is not None:
        layout = getattr(rota, "layout", "canonical") or "canonical"
        st.write(
            f"payfair read this file as the **{layout}** layout. Check that each field comes "
            "from the right column of your file; correct any that are wrong and press *Apply "
            "this mapping*."
        )
    else:
        st.write(
            "Choose which column of your file holds each field: at least the care worker, the "
            "start (or a date and a start time), and the end or the length. payfair has filled "
            "in what it recognised. Then press *Apply this mapping*."
        )
    sheets = [s for s in loaded.sheets if s]
    if len(sheets) > 1:
        source = getattr(rota, "source", None)
        current = opts.sheet or (getattr(source, "sheet", None) if source else None) or sheets[0]
        chosen = st.selectbox(
            "Sheet with the visits",
            sheets,
            index=sheets.index(current) if current in sheets else 0,
            key="rota_sheet",
        )
        if chosen != current:
            st.session_state["read_options"] = state.ReadOptions(
                mapping=opts.mapping, use_planned=opts.use_planned, sheet=chosen
            )
            st.rerun()
    found = _mapping_frame(mapping)
    headers = list(dict.fromkeys([*loaded.headers, *[h for h in mapping.values() if h]]))
    ref = loaded.rota_ref
    # a new file or a new mapping starts a fresh grid (no edits carried over from another one)
    grid_key = f"mapping_editor_{ref.digest[:12] if ref else ''}_{abs(hash(opts)) % 10**8}"
    edited = st.data_editor(
        found,
        hide_index=True,
        width="stretch",
        disabled=["field", "payfair field"],
        key=grid_key,
        column_config={
            "field": None,
            "payfair field": st.column_config.TextColumn("payfair field", width="medium"),
            "Your column": st.column_config.SelectboxColumn(
                "Your column", options=[NOT_USED, *headers], required=True, width="medium"
            ),
        },
        height=min(36 * (len(found) + 1) + 4, 420),
    )
    pairs = _chosen(edited)
    c1, c2, c3 = st.columns([1, 1, 2])
    if c1.button("Apply this mapping", type="primary", width="stretch"):
        st.session_state["read_options"] = state.ReadOptions(
            mapping=pairs, use_planned=opts.use_planned, sheet=opts.sheet
        )
        st.rerun()
    if c2.button("Reset to the mapping found", width="stretch", disabled=not opts.mapping):
        st.session_state["read_options"] = state.ReadOptions(
            use_planned=opts.use_planned, sheet=opts.sheet
        )
        st.rerun()
    planned = c3.toggle(
        "Use planned (rostered) times instead of actual times",
        value=opts.use_planned,
        help="Call-monitoring exports often have both. Actual times are the default.",
        key="rota_planned",
    )
    if planned != opts.use_planned:
        st.session_state["read_options"] = state.ReadOptions(
            mapping=opts.mapping, use_planned=planned, sheet=opts.sheet
        )
        st.rerun()
    _save_and_load(pairs, opts)


def _chosen(edited: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(field, your column) for every field given a column in the grid, in the grid's order."""
    return tuple(
        (str(r["field"]), str(r["Your column"]))
        for r in edited.to_dict("records")
        if r["Your column"] and r["Your column"] != NOT_USED
    )


def mapping_file(pairs: tuple[tuple[str, str], ...], opts: state.ReadOptions) -> bytes:
    """The mapping as a small text file to keep and load again next time (the same file
    `payfair analyse` reads)."""
    lines = [
        "# payfair column mapping: which column of your file holds each field",
        "[columns]",
        *[f"{f} = {json.dumps(h, ensure_ascii=False)}" for f, h in pairs],
        "",
        "[options]",
        "exact = true",
        f"use_planned = {'true' if opts.use_planned else 'false'}",
    ]
    if opts.sheet:
        lines.append(f"sheet = {json.dumps(opts.sheet, ensure_ascii=False)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _on_mapping_upload() -> None:
    """Load a saved mapping: it becomes the applied mapping (or a message says why not)."""
    from payfair.importers.mapping import load_mapping

    up = st.session_state.get("mapping_uploader")
    st.session_state.pop("mapping_problem", None)
    if up is None:
        return
    try:
        m = load_mapping(up.getvalue())
    except Exception as exc:  # a wrong file: say so, keep the current mapping
        st.session_state["mapping_problem"] = (
            f"**{up.name}** is not a mapping saved by payfair ({state.friendly(exc)}). "
            "Save a mapping with *Save this mapping* and load that file."
        ).replace("\n\n**How to fix:**", "")
        return
    opts = state.read_options()
    st.session_state["read_options"] = state.ReadOptions(
        mapping=tuple(m.columns.items()),
        use_planned=bool(m.use_planned) if m.use_planned is not None else opts.use_planned,
        sheet=m.sheet or opts.sheet,
    )


def _save_and_load(pairs: tuple[tuple[str, str], ...], opts: state.ReadOptions) -> None:
    left, right = st.columns(2)
    with left:
        downloads.offer(
            st,
            "Save this mapping",
            lambda: mapping_file(pairs, opts),
            "payfair-mapping.toml",
            "save_mapping",
            mime="text/plain",
            icon=":material/save:",
            heavy=False,
        )
        st.caption(
            "Keeps the columns chosen above in a small file, to load next time you upload an "
            "export in this layout."
        )
    with right:
        st.file_uploader(
            "Load a saved mapping",
            type=None,  # any name: a wrong file gets a message, not a refusal in file-type words
            key="mapping_uploader",
            on_change=_on_mapping_upload,
        )
        if problem := st.session_state.get("mapping_problem"):
            st.error(problem, icon=":material/error:")


def _mapping_frame(mapping: dict[str, str]) -> pd.DataFrame:
    """One row per payfair field with the user's column it comes from: the fields every rota
    needs first (worker, date, start, end, length), then the others found, then the rest."""
    core = [f for f in CORE_FIELDS if f in FIELDS]
    rest = [f for f in FIELDS if f not in core]
    fields = core + [f for f in rest if f in mapping] + [f for f in rest if f not in mapping]
    return pd.DataFrame(
        {
            "field": fields,
            "payfair field": [FIELDS[f] for f in fields],
            "Your column": [str(mapping.get(f, NOT_USED)) for f in fields],
        }
    )


def _rejected(loaded: state.Loaded) -> None:
    analysis = loaded.analysis
    rejected = analysis.rejected if analysis is not None else loaded.rota.rejected
    warnings = analysis.warnings if analysis is not None else loaded.rota.warnings
    fix, fine = state.split_rejected(rejected)
    st.subheader("Rows to fix")
    if len(fix):
        st.caption(
            f"{len(fix):,} rows could not be used. Fix them in your file and upload it again, or "
            "accept that they are left out of the figures."
        )
        tables.show_table(fix, "rows to fix", key="rejected")
    elif len(fine):
        st.success(
            "Nothing to fix: every row was used or rightly left out (below).",
            icon=":material/task_alt:",
        )
    else:
        st.success("Every row in the file was used.", icon=":material/task_alt:")
    if len(fine):
        st.subheader("Left out, no action needed")
        st.caption(
            f"{len(fine):,} rows are not working time or would count twice: visits cancelled "
            "and not paid (no work was done and no pay is owed), and exact copies of another "
            "row. They are counted here so every row of the file is accounted for."
        )
        tables.show_table(fine, "rows left out", key="rejected_fine")
    if loaded.workers_rejected is not None and len(loaded.workers_rejected):
        st.markdown("**Workers file rows not used**")
        tables.show_table(loaded.workers_rejected, "rejected worker rows", key="workers_rejected")
    if warnings is not None and len(warnings):
        st.subheader("Warnings")
        st.caption("Rows that were used, with something you should know.")
        tables.show_table(warnings, "warnings", key="warnings")


def _preview(loaded: state.Loaded) -> None:
    ev = loaded.rota.events
    with st.expander(f"The rota as payfair read it ({len(ev):,} events)"):
        tables.show_table(ev, "rota as read", key="events", max_rows=1000)


def render() -> None:
    st.title("Your rota")
    st.caption(
        "payfair reads the rota or call-monitoring export you already have. Every row is either "
        "used or listed with the reason it was not."
    )
    _uploaders()
    loaded = state.load()
    state.remember_names(loaded.rota)
    _source_banner(loaded)
    if loaded.rota is None:
        st.error(loaded.error or "The rota could not be read.", icon=":material/error:")
        if loaded.headers:
            _mapping(loaded)
        return
    if loaded.error:
        st.error(loaded.error, icon=":material/error:")
    _metrics(loaded)
    _mapping(loaded)
    _rejected(loaded)
    _preview(loaded)


if __name__ == "__main__":
    render()
