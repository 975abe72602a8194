{#- Board metric #8 (reach by cohort): for each agency and financial year, the % of its clients in each
    cohort, with "not recorded" as its own state, against the Census 2021 population share where the
    seeds hold one. Clients are the contacts whose role is one of the agency's client_roles in the registry
    (victims and children unless it says otherwise: every patient a GP service refers, people who harm for a
    programme for them), so a new agency is counted with no change here. -#}
{%- set cohorts = [
    ('minoritised', "case when ethnicity_is_known then case when is_minoritised then 'yes' else 'no' end end"),
    ('disabled', "case disability_status when 'disabled' then 'yes' when 'not_disabled' then 'no' end"),
    ('mental_health_need', "case mental_health_status when 'identified' then 'yes' when 'not_identified' then 'no' end"),
    ('male', "case when sex = 'male' then 'yes' when sex in ('female', 'other') then 'no' end"),
    ('lgbt', "case when lgbt_status = 'recorded' then case when is_lgbt then 'yes' else 'no' end end"),
    ('aged_16_17', "case when age_band = '16-17' then 'yes' when age_band <> 'not_known' then 'no' end"),
    ('aged_55_plus', "case when age_band in ('55-64', '65-74', '75+') then 'yes' when age_band <> 'not_known' then 'no' end"),
] -%}
with

contacts as (

    select standardised.*
    from {{ ref('int_agency_contacts_standardised') }} as standardised
    inner join {{ ref('stg_ledger__agencies') }} as agencies
        on
            standardised.agency = agencies.agency
            and list_contains(agencies.client_roles, standardised.role)

),

window_bounds as (

    select
        agency,
        min(period_start) as window_start,
        max(period_end) as window_end
    from {{ ref('stg_ledger__submissions') }}
    where is_current
    group by all

),

clients as (

    select
        contacts.*,
        {{ financial_year_label('contacts.event_date') }} as financial_year
    from contacts
    inner join window_bounds
        on
            contacts.agency = window_bounds.agency
            and contacts.event_date between window_bounds.window_start and window_bounds.window_end

),

cohort_states as (

    {% for cohort, expression in cohorts %}
        select
            agency,
            financial_year,
            '{{ cohort }}' as cohort,
            coalesce({{ expression }}, 'not_recorded') as cohort_state
        from clients
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

population_shares as (

    select
        'minoritised' as cohort,
        100.0 * sum(asian + black + mixed + other) / sum(all_usual_residents) as population_pct,
        'Census 2021 share of usual residents not White (TS021)' as population_source
    from {{ ref('coventry_census2021_ethnic_group_5cat_ward') }}
    where ward_code like 'E05%'
    union all
    select
        'disabled' as cohort,
        100.0 * sum(disabled_equality_act) / sum(all_usual_residents) as population_pct,
        'Census 2021 share of usual residents disabled under the Equality Act (TS038)' as population_source
    from {{ ref('coventry_census2021_disability_ward') }}
    where ward_code like 'E05%'
    union all
    select
        'aged_16_17' as cohort,
        100.0 * sum("16_17") / sum(total_persons) as population_pct,
        'Mid-2020 SAPE share of residents aged 16-17 (age structure only)' as population_source
    from {{ ref('coventry_population_mid2020_sape_ward_ageband') }}
    where ward_code like 'E05%'
    union all
    select
        'aged_55_plus' as cohort,
        100.0 * sum("55_64" + "65_74" + "75_plus") / sum(total_persons) as population_pct,
        'Mid-2020 SAPE share of residents aged 55+ (age structure only)' as population_source
    from {{ ref('coventry_population_mid2020_sape_ward_ageband') }}
    where ward_code like 'E05%'

),

counted as (

    select
        agency,
        financial_year,
        cohort,
        cohort_state,
        count(*) as clients,
        sum(count(*)) over (partition by agency, financial_year, cohort) as all_clients,
        sum(count(*) filter (where cohort_state <> 'not_recorded'))
            over (partition by agency, financial_year, cohort) as recorded_clients
    from cohort_states
    group by agency, financial_year, cohort, cohort_state

)

select
    8 as metric_id,
    'm08_reach_by_cohort' as measure,
    'financial_year' as period_type,
    counted.financial_year as period_label,
    'agency_cohort' as breakdown,
    counted.agency || '|' || counted.cohort || '|' || counted.cohort_state as breakdown_value,
    cast(counted.clients as double) as numerator,
    cast(counted.all_clients as double) as denominator,
    100.0 * counted.clients / counted.all_clients as metric_value,
    'percent' as unit,
    'All clients of the agency in the year (the roles the registry counts as its clients)' as population_base,
    case when counted.cohort_state = 'yes' then population_shares.population_pct end as computed_benchmark_value,
    case when counted.cohort_state = 'yes' then population_shares.population_source end
        as computed_benchmark_name,
    1.0 * counted.recorded_clients / counted.all_clients as completeness
from counted
left join population_shares
    on counted.cohort = population_shares.cohort
