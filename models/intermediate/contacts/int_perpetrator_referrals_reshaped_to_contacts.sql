{#- Perpetrator programme referrals at the contact grain: one row per client (the person who harms), dated
    by referral. The programme collects no ethnicity (ethnicity_scheme none); its disability field names
    a type (Mental Health Issues and so on). Age is from the date of birth, else the age it states.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

referrals as (

    select * from {{ ref('stg_perpetrator__referral_rows') }}

),

clients as (

    select
        'perpetrator:' || client_ref || ':perpetrator' as contact_id,
        'perpetrator' as agency,
        'programme_referral' as record_type,
        client_ref as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        referral_date as event_date,
        'person_who_harms' as role,
        {{ match_key_columns('perpetrator') }},
        perpetrator_sex as sex_raw,
        cast(null as varchar) as ethnicity_raw,
        'none' as ethnicity_scheme,
        perpetrator_disability as disability_raw,
        cast(null as varchar) as mental_health_raw,
        coalesce(perpetrator_age_at_event, perpetrator_age) as age_at_event,
        cast(null as varchar) as age_band_raw,
        perpetrator_dob_status as dob_status,
        cast(null as varchar) as ward_name_raw,
        perpetrator_ward_code as ward_code,
        perpetrator_lsoa_code as lsoa_code,
        perpetrator_postcode_district as postcode_district,
        perpetrator_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from referrals

)

select * from clients
