{#- Coventry MARAC. Cases discussed (one row per case per meeting).
    Rows of current submissions only (see the current-submission macros), typed and trimmed,
    one row per case_no (already unique per file set; the newest is kept if not, and a test warns). -#}
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
        {{ clean_text('victim_key_ref') }} as victim_key_ref,
        {{ clean_text('victim_key_nhs') }} as victim_key_nhs,
        {{ clean_text('victim_key_name_dob') }} as victim_key_name_dob,
        {{ clean_text('victim_key_name_dob_swapped') }} as victim_key_name_dob_swapped,
        {{ clean_text('victim_key_initial_dob') }} as victim_key_initial_dob,
        {{ clean_text('victim_key_initials_dob') }} as victim_key_initials_dob,
        {{ clean_text('victim_key_forename_dob') }} as victim_key_forename_dob,
        {{ clean_text('victim_dob_status') }} as victim_dob_status,
        {{ to_integer('victim_age_at_event') }} as victim_age_at_event,
        {{ clean_text('victim_nhs_status') }} as victim_nhs_status,
        {{ clean_text('victim_postcode_status') }} as victim_postcode_status,
        {{ clean_text('victim_postcode_district') }} as victim_postcode_district,
        {{ clean_text('victim_ward_code') }} as victim_ward_code,
        {{ clean_text('victim_lsoa_code') }} as victim_lsoa_code,
        -- the perpetrator (the person who harms): keyed pseudonyms and fields derived at ingest
        {{ clean_text('perpetrator_key_ref') }} as perpetrator_key_ref,
        {{ clean_text('perpetrator_key_nhs') }} as perpetrator_key_nhs,
        {{ clean_text('perpetrator_key_name_dob') }} as perpetrator_key_name_dob,
        {{ clean_text('perpetrator_key_name_dob_swapped') }} as perpetrator_key_name_dob_swapped,
        {{ clean_text('perpetrator_key_initial_dob') }} as perpetrator_key_initial_dob,
        {{ clean_text('perpetrator_key_initials_dob') }} as perpetrator_key_initials_dob,
        {{ clean_text('perpetrator_key_forename_dob') }} as perpetrator_key_forename_dob,
        {{ clean_text('perpetrator_dob_status') }} as perpetrator_dob_status,
        {{ to_integer('perpetrator_age_at_event') }} as perpetrator_age_at_event,
        {{ clean_text('perpetrator_nhs_status') }} as perpetrator_nhs_status,
        {{ clean_text('perpetrator_postcode_status') }} as perpetrator_postcode_status,
        {{ clean_text('perpetrator_postcode_district') }} as perpetrator_postcode_district,
        {{ clean_text('perpetrator_ward_code') }} as perpetrator_ward_code,
        {{ clean_text('perpetrator_lsoa_code') }} as perpetrator_lsoa_code,
        -- the submission's period and receipt, used only to keep the newest row
        submission_period_end,
        submission_received_at

    from current_rows

),

deduplicated as (

    {{ keep_newest_row_per('renamed', 'case_no') }}

)

select * from deduplicated
