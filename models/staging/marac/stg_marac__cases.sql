{#- Coventry MARAC. Cases discussed (one row per case per meeting).
    The newest row of each record from stg_marac__case_rows (every current row, typed and trimmed),
    one row per case_no (already unique per file set; the newest is kept if not, and a test warns). -#}
{{ keep_newest_row(ref('stg_marac__case_rows')) }}
