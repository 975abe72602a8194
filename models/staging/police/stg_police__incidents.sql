{#- West Midlands Police. Domestic-abuse-flagged incidents and crimes (one row per incident and victim).
    The newest row of each record from stg_police__incident_rows (every current row, typed and trimmed),
    one row per incident_ref (already unique per file set; the newest is kept if not, and a test warns). -#}
{{ keep_newest_row(ref('stg_police__incident_rows')) }}
