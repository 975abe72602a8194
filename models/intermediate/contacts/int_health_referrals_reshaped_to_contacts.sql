{#- IRIS GP referrals at the contact grain: one row per referral for the patient, whose role comes from
    the Role field (Victim to victim, Perpetrator to person_who_harms, anything else not_known). IRIS sends
    no full postcode, only the patient's postcode district, and an age band as well as the date of birth.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

referrals as (

    select * from {{ ref('stg_health__referral_rows') }}

),

patients as (

    select
        'health:' || referral_id || ':patient' as contact_id,
        'health' as agency,
        'iris_referral' as record_type,
        referral_id as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        referral_date as event_date,
        case lower(patient_role)
            when 'victim' then 'victim'
            when 'perpetrator' then 'person_who_harms'
            else 'not_known'
        end as role,
        {{ match_key_columns('patient') }},
        patient_sex as sex_raw,
        patient_ethnicity as ethnicity_raw,
        'nhs_ethnic_category' as ethnicity_scheme,
        patient_disability as disability_raw,
        patient_mental_health_need as mental_health_raw,
        patient_age_at_event as age_at_event,
        patient_age_band as age_band_raw,
        patient_dob_status as dob_status,
        cast(null as varchar) as ward_name_raw,
        patient_ward_code as ward_code,
        patient_lsoa_code as lsoa_code,
        -- IRIS sends a district, never a full postcode
        coalesce(patient_postcode_district, patient_reported_district) as postcode_district,
        patient_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from referrals

)

select * from patients
