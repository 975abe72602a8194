{#- The first conformed fact: every person in every current record any agency sent, one row each.
    Which people a record holds and where their fields are come from the registry (agencies/*.yml), through the
    generic contacts model in models/intermediate/contacts; the conformed demographic keys come from
    models/intermediate/standardise (int_agency_contacts_standardised). The person key is the linked
    person id from models/intermediate/linkage (int_person_ids_assigned).
    ward_code is the conformed ward (from the most precise geography the record has, ward_derived_from saying
    which); postcode_ward_code is the ward of the full postcode alone. -#}
with

contacts as (

    select * from {{ ref('int_agency_contacts_unioned') }}

),

standardised as (

    select * from {{ ref('int_agency_contacts_standardised') }}

),

persons as (

    select * from {{ ref('int_person_ids_assigned') }}

),

final as (

    select
        contacts.contact_id,
        contacts.agency,
        contacts.record_type,
        contacts.record_id,
        contacts.submission_id,
        contacts.source_row_number,
        contacts.event_date,
        contacts.role,
        persons.person_id as person_key,
        persons.link_rule,
        contacts.key_ref,
        contacts.key_nhs,
        contacts.key_name_dob,
        contacts.key_name_dob_swapped,
        contacts.key_initial_dob,
        contacts.key_initials_dob,
        contacts.key_forename_dob,
        contacts.sex_raw,
        contacts.ethnicity_raw,
        contacts.ethnicity_scheme,
        contacts.disability_raw,
        contacts.mental_health_raw,
        contacts.age_at_event,
        contacts.age_band_raw,
        contacts.dob_status,
        contacts.ward_name_raw,
        contacts.ward_code as postcode_ward_code,
        contacts.lsoa_code,
        contacts.postcode_district,
        contacts.postcode_status,
        standardised.sex,
        standardised.sex_match_method,
        standardised.ethnicity_key,
        standardised.ethnicity_broad_group,
        standardised.ethnicity_is_known,
        standardised.is_minoritised,
        standardised.ethnicity_mapping_quality,
        standardised.ethnicity_match_method,
        standardised.disability_status,
        standardised.disability_type,
        standardised.disability_match_method,
        standardised.mental_health_need,
        standardised.mental_health_status,
        standardised.mental_health_match_method,
        standardised.age_band,
        standardised.age_band_is_approximate,
        standardised.age_band_match_method,
        standardised.ward_code,
        standardised.ward_derived_from,
        standardised.ward_is_approximate,
        standardised.ward_not_known_reason,
        contacts.geography_precision,
        standardised.ward_name_match_method,
        standardised.imd_decile,
        standardised.is_lgbt,
        standardised.lgbt_status,
        contacts.parent_key_ref,
        contacts.parent_key_nhs,
        contacts.parent_key_name_dob,
        contacts.parent_key_name_dob_swapped,
        contacts.parent_key_initial_dob,
        contacts.parent_key_initials_dob,
        contacts.parent_key_forename_dob

    from contacts
    left join standardised
        on contacts.contact_id = standardised.contact_id
    left join persons
        on contacts.contact_id = persons.contact_id

)

select * from final
