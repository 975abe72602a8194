{#- The partner agencies as their feedback packs name them: registry name, what the extract holds, cadence and
    when a return is due (dim_agency). -#}
with

agencies as (

    select * from {{ ref('dim_agency') }}

),

final as (

    select
        agency,
        agency_name,
        extract_description,
        cadence,
        period_type,
        due_days_after_period_end
    from agencies

)

select * from final
