{#- Valley House safe accommodation. Refuge referrals and stays (one row per referral; updates repeat the row).
    The newest row of each record from stg_refuge__referral_rows (every current row, typed and trimmed),
    one row per ref_no: the agency repeats a record when it changes, and the newest wins. -#}
{{ keep_newest_row(ref('stg_refuge__referral_rows')) }}
