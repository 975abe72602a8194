{#- Board metrics #1 (DA incidents and crimes), #2 (incident rate per 1,000 residents, and recorded against
    the prevalence the CSEW would predict from each ward's age structure), #3 (police repeat victims) and #13
    (perpetrator-to-victim linkage in police data), from fct_police_incidents. -#}
{%- set periods = [('financial_year', 'financial_year'), ('month', 'incident_month')] -%}
{%- set breakdowns = [('all', "'all'"), ('ward', 'ward_code'), ('offence_group', 'offence_group')] -%}
with

incidents as (

    {{ within_submitted_periods('fct_police_incidents', 'incident_date') }}

),

counted as (

    select * from incidents
    where counts_as_incident

),

ward_population as (

    select
        ward_code,
        cast(all_usual_residents as double) as residents
    from {{ ref('coventry_census2021_ethnic_group_5cat_ward') }}
    where ward_code like 'E05%'

),

incident_counts as (

    {% for period_type, period_column in periods %}
        {% for breakdown, breakdown_column in breakdowns %}
            select
                '{{ period_type }}' as period_type,
                {{ period_column }} as period_label,
                '{{ breakdown }}' as breakdown,
                {{ breakdown_column }} as breakdown_value,
                count(*) as incidents,
                count(*) filter (where is_crime) as crimes,
                count(*) filter (where has_suspect) as incidents_with_suspect
            from counted
            group by all
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

with_history as (

    select
        current_period.*,
        avg(previous_period.incidents) as previous_three_year_average,
        count(previous_period.incidents) as previous_years_found
    from incident_counts as current_period
    left join incident_counts as previous_period
        on
            current_period.period_type = previous_period.period_type
            and current_period.breakdown = previous_period.breakdown
            and current_period.breakdown_value = previous_period.breakdown_value
            and cast(left(previous_period.period_label, 4) as integer)
            between cast(left(current_period.period_label, 4) as integer) - 3
            and cast(left(current_period.period_label, 4) as integer) - 1
            -- months compare with the same calendar month; financial years with whole years
            and (
                current_period.period_type = 'financial_year'
                or substr(previous_period.period_label, 5) = substr(current_period.period_label, 5)
            )
    group by all

),

incidents_metric as (

    select
        1 as metric_id,
        'm01_incidents' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(incidents as double) as numerator,
        cast(null as double) as denominator,
        cast(incidents as double) as metric_value,
        'count' as unit,
        'Police DA-flagged incidents and crimes (excluding Clare''s Law and MARAC-referral non-crimes)'
            as population_base,
        case when previous_years_found = 3 then previous_three_year_average end as computed_benchmark_value,
        case
            when previous_years_found = 3 then 'Previous three-year average for the same months'
        end as computed_benchmark_name,
        cast(null as double) as completeness
    from with_history

),

change_metric as (

    select
        1 as metric_id,
        'm01_incidents_change_vs_3yr_average' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(incidents as double) as numerator,
        previous_three_year_average as denominator,
        100.0 * (incidents - previous_three_year_average) / previous_three_year_average as metric_value,
        'percent' as unit,
        'Average count for the same months in the previous three years' as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        cast(null as double) as completeness
    from with_history
    where previous_years_found = 3

),

crime_share_metric as (

    select
        1 as metric_id,
        'm01_crime_share' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(crimes as double) as numerator,
        cast(incidents as double) as denominator,
        100.0 * crimes / incidents as metric_value,
        'percent' as unit,
        'Counted police DA incidents' as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        cast(null as double) as completeness
    from incident_counts
    where breakdown <> 'offence_group'

),

csew_rate_by_band as (

    {#- Expected victims a year = sum over age bands of the ward's residents in the band x the CSEW
        prevalence for the band (all adults 16-74; the CSEW publishes no ward or sex-by-ward rates). CSEW
        bands are spread over the standard bands by years of overlap (18-24 takes 2/7 of 16-19 and 5/7 of
        20-24; 55-64 half of 55-59 and half of 60-74). -#}
    select
        standard.age_band,
        sum(standard.years_share * csew.prevalence_pct) / 100.0 as prevalence
    from (
        values
        ('16_17', '16-19', 1.0), ('18_24', '16-19', 2.0 / 7), ('18_24', '20-24', 5.0 / 7),
        ('25_34', '25-34', 1.0), ('35_44', '35-44', 1.0), ('45_54', '45-54', 1.0),
        ('55_64', '55-59', 0.5), ('55_64', '60-74', 0.5), ('65_74', '60-74', 1.0)
    ) as standard (age_band, csew_band, years_share)
    inner join {{ ref('csew_prevalence_by_age_sex') }} as csew
        on standard.csew_band = csew.age_band and csew.sex = 'all'
    group by standard.age_band

),

ward_age_shares as (

    {#- The mid-2020 estimate's age structure only: its totals are inflated against Census 2021. -#}
    {% for band in ['16_17', '18_24', '25_34', '35_44', '45_54', '55_64', '65_74'] %}
        select
            ward_code,
            '{{ band }}' as age_band,
            cast("{{ band }}" as double) / total_persons as band_share
        from {{ ref('coventry_population_mid2020_sape_ward_ageband') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

ward_expected_victims as (

    {#- Rounded to a thousandth of a person: a modelled count needs no more, and a floating-point sum's last
        digits depend on the order DuckDB's threads add it up, which would make runs differ. -#}
    select
        ward_age_shares.ward_code,
        round(sum(ward_population.residents * ward_age_shares.band_share * csew_rate_by_band.prevalence), 3)
            as expected_victims
    from ward_age_shares
    inner join csew_rate_by_band
        on ward_age_shares.age_band = csew_rate_by_band.age_band
    inner join ward_population
        on ward_age_shares.ward_code = ward_population.ward_code
    group by ward_age_shares.ward_code

),

ward_denominators as (

    select
        ward_population.ward_code as area,
        ward_population.residents,
        ward_expected_victims.expected_victims
    from ward_population
    left join ward_expected_victims
        on ward_population.ward_code = ward_expected_victims.ward_code

),

area_denominators as (

    {#- Each ward's and the city's ('all') residents and expected victims: the rate's and the
        expectation's denominators. -#}
    select * from ward_denominators
    union all
    select
        'all' as area,
        sum(residents) as residents,
        round(sum(expected_victims), 3) as expected_victims
    from ward_denominators

),

rate_metric as (

    select
        2 as metric_id,
        'm02_incident_rate_per_1000' as measure,
        incident_counts.period_type,
        incident_counts.period_label,
        incident_counts.breakdown,
        incident_counts.breakdown_value,
        cast(incident_counts.incidents as double) as numerator,
        area_denominators.residents as denominator,
        1000.0 * incident_counts.incidents / area_denominators.residents as metric_value,
        'per_1000' as unit,
        'Usual residents, Census 2021 (TS021 ward sums; city total 345,318)' as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        cast(null as double) as completeness
    from incident_counts
    inner join area_denominators
        on incident_counts.breakdown_value = area_denominators.area
    where incident_counts.period_type = 'financial_year' and incident_counts.breakdown in ('all', 'ward')

),

expected_metric as (

    select
        2 as metric_id,
        'm02_recorded_vs_expected' as measure,
        incident_counts.period_type,
        incident_counts.period_label,
        incident_counts.breakdown,
        incident_counts.breakdown_value,
        cast(incident_counts.incidents as double) as numerator,
        area_denominators.expected_victims as denominator,
        incident_counts.incidents / area_denominators.expected_victims as metric_value,
        'ratio' as unit,
        'Victims a year expected from CSEW prevalence by age (16-74) and the ward age structure'
            as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        cast(null as double) as completeness
    from incident_counts
    inner join area_denominators
        on incident_counts.breakdown_value = area_denominators.area
    where incident_counts.period_type = 'financial_year' and incident_counts.breakdown in ('all', 'ward')

),

linkage_metric as (

    select
        13 as metric_id,
        'm13_police_suspect_linkage' as measure,
        period_type,
        period_label,
        breakdown,
        breakdown_value,
        cast(incidents_with_suspect as double) as numerator,
        cast(incidents as double) as denominator,
        100.0 * incidents_with_suspect / incidents as metric_value,
        'percent' as unit,
        'Counted police DA incidents' as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        cast(null as double) as completeness
    from incident_counts
    where period_type = 'financial_year' and breakdown = 'all'

),

victim_years as (

    select
        financial_year,
        victim_person_id,
        count(*) as incidents
    from counted
    where victim_person_id is not null
    group by all

),

key_completeness as (

    select
        financial_year,
        avg(case when victim_person_id is not null then 1.0 else 0.0 end) as completeness
    from counted
    group by all

),

repeat_metric as (

    select
        3 as metric_id,
        'm03_police_repeat_victims' as measure,
        'financial_year' as period_type,
        victim_years.financial_year as period_label,
        'all' as breakdown,
        'all' as breakdown_value,
        cast(count(*) filter (where victim_years.incidents >= 2) as double) as numerator,
        cast(count(*) as double) as denominator,
        100.0 * count(*) filter (where victim_years.incidents >= 2) / count(*) as metric_value,
        'percent' as unit,
        'Distinct victims with a counted incident in the financial year (linked person id)'
            as population_base,
        cast(null as double) as computed_benchmark_value,
        cast(null as varchar) as computed_benchmark_name,
        any_value(key_completeness.completeness) as completeness
    from victim_years
    inner join key_completeness
        on victim_years.financial_year = key_completeness.financial_year
    group by all

)

select * from incidents_metric
union all
select * from change_metric
union all
select * from crime_share_metric
union all
select * from rate_metric
union all
select * from expected_metric
union all
select * from linkage_metric
union all
select * from repeat_metric
