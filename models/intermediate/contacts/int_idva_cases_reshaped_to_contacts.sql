{#- IDVA cases at the contact grain: one row per client case (the client is the victim), dated by referral.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

cases as (

    select * from {{ ref('stg_idva__case_rows') }}

),

victims as (

    select
        'idva:' || client_id || ':victim' as contact_id,
        'idva' as agency,
        'idva_case' as record_type,
        client_id as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        referral_date as event_date,
        'victim' as role,
        {{ match_key_columns('victim') }},
        victim_sex as sex_raw,
        victim_ethnicity as ethnicity_raw,
        'nhs_ethnic_category' as ethnicity_scheme,
        victim_disability as disability_raw,
        victim_mental_health_need as mental_health_raw,
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

select * from victims
