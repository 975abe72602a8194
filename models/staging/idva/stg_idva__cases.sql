{#- Coventry Haven IDVA service. IDVA referrals, intakes and closures (one row per client case; updates repeat the row).
    The newest row of each record from stg_idva__case_rows (every current row, typed and trimmed),
    one row per client_id: the agency repeats a record when it changes, and the newest wins. -#}
{{ keep_newest_row(ref('stg_idva__case_rows')) }}
