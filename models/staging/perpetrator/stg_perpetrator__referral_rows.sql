{#- Choose2Change (Relate). Programme referrals, assessments and exits (one row per client; updates repeat the row).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_perpetrator__referrals keeps for each client_ref. -#}
with

source as (

    select * from {{ source('perpetrator', 'perpetrator') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('client_ref') }} as client_ref,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('referral_date') }} as referral_date,
        {{ clean_text('referral_source') }} as referral_source,
        {{ clean_text('full_assessment') }} as full_assessment,
        {{ to_date('assessment_date') }} as assessment_date,
        {{ to_integer('modules_completed') }} as modules_completed,
        {{ to_date('exit_date') }} as exit_date,
        {{ clean_text('exit_reason') }} as exit_reason,
        {{ clean_text('perpetrator_sex') }} as perpetrator_sex,
        {{ to_integer('perpetrator_age') }} as perpetrator_age,
        {{ clean_text('perpetrator_disability') }} as perpetrator_disability,
        {{ clean_text('cyp_status_start') }} as cyp_status_start,
        {{ clean_text('cyp_status_closure') }} as cyp_status_closure,
        {{ clean_text('length_of_abuse') }} as length_of_abuse,
        {{ clean_text('known_to_marac') }} as known_to_marac,
        -- the client (the person who harms): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('perpetrator') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'client_ref') }}

)

select * from flagged
