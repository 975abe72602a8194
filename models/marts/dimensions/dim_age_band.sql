{#- The standard age bands (the age_bands seed: the reference population's bands 0-15 ... 75+ and not_known). -#}
with

bands as (

    select * from {{ ref('age_bands') }}

),

final as (

    select
        age_band,
        age_band_label,
        min_age,
        max_age,
        is_adult_18_plus,
        is_aged_16_plus,
        is_child_under_18,
        sort_order
    from bands

)

select * from final
