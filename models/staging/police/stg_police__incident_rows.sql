{#- West Midlands Police. Domestic-abuse-flagged incidents and crimes (one row per incident and victim).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_police__incidents keeps for each incident_ref. -#}
with

source as (

    select * from {{ source('police', 'police') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('incident_ref') }} as incident_ref,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_timestamp('recorded_at') }} as recorded_at,
        {{ clean_text('offence_desc') }} as offence_desc,
        {{ clean_text('crime_flag') }} as crime_flag,
        {{ clean_text('ward_name') }} as ward_name,
        {{ clean_text('victim_sex') }} as victim_sex,
        {{ to_integer('victim_age') }} as victim_age,
        {{ clean_text('victim_ethnicity_broad') }} as victim_ethnicity_broad,
        {{ clean_text('injury') }} as injury,
        {{ clean_text('victim_ethnicity_self_defined') }} as victim_ethnicity_self_defined,
        {{ clean_text('victim_ethnicity_officer') }} as victim_ethnicity_officer,
        -- the victim: keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('victim') }},
        -- the suspect (the person who harms): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('perpetrator') }},
        -- the incident location: geography derived from its postcode at ingest
        {{ place_derived_columns('location') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'incident_ref') }}

)

select * from flagged
