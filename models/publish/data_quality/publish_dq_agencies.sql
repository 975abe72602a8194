{#- The partner agencies as the feedback packs and dashboards name them: the registry's display name and short
    label, what the extract holds, cadence and when a return is due (dim_agency). -#}
with

agencies as (

    select * from {{ ref('dim_agency') }}

),

final as (

    select
        agency,
        agency_name,
        agency_label,
        extract_description,
        cadence,
        period_type,
        due_days_after_period_end
    from agencies

)

select * from final
