{#- Board metric #11 (children) from fct_childrens_episodes, by financial year: episodes with domestic
    abuse factors (3A/3B/3C), assessment conversion, and the rate per 10,000 children aged 0-17 by ward.
    Children per MARAC case is in fct_metric_marac. -#}
{%- set breakdowns = [('all', "'all'"), ('ward', 'ward_code'), ('referring_agency', "coalesce(referring_agency, 'Not recorded')")] -%}
with

episodes as (

    {{ within_submitted_periods('fct_childrens_episodes', 'episode_start') }}

),

ward_census as (

    select
        ward_code,
        cast(all_usual_residents as double) as residents
    from {{ ref('coventry_census2021_ethnic_group_5cat_ward') }}
    where ward_code like 'E05%'

),

ward_age_share as (

    -- Mid-2020 SAPE is used only for each ward's share of residents aged 0-17 (its totals overstate
    -- Coventry), applied to the Census 2021 ward population.
    select
        ward_code,
        1.0 * ("0_15" + "16_17") / total_persons as share_0_17
    from {{ ref('coventry_population_mid2020_sape_ward_ageband') }}
    where ward_code like 'E05%'

),

children_population as (

    select
        ward_census.ward_code,
        ward_census.residents * ward_age_share.share_0_17 as children_0_17
    from ward_census
    inner join ward_age_share
        on ward_census.ward_code = ward_age_share.ward_code

),

city_children as (

    select sum(children_0_17) as children_0_17
    from children_population

),

counts as (

    {% for breakdown, breakdown_column in breakdowns %}
        select
            'financial_year' as period_type,
            financial_year as period_label,
            '{{ breakdown }}' as breakdown,
            {{ breakdown_column }} as breakdown_value,
            count(*) as episodes,
            count(*) filter (where has_da_factor) as episodes_with_da_factor,
            count(*) filter (where is_assessment_completed) as assessments_completed
        from episodes
        group by all
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

episode_metric as (

    select
        11 as metric_id,
        'm11_childrens_episodes_da_factors' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(episodes_with_da_factor as double) as numerator,
        cast(null as double) as denominator,
        cast(episodes_with_da_factor as double) as metric_value,
        'count' as unit,
        'Children''s services episodes with a domestic abuse factor (3A, 3B or 3C)' as population_base,
        cast(null as double) as completeness
    from counts

),

conversion_metric as (

    select
        11 as metric_id,
        'm11_childrens_assessment_conversion' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(assessments_completed as double) as numerator,
        cast(episodes as double) as denominator,
        100.0 * assessments_completed / episodes as metric_value,
        'percent' as unit,
        'Children''s services episodes (domestic abuse referrals)' as population_base,
        cast(null as double) as completeness
    from counts

),

rate_metric as (

    select
        11 as metric_id,
        'm11_childrens_da_rate_per_10000_0_17' as measure,
        counts.period_type,
        counts.period_label,
        counts.breakdown,
        counts.breakdown_value,
        cast(counts.episodes_with_da_factor as double) as numerator,
        coalesce(children_population.children_0_17, city_children.children_0_17) as denominator,
        10000.0
        * counts.episodes_with_da_factor
        / coalesce(children_population.children_0_17, city_children.children_0_17)
            as metric_value,
        'per_10000' as unit,
        'Residents aged 0-17: Census 2021 ward population x mid-2020 SAPE share aged 0-17' as population_base,
        cast(null as double) as completeness
    from counts
    left join children_population
        on counts.breakdown = 'ward' and counts.breakdown_value = children_population.ward_code
    cross join city_children
    where counts.breakdown = 'all' or children_population.ward_code is not null

)

select * from episode_metric
union all
select * from conversion_metric
union all
select * from rate_metric
