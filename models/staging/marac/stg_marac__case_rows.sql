{#- Coventry MARAC. Cases discussed (one row per case per meeting).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_marac__cases keeps for each case_no. -#}
with

source as (

    select * from {{ source('marac', 'marac') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('case_no') }} as case_no,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ to_date('meeting_date') }} as meeting_date,
        {{ to_date('referral_date') }} as referral_date,
        {{ clean_text('referring_agency') }} as referring_agency,
        {{ clean_text('victim_sex') }} as victim_sex,
        {{ clean_text('bame_victim_or_perpetrator') }} as bame_victim_or_perpetrator,
        {{ clean_text('victim_lgbt') }} as victim_lgbt,
        {{ clean_text('victim_disability') }} as victim_disability,
        {{ clean_text('repeat_case') }} as repeat_case,
        {{ to_integer('children_count') }} as children_count,
        {{ to_integer('dash_score') }} as dash_score,
        {{ clean_text('perpetrator_sex') }} as perpetrator_sex,
        -- the victim: keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('victim') }},
        -- the perpetrator (the person who harms): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('perpetrator') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'case_no') }}

)

select * from flagged
