{#- One row per police domestic-abuse-flagged incident (current submissions), typed, with the offence
    group from the crosswalk and the conformed incident ward. -#}
with

incidents as (

    select * from {{ ref('stg_police__incidents') }}

),

offence_groups as (

    select * from {{ ref('police_offence_groups') }}

),

ward_variants as (

    select * from {{ ref('ward_name_variants') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

standardised_contacts as (

    select * from {{ ref('int_agency_contacts_standardised') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

joined as (

    select
        incidents.incident_ref,
        incidents.submission_id,
        incidents.source_row_number,
        incidents.schema_version,
        incidents.recorded_at,
        cast(incidents.recorded_at as date) as incident_date,
        incidents.offence_desc,
        coalesce(offence_groups.offence_group, 'unmapped') as offence_group,
        offence_groups.offence_group is not null as is_offence_mapped,
        coalesce(
            offence_groups.is_crime,
            upper(incidents.crime_flag) = 'CRIME'
        ) as is_crime,
        upper(incidents.crime_flag) = 'CRIME' as crime_flag_is_crime,
        coalesce(offence_groups.counts_as_incident, true) as counts_as_incident,
        lower(incidents.injury) as injury,
        lower(incidents.injury) in ('slight', 'serious') as has_injury,
        coalesce(
            standardised_contacts.ward_code,
            incidents.location_ward_code,
            ward_variants.best_fit_ward_code_2004_2025,
            'not_known'
        ) as ward_code,
        case
            when standardised_contacts.ward_code is not null
                then 'standardised_' || standardised_contacts.ward_derived_from
            when incidents.location_ward_code is not null then 'location_postcode'
            when ward_variants.best_fit_ward_code_2004_2025 is not null then 'ward_name'
            else 'none'
        end as ward_source,
        'police:' || incidents.incident_ref || ':victim' as victim_contact_id,
        victim_contacts.person_key as victim_person_key,
        person_ids.person_id as victim_person_id,
        incidents.victim_key_ref,
        incidents.victim_key_name_dob,
        perpetrator_contacts.contact_id is not null as has_suspect,
        perpetrator_contacts.person_key as suspect_person_key
    from incidents
    left join offence_groups
        on
            {{ normalise_match_key('incidents.offence_desc') }}
            = offence_groups.match_key
    left join ward_variants
        on
            {{ normalise_match_key('incidents.ward_name') }}
            = ward_variants.match_key
    left join contacts as victim_contacts
        on victim_contacts.contact_id = 'police:' || incidents.incident_ref || ':victim'
    left join contacts as perpetrator_contacts
        on perpetrator_contacts.contact_id = 'police:' || incidents.incident_ref || ':perpetrator'
    left join standardised_contacts
        on standardised_contacts.contact_id = 'police:' || incidents.incident_ref || ':victim'
    left join person_ids
        on person_ids.contact_id = 'police:' || incidents.incident_ref || ':victim'

),

final as (

    select
        *,
        strftime(date_trunc('month', incident_date), '%Y-%m') as incident_month
    from joined

)

select
    *,
    {{ financial_year_label('incident_date') }} as financial_year
from final
