{#- IRIS (GP identification and referral). GP referrals to the IRIS advocate educator (one row per referral).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_health__referrals keeps for each referral_id. -#}
with

source as (

    select * from {{ source('health', 'health') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('referral_id') }} as referral_id,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('referral_date') }} as referral_date,
        {{ clean_text('gp_practice_code') }} as gp_practice_code,
        {{ clean_text('gp_postcode_district') }} as gp_postcode_district,
        {{ clean_text('patient_sex') }} as patient_sex,
        {{ clean_text('patient_role') }} as patient_role,
        {{ clean_text('patient_ethnicity') }} as patient_ethnicity,
        {{ clean_text('patient_age_band') }} as patient_age_band,
        {{ clean_text('patient_reported_district') }} as patient_reported_district,
        {{ clean_text('patient_disability') }} as patient_disability,
        {{ clean_text('patient_mental_health_need') }} as patient_mental_health_need,
        -- the patient (victim or person who harms, see patient_role): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('patient') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'referral_id') }}

)

select * from flagged
