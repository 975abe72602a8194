{#- Children's services episodes at the contact grain: one row per episode for the child (role child). The
    parent named on the episode (the adult victim, where known) is not a contact of its own here: the
    parent's match keys ride along as parent_key_* so person linkage can join the child to the family.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

episodes as (

    select * from {{ ref('stg_childrens__episode_rows') }}

),

children as (

    select
        'childrens:' || episode_id || ':child' as contact_id,
        'childrens' as agency,
        'childrens_episode' as record_type,
        episode_id as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        episode_start as event_date,
        'child' as role,
        {{ match_key_columns('child') }},
        child_sex as sex_raw,
        child_ethnicity as ethnicity_raw,
        'dfe' as ethnicity_scheme,
        child_disability as disability_raw,
        cast(null as varchar) as mental_health_raw,
        child_age_at_event as age_at_event,
        cast(null as varchar) as age_band_raw,
        child_dob_status as dob_status,
        ward_name as ward_name_raw,
        child_ward_code as ward_code,
        child_lsoa_code as lsoa_code,
        child_postcode_district as postcode_district,
        child_postcode_status as postcode_status,
        parent_key_ref,
        parent_key_nhs,
        parent_key_name_dob,
        parent_key_name_dob_swapped,
        parent_key_initial_dob,
        parent_key_initials_dob,
        parent_key_forename_dob
    from episodes

)

select * from children
