{#- The board metrics as one tidy long table: one row per measure, period, breakdown and breakdown value,
    with numerator, denominator, value, unit, population base, benchmark and completeness. Unions the
    metric family models; period dates are derived from the period label. -#}
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
    bounded.source_model
from bounded
left join metrics
    on bounded.measure = metrics.measure
cross join data_window
