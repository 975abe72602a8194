{#- Coventry Children's Services. Children's services episodes with domestic abuse factors (one row per child episode).
    Rows of current submissions only (see the current-submission macros), typed and trimmed,
    one row per episode_id (already unique per file set; the newest is kept if not, and a test warns). -#}
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
        {{ clean_text('child_key_ref') }} as child_key_ref,
        {{ clean_text('child_key_nhs') }} as child_key_nhs,
        {{ clean_text('child_key_name_dob') }} as child_key_name_dob,
        {{ clean_text('child_key_name_dob_swapped') }} as child_key_name_dob_swapped,
        {{ clean_text('child_key_initial_dob') }} as child_key_initial_dob,
        {{ clean_text('child_key_initials_dob') }} as child_key_initials_dob,
        {{ clean_text('child_key_forename_dob') }} as child_key_forename_dob,
        {{ clean_text('child_dob_status') }} as child_dob_status,
        {{ to_integer('child_age_at_event') }} as child_age_at_event,
        {{ clean_text('child_nhs_status') }} as child_nhs_status,
        {{ clean_text('child_postcode_status') }} as child_postcode_status,
        {{ clean_text('child_postcode_district') }} as child_postcode_district,
        {{ clean_text('child_ward_code') }} as child_ward_code,
        {{ clean_text('child_lsoa_code') }} as child_lsoa_code,
        -- the parent (the adult victim, where known): keyed pseudonyms and fields derived at ingest
        {{ clean_text('parent_key_ref') }} as parent_key_ref,
        {{ clean_text('parent_key_nhs') }} as parent_key_nhs,
        {{ clean_text('parent_key_name_dob') }} as parent_key_name_dob,
        {{ clean_text('parent_key_name_dob_swapped') }} as parent_key_name_dob_swapped,
        {{ clean_text('parent_key_initial_dob') }} as parent_key_initial_dob,
        {{ clean_text('parent_key_initials_dob') }} as parent_key_initials_dob,
        {{ clean_text('parent_key_forename_dob') }} as parent_key_forename_dob,
        {{ clean_text('parent_dob_status') }} as parent_dob_status,
        {{ to_integer('parent_age_at_event') }} as parent_age_at_event,
        {{ clean_text('parent_nhs_status') }} as parent_nhs_status,
        {{ clean_text('parent_postcode_status') }} as parent_postcode_status,
        {{ clean_text('parent_postcode_district') }} as parent_postcode_district,
        {{ clean_text('parent_ward_code') }} as parent_ward_code,
        {{ clean_text('parent_lsoa_code') }} as parent_lsoa_code,
        -- the submission's period and receipt, used only to keep the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

deduplicated as (

    {{ keep_newest_row_per('renamed', 'episode_id') }}

)

select * from deduplicated
