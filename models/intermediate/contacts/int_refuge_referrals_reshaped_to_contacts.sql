{#- Refuge referrals at the contact grain: one row per referral (the resident is the victim), dated by
    referral. The refuge sends no sex column (female residents only) and no postcode: the ward is the
    previous ward it names. Age is from the date of birth, else the age the refuge states.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

referrals as (

    select * from {{ ref('stg_refuge__referral_rows') }}

),

residents as (

    select
        'refuge:' || ref_no || ':victim' as contact_id,
        'refuge' as agency,
        'refuge_referral' as record_type,
        ref_no as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        referral_date as event_date,
        'victim' as role,
        {{ match_key_columns('victim') }},
        cast(null as varchar) as sex_raw,
        victim_ethnicity as ethnicity_raw,
        'refuge_free_text' as ethnicity_scheme,
        cast(null as varchar) as disability_raw,
        cast(null as varchar) as mental_health_raw,
        coalesce(victim_age_at_event, victim_age) as age_at_event,
        cast(null as varchar) as age_band_raw,
        victim_dob_status as dob_status,
        previous_ward as ward_name_raw,
        victim_ward_code as ward_code,
        victim_lsoa_code as lsoa_code,
        victim_postcode_district as postcode_district,
        victim_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from referrals

)

select * from residents
