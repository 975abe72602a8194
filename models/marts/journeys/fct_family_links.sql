{#- Children linked to the adult named as their parent in children's services episodes: one row per child
    and parent person, with the strictest rule that linked them and whether the parent is known to MARAC. -#}
with

episode_links as (

    select * from {{ ref('int_family_links') }}

),

pairs as (

    select
        child_person_id,
        parent_person_id,
        min(link_rule_rank) as link_rule_rank,
        count(*) as episodes_linked_count,
        cast(min(event_date) as date) as first_episode_date,
        cast(max(event_date) as date) as last_episode_date
    from episode_links
    group by child_person_id, parent_person_id

),

parents as (

    select * from {{ ref('dim_person') }}

)

select
    pairs.child_person_id || '|' || pairs.parent_person_id as family_link_id,
    pairs.child_person_id,
    pairs.parent_person_id,
    case pairs.link_rule_rank
        when 2 then 'nhs'
        when 3 then 'name_dob'
        when 4 then 'name_dob_swapped'
        when 5 then 'initial_dob'
        when 6 then 'forename_dob'
        when 7 then 'initials_dob'
    end as link_rule,
    cast(pairs.episodes_linked_count as integer) as episodes_linked_count,
    pairs.first_episode_date,
    pairs.last_episode_date,
    coalesce(parents.marac_contacts_count > 0, false) as parent_known_to_marac,
    parents.first_marac_victim_date as parent_first_marac_victim_date
from pairs
left join parents
    on pairs.parent_person_id = parents.person_id
