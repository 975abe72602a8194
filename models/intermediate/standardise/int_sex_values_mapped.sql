{#- Every distinct raw sex value per agency and scheme, mapped to female, male, other or not_known through
    sex_crosswalk (exact match only: the values are short codes and labels). Blank -> not_known. A service for
    one sex that sends no sex column (the registry's `sex: {inferred: ...}`, scheme inferred_<sex>) gives that
    sex (match_method 'inferred'); a person with no sex field (scheme none) is not_collected.
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

raw_values as (

    select
        agency,
        sex_scheme as scheme,
        sex_raw as raw_value,
        count(*) as row_count,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from contacts
    group by all

),

lookup as (

    select
        'sex' as scheme,
        match_key,
        1 as match_priority,
        sex
    from {{ ref('sex_crosswalk') }}

),

mapped as (

    {{ map_to_crosswalk('raw_values', 'lookup', ['sex']) }}

),

final as (

    select
        agency || '|' || scheme || '|' || coalesce(raw_value, '<null>') as value_id,
        agency,
        'sex' as field,
        scheme,
        raw_value,
        match_key,
        matched_key,
        case
            when scheme like 'inferred\_%' escape '\' then 'inferred'
            when scheme = 'none' then 'not_collected'
            else match_method
        end as match_method,
        match_confidence,
        case
            when scheme like 'inferred\_%' escape '\' then replace(scheme, 'inferred_', '')
            when scheme = 'none' then 'not_known'
            when match_method in ('blank', 'unmapped') then 'not_known'
            else sex
        end as sex,
        row_count,
        first_event_date,
        last_event_date
    from mapped

)

select * from final
