{#- Police incidents at the contact grain: one row for the victim of every incident, and one for the
    suspect when any suspect match key is present or a suspect date of birth was given (recorded or
    invalid): identifiers never land, so these are the only signs a suspect was named (a suspect with a
    surname alone leaves no trace and gets no row). Both rows carry the incident's geography: the ward name the force
    sent (schema v1) and the ward, LSOA and district of the incident postcode (schema v2). The victim's
    ethnicity is the self-defined code where given, else the officer-defined code, else the v1 broad group,
    and ethnicity_scheme says which.
    Every current file row is reshaped, not only the newest row of each record: is_newest_row marks the row
    int_agency_contacts_unioned keeps, and data quality checks all of them. -#}
with

incidents as (

    select * from {{ ref('stg_police__incident_rows') }}

),

victims as (

    select
        'police:' || incident_ref || ':victim' as contact_id,
        'police' as agency,
        'incident' as record_type,
        incident_ref as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        cast(recorded_at as date) as event_date,
        'victim' as role,
        {{ match_key_columns('victim') }},
        victim_sex as sex_raw,
        coalesce(victim_ethnicity_self_defined, victim_ethnicity_officer, victim_ethnicity_broad) as ethnicity_raw,
        case
            when victim_ethnicity_self_defined is not null then 'police_self_defined'
            when victim_ethnicity_officer is not null then 'police_officer_defined'
            when victim_ethnicity_broad is not null then 'police_broad'
            when schema_version = 'v1' then 'police_broad'
            else 'police_self_defined'
        end as ethnicity_scheme,
        cast(null as varchar) as disability_raw,
        cast(null as varchar) as mental_health_raw,
        coalesce(victim_age_at_event, victim_age) as age_at_event,
        cast(null as varchar) as age_band_raw,
        victim_dob_status as dob_status,
        ward_name as ward_name_raw,
        location_ward_code as ward_code,
        location_lsoa_code as lsoa_code,
        location_postcode_district as postcode_district,
        location_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from incidents

),

suspects as (

    select
        'police:' || incident_ref || ':perpetrator' as contact_id,
        'police' as agency,
        'incident' as record_type,
        incident_ref as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        cast(recorded_at as date) as event_date,
        'person_who_harms' as role,
        {{ match_key_columns('perpetrator') }},
        cast(null as varchar) as sex_raw,
        cast(null as varchar) as ethnicity_raw,
        'none' as ethnicity_scheme,
        cast(null as varchar) as disability_raw,
        cast(null as varchar) as mental_health_raw,
        perpetrator_age_at_event as age_at_event,
        cast(null as varchar) as age_band_raw,
        perpetrator_dob_status as dob_status,
        ward_name as ward_name_raw,
        location_ward_code as ward_code,
        location_lsoa_code as lsoa_code,
        location_postcode_district as postcode_district,
        location_postcode_status as postcode_status,
        {{ null_match_key_columns('parent_') }}
    from incidents
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

)

select * from victims
union all
select * from suspects
