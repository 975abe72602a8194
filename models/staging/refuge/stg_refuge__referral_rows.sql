{#- Valley House safe accommodation. Refuge referrals and stays (one row per referral; updates repeat the row).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_refuge__referrals keeps for each ref_no. -#}
with

source as (

    select * from {{ source('refuge', 'refuge') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('ref_no') }} as ref_no,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('referral_date') }} as referral_date,
        {{ clean_text('referral_source') }} as referral_source,
        {{ clean_text('risk_level') }} as risk_level,
        {{ clean_text('outcome') }} as outcome,
        {{ to_date('move_in_date') }} as move_in_date,
        {{ to_date('move_out_date') }} as move_out_date,
        {{ clean_text('move_on_outcome') }} as move_on_outcome,
        {{ to_integer('victim_age') }} as victim_age,
        {{ clean_text('victim_ethnicity') }} as victim_ethnicity,
        {{ clean_text('victim_religion') }} as victim_religion,
        {{ clean_text('victim_sexual_orientation') }} as victim_sexual_orientation,
        {{ to_integer('children_count') }} as children_count,
        {{ clean_text('support_needs') }} as support_needs,
        {{ clean_text('previous_ward') }} as previous_ward,
        -- the resident (the victim): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('victim') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'ref_no') }}

)

select * from flagged
