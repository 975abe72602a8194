{#- Board metric #10 (homelessness with domestic abuse) from fct_homelessness_cases, by financial year
    and financial quarter, overall and by duty type. No household denominator is held in the seeds, so
    the rate per 1,000 households is not computed (see dim_metric caveats). -#}
{%- set periods = [('financial_year', 'financial_year'), ('quarter', 'financial_quarter')] -%}
{%- set breakdowns = [('all', "'all'"), ('duty_type', "coalesce(duty_owed, 'none')")] -%}
{%- set measures = [
    ('m10_households_owed_duty_da', 'is_duty_owed and (is_reason_domestic_abuse or is_support_need_domestic_abuse)', 'Households owed a homelessness duty where domestic abuse is the reason or a support need'),
    ('m10_ta_placements_da', 'is_ta_placement', 'Homelessness approaches with domestic abuse placed in temporary accommodation'),
    ('m10_bed_and_breakfast_da', 'is_bed_and_breakfast', 'Homelessness approaches with domestic abuse placed in bed and breakfast (should be zero)'),
] -%}
with

cases as (

    {{ within_submitted_periods('fct_homelessness_cases', 'approach_date') }}

),

metrics as (

    {% for measure, condition, base in measures %}
        {% set outer_loop = loop %}
        {% for period_type, period_column in periods %}
            {% set period_loop = loop %}
            {% for breakdown, breakdown_column in breakdowns %}
                select
                    10 as metric_id,
                    '{{ measure }}' as measure,
                    '{{ period_type }}' as period_type,
                    {{ period_column }} as period_label,
                    '{{ breakdown }}' as breakdown,
                    {{ breakdown_column }} as breakdown_value,
                    cast(count(*) filter (where {{ condition }}) as double) as numerator,
                    cast(null as double) as denominator,
                    cast(count(*) filter (where {{ condition }}) as double) as metric_value,
                    'count' as unit,
                    '{{ base }}' as population_base,
                    cast(null as double) as completeness
                from cases
                group by all
                {% if not (outer_loop.last and period_loop.last and loop.last) %}union all{% endif %}
            {% endfor %}
        {% endfor %}
    {% endfor %}

)

select * from metrics
