{#- Every raw value left unmapped or matched only fuzzily, per agency, field and scheme: unmapped values (the
    conformed field then holds not_known, never silently) and fuzzy matches (mapped, but still a validity finding
    for the agency's feedback), and postcodes that placed nobody in a ward (not found, malformed, out of area:
    by postcode district, never the postcode), with how many current rows carry it and when it was first and last
    seen (event date and submission received date). Free text matched on its wording (normalised: word order, separators,
    nationality words) is not a misspelling and is not listed. Blank values are not listed: they are counted as
    not known. -#}
with

standardised as (

    select * from {{ ref('int_agency_contacts_standardised') }}

),

contacts as (

    select * from {{ ref('int_agency_contacts_unioned') }}

),

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

fields as (

    select
        contacts.contact_id,
        contacts.agency,
        contacts.role,
        contacts.event_date,
        contacts.submission_id,
        contacts.ethnicity_scheme,
        contacts.ethnicity_raw,
        contacts.sex_scheme,
        contacts.sex_raw,
        contacts.disability_scheme,
        contacts.disability_raw,
        contacts.mental_health_scheme,
        contacts.mental_health_raw,
        contacts.ward_name_scheme,
        contacts.ward_name_raw,
        contacts.age_at_event,
        contacts.age_band_scheme,
        contacts.age_band_raw,
        contacts.lgbt_scheme,
        contacts.lgbt_raw,
        contacts.postcode_status,
        contacts.postcode_district,
        standardised.ethnicity_match_method,
        standardised.ethnicity_match_confidence,
        standardised.sex_match_method,
        standardised.disability_match_method,
        standardised.mental_health_match_method,
        standardised.ward_name_match_method,
        standardised.age_band_match_method,
        standardised.lgbt_match_method
    from contacts
    inner join standardised
        on contacts.contact_id = standardised.contact_id

),

findings as (

    select
        agency,
        'ethnicity' as field,
        ethnicity_scheme as scheme,
        ethnicity_raw as raw_value,
        ethnicity_match_method as match_method,
        event_date,
        submission_id
    from fields
    where ethnicity_match_method in ('unmapped', 'fuzzy')
    union all
    select
        agency,
        'sex' as field,
        sex_scheme as scheme,
        sex_raw as raw_value,
        sex_match_method as match_method,
        event_date,
        submission_id
    from fields
    where sex_match_method in ('unmapped', 'fuzzy')
    union all
    select
        agency,
        'disability' as field,
        disability_scheme as scheme,
        disability_raw as raw_value,
        disability_match_method as match_method,
        event_date,
        submission_id
    from fields
    where disability_match_method in ('unmapped', 'fuzzy')
    union all
    select
        agency,
        'mental_health' as field,
        mental_health_scheme as scheme,
        mental_health_raw as raw_value,
        mental_health_match_method as match_method,
        event_date,
        submission_id
    from fields
    where mental_health_match_method in ('unmapped', 'fuzzy')
    union all
    select
        agency,
        'ward_name' as field,
        ward_name_scheme as scheme,
        ward_name_raw as raw_value,
        ward_name_match_method as match_method,
        event_date,
        submission_id
    from fields
    where ward_name_match_method in ('unmapped', 'fuzzy')
    union all
    select
        agency,
        'age_band' as field,
        case when age_band_raw is not null then age_band_scheme else 'age_at_event' end as scheme,
        coalesce(age_band_raw, cast(age_at_event as varchar)) as raw_value,
        age_band_match_method as match_method,
        event_date,
        submission_id
    from fields
    where age_band_match_method = 'unmapped'
    union all
    select
        agency,
        'lgbt' as field,
        lgbt_scheme as scheme,
        lgbt_raw as raw_value,
        lgbt_match_method as match_method,
        event_date,
        submission_id
    from fields
    where lgbt_match_method = 'unmapped'
    union all
    -- Postcodes that placed nobody in a Coventry ward, by district only (the full postcode is never stored):
    -- not found (well formed, in the area, not in Code-Point: a typing error?), malformed, or out of area.
    select
        agency,
        'postcode' as field,
        'postcode' as scheme,
        coalesce(postcode_district, 'malformed postcode') as raw_value,
        case postcode_status
            when 'not_found' then 'postcode_not_found'
            when 'invalid' then 'postcode_invalid'
            else 'out_of_area'
        end as match_method,
        event_date,
        submission_id
    from fields
    where postcode_status in ('not_found', 'invalid', 'out_of_area')

),

final as (

    select
        findings.agency,
        findings.field,
        findings.scheme,
        findings.raw_value,
        findings.match_method,
        count(*) as row_count,
        count(distinct findings.submission_id) as submission_count,
        min(findings.event_date) as first_event_date,
        max(findings.event_date) as last_event_date,
        cast(min(submissions.received_at) as date) as first_received_date,
        cast(max(submissions.received_at) as date) as last_received_date
    from findings
    left join submissions
        on findings.submission_id = submissions.submission_id
    group by findings.agency, findings.field, findings.scheme, findings.raw_value, findings.match_method

)

select * from final
