{#- Board metrics from fct_marac_cases: #3 (MARAC repeat rate), #4 (cases per 10,000 adult females),
    #5 (diversity and proportionality), #6 (referral routes), #7 (IDVA FTE required) and #11 (children
    per MARAC case), by MARAC year (July to June) and financial year. -#}
{%- set periods = ['marac_year', 'financial_year'] -%}
{%- set flags = [
    ('m05_marac_minoritised', 'is_bame_victim_or_perpetrator', 'victim or perpetrator Black, Asian or minoritised (as SafeLives records it)'),
    ('m05_marac_lgbt', 'is_victim_lgbt', 'victim LGBT+'),
    ('m05_marac_disabled', 'is_victim_disabled', 'victim disabled'),
    ('m05_marac_male', 'is_victim_male', 'victim male'),
    ('m05_marac_aged_16_17', 'is_victim_aged_16_17', 'victim aged 16-17'),
] -%}
with

cases as (

    {{ within_submitted_periods('fct_marac_cases', 'meeting_date') }}

),

adult_females as (

    -- SafeLives' denominator: females aged 16+. ONS mid-2022 estimate (141,685) for every year, as the
    -- 2023-2025 rows of the seed are projections and 2021 has no 16+ split.
    select cast(females_16_plus as double) as females_16_plus
    from {{ ref('coventry_female_16plus_denominators') }}
    where year = 2022

),

census_minoritised as (

    -- Census 2021 share of usual residents not in the White broad group (TS021, ward sums).
    select 100.0 * sum(asian + black + mixed + other) / sum(all_usual_residents) as minoritised_pct
    from {{ ref('coventry_census2021_ethnic_group_5cat_ward') }}
    where ward_code like 'E05%'

),

by_period as (

    {% for period in periods %}
        select
            '{{ period }}' as period_type,
            {{ period }} as period_label,
            *
        from cases
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

totals as (

    select
        period_type,
        period_label,
        count(*) as cases,
        count(*) filter (where is_repeat) as repeat_cases,
        count(*) filter (where is_partner_agency) as partner_referrals,
        count(is_partner_agency) as referrals_source_known,
        sum(children_count) as children,
        count(children_count) as cases_children_known
    from by_period
    group by all

),

repeat_metric as (

    select
        3 as metric_id,
        'm03_marac_repeat_rate' as measure,
        period_type,
        period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(repeat_cases as double) as numerator,
        cast(cases as double) as denominator,
        100.0 * repeat_cases / cases as metric_value,
        'percent' as unit,
        'MARAC cases discussed (including repeats)' as population_base,
        cast(null as double) as completeness
    from totals

),

volume_metric as (

    select
        4 as metric_id,
        'm04_marac_cases_per_10000_adult_females' as measure,
        totals.period_type,
        totals.period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(totals.cases as double) as numerator,
        adult_females.females_16_plus as denominator,
        10000.0 * totals.cases / adult_females.females_16_plus as metric_value,
        'per_10000' as unit,
        'Coventry females aged 16+, ONS mid-2022 estimate (141,685)' as population_base,
        cast(null as double) as completeness
    from totals
    cross join adult_females

),

cases_count_metric as (

    select
        4 as metric_id,
        'm04_marac_cases' as measure,
        period_type,
        period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(cases as double) as numerator,
        cast(null as double) as denominator,
        cast(cases as double) as metric_value,
        'count' as unit,
        'MARAC cases discussed (including repeats)' as population_base,
        cast(null as double) as completeness
    from totals

),

diversity_metric as (

    {% for measure, flag, label in flags %}
        select
            5 as metric_id,
            '{{ measure }}' as measure,
            period_type,
            period_label,
            'all' as breakdown,
            'all' as breakdown_value,
            cast(count(*) filter (where {{ flag }}) as double) as numerator,
            cast(count({{ flag }}) as double) as denominator,
            100.0 * count(*) filter (where {{ flag }}) / nullif(count({{ flag }}), 0) as metric_value,
            'percent' as unit,
            'MARAC cases discussed with {{ label }} recorded (known)' as population_base,
            1.0 * count({{ flag }}) / count(*) as completeness
        from by_period
        group by all
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

proportionality_metric as (

    select
        5 as metric_id,
        'm05_marac_minoritised_proportionality' as measure,
        diversity_metric.period_type,
        diversity_metric.period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        diversity_metric.metric_value as numerator,
        census_minoritised.minoritised_pct as denominator,
        diversity_metric.metric_value / census_minoritised.minoritised_pct as metric_value,
        'ratio' as unit,
        'Census 2021 share of Coventry residents not White (34.5%)' as population_base,
        diversity_metric.completeness
    from diversity_metric
    cross join census_minoritised
    where diversity_metric.measure = 'm05_marac_minoritised'

),

partner_metric as (

    select
        6 as metric_id,
        'm06_marac_partner_referrals' as measure,
        period_type,
        period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(partner_referrals as double) as numerator,
        cast(referrals_source_known as double) as denominator,
        100.0 * partner_referrals / nullif(referrals_source_known, 0) as metric_value,
        'percent' as unit,
        'MARAC cases discussed with a known referring agency' as population_base,
        1.0 * referrals_source_known / cases as completeness
    from totals

),

referring_agency_metric as (

    select
        6 as metric_id,
        'm06_marac_referrals_by_agency' as measure,
        by_period.period_type,
        by_period.period_label,
        'referring_agency' as breakdown,
        by_period.referring_agency_group as breakdown_value,
        cast(count(*) as double) as numerator,
        cast(any_value(totals.cases) as double) as denominator,
        100.0 * count(*) / any_value(totals.cases) as metric_value,
        'percent' as unit,
        'MARAC cases discussed' as population_base,
        cast(null as double) as completeness
    from by_period
    inner join totals
        on by_period.period_type = totals.period_type and by_period.period_label = totals.period_label
    group by all

),

idva_capacity_metric as (

    select
        7 as metric_id,
        'm07_idva_fte_required' as measure,
        period_type,
        period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(cases as double) as numerator,
        100.0 as denominator,
        cases / 100.0 as metric_value,
        'fte' as unit,
        'MARAC cases discussed; SafeLives 100 high-risk cases per FTE IDVA' as population_base,
        cast(null as double) as completeness
    from totals

),

children_metric as (

    select
        11 as metric_id,
        'm11_children_per_marac_case' as measure,
        period_type,
        period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(children as double) as numerator,
        cast(cases_children_known as double) as denominator,
        1.0 * children / nullif(cases_children_known, 0) as metric_value,
        'ratio' as unit,
        'MARAC cases discussed with the number of children recorded' as population_base,
        1.0 * cases_children_known / cases as completeness
    from totals

)

select * from repeat_metric
union all
select * from volume_metric
union all
select * from cases_count_metric
union all
select * from diversity_metric
union all
select * from proportionality_metric
union all
select * from partner_metric
union all
select * from referring_agency_metric
union all
select * from idva_capacity_metric
union all
select * from children_metric
