{#- Postcode sectors (CV2 4) and districts (CV2) placed in a ward only where the reference data makes the ward
    clear: the ward holding at least var('coarse_geography_min_ward_share') of the area's Code-Point postcodes.
    At 0.8 that places 20 of Coventry's 37 sectors (43% of its postcodes) and, weighting people like postcodes,
    the ward is right for about 95% of them; elsewhere the ward stays not known because the area spans wards.
    A district's share counts every live postcode in it, Coventry or not; a sector is placed only inside a
    district at least 90% in Coventry, because the Code-Point seed holds only Coventry's postcodes and cannot
    say how much of a border sector lies outside. in_area_share says how much of the area is in Coventry (0:
    out of area). -#}
with

postcodes as (

    select
        postcode_district,
        postcode_district || ' ' || left(split_part(postcode, ' ', 2), 1) as postcode_sector,
        ward_code
    from {{ ref('coventry_postcodes_codepoint_2025') }}

),

districts as (

    select
        postcode_district,
        cast(live_postcodes_total as double) as live_postcodes,
        pct_in_coventry / 100.0 as in_area_share
    from {{ ref('cv_postcode_districts') }}

),

ward_counts as (

    select
        'postcode_sector' as geography_kind,
        postcode_sector as area,
        postcode_district,
        ward_code,
        count(*) as postcodes
    from postcodes
    group by all
    union all
    select
        'postcode_district' as geography_kind,
        postcode_district as area,
        postcode_district,
        ward_code,
        count(*) as postcodes
    from postcodes
    group by all

),

largest_ward as (

    select
        ward_counts.geography_kind,
        ward_counts.area,
        ward_counts.ward_code,
        ward_counts.postcodes
        / case
            when ward_counts.geography_kind = 'postcode_district' then districts.live_postcodes
            else sum(ward_counts.postcodes) over (partition by ward_counts.geography_kind, ward_counts.area)
        end as ward_share,
        districts.in_area_share
    from ward_counts
    inner join districts
        on ward_counts.postcode_district = districts.postcode_district
    qualify row_number() over (
        partition by ward_counts.geography_kind, ward_counts.area
        order by ward_counts.postcodes desc, ward_counts.ward_code asc
    ) = 1

),

areas as (

    select
        geography_kind,
        area,
        ward_code as largest_ward_code,
        ward_share as largest_ward_share,
        in_area_share,
        ward_share >= {{ var('coarse_geography_min_ward_share') }}
        and (geography_kind = 'postcode_district' or in_area_share >= 0.9) as is_placed
    from largest_ward
    union all
    -- districts of the partnership's postcode area with no Coventry postcode at all: out of area
    select
        'postcode_district' as geography_kind,
        postcode_district as area,
        cast(null as varchar) as largest_ward_code,
        cast(null as double) as largest_ward_share,
        in_area_share,
        false as is_placed
    from districts
    where in_area_share = 0

)

select
    geography_kind,
    area,
    case when is_placed then largest_ward_code end as ward_code,
    largest_ward_code,
    largest_ward_share,
    in_area_share,
    is_placed
from areas
