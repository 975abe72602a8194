{#- Choose2Change (Relate). Programme referrals, assessments and exits (one row per client; updates repeat the row).
    The newest row of each record from stg_perpetrator__referral_rows (every current row, typed and trimmed),
    one row per client_ref: the agency repeats a record when it changes, and the newest wins. -#}
{{ keep_newest_row(ref('stg_perpetrator__referral_rows')) }}
