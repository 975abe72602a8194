{#- One row per linked person: when and by which agencies they were seen, in which roles, with their contacts
    counted per agency (a map keyed by the registry's agencies, so a new agency needs no new column) and their
    MARAC history (contacts with a risk_assessment_conference service). No identifiers or match keys: only the
    person id, dates and counts. -#}
with

journeys as (

    select * from {{ ref('fct_person_journeys') }}

),

-- Each person's agencies and roles are grouped first and gathered as plain lists, sorted afterwards.
-- Ordered or distinct aggregates (string_agg(distinct ... order by ...)) and lists of structs hold every
-- group's values in memory and cannot spill to disk: at scale 100 (4.8 million people) they ran DuckDB
-- out of its memory limit, where plain lists of text and numbers build in 8 s within 3 GB.
per_agency as (

    select
        person_id,
        cast(len(agencies) as integer) as agencies_seen_count,
        array_to_string(list_sort(agencies), ',') as agencies_seen,
        -- keyed in agency order: both lists picked in the order that sorts the agencies
        map(
            list_select(agencies, list_grade_up(agencies)),
            list_select(contacts, list_grade_up(agencies))
        ) as contacts_by_agency
    from (
        select
            person_id,
            list(agency) as agencies,
            list(contacts) as contacts
        from (
            select
                person_id,
                agency,
                cast(count(*) as integer) as contacts
            from journeys
            group by person_id, agency
        ) as counted
        group by person_id
    ) as listed

),

per_role as (

    select
        person_id,
        array_to_string(list_sort(list(role)), ',') as roles_seen
    from (
        select distinct
            person_id,
            role
        from journeys
        where role is not null
    ) as distinct_roles
    group by person_id

),

people as (

    select
        person_id,
        min(event_date) as first_seen_date,
        max(event_date) as last_seen_date,
        count(*) as contacts_count,
        count(*) filter (where service = 'risk_assessment_conference') as marac_contacts_count,
        min(event_date) filter (
            where service = 'risk_assessment_conference' and role = 'victim'
        ) as first_marac_victim_date,
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
    people.person_id,
    people.first_seen_date,
    people.last_seen_date,
    cast(people.contacts_count as integer) as contacts_count,
    per_agency.agencies_seen_count,
    per_agency.agencies_seen,
    per_role.roles_seen,
    per_agency.contacts_by_agency,
    cast(people.marac_contacts_count as integer) as marac_contacts_count,
    people.first_marac_victim_date,
    case people.loosest_rule_rank
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
inner join per_agency
    on people.person_id = per_agency.person_id
left join per_role
    on people.person_id = per_role.person_id
