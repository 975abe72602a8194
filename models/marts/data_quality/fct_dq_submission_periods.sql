{#- Submission-level data-quality facts, one row per agency and expected period (from the agency's first expected period to the latest period
    due): timeliness (on time, late with days late, missing), the files received for the period (current,
    superseded, duplicate, quarantined), volume against the agency's own baseline, and the period's worst
    scorecard severity. -#}
with

periods as (

    select * from {{ ref('int_dq_expected_periods') }}

),

dim_date as (

    select * from {{ ref('dim_date') }}

),

scorecard as (

    select
        agency,
        period_start,
        count(*) filter (where severity = 'red') as red_rules,
        count(*) filter (where severity = 'amber') as amber_rules,
        count(*) filter (where severity = 'green') as green_rules
    from {{ ref('fct_dq_scorecard') }}
    group by agency, period_start

),

final as (

    select
        periods.agency_period_id,
        periods.agency,
        periods.cadence,
        periods.period_start,
        periods.period_end,
        dim_date.financial_year,
        periods.due_date,
        periods.first_received_at,
        periods.current_received_at,
        periods.timeliness_status,
        cast(periods.days_late as integer) as days_late,
        cast(periods.current_files as integer) as current_files,
        cast(periods.superseded_files as integer) as superseded_files,
        cast(periods.duplicate_files as integer) as duplicate_files,
        cast(periods.quarantined_files as integer) as quarantined_files,
        cast(periods.periods_covered as integer) as periods_covered,
        periods.rows_loaded,
        periods.baseline_rows,
        periods.baseline_method,
        periods.volume_ratio,
        case
            when periods.volume_ratio is null then null
            when not periods.volume_change_is_notable then 'normal'
            when periods.volume_ratio < 0.6 then 'partial'
            when periods.volume_ratio > 1.5 then 'spike'
            else 'normal'
        end as volume_status,
        cast(coalesce(scorecard.red_rules, 0) as integer) as red_rules,
        cast(coalesce(scorecard.amber_rules, 0) as integer) as amber_rules,
        cast(coalesce(scorecard.green_rules, 0) as integer) as green_rules,
        case
            when scorecard.red_rules > 0 then 'red'
            when scorecard.amber_rules > 0 then 'amber'
            else 'green'
        end as worst_severity
    from periods
    left join dim_date
        on periods.period_start = dim_date.date_day
    left join scorecard
        on
            periods.agency = scorecard.agency
            and periods.period_start = scorecard.period_start

)

select * from final
