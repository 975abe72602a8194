{#- The data-quality scorecard (METRICS.md #15): one row per agency, expected period, rule and field, with the
    rule's value and its red / amber / green severity against the thresholds seed (dq_thresholds: a row for the
    field overrides the rule's 'all' default). Rule values are "higher is worse". A file covering several periods
    (a combined two-month file) scores in each of them. Completeness and record-level validity use the current
    files; file-level rules (date format, schema drift, duplicate and quarantined files) every file received for
    the period. A missing period scores timeliness only; a period with no baseline yet scores no volume rule. -#}
with

periods as (

    select * from {{ ref('int_dq_expected_periods') }}

),

submission_values as (

    select * from {{ ref('int_dq_submission_rule_values') }}

),

thresholds as (

    select * from {{ ref('dq_thresholds') }}

),

dim_date as (

    select * from {{ ref('dim_date') }}

),

period_rules as (

    select
        agency,
        period_start,
        'timeliness_days_late' as rule_name,
        'submission' as field_name,
        cast(coalesce(days_late, 999) as double) as numerator,
        cast(1 as double) as denominator,
        cast(coalesce(days_late, 999) as double) as rule_value
    from periods

    union all

    select
        agency,
        period_start,
        'volume_shortfall' as rule_name,
        'rows' as field_name,
        rows_loaded as numerator,
        baseline_rows as denominator,
        case when volume_change_is_notable then greatest(0, 1 - volume_ratio) else 0 end as rule_value
    from periods
    where volume_ratio is not null

    union all

    select
        agency,
        period_start,
        'volume_spike' as rule_name,
        'rows' as field_name,
        rows_loaded as numerator,
        baseline_rows as denominator,
        case when volume_change_is_notable then greatest(0, volume_ratio - 1) else 0 end as rule_value
    from periods
    where volume_ratio is not null

),

submission_rules as (

    select
        periods.agency,
        periods.period_start,
        submission_values.rule_name,
        submission_values.field_name,
        cast(sum(submission_values.numerator) as double) as numerator,
        cast(sum(submission_values.denominator) as double) as denominator,
        case
            when submission_values.field_name = 'file' then cast(sum(submission_values.numerator) as double)
            else sum(submission_values.numerator) / nullif(sum(submission_values.denominator), 0)
        end as rule_value
    from periods
    inner join submission_values
        on
            periods.agency = submission_values.agency
            and periods.period_start >= submission_values.period_start
            and periods.period_end <= submission_values.period_end
            and (submission_values.is_current or submission_values.field_name = 'file')
    where periods.current_files > 0 or submission_values.field_name = 'file'
    group by periods.agency, periods.period_start, submission_values.rule_name, submission_values.field_name

),

unioned as (

    select * from period_rules
    union all
    select * from submission_rules

),

rated as (

    select
        unioned.*,
        coalesce(field_thresholds.green_below, rule_thresholds.green_below) as green_below,
        coalesce(field_thresholds.amber_below, rule_thresholds.amber_below) as amber_below,
        coalesce(field_thresholds.min_records, rule_thresholds.min_records, 0) as min_records,
        rule_thresholds.unit,
        -- The value judged against the thresholds. For a completeness share, the lower end of its 95% Wilson
        -- score interval: a service sending twenty records a month is not red because three of them happen to be
        -- blank, but a consistently high share still is. Validity and duplicate shares are judged as observed
        -- (any invalid row is worth a look); other units likewise.
        case
            when unioned.rule_name like 'completeness%' and unioned.denominator > 0
                then greatest(
                    0,
                    (
                        unioned.rule_value + 1.96 ^ 2 / (2 * unioned.denominator)
                        - 1.96 * sqrt(
                            unioned.rule_value * (1 - unioned.rule_value) / unioned.denominator
                            + 1.96 ^ 2 / (4 * unioned.denominator ^ 2)
                        )
                    ) / (1 + 1.96 ^ 2 / unioned.denominator)
                )
            else unioned.rule_value
        end as rated_value
    from unioned
    left join thresholds as rule_thresholds
        on
            unioned.rule_name = rule_thresholds.rule
            and rule_thresholds.field = 'all'
    left join thresholds as field_thresholds
        on
            unioned.rule_name = field_thresholds.rule
            and unioned.field_name = field_thresholds.field

),

final as (

    select
        rated.agency || '|' || cast(rated.period_start as varchar) || '|' || rated.rule_name || '|' || rated.field_name
            as scorecard_id,
        rated.agency,
        rated.period_start,
        periods.period_end,
        dim_date.financial_year,
        case
            when rated.rule_name like 'completeness%' then 'completeness'
            when rated.rule_name like 'volume%' then 'volume'
            when rated.rule_name = 'timeliness_days_late' then 'timeliness'
            when rated.rule_name in ('duplicate_rows', 'duplicate_file') then 'duplicates'
            when rated.rule_name in ('schema_drift', 'quarantined_file', 'set_aside_file', 'held_file') then 'structure'
            else 'validity'
        end as dimension,
        rated.rule_name,
        rated.field_name,
        rated.numerator,
        rated.denominator,
        rated.rule_value,
        rated.unit,
        rated.rated_value,
        rated.green_below,
        rated.amber_below,
        rated.min_records,
        case
            when rated.rule_value is null or rated.green_below is null then 'not_assessed'
            when coalesce(rated.denominator, 0) < rated.min_records then 'not_assessed'
            when rated.rated_value < rated.green_below then 'green'
            when rated.rated_value < rated.amber_below then 'amber'
            else 'red'
        end as severity
    from rated
    inner join periods
        on
            rated.agency = periods.agency
            and rated.period_start = periods.period_start
    left join dim_date
        on rated.period_start = dim_date.date_day

)

select * from final
