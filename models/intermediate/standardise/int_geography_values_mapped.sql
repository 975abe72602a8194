{#- Every distinct combination of the geography a contact row carries (what ingest derived from a full postcode,
    and any ward code, ward name, postcode sector or district the agency sends, per the registry) resolved to one
    conformed ward, taking the most precise source that gives an answer: full postcode, ward code, ward name,
    postcode sector, postcode district. Each row says how its ward was derived (ward_derived_from), whether it is
    approximate (from a sector or district, int_postcode_area_wards: never counted as complete) and, when the
    ward is not known, why (ward_not_known_reason). -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

ward_names as (

    select * from {{ ref('int_ward_names_mapped') }}

),

areas as (

    select * from {{ ref('int_postcode_area_wards') }}

),

ward_codes as (

    -- ward codes an agency may send: the 2004-2025 set and the 2026 set (which takes its 2004-2025 best fit)
    select distinct
        ward_code as raw_ward_code,
        best_fit_ward_code_2004_2025 as ward_code
    from {{ ref('ward_name_variants') }}
    where not is_special

),

known_postcode_areas as (

    -- the postcode areas (letters) the reference data covers in full: a district outside them is out of area
    select distinct regexp_extract(area, '^[A-Z]+') as postcode_area
    from areas
    where geography_kind = 'postcode_district'

),

combinations as (

    select distinct
        agency,
        postcode_status,
        ward_code as postcode_ward_code,
        ward_code_raw,
        ward_name_scheme,
        ward_name_raw,
        postcode_sector_raw,
        postcode_district_raw,
        geography_precision,
        {{ postcode_sector_key('postcode_sector_raw') }} as sector_key,
        coalesce(
            {{ postcode_district_key('postcode_district_raw') }},
            split_part({{ postcode_sector_key('postcode_sector_raw') }}, ' ', 1)
        ) as district_key
    from contacts

),

looked_up as (

    select
        combinations.*,
        ward_codes.ward_code as coded_ward_code,
        ward_names.ward_code as named_ward_code,
        ward_names.match_method as ward_name_match_method,
        sectors.area is not null as sector_found,
        sectors.ward_code as sector_ward_code,
        districts.area is not null as district_found,
        districts.ward_code as district_ward_code,
        districts.in_area_share as district_in_area_share,
        known_postcode_areas.postcode_area is not null as district_area_known
    from combinations
    left join ward_codes
        on upper(trim(combinations.ward_code_raw)) = ward_codes.raw_ward_code
    left join ward_names
        on
            combinations.agency = ward_names.agency
            and combinations.ward_name_scheme = ward_names.scheme
            and combinations.ward_name_raw is not distinct from ward_names.raw_value
    left join areas as sectors
        on sectors.geography_kind = 'postcode_sector' and combinations.sector_key = sectors.area
    left join areas as districts
        on districts.geography_kind = 'postcode_district' and combinations.district_key = districts.area
    left join known_postcode_areas
        on regexp_extract(combinations.district_key, '^[A-Z]+') = known_postcode_areas.postcode_area

),

resolved as (

    select
        *,
        district_key is not null
        and (district_in_area_share = 0 or not district_area_known) as area_is_out_of_area,
        case
            when postcode_status = 'coventry' and postcode_ward_code is not null then 'postcode'
            when postcode_status = 'out_of_area' then 'postcode'
            when coded_ward_code is not null then 'ward_code'
            when named_ward_code is not null and named_ward_code <> 'not_known' then 'ward_name'
            when sector_ward_code is not null then 'postcode_sector'
            when district_ward_code is not null then 'postcode_district'
            when
                district_key is not null and (district_in_area_share = 0 or not district_area_known)
                then case when sector_key is not null then 'postcode_sector' else 'postcode_district' end
            else 'none'
        end as ward_derived_from
    from looked_up

)

select
    agency,
    postcode_status,
    postcode_ward_code,
    ward_code_raw,
    ward_name_scheme,
    ward_name_raw,
    postcode_sector_raw,
    postcode_district_raw,
    geography_precision,
    case ward_derived_from
        when 'postcode' then case when postcode_status = 'out_of_area' then 'out_of_area' else postcode_ward_code end
        when 'ward_code' then coded_ward_code
        when 'ward_name' then named_ward_code
        when 'postcode_sector' then coalesce(sector_ward_code, 'out_of_area')
        when 'postcode_district' then coalesce(district_ward_code, 'out_of_area')
        else 'not_known'
    end as ward_code,
    ward_derived_from,
    ward_derived_from in ('postcode_sector', 'postcode_district') and not area_is_out_of_area as ward_is_approximate,
    case
        when ward_derived_from <> 'none' then null
        when geography_precision = 'none' then 'not_collected'
        when postcode_status = 'invalid' then 'postcode_invalid'
        when postcode_status = 'not_found' then 'postcode_not_found'
        when sector_found then 'sector_spans_wards'
        when sector_key is null and district_found then 'district_spans_wards'
        when sector_key is not null then 'sector_not_recognised'
        when postcode_district_raw is not null then 'district_not_recognised'
        when ward_name_match_method = 'unmapped' then 'ward_name_not_recognised'
        when ward_code_raw is not null then 'ward_code_not_recognised'
        when postcode_sector_raw is not null then 'sector_not_recognised'
        else 'blank'
    end as ward_not_known_reason
from resolved
