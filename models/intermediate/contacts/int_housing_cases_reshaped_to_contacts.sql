{#- Homelessness cases at the contact grain: one row per case (the applicant is the victim), dated by the
    approach to the council; geography from the last settled postcode.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

cases as (

    select * from {{ ref('stg_housing__case_rows') }}

),

applicants as (

    select
        'housing:' || case_ref || ':victim' as contact_id,
        'housing' as agency,
        'homelessness_case' as record_type,
        case_ref as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        approach_date as event_date,
        'victim' as role,
        {{ match_key_columns('victim') }},
        victim_sex as sex_raw,
        victim_ethnicity as ethnicity_raw,
        'hclic_label' as ethnicity_scheme,
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

)

select * from applicants
