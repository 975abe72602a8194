{#- Board metric #13 (people who harm) from fct_programme_referrals, by financial year: referrals,
    % fully assessed and completions. Police suspect linkage is in fct_metric_police_incidents. -#}
{%- set programme_measures = [
    ('m13_programme_referrals', 'referrals', 'null', 'referrals', 'count', 'Referrals to the perpetrator programme'),
    ('m13_programme_fully_assessed', 'fully_assessed', 'referrals', '100.0 * fully_assessed / referrals', 'percent', 'Referrals to the perpetrator programme'),
    ('m13_programme_completions', 'completions', 'exits', 'completions', 'count', 'Referrals in the year that completed the programme (denominator: referrals in the year that have exited)'),
] -%}
with

referrals as (

    {{ within_submitted_periods('fct_programme_referrals', 'referral_date') }}

),

totals as (

    select
        financial_year,
        count(*) as referrals,
        count(*) filter (where is_fully_assessed) as fully_assessed,
        count(*) filter (where is_completed) as completions,
        count(*) filter (where exit_date is not null) as exits
    from referrals
    group by all

),

metrics as (

    {% for measure, numerator, denominator, value, unit, base in programme_measures %}
        select
            '{{ measure }}' as measure,
            financial_year as period_label,
            cast({{ numerator }} as double) as numerator,
            cast({{ denominator }} as double) as denominator,
            cast({{ value }} as double) as metric_value,
            '{{ unit }}' as unit,
            '{{ base }}' as population_base
        from totals
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    13 as metric_id,
    measure,
    'financial_year' as period_type,
    period_label,
    'all' as breakdown,
    'all' as breakdown_value,
    numerator,
    denominator,
    metric_value,
    unit,
    population_base,
    cast(null as double) as completeness
from metrics
