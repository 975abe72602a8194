{#- The partner agencies (the ledger's agency registry) with which demographic fields each one's extract
    carries, derived from the standardised contacts (a field is collected when at least one contact of the
    agency has it as anything other than not_collected; a sex inferred from the service is not collected). -#}
with

agencies as (

    select * from {{ ref('stg_ledger__agencies') }}

),

contacts as (

    select * from {{ ref('int_agency_contacts_standardised') }}

),

fields as (

    select
        agency,
        bool_or(sex_match_method not in ('not_collected', 'inferred')) as collects_sex,
        bool_or(ethnicity_match_method <> 'not_collected') as collects_ethnicity,
        bool_or(disability_match_method <> 'not_collected') as collects_disability,
        bool_or(mental_health_match_method <> 'not_collected') as collects_mental_health,
        bool_or(lgbt_match_method <> 'not_collected') as collects_lgbt,
        bool_or(age_band_match_method <> 'blank') as collects_age,
        bool_or(ward_not_known_reason is distinct from 'not_collected') as collects_geography
    from contacts
    group by agency

),

final as (

    select
        agencies.agency,
        agencies.agency_name,
        agencies.agency_label,
        agencies.service,
        agencies.first_period_start,
        agencies.client_roles,
        agencies.extract_description,
        agencies.cadence,
        agencies.period_type,
        agencies.due_days_after_period_end,
        agencies.file_format,
        coalesce(fields.collects_sex, false) as collects_sex,
        coalesce(fields.collects_ethnicity, false) as collects_ethnicity,
        coalesce(fields.collects_disability, false) as collects_disability,
        coalesce(fields.collects_mental_health, false) as collects_mental_health,
        coalesce(fields.collects_lgbt, false) as collects_lgbt,
        coalesce(fields.collects_age, false) as collects_age,
        coalesce(fields.collects_geography, false) as collects_geography
    from agencies
    left join fields
        on agencies.agency = fields.agency

)

select * from final
