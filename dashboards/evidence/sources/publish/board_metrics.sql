-- publish_board_metrics (every board measure, period and breakdown, after disclosure control), with the
-- words the pages show, worded once here:
--   value_shown      the figure with its unit; a suppressed cell says it is suppressed and why, never 0;
--   numerator_shown  the count behind it ('suppressed' when withheld);
--   change_shown     the direction of travel against the previous period of the same kind and breakdown
--                    (percentages in percentage points, other measures in per cent);
--   benchmark_shown  where the figure stands against its benchmark.
with

metrics as (

    select
        *,
        lag(value) over same_series as previous_value,
        lag(period_label) over same_series as previous_period_label
    from read_parquet('publish_parquet/publish_board_metrics.parquet')
    window same_series as (
        partition by measure, period_type, breakdown, breakdown_value order by period_start
    )

),

worded as (

    select
        *,
        case
            when unit = 'count' then format('{:,.0f}', value)
            when unit = 'ratio' then format('{:,.2f}', value)
            when unit = 'percent' then format('{:,.1f}%', value)
            when unit = 'per_1000' then format('{:,.1f} per 1,000', value)
            when unit = 'per_10000' then format('{:,.1f} per 10,000', value)
            when unit = 'fte' then format('{:,.1f} FTE', value)
            when unit = 'days' then format('{:,.0f} days', value)
            else format('{:,.1f}', value)
        end as value_in_words,
        case
            when unit = 'percent' then value - previous_value
            when previous_value != 0 then 100 * (value - previous_value) / previous_value
        end as change
    from metrics

)

select
    * exclude (value_in_words, change),
    case
        when suppression = 'small_number' then 'suppressed (fewer than 8)'
        when suppression = 'complementary' then 'suppressed (would reveal fewer than 8)'
        when value is null then 'none recorded'
        else value_in_words
    end as value_shown,
    case
        when is_suppressed then 'suppressed'
        else format('{:,.0f}', numerator)
    end as numerator_shown,
    change as change_on_previous,
    case
        when previous_period_label is null then 'no earlier period'
        when value is null or previous_value is null
            then 'cannot be compared (a figure is suppressed or missing)'
        when unit = 'percent' and abs(change) < 0.05 then 'stayed the same'
        when unit = 'percent'
            then format(
                '{} {:.1f} percentage points', if(change > 0, 'rose', 'fell'), abs(change)
            )
        when previous_value = 0 then if(value > 0, 'rose from zero', 'stayed at zero')
        when abs(change) < 0.5 then 'stayed about the same'
        else format('{} {:.0f}%', if(change > 0, 'rose', 'fell'), abs(change))
    end as change_shown,
    case
        when benchmark_value is null then null
        when value is null then 'cannot be compared (the figure is suppressed)'
        when abs(value - benchmark_value) <= 0.01 * abs(benchmark_value) then 'in line with'
        when value > benchmark_value then 'above'
        else 'below'
    end as benchmark_shown
from worded
