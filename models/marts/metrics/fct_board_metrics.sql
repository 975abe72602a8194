{#- The board metrics as one tidy long table: one row per measure, period, breakdown and breakdown value,
    with numerator, denominator, value, unit, population base, benchmark and completeness. Unions the
    metric family models; period dates are derived from the period label.
    Each figure also says whether the returns it rests on are whole (data_status): a period for which an agency
    the measure depends on (the agencies whose submissions feed the measure's fact, metric_definitions.source_facts)
    sent no return,
    a partial one, one late beyond the timeliness threshold, or one later replaced, is marked, with a note naming
    the agency, the period and why, so a chart never shows an incomplete month as a real change. -#}
{%- set facts = [
    'fct_police_incidents', 'fct_marac_cases', 'fct_refuge_referrals', 'fct_homelessness_cases',
    'fct_childrens_episodes', 'fct_gp_referrals', 'fct_programme_referrals',
] -%}
{%- set families = [
    'fct_metric_police_incidents', 'fct_metric_marac', 'fct_metric_reach', 'fct_metric_safe_accommodation',
    'fct_metric_homelessness', 'fct_metric_children', 'fct_metric_health', 'fct_metric_programme',
    'fct_metric_journeys',
] -%}
with

unioned as (

    {% for family in families %}
        select
            metric_id,
            measure,
            period_type,
            period_label,
            breakdown,
            breakdown_value,
            numerator,
            denominator,
            metric_value,
            unit,
            population_base,
            {% if family in ('fct_metric_police_incidents', 'fct_metric_reach') %}
                computed_benchmark_value,
                computed_benchmark_name,
            {% else %}
                cast(null as double) as computed_benchmark_value,
                cast(null as varchar) as computed_benchmark_name,
            {% endif %}
            completeness,
            '{{ family }}' as source_model
        from {{ ref(family) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

metrics as (

    select * from {{ ref('dim_metric') }}

),

data_window as (

    select
        min(period_start) as window_start,
        max(period_end) as window_end
    from {{ ref('stg_ledger__submissions') }}
    where is_current

),

dated as (

    select
        *,
        case period_type
            when 'financial_year' then make_date(cast(left(period_label, 4) as integer), 4, 1)
            when 'marac_year' then make_date(cast(left(period_label, 4) as integer), 7, 1)
            when 'calendar_year' then make_date(cast(left(period_label, 4) as integer), 1, 1)
            when 'month' then cast(period_label || '-01' as date)
            when 'quarter' then cast(
                make_date(cast(left(period_label, 4) as integer), 4, 1)
                + to_months(3 * (cast(right(period_label, 1) as integer) - 1)) as date
            )
        end as period_start
    from unioned

),

bounded as (

    select
        *,
        cast(
            period_start
            + case period_type
                when 'month' then interval 1 month
                when 'quarter' then interval 3 month
                else interval 12 month
            end
            - interval 1 day as date
        ) as period_end
    from dated

),

agencies as (

    select * from {{ ref('stg_ledger__agencies') }}

),

submission_periods as (

    select * from {{ ref('fct_dq_submission_periods') }}

),

late_threshold as (

    -- days late at which timeliness turns red
    select amber_below as red_days_late
    from {{ ref('dq_thresholds') }}
    where rule = 'timeliness_days_late' and field = 'all'

),

fact_agencies as (

    -- which agencies' submissions each agency fact is built from
    {% for fact in facts %}
        select distinct
            '{{ fact }}' as fact,
            fact_submissions.agency
        from {{ ref(fact) }} as fact_rows
        inner join {{ ref('stg_ledger__submissions') }} as fact_submissions
            on fact_rows.submission_id = fact_submissions.submission_id
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

figure_sources as (

    -- the agencies each figure rests on: those whose submissions feed the measure's fact, or, for a measure
    -- broken down by agency, the agency in the breakdown
    select
        bounded.measure,
        bounded.period_type,
        bounded.period_label,
        bounded.breakdown,
        bounded.breakdown_value,
        bounded.period_start,
        bounded.period_end,
        agencies.agency,
        agencies.agency_label
    from bounded
    inner join metrics
        on bounded.measure = metrics.measure
    left join fact_agencies
        on metrics.source_facts = fact_agencies.fact
    inner join agencies
        on
            fact_agencies.agency = agencies.agency
            or (
                metrics.source_facts = 'agency_in_breakdown'
                and split_part(bounded.breakdown_value, '|', 1) = agencies.agency
            )

),

figure_problems as (

    select
        figure_sources.measure,
        figure_sources.period_type,
        figure_sources.period_label,
        figure_sources.breakdown,
        figure_sources.breakdown_value,
        case
            when submission_periods.timeliness_status = 'missing' then 1
            when submission_periods.volume_status = 'partial' then 2
            when submission_periods.days_late >= (select late_threshold.red_days_late from late_threshold) then 3
            when submission_periods.superseded_files > 0 then 4
        end as problem_rank,
        submission_periods.period_start,
        figure_sources.agency_label || ' ' || case
            when submission_periods.cadence = 'monthly' then strftime(submission_periods.period_start, '%b %Y')
            else concat(
                strftime(submission_periods.period_start, '%b'),
                ' to ',
                strftime(submission_periods.period_end, '%b %Y')
            )
        end || ': ' || case
            when submission_periods.timeliness_status = 'missing' then 'no return received'
            when submission_periods.volume_status = 'partial' then 'return well below its usual volume (partial)'
            when submission_periods.days_late >= (select late_threshold.red_days_late from late_threshold)
                then 'return ' || submission_periods.days_late || ' days late'
            else 'return replaced by a resubmission'
        end as problem
    from figure_sources
    inner join submission_periods
        on
            figure_sources.agency = submission_periods.agency
            and figure_sources.period_end >= submission_periods.period_start
            and figure_sources.period_start <= submission_periods.period_end
    where
        submission_periods.timeliness_status = 'missing'
        or submission_periods.volume_status = 'partial'
        or submission_periods.days_late >= (select late_threshold.red_days_late from late_threshold)
        or submission_periods.superseded_files > 0

),

data_statuses as (

    select
        measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        case min(problem_rank)
            when 1 then 'missing'
            when 2 then 'partial'
            when 3 then 'late'
            else 'revised'
        end as data_status,
        string_agg(problem, '; ' order by period_start, problem) as data_status_note
    from figure_problems
    group by measure, period_type, period_label, breakdown, breakdown_value

)

select
    bounded.metric_id,
    bounded.measure,
    bounded.period_type,
    bounded.period_label,
    bounded.period_start,
    bounded.period_end,
    bounded.period_start >= data_window.window_start and bounded.period_end <= data_window.window_end
        as period_is_complete,
    bounded.breakdown,
    bounded.breakdown_value,
    bounded.numerator,
    bounded.denominator,
    bounded.metric_value as value,  -- noqa: RF04
    bounded.unit,
    bounded.population_base,
    coalesce(bounded.computed_benchmark_value, metrics.benchmark_value) as benchmark_value,
    case
        when bounded.computed_benchmark_value is not null then bounded.computed_benchmark_name
        when metrics.benchmark_value is not null then metrics.benchmark_name
    end as benchmark_name,
    bounded.completeness,
    coalesce(data_statuses.data_status, 'complete') as data_status,
    data_statuses.data_status_note,
    bounded.source_model
from bounded
left join metrics
    on bounded.measure = metrics.measure
cross join data_window
left join data_statuses
    on
        bounded.measure = data_statuses.measure
        and bounded.period_type = data_statuses.period_type
        and bounded.period_label = data_statuses.period_label
        and bounded.breakdown = data_statuses.breakdown
        and bounded.breakdown_value = data_statuses.breakdown_value
