{#- The conformed ethnicity members, one row each, from the ethnicity_categories seed (19 ONS 2021 categories,
    broad-only members, white_non_british, not_stated, not_known, not_collected). -#}
with

categories as (

    select * from {{ ref('ethnicity_categories') }}

),

final as (

    select
        ethnicity_key,
        ethnicity_label,
        ons19_code,
        ons5_code,
        broad_group,
        broad_group_label,
        is_known,
        is_detail_known,
        is_minoritised,
        is_white_british,
        sort_order
    from categories

)

select * from final
