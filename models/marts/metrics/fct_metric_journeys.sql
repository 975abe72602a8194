{#- Board metric #14 (cross-agency journeys), by financial year of the MARAC meeting / children's episode.
    The journeys themselves are person linkage's (models/marts/journeys): of MARAC victims, % with a police
    incident as victim in the 12 months before the meeting, % with an IDVA case and % with a refuge or
    homelessness contact within 12 months either side (fct_marac_victim_journeys); of children's episodes
    with domestic abuse factors, % whose linked parent was a MARAC victim at or before the episode start
    (int_family_links, dim_person). -#}
{%- set marac_measures = [
    ('m14_marac_victims_prior_police_incident', 'had_police_incident_prior_12_months'),
    ('m14_marac_victims_idva_supported', 'supported_by_idva'),
    ('m14_marac_victims_refuge_or_housing', 'had_refuge_or_housing_contact'),
] -%}
with

marac_journeys as (

    select
        marac.financial_year,
        journeys.had_police_incident_prior_12_months,
        journeys.supported_by_idva,
        journeys.had_refuge_or_housing_contact
    from {{ ref('fct_marac_victim_journeys') }} as journeys
    inner join {{ ref('fct_marac_cases') }} as marac
        on journeys.contact_id = marac.victim_contact_id

),

episodes as (

    select * from {{ ref('fct_childrens_episodes') }}
    where has_da_factor

),

episode_journeys as (

    select
        episodes.episode_id,
        episodes.financial_year,
        coalesce(bool_or(parents.first_marac_victim_date <= episodes.episode_start), false) as parent_known_to_marac,
        count(family_links.parent_person_id) > 0 as has_linked_parent
    from episodes
    left join {{ ref('int_family_links') }} as family_links
        on episodes.child_contact_id = family_links.contact_id
    left join {{ ref('dim_person') }} as parents
        on family_links.parent_person_id = parents.person_id
    group by episodes.episode_id, episodes.financial_year

),

metrics as (

    {% for measure, flag in marac_measures %}
        select
            '{{ measure }}' as measure,
            financial_year,
            count(*) filter (where {{ flag }}) as numerator,
            count(*) as denominator,
            'MARAC cases discussed (victims)' as population_base,
            cast(null as double) as completeness
        from marac_journeys
        group by all
        union all
    {% endfor %}
    select
        'm14_childrens_parent_known_to_marac' as measure,
        financial_year,
        count(*) filter (where parent_known_to_marac) as numerator,
        count(*) as denominator,
        'Children''s episodes with domestic abuse factors' as population_base,
        avg(case when has_linked_parent then 1.0 else 0.0 end) as completeness
    from episode_journeys
    group by all

)

select
    14 as metric_id,
    measure,
    'financial_year' as period_type,
    financial_year as period_label,
    'all' as breakdown,
    'all' as breakdown_value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    100.0 * numerator / denominator as metric_value,
    'percent' as unit,
    population_base,
    completeness
from metrics
