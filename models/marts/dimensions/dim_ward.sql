{#- Coventry wards: the 2004-2025 set (the warehouse's ward set: postcodes, LSOA lookups and every population
    denominator use it) and the 2026 set (recognised, marked, no denominators: no 2026 boundary lookup was
    found), plus the explicit members out_of_area and not_known. Denominators for 2004-2025 wards: Census 2021
    usual residents, ethnicity in 5 groups and disability (Equality Act), ONS mid-2020 age structure, and the
    IMD 2025 decile averaged over the ward's LSOAs (2021) as the needs assessment did. -#}
with

wards as (

    select * from {{ ref('coventry_wards') }}

),

bridge as (

    select * from {{ ref('ward_set_2026_bridge') }}

),

ethnicity as (

    select * from {{ ref('coventry_census2021_ethnic_group_5cat_ward') }}

),

disability as (

    select * from {{ ref('coventry_census2021_disability_ward') }}

),

ages as (

    select * from {{ ref('coventry_population_mid2020_sape_ward_ageband') }}

),

lsoa_imd as (

    select
        lookup.wd24cd as ward_code,
        count(*) as lsoa_count,
        avg(imd.imd_decile) as imd_decile_mean
    from {{ ref('coventry_lsoa2021_to_ward2024') }} as lookup
    inner join {{ ref('coventry_imd2025_lsoa2021') }} as imd
        on lookup.lsoa21cd = imd.lsoa21cd
    group by lookup.wd24cd

),

real_wards as (

    select
        wards.ward_code,
        wards.ward_name,
        case when wards.source_year >= 2026 then '2026' else '2004-2025' end as ward_set,
        wards.source_year >= 2026 as is_2026_set,
        false as is_special,
        coalesce(bridge.ward_code_2026, wards.ward_code) as ward_code_2026_name_fit,
        coalesce(bridge_back.ward_code_2004_2025, wards.ward_code) as ward_code_2004_2025_name_fit,
        ethnicity.all_usual_residents as census2021_usual_residents,
        ethnicity.asian as census2021_asian,
        ethnicity.black as census2021_black,
        ethnicity.mixed as census2021_mixed,
        ethnicity.white as census2021_white,
        ethnicity.other as census2021_other,
        disability.disabled_equality_act as census2021_disabled,
        disability.not_disabled_equality_act as census2021_not_disabled,
        ages.total_persons as mid2020_persons,
        ages."0_15" as mid2020_aged_0_15,
        ages."16_17" as mid2020_aged_16_17,
        ages."18_24" as mid2020_aged_18_24,
        ages."25_34" as mid2020_aged_25_34,
        ages."35_44" as mid2020_aged_35_44,
        ages."45_54" as mid2020_aged_45_54,
        ages."55_64" as mid2020_aged_55_64,
        ages."65_74" as mid2020_aged_65_74,
        ages."75_plus" as mid2020_aged_75_plus,
        ages.persons_16_plus as mid2020_persons_16_plus,
        lsoa_imd.lsoa_count as lsoa2021_count,
        cast(round(lsoa_imd.imd_decile_mean, 2) as double) as imd2025_decile_mean
    from wards
    left join bridge
        on wards.ward_code = bridge.ward_code_2004_2025
    left join bridge as bridge_back
        on wards.ward_code = bridge_back.ward_code_2026
    left join ethnicity
        on wards.ward_code = ethnicity.ward_code
    left join disability
        on wards.ward_code = disability.ward_code
    left join ages
        on wards.ward_code = ages.ward_code
    left join lsoa_imd
        on wards.ward_code = lsoa_imd.ward_code

),

special_members as (

    select
        'out_of_area' as ward_code,
        'Out of area' as ward_name
    union all
    select
        'not_known' as ward_code,
        'Not known' as ward_name

),

final as (

    select * from real_wards
    union all by name
    select
        ward_code,
        ward_name,
        'special' as ward_set,
        false as is_2026_set,
        true as is_special
    from special_members

)

select * from final
