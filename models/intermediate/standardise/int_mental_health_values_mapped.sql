{#- Every distinct raw mental health value per agency and scheme, mapped through mental_health_crosswalk
    (exact match only). The registry says which column holds it (Choose2Change records mental health inside
    its Disability field); a refuge_support_needs value is a semicolon list: mental health need is true when a
    'Mental Health' item is present, false when the list is not blank but has no such item, not known when
    blank (the crosswalk's rule). People with no such field (scheme none) -> not_collected. mental_health_status: identified,
    not_identified, not_known or not_collected.
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

raw_values as (

    select
        agency,
        mental_health_scheme as scheme,
        mental_health_raw as raw_value,
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
        mental_health_need,
        mental_health_status
    from {{ ref('mental_health_crosswalk') }}
    where scheme <> 'refuge_support_needs'

),

refuge_items as (

    select
        'refuge_support_needs' as scheme,
        match_key,
        mental_health_need
    from {{ ref('mental_health_crosswalk') }}
    where scheme = 'refuge_support_needs'

),

mapped as (

    {{ map_to_crosswalk('raw_values', 'lookup', ['mental_health_need', 'mental_health_status']) }}

),

with_lists as (

    select
        mapped.*,
        list_transform(
            string_split(mapped.raw_value, ';'), item -> {{ normalise_match_key('item') }}
        ) as list_keys
    from mapped

),

final as (

    select
        with_lists.agency || '|' || with_lists.scheme || '|' || coalesce(with_lists.raw_value, '<null>') as value_id,
        with_lists.agency,
        'mental_health' as field,
        with_lists.scheme,
        with_lists.raw_value,
        with_lists.match_key,
        with_lists.matched_key,
        case
            when with_lists.scheme = 'none' then 'not_collected'
            when with_lists.scheme = 'refuge_support_needs' and with_lists.match_method <> 'blank' then 'exact'
            else with_lists.match_method
        end as match_method,
        with_lists.match_confidence,
        case
            when with_lists.scheme = 'none' or with_lists.match_method = 'blank' then null
            when with_lists.scheme = 'refuge_support_needs'
                then coalesce(
                    list_has_any(with_lists.list_keys, (select list(refuge_items.match_key) from refuge_items)),
                    false
                )
            else with_lists.mental_health_need
        end as mental_health_need,
        case
            when with_lists.scheme = 'none' then 'not_collected'
            when with_lists.match_method in ('blank', 'unmapped') then 'not_known'
            when with_lists.scheme = 'refuge_support_needs'
                then case
                    when list_has_any(with_lists.list_keys, (select list(refuge_items.match_key) from refuge_items))
                        then 'identified'
                    else 'not_identified'
                end
            else with_lists.mental_health_status
        end as mental_health_status,
        with_lists.row_count,
        with_lists.first_event_date,
        with_lists.last_event_date
    from with_lists

)

select * from final
