{#- Coventry City Council Housing Options. Homelessness approaches with domestic abuse (one row per case).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_housing__cases keeps for each case_ref. -#}
with

source as (

    select * from {{ source('housing', 'housing') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('case_ref') }} as case_ref,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('approach_date') }} as approach_date,
        {{ clean_text('victim_sex') }} as victim_sex,
        {{ clean_text('victim_ethnicity') }} as victim_ethnicity,
        {{ clean_text('victim_disability') }} as victim_disability,
        {{ clean_text('support_need_domestic_abuse') }} as support_need_domestic_abuse,
        {{ clean_text('reason_loss_settled_home') }} as reason_loss_settled_home,
        {{ clean_text('duty_owed') }} as duty_owed,
        {{ clean_text('temporary_accommodation') }} as temporary_accommodation,
        {{ to_integer('children_count') }} as children_count,
        -- the applicant (the victim): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('victim') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'case_ref') }}

)

select * from flagged
