{#- Coventry's LSOAs (2021 boundaries) with their 2004-2025 ward (ONS LSOA21 to ward 2024 best fit) and the
    English Indices of Deprivation 2025 (on LSOA 2021). The postcode seed's LSOA is LSOA21. -#}
with

lsoas as (

    select * from {{ ref('coventry_lsoa2021_to_ward2024') }}

),

imd as (

    select * from {{ ref('coventry_imd2025_lsoa2021') }}

),

final as (

    select
        lsoas.lsoa21cd as lsoa_code,
        lsoas.lsoa21nm as lsoa_name,
        lsoas.wd24cd as ward_code,
        lsoas.wd24nm as ward_name,
        cast(imd.imd_decile as integer) as imd_decile,
        cast(imd.imd_rank as integer) as imd_rank,
        cast(imd.imd_score as double) as imd_score
    from lsoas
    left join imd
        on lsoas.lsoa21cd = imd.lsoa21cd

)

select * from final
