{#- Every distinct raw ethnicity value per agency and scheme, mapped to the conformed ethnicity member with
    map_to_crosswalk: exact on the normalised match_key, then fuzzy for free text only (refuge_free_text,
    hclic). Free text is looked up in refuge_free_text first and then in the hclic labels (README.md).
    Blank -> not_known; a person with no ethnicity field in the registry (scheme 'none') -> not_collected; a value that
    does not map keeps match_method 'unmapped' and the conformed member not_known (surfaced in
    fct_unmapped_values, never silently).
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

crosswalk as (

    select * from {{ ref('ethnicity_crosswalk') }}

),

raw_values as (

    select
        agency,
        ethnicity_scheme as scheme,
        ethnicity_raw as raw_value,
        count(*) as row_count,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from contacts
    group by all

),

lookup as (

    select
        scheme,
        match_key,
        1 as match_priority,
        ethnicity_key,
        mapping_quality
    from crosswalk
    union all
    -- Free text also tries the full 'Group: Detail' labels, after its own list.
    select
        'refuge_free_text' as scheme,
        match_key,
        2 as match_priority,
        ethnicity_key,
        mapping_quality
    from crosswalk
    where scheme = 'hclic'

),

mapped as (

    {{ map_to_crosswalk(
        'raw_values', 'lookup', ['ethnicity_key', 'mapping_quality'],
        fuzzy_schemes=['refuge_free_text', 'hclic'], threshold=0.92, margin=0.03
    ) }}

),

final as (

    select
        agency || '|' || scheme || '|' || coalesce(raw_value, '<null>') as value_id,
        agency,
        'ethnicity' as field,
        scheme,
        raw_value,
        match_key,
        matched_key,
        case when scheme = 'none' then 'not_collected' else match_method end as match_method,
        match_confidence,
        case
            when scheme = 'none' then 'not_collected'
            when match_method = 'blank' then 'not_known'
            when match_method = 'unmapped' then 'not_known'
            else ethnicity_key
        end as ethnicity_key,
        case
            when scheme = 'none' or match_method in ('blank', 'unmapped') then null
            else mapping_quality
        end as mapping_quality,
        row_count,
        first_event_date,
        last_event_date
    from mapped

)

select * from final
