{#- One row per contact row (int_agency_contact_rows_unioned: every current file row, so data quality can rate the
    rows of a record's earlier versions too) with every demographic field standardised to the conformed
    dimension members: the per-field value mappings (int_*_values_mapped) are joined back on the agency, the
    scheme the agency uses for that field (field_scheme macro) and the raw value. Every field gets an explicit
    member (never null): not_known for blank or unmapped values (match_method says which), not_collected when
    the agency has no such field. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

refuge as (

    select
        submission_id,
        source_row_number,
        support_needs,
        victim_sexual_orientation
    from {{ ref('stg_refuge__referral_rows') }}

),

idva as (

    select
        submission_id,
        source_row_number,
        victim_sexual_orientation
    from {{ ref('stg_idva__case_rows') }}

),

marac as (

    select
        submission_id,
        source_row_number,
        victim_lgbt
    from {{ ref('stg_marac__case_rows') }}

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

contact_fields as (

    select
        contacts.*,
        {{ field_scheme('sex', 'contacts.agency', 'contacts.role') }} as sex_scheme,
        {{ field_scheme('disability', 'contacts.agency', 'contacts.role') }} as disability_scheme,
        {{ field_scheme('mental_health', 'contacts.agency', 'contacts.role') }} as mental_health_scheme,
        {{ field_scheme('ward_name', 'contacts.agency', 'contacts.role') }} as ward_name_scheme,
        {{ field_scheme('lgbt', 'contacts.agency', 'contacts.role') }} as lgbt_scheme,
        case contacts.agency
            when 'perpetrator' then contacts.disability_raw
            when 'refuge' then refuge.support_needs
            else contacts.mental_health_raw
        end as mental_health_value,
        case contacts.agency
            when 'marac' then marac.victim_lgbt
            when 'idva' then idva.victim_sexual_orientation
            when 'refuge' then refuge.victim_sexual_orientation
        end as lgbt_raw
    from contacts
    left join refuge
        on
            contacts.agency = 'refuge'
            and contacts.submission_id = refuge.submission_id
            and contacts.source_row_number = refuge.source_row_number
    left join idva
        on
            contacts.agency = 'idva'
            and contacts.submission_id = idva.submission_id
            and contacts.source_row_number = idva.source_row_number
    left join marac
        on
            contacts.agency = 'marac'
            and contacts.role = 'victim'
            and contacts.submission_id = marac.submission_id
            and contacts.source_row_number = marac.source_row_number

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

lgbt as (

    select
        contact_fields.contact_id,
        contact_fields.submission_id,
        contact_fields.source_row_number,
        {{ normalise_match_key('contact_fields.lgbt_raw') }} as lgbt_key,
        lgbt_lookup.lgbt_key is not null as is_listed,
        lgbt_lookup.is_lgbt
    from contact_fields
    left join lgbt_lookup
        on {{ normalise_match_key('contact_fields.lgbt_raw') }} = lgbt_lookup.lgbt_key

),

standardised as (

    select
        contact_fields.contact_id,
        contact_fields.agency,
        contact_fields.role,
        contact_fields.event_date,

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
            when contact_fields.age_band_raw is not null or contact_fields.age_at_event is not null then 'unmapped'
            else 'blank'
        end as age_band_match_method,

        case
            when contact_fields.postcode_status = 'coventry' and contact_fields.ward_code is not null
                then contact_fields.ward_code
            when contact_fields.postcode_status = 'out_of_area' then 'out_of_area'
            when ward_name_values.ward_code is not null and ward_name_values.ward_code <> 'not_known'
                then ward_name_values.ward_code
            else 'not_known'
        end as ward_code,
        case
            when contact_fields.postcode_status = 'coventry' and contact_fields.ward_code is not null then 'postcode'
            when contact_fields.postcode_status = 'out_of_area' then 'postcode'
            when ward_name_values.ward_code is not null and ward_name_values.ward_code <> 'not_known'
                then 'ward_name'
            else 'none'
        end as ward_source,
        ward_name_values.match_method as ward_name_match_method,
        contact_fields.lsoa_code,
        imd.imd_decile,

        case when contact_fields.lgbt_scheme <> 'none' then lgbt.is_lgbt end as is_lgbt,
        case
            when contact_fields.lgbt_scheme = 'none' then 'not_collected'
            when lgbt.is_lgbt is not null then 'recorded'
            else 'not_known'
        end as lgbt_status,
        case
            when contact_fields.lgbt_scheme = 'none' then 'not_collected'
            when lgbt.lgbt_key is null or lgbt.lgbt_key = '' then 'blank'
            when lgbt.is_listed then 'exact'
            else 'unmapped'
        end as lgbt_match_method,
        contact_fields.lgbt_raw,
        contact_fields.mental_health_value as mental_health_raw_value,

        -- the row it came from (dropped again in int_agency_contacts_standardised)
        contact_fields.submission_id,
        contact_fields.source_row_number,
        contact_fields.is_newest_row

    from contact_fields
    inner join lgbt
        on
            contact_fields.contact_id = lgbt.contact_id
            and contact_fields.submission_id = lgbt.submission_id
            and contact_fields.source_row_number = lgbt.source_row_number
    left join sex_values
        on
            contact_fields.agency = sex_values.agency
            and contact_fields.sex_scheme = sex_values.scheme
            and contact_fields.sex_raw is not distinct from sex_values.raw_value
    left join ethnicity_values
        on
            contact_fields.agency = ethnicity_values.agency
            and contact_fields.ethnicity_scheme = ethnicity_values.source_scheme
            and contact_fields.ethnicity_raw is not distinct from ethnicity_values.raw_value
    left join ethnicity_categories
        on ethnicity_values.ethnicity_key = ethnicity_categories.ethnicity_key
    left join disability_values
        on
            contact_fields.agency = disability_values.agency
            and contact_fields.disability_scheme = disability_values.scheme
            and contact_fields.disability_raw is not distinct from disability_values.raw_value
    left join mental_health_values
        on
            contact_fields.agency = mental_health_values.agency
            and contact_fields.mental_health_scheme = mental_health_values.scheme
            and contact_fields.mental_health_value is not distinct from mental_health_values.raw_value
    left join ward_name_values
        on
            contact_fields.agency = ward_name_values.agency
            and contact_fields.ward_name_scheme = ward_name_values.scheme
            and contact_fields.ward_name_raw is not distinct from ward_name_values.raw_value
    left join age_bands
        on
            contact_fields.age_at_event >= age_bands.min_age
            and (age_bands.max_age is null or contact_fields.age_at_event <= age_bands.max_age)
    left join age_band_bridge
        on
            contact_fields.agency = 'health'
            and age_band_bridge.scheme = 'iris'
            and {{ normalise_match_key('contact_fields.age_band_raw') }} = age_band_bridge.match_key
    left join imd
        on contact_fields.lsoa_code = imd.lsoa_code

)

select * from standardised
