{#- One row per contact row (int_agency_contact_rows_unioned: every current file row, so data quality can rate the
    rows of a record's earlier versions too) with every demographic field standardised to the conformed
    dimension members: the per-field value mappings (int_*_values_mapped) are joined back on the agency, the
    scheme the registry gives the person's field (the contact row's <field>_scheme) and the raw value; the ward
    from int_geography_values_mapped, with how it was derived. Every field gets an explicit member (never
    null): not_known for blank or unmapped values (match_method says which), not_collected when the person has
    no such field. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

ethnicity_values as (

    select * from {{ ref('int_ethnicity_values_mapped') }}

),

ethnicity_categories as (

    select * from {{ ref('ethnicity_categories') }}

),

sex_values as (

    select * from {{ ref('int_sex_values_mapped') }}

),

disability_values as (

    select * from {{ ref('int_disability_values_mapped') }}

),

mental_health_values as (

    select * from {{ ref('int_mental_health_values_mapped') }}

),

ward_name_values as (

    select * from {{ ref('int_ward_names_mapped') }}

),

geography_values as (

    select * from {{ ref('int_geography_values_mapped') }}

),

age_bands as (

    select * from {{ ref('age_bands') }}
    where min_age is not null

),

age_band_bridge as (

    select * from {{ ref('age_band_bridge') }}
    -- The standard band that holds the largest share of the agency band stands for it (approximate).
    qualify row_number() over (partition by scheme, match_key order by allocation_share desc) = 1

),

imd as (

    select
        lsoa21cd as lsoa_code,
        cast(imd_decile as integer) as imd_decile
    from {{ ref('coventry_imd2025_lsoa2021') }}

),

lgbt_lookup as (

    -- Sexual orientation / LGBT labels (MARAC Y/N; IDVA and Valley House orientation lists): true = LGBT,
    -- false = heterosexual or N, null = asked but not known or declined.
    select
        labels.lgbt_key,
        labels.is_lgbt
    from (
        values
        ('Y', true), ('YES', true), ('GAY OR LESBIAN', true), ('GAY WOMEN LESBIAN', true), ('GAY', true),
        ('LESBIAN', true), ('BISEXUAL', true), ('GAY MAN', true), ('GAY WOMAN', true), ('PANSEXUAL', true),
        ('QUEER', true), ('OTHER SEXUAL ORIENTATION', true),
        ('N', false), ('NO', false), ('HETEROSEXUAL', false), ('STRAIGHT', false),
        ('HETEROSEXUAL OR STRAIGHT', false), ('HETEROSEXUAL STRAIGHT', false),
        ('PREFER NOT TO SAY', null), ('NOT KNOWN', null), ('UNKNOWN', null), ('NOT STATED', null),
        ('DECLINED', null)
    ) as labels (lgbt_key, is_lgbt)

),

standardised as (

    select
        contacts.contact_id,
        contacts.agency,
        contacts.role,
        contacts.event_date,

        sex_values.sex,
        sex_values.match_method as sex_match_method,

        ethnicity_values.ethnicity_key,
        ethnicity_categories.broad_group as ethnicity_broad_group,
        ethnicity_categories.is_known as ethnicity_is_known,
        ethnicity_categories.is_minoritised,
        ethnicity_values.mapping_quality as ethnicity_mapping_quality,
        ethnicity_values.match_method as ethnicity_match_method,
        ethnicity_values.match_confidence as ethnicity_match_confidence,

        disability_values.disability_status,
        disability_values.disability_type,
        disability_values.match_method as disability_match_method,

        mental_health_values.mental_health_need,
        mental_health_values.mental_health_status,
        mental_health_values.match_method as mental_health_match_method,

        coalesce(age_bands.age_band, age_band_bridge.age_band, 'not_known') as age_band,
        case
            when age_bands.age_band is not null then false
            when age_band_bridge.age_band is not null then age_band_bridge.is_approximate
            else false
        end as age_band_is_approximate,
        case
            when age_bands.age_band is not null then 'age_at_event'
            when age_band_bridge.age_band is not null then 'bridged'
            when contacts.age_band_raw is not null or contacts.age_at_event is not null then 'unmapped'
            else 'blank'
        end as age_band_match_method,

        geography_values.ward_code,
        geography_values.ward_derived_from,
        geography_values.ward_is_approximate,
        geography_values.ward_not_known_reason,
        ward_name_values.match_method as ward_name_match_method,
        contacts.lsoa_code,
        imd.imd_decile,

        case when contacts.lgbt_scheme <> 'none' then lgbt_lookup.is_lgbt end as is_lgbt,
        case
            when contacts.lgbt_scheme = 'none' then 'not_collected'
            when lgbt_lookup.is_lgbt is not null then 'recorded'
            else 'not_known'
        end as lgbt_status,
        case
            when contacts.lgbt_scheme = 'none' then 'not_collected'
            when coalesce({{ normalise_match_key('contacts.lgbt_raw') }}, '') = '' then 'blank'
            when lgbt_lookup.lgbt_key is not null then 'exact'
            else 'unmapped'
        end as lgbt_match_method,
        contacts.lgbt_raw,

        -- the row it came from (dropped again in int_agency_contacts_standardised)
        contacts.submission_id,
        contacts.source_row_number,
        contacts.is_newest_row

    from contacts
    left join lgbt_lookup
        on {{ normalise_match_key('contacts.lgbt_raw') }} = lgbt_lookup.lgbt_key
    left join sex_values
        on
            contacts.agency = sex_values.agency
            and contacts.sex_scheme = sex_values.scheme
            and contacts.sex_raw is not distinct from sex_values.raw_value
    left join ethnicity_values
        on
            contacts.agency = ethnicity_values.agency
            and contacts.ethnicity_scheme = ethnicity_values.scheme
            and contacts.ethnicity_raw is not distinct from ethnicity_values.raw_value
    left join ethnicity_categories
        on ethnicity_values.ethnicity_key = ethnicity_categories.ethnicity_key
    left join disability_values
        on
            contacts.agency = disability_values.agency
            and contacts.disability_scheme = disability_values.scheme
            and contacts.disability_raw is not distinct from disability_values.raw_value
    left join mental_health_values
        on
            contacts.agency = mental_health_values.agency
            and contacts.mental_health_scheme = mental_health_values.scheme
            and contacts.mental_health_raw is not distinct from mental_health_values.raw_value
    left join ward_name_values
        on
            contacts.agency = ward_name_values.agency
            and contacts.ward_name_scheme = ward_name_values.scheme
            and contacts.ward_name_raw is not distinct from ward_name_values.raw_value
    left join geography_values
        on
            contacts.agency = geography_values.agency
            and contacts.postcode_status is not distinct from geography_values.postcode_status
            and contacts.ward_code is not distinct from geography_values.postcode_ward_code
            and contacts.ward_code_raw is not distinct from geography_values.ward_code_raw
            and contacts.ward_name_scheme = geography_values.ward_name_scheme
            and contacts.ward_name_raw is not distinct from geography_values.ward_name_raw
            and contacts.postcode_sector_raw is not distinct from geography_values.postcode_sector_raw
            and contacts.postcode_district_raw is not distinct from geography_values.postcode_district_raw
            and contacts.geography_precision = geography_values.geography_precision
    left join age_bands
        on
            contacts.age_at_event >= age_bands.min_age
            and (age_bands.max_age is null or contacts.age_at_event <= age_bands.max_age)
    left join age_band_bridge
        on
            contacts.age_band_scheme = age_band_bridge.scheme
            and {{ normalise_match_key('contacts.age_band_raw') }} = age_band_bridge.match_key
    left join imd
        on contacts.lsoa_code = imd.lsoa_code

)

select * from standardised
