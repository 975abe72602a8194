{#- The first conformed fact: every person in every current record any agency sent, one row each.
    The agency-specific reshaping lives in models/intermediate/contacts (one model per agency, stacked
    by int_agency_contacts_unioned); this model picks a provisional person key (the strictest key available)
    until person linkage replaces it with linked person ids. -#}
with

contacts as (

    select * from {{ ref('int_agency_contacts_unioned') }}

),

final as (

    select
        contact_id,
        agency,
        record_type,
        record_id,
        submission_id,
        source_row_number,
        event_date,
        role,
        coalesce(key_nhs, key_name_dob, key_ref, key_initials_dob) as person_key,
        key_ref,
        key_nhs,
        key_name_dob,
        key_name_dob_swapped,
        key_initial_dob,
        key_initials_dob,
        key_forename_dob,
        sex_raw,
        ethnicity_raw,
        ethnicity_scheme,
        disability_raw,
        mental_health_raw,
        age_at_event,
        age_band_raw,
        dob_status,
        ward_name_raw,
        ward_code,
        lsoa_code,
        postcode_district,
        postcode_status,
        parent_key_ref,
        parent_key_nhs,
        parent_key_name_dob,
        parent_key_name_dob_swapped,
        parent_key_initial_dob,
        parent_key_initials_dob,
        parent_key_forename_dob

    from contacts

)

select * from final
