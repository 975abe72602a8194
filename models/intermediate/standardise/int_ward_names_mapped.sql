{#- Every distinct raw ward name per agency (the registry's `geography: {ward_name: ...}`), mapped to a 2004-2025 ward code (best fit for a 2026-only name; the code as named is kept) through ward_name_variants: exact on the normalised match_key, then fuzzy
    (names are free text). Special members out_of_area ('Out of City') and not_known ('Not Known') come from
    the seed. Blank -> not_known; people with no ward name field (scheme none) -> not_collected.
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

raw_values as (

    select
        agency,
        ward_name_scheme as scheme,
        ward_name_raw as raw_value,
        count(*) as row_count,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from contacts
    group by all

),

lookup as (

    select
        'ward_name' as scheme,
        match_key,
        1 as match_priority,
        -- The warehouse's ward set: a 2026-only name (Tile Hill & Canley) takes its 2004-2025 best fit.
        best_fit_ward_code_2004_2025 as ward_code,
        ward_code as named_ward_code,
        ward_name,
        variant_type
    from {{ ref('ward_name_variants') }}

),

mapped as (

    {{ map_to_crosswalk(
        'raw_values', 'lookup', ['ward_code', 'named_ward_code', 'ward_name', 'variant_type'],
        fuzzy_schemes=['ward_name'], threshold=0.92, margin=0.03
    ) }}

),

final as (

    select
        agency || '|' || scheme || '|' || coalesce(raw_value, '<null>') as value_id,
        agency,
        'ward_name' as field,
        scheme,
        raw_value,
        match_key,
        matched_key,
        case when scheme = 'none' then 'not_collected' else match_method end as match_method,
        match_confidence,
        case
            when scheme = 'none' then null
            when match_method in ('blank', 'unmapped') then 'not_known'
            else ward_code
        end as ward_code,
        case when match_method in ('exact', 'fuzzy') then named_ward_code end as named_ward_code,
        case when match_method in ('exact', 'fuzzy') then variant_type end as variant_type,
        row_count,
        first_event_date,
        last_event_date
    from mapped

)

select * from final
