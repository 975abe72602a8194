{#- Coventry Haven IDVA service. IDVA referrals, intakes and closures (one row per client case; updates repeat the row).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_idva__cases keeps for each client_id. -#}
with

source as (

    select * from {{ source('idva', 'idva') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('client_id') }} as client_id,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('referral_date') }} as referral_date,
        {{ clean_text('referral_source') }} as referral_source,
        {{ clean_text('risk_level') }} as risk_level,
        {{ to_integer('dash_score') }} as dash_score,
        {{ clean_text('victim_sex') }} as victim_sex,
        {{ clean_text('victim_ethnicity') }} as victim_ethnicity,
        {{ clean_text('victim_disability') }} as victim_disability,
        {{ clean_text('victim_mental_health_need') }} as victim_mental_health_need,
        {{ clean_text('victim_sexual_orientation') }} as victim_sexual_orientation,
        {{ to_integer('children_count') }} as children_count,
        {{ to_date('closed_date') }} as closed_date,
        {{ clean_text('outcome_physical_abuse_stopped') }} as outcome_physical_abuse_stopped,
        {{ clean_text('outcome_feels_safer') }} as outcome_feels_safer,
        -- the client (the victim): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('victim') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'client_id') }}

)

select * from flagged
