{#- IRIS (GP identification and referral). GP referrals to the IRIS advocate educator (one row per referral).
    The newest row of each record from stg_health__referral_rows (every current row, typed and trimmed),
    one row per referral_id (already unique per file set; the newest is kept if not, and a test warns). -#}
{{ keep_newest_row(ref('stg_health__referral_rows')) }}
