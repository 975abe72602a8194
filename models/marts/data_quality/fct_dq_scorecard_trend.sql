{#- The scorecard's trend: one row per agency, financial year, rule and field, counting the periods rated red,
    amber and green and summarising the rule's value (mean, worst, and pooled over the year's records), so a
    slow drift (ethnicity not stated creeping up) shows even when no single period turns red. -#}
with

scorecard as (

    select * from {{ ref('fct_dq_scorecard') }}

),

final as (

    select
        agency || '|' || financial_year || '|' || rule_name || '|' || field_name as trend_id,
        agency,
        financial_year,
        dimension,
        rule_name,
        field_name,
        cast(count(*) as integer) as periods_rated,
        cast(count(*) filter (where severity = 'red') as integer) as red_periods,
        cast(count(*) filter (where severity = 'amber') as integer) as amber_periods,
        cast(count(*) filter (where severity = 'green') as integer) as green_periods,
        count(*) filter (where severity = 'red') / count(*) as share_red,
        count(*) filter (where severity = 'amber') / count(*) as share_amber,
        count(*) filter (where severity = 'green') / count(*) as share_green,
        avg(rule_value) as mean_value,
        max(rule_value) as worst_value,
        case
            when max(unit) = 'share' then sum(numerator) / nullif(sum(denominator), 0)
        end as pooled_share,
        min(period_start) as first_period_start,
        max(period_start) as last_period_start
    from scorecard
    where severity <> 'not_assessed'
    group by agency, financial_year, dimension, rule_name, field_name

)

select * from final
