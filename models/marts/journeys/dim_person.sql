{#- One row per linked person: when and by which agencies they were seen, in which roles. No identifiers
    or match keys: only the person id, dates and counts. -#}
with

journeys as (

    select * from {{ ref('fct_person_journeys') }}

),

people as (

    select
        person_id,
        min(event_date) as first_seen_date,
        max(event_date) as last_seen_date,
        count(*) as contacts_count,
        count(distinct agency) as agencies_seen_count,
        string_agg(distinct agency, ',' order by agency) as agencies_seen,
        string_agg(distinct role, ',' order by role) as roles_seen,
        count(*) filter (where agency = 'police') as police_contacts_count,
        count(*) filter (where agency = 'marac') as marac_contacts_count,
        count(*) filter (where agency = 'idva') as idva_contacts_count,
        count(*) filter (where agency = 'housing') as housing_contacts_count,
        count(*) filter (where agency = 'refuge') as refuge_contacts_count,
        count(*) filter (where agency = 'health') as health_contacts_count,
        count(*) filter (where agency = 'childrens') as childrens_contacts_count,
        count(*) filter (where agency = 'perpetrator') as perpetrator_contacts_count,
        min(event_date) filter (where agency = 'marac' and role = 'victim') as first_marac_victim_date,
        min(case link_rule
            when 'ref' then 1
            when 'nhs' then 2
            when 'name_dob' then 3
            when 'name_dob_swapped' then 4
            when 'initial_dob' then 5
            when 'forename_dob' then 6
            when 'initials_dob' then 7
        end) as strictest_rule_rank,
        max(case link_rule
            when 'ref' then 1
            when 'nhs' then 2
            when 'name_dob' then 3
            when 'name_dob_swapped' then 4
            when 'initial_dob' then 5
            when 'forename_dob' then 6
            when 'initials_dob' then 7
        end) as loosest_rule_rank
    from journeys
    group by person_id

)

select
    person_id,
    first_seen_date,
    last_seen_date,
    cast(contacts_count as integer) as contacts_count,
    cast(agencies_seen_count as integer) as agencies_seen_count,
    agencies_seen,
    roles_seen,
    cast(police_contacts_count as integer) as police_contacts_count,
    cast(marac_contacts_count as integer) as marac_contacts_count,
    cast(idva_contacts_count as integer) as idva_contacts_count,
    cast(housing_contacts_count as integer) as housing_contacts_count,
    cast(refuge_contacts_count as integer) as refuge_contacts_count,
    cast(health_contacts_count as integer) as health_contacts_count,
    cast(childrens_contacts_count as integer) as childrens_contacts_count,
    cast(perpetrator_contacts_count as integer) as perpetrator_contacts_count,
    first_marac_victim_date,
    case loosest_rule_rank
        when 1 then 'ref'
        when 2 then 'nhs'
        when 3 then 'name_dob'
        when 4 then 'name_dob_swapped'
        when 5 then 'initial_dob'
        when 6 then 'forename_dob'
        when 7 then 'initials_dob'
        else 'unlinked'
    end as loosest_link_rule
from people
