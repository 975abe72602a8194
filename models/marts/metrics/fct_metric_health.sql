{#- Board metric #12 (health identification): IRIS referrals from GP practices by financial quarter and
    financial year, overall, by GP practice postcode district and by patient postcode district. -#}
{%- set periods = [('financial_year', 'financial_year'), ('quarter', 'financial_quarter')] -%}
{%- set breakdowns = [('all', "'all'"), ('gp_district', 'gp_postcode_district'), ('patient_district', 'patient_district')] -%}
with

referrals as (

    {{ within_submitted_periods('fct_gp_referrals', 'referral_date') }}

),

metrics as (

    {% for period_type, period_column in periods %}
        {% set period_loop = loop %}
        {% for breakdown, breakdown_column in breakdowns %}
            select
                12 as metric_id,
                'm12_iris_referrals' as measure,
                '{{ period_type }}' as period_type,
                {{ period_column }} as period_label,
                '{{ breakdown }}' as breakdown,
                {{ breakdown_column }} as breakdown_value,
                cast(count(*) as double) as numerator,
                cast(null as double) as denominator,
                cast(count(*) as double) as metric_value,
                'count' as unit,
                'IRIS referrals from Coventry GP practices' as population_base,
                {% if breakdown == 'patient_district' %}
                    cast(null as double)
                {% else %}
                    avg(case when patient_district <> 'not_known' then 1.0 else 0.0 end)
                {% endif %} as completeness
            from referrals
            group by all
            {% if not (period_loop.last and loop.last) %}union all{% endif %}
        {% endfor %}
    {% endfor %}

)

select * from metrics
