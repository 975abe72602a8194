{#- Board metric #14 (cross-agency journeys), by financial year of the MARAC meeting / children's episode,
    using linked person ids (int_person_ids_assigned, through the facts): of MARAC victims, % with a police
    incident in the 12 months before the meeting, % with an IDVA case (referred in the 12 months before
    to 3 months after the meeting), % with a refuge or homelessness contact (12 months either side); of
    children's episodes with domestic abuse factors, % whose parent is a MARAC victim at or before the
    episode start (matched on the parent's NHS or name-and-date-of-birth key). -#}
{%- set marac_measures = [
    ('m14_marac_victims_prior_police_incident', 'had_police_incident'),
    ('m14_marac_victims_idva_supported', 'had_idva_case'),
    ('m14_marac_victims_refuge_or_housing', 'had_accommodation_contact'),
] -%}
with

marac as (

    select * from {{ ref('fct_marac_cases') }}
    where victim_person_id is not null

),

police as (

    select * from {{ ref('fct_police_incidents') }}
    where victim_person_id is not null

),

idva as (

    select * from {{ ref('fct_idva_cases') }}
    where victim_person_id is not null

),

accommodation as (

    select
        victim_person_id,
        referral_date as contact_date
    from {{ ref('fct_refuge_referrals') }}
    where victim_person_id is not null
    union all
    select
        victim_person_id,
        approach_date
    from {{ ref('fct_homelessness_cases') }}
    where victim_person_id is not null

),

episodes as (

    select * from {{ ref('fct_childrens_episodes') }}
    where has_da_factor

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

marac_victim_keys as (

    select
        contacts.key_nhs,
        contacts.key_name_dob,
        marac.meeting_date
    from marac
    inner join contacts
        on marac.victim_contact_id = contacts.contact_id

),

marac_journeys as (

    select
        marac.case_no,
        marac.financial_year,
        exists(
            select 1 from police
            where
                police.victim_person_id = marac.victim_person_id
                and police.incident_date between marac.meeting_date - interval 365 day and marac.meeting_date
        ) as had_police_incident,
        exists(
            select 1 from idva
            where
                idva.victim_person_id = marac.victim_person_id
                and idva.referral_date
                between marac.meeting_date - interval 365 day and marac.meeting_date + interval 90 day
        ) as had_idva_case,
        exists(
            select 1 from accommodation
            where
                accommodation.victim_person_id = marac.victim_person_id
                and accommodation.contact_date
                between marac.meeting_date - interval 365 day and marac.meeting_date + interval 365 day
        ) as had_accommodation_contact
    from marac

),

episode_journeys as (

    select
        episodes.episode_id,
        episodes.financial_year,
        exists(
            select 1 from marac_victim_keys
            where
                (
                    marac_victim_keys.key_nhs = child_contacts.parent_key_nhs
                    or marac_victim_keys.key_name_dob = child_contacts.parent_key_name_dob
                )
                and marac_victim_keys.meeting_date <= episodes.episode_start
        ) as parent_known_to_marac,
        coalesce(child_contacts.parent_key_nhs, child_contacts.parent_key_name_dob) is not null as has_parent_key
    from episodes
    inner join contacts as child_contacts
        on episodes.child_contact_id = child_contacts.contact_id

),

metrics as (

    {% for measure, flag in marac_measures %}
        select
            '{{ measure }}' as measure,
            financial_year,
            count(*) filter (where {{ flag }}) as numerator,
            count(*) as denominator,
            'MARAC cases discussed whose victim has a linked person id' as population_base,
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
        avg(case when has_parent_key then 1.0 else 0.0 end) as completeness
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
