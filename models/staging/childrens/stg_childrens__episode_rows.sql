{#- Coventry Children's Services. Children's services episodes with domestic abuse factors (one row per child episode).
    Every row of the current submissions (see the current-submission macros), typed and trimmed: one row per
    file row, so data quality can check and point at every row the agency sent. is_newest_row marks the
    row stg_childrens__episodes keeps for each episode_id. -#}
with

source as (

    select * from {{ source('childrens', 'childrens') }}

),

current_rows as (

    {{ select_current_rows('source') }}

),

renamed as (

    select
        -- the record and its lineage back to the file row
        {{ clean_text('episode_id') }} as episode_id,
        _submission_id as submission_id,
        _source_row_number as source_row_number,
        {{ clean_text('_schema_version') }} as schema_version,
        _loaded_at as loaded_at,
        -- fields as received (codes kept as the agency sends them)
        {{ clean_text('child_sex') }} as child_sex,
        {{ clean_text('child_ethnicity') }} as child_ethnicity,
        {{ clean_text('child_disability') }} as child_disability,
        {{ to_date('episode_start') }} as episode_start,
        {{ clean_text('referring_agency') }} as referring_agency,
        {{ clean_text('assessment_completed') }} as assessment_completed,
        {{ clean_text('assessment_factors') }} as assessment_factors,
        {{ clean_text('ward_name') }} as ward_name,
        -- the child: keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('child') }},
        -- the parent (the adult victim, where known): keyed pseudonyms and fields derived at ingest
        {{ person_derived_columns('parent') }},
        -- the submission's period and receipt, used only to flag the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

flagged as (

    {{ flag_newest_row_per('renamed', 'episode_id') }}

)

select * from flagged
