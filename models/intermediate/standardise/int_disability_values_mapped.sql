{#- Every distinct raw disability value per agency and scheme, mapped through disability_crosswalk (exact match
    only: short codes and fixed lists) to disability_status and disability_type. Blank -> not_known (for
    Choose2Change too: the programme offers no 'none' option); people with no disability field in the registry
    (scheme none) -> not_collected; unmapped values keep match_method 'unmapped' and
    status not_known.
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

raw_values as (

    select
        agency,
        disability_scheme as scheme,
        disability_raw as raw_value,
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
        disability_status,
        disability_type
    from {{ ref('disability_crosswalk') }}

),

mapped as (

    {{ map_to_crosswalk('raw_values', 'lookup', ['disability_status', 'disability_type']) }}

),

final as (

    select
        agency || '|' || scheme || '|' || coalesce(raw_value, '<null>') as value_id,
        agency,
        'disability' as field,
        scheme,
        raw_value,
        match_key,
        matched_key,
        case when scheme = 'none' then 'not_collected' else match_method end as match_method,
        match_confidence,
        case
            when scheme = 'none' then 'not_collected'
            when match_method in ('blank', 'unmapped') then 'not_known'
            else disability_status
        end as disability_status,
        case
            when scheme = 'none' or match_method in ('blank', 'unmapped') then null
            else disability_type
        end as disability_type,
        row_count,
        first_event_date,
        last_event_date
    from mapped

)

select * from final
