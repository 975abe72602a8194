{#- MARAC cases at the contact grain: one row for the victim of every case discussed, and one for the
    perpetrator when any perpetrator match key, a perpetrator date of birth (recorded or invalid) or the
    perpetrator's gender is present. The event date is
    the meeting date. MARAC records no person-level ethnicity (its BAME flag covers victim or
    perpetrator), so ethnicity_scheme is none.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

cases as (

    select * from {{ ref('stg_marac__case_rows') }}

),

victims as (

    select
        'marac:' || case_no || ':victim' as contact_id,
        'marac' as agency,
        'marac_case' as record_type,
        case_no as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        meeting_date as event_date,
        'victim' as role,
        {{ match_key_columns('victim') }},
        victim_sex as sex_raw,
        cast(null as varchar) as ethnicity_raw,
        'none' as ethnicity_scheme,
        victim_disability as disability_raw,
        cast(null as varchar) as mental_health_raw,
        victim_age_at_event as age_at_event,
        cast(null as varchar) as age_band_raw,
        victim_dob_status as dob_status,
        cast(null as varchar) as ward_name_raw,
        victim_ward_code as ward_code,
        victim_lsoa_code as lsoa_code,
        victim_postcode_district as postcode_district,
        victim_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from cases

),

perpetrators as (

    select
        'marac:' || case_no || ':perpetrator' as contact_id,
        'marac' as agency,
        'marac_case' as record_type,
        case_no as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        meeting_date as event_date,
        'person_who_harms' as role,
        {{ match_key_columns('perpetrator') }},
        perpetrator_sex as sex_raw,
        cast(null as varchar) as ethnicity_raw,
        'none' as ethnicity_scheme,
        cast(null as varchar) as disability_raw,
        cast(null as varchar) as mental_health_raw,
        perpetrator_age_at_event as age_at_event,
        cast(null as varchar) as age_band_raw,
        perpetrator_dob_status as dob_status,
        cast(null as varchar) as ward_name_raw,
        perpetrator_ward_code as ward_code,
        perpetrator_lsoa_code as lsoa_code,
        perpetrator_postcode_district as postcode_district,
        perpetrator_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from cases
    where
        coalesce(
            perpetrator_key_ref,
            perpetrator_key_nhs,
            perpetrator_key_name_dob,
            perpetrator_key_name_dob_swapped,
            perpetrator_key_initial_dob,
            perpetrator_key_initials_dob,
            perpetrator_key_forename_dob
        ) is not null
        or perpetrator_dob_status in ('recorded', 'invalid')
        or perpetrator_sex is not null

)

select * from victims
union all
select * from perpetrators
