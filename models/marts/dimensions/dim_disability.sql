{#- Disability status members (one row per status; disability_type stays an attribute of the fact, so each
    agency's own definition can be reproduced): disabled, not_disabled, not_known (blank, not disclosed or an
    unmapped value), not_collected (the agency or role has no disability field). -#}
with

crosswalk_statuses as (

    select distinct disability_status from {{ ref('disability_crosswalk') }}
    union
    select 'not_collected' as disability_status

),

final as (

    select
        disability_status,
        case disability_status
            when 'disabled' then 'Disabled'
            when 'not_disabled' then 'Not disabled'
            when 'not_known' then 'Not known'
            when 'not_collected' then 'Not collected'
            else disability_status
        end as disability_status_label,
        disability_status in ('disabled', 'not_disabled') as is_known,
        case disability_status
            when 'disabled' then 1 when 'not_disabled' then 2 when 'not_known' then 3 else 4
        end as sort_order
    from crosswalk_statuses

)

select * from final
