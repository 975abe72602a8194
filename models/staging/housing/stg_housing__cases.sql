{#- Coventry City Council Housing Options. Homelessness approaches with domestic abuse (one row per case).
    The newest row of each record from stg_housing__case_rows (every current row, typed and trimmed),
    one row per case_ref (already unique per file set; the newest is kept if not, and a test warns). -#}
{{ keep_newest_row(ref('stg_housing__case_rows')) }}
