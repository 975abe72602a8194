{#- Every raw value each agency sent that did not map exactly to the agreed codes, and every postcode district whose
    postcodes placed nobody in a ward (fct_unmapped_values), ranked by frequency per agency and field, for the
    agency's feedback pack: a data lead needs all of them to update a crosswalk, not the top few. A raw code seen on a few rows is a small demographic
    count (three people recorded with ethnicity 'W10'), so row counts are published with the central disclosure
    control: 1 to 7 suppressed, others rounded to 5. The number of files a value was seen in is left out: with a
    suppressed row count it would narrow the range. -#}
with

unmapped as (

    select * from {{ ref('fct_unmapped_values') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by agency, field
            order by row_count desc, last_received_date desc, raw_value asc, match_method asc, scheme asc
        ) as value_rank
    from unmapped

),

final as (

    select
        concat_ws('|', agency, field, scheme, raw_value, match_method) as unmapped_value_id,
        agency,
        field as field_name,
        scheme,
        raw_value,
        match_method,
        cast(value_rank as integer) as value_rank,
        cast({{ published_count('row_count') }} as integer) as rows_published,
        {{ is_small_count('row_count') }} as rows_suppressed,
        first_received_date,
        last_received_date
    from ranked

)

select * from final
