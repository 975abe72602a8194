{#- The conformed sex members (the distinct targets of sex_crosswalk): female, male, other, not_known. -#}
with

crosswalk_members as (

    select distinct sex from {{ ref('sex_crosswalk') }}

),

final as (

    select
        sex,
        case sex
            when 'female' then 'Female'
            when 'male' then 'Male'
            when 'other' then 'Other (non-binary, indeterminate)'
            when 'not_known' then 'Not known'
            else sex
        end as sex_label,
        sex <> 'not_known' as is_known,
        case sex when 'female' then 1 when 'male' then 2 when 'other' then 3 else 4 end as sort_order
    from crosswalk_members

)

select * from final
