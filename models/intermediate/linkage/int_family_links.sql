{#- Children's services episodes linked to the adult they name as parent: the episode's parent keys
    (parent_key_*) are matched against adult contacts' match keys with the person-linkage rules, strictest
    first. An episode links at the strictest rule that finds any adult, and only when that rule finds exactly
    one person (two people at the same rule is ambiguous and links nothing). The parent's own children's
    services reference is keyed with the agency and so can only match other children's records: not used. -#}
with

episodes as (

    select
        contacts.contact_id,
        contacts.event_date,
        assigned.person_id as child_person_id,
        contacts.parent_key_nhs,
        contacts.parent_key_name_dob,
        contacts.parent_key_name_dob_swapped,
        contacts.parent_key_initial_dob,
        contacts.parent_key_forename_dob,
        contacts.parent_key_initials_dob
    from {{ ref('int_agency_contacts_unioned') }} as contacts
    inner join {{ ref('int_person_ids_assigned') }} as assigned
        on contacts.contact_id = assigned.contact_id
    where contacts.role = 'child'

),

rules as (

    -- rule, the key kind its value is compared within, and rank (strictest first)
    select
        unnest(['nhs', 'name_dob', 'name_dob_swapped', 'initial_dob', 'forename_dob', 'initials_dob']) as link_rule,
        unnest(['nhs', 'name_dob', 'name_dob', 'initial_dob', 'forename_dob', 'initials_dob']) as match_space,
        unnest([2, 3, 4, 5, 6, 7]) as rule_rank

),

parent_keys as (

    select
        episodes.contact_id,
        rules.link_rule,
        rules.match_space,
        rules.rule_rank,
        case rules.link_rule
            when 'nhs' then episodes.parent_key_nhs
            when 'name_dob' then episodes.parent_key_name_dob
            when 'name_dob_swapped' then episodes.parent_key_name_dob_swapped
            when 'initial_dob' then episodes.parent_key_initial_dob
            when 'forename_dob' then episodes.parent_key_forename_dob
            when 'initials_dob' then episodes.parent_key_initials_dob
        end as key_value
    from episodes
    cross join rules

),

adult_keys as (

    select
        match_keys.match_space,
        match_keys.key_value,
        match_keys.rule_rank,
        assigned.person_id
    from {{ ref('int_person_match_keys_unpivoted') }} as match_keys
    inner join {{ ref('int_person_ids_assigned') }} as assigned
        on match_keys.contact_id = assigned.contact_id
    where match_keys.role <> 'child' and match_keys.link_rule <> 'ref'

),

candidates as (

    select distinct
        parent_keys.contact_id,
        adult_keys.person_id as parent_person_id,
        -- a match involving a swapped key on either side is a name_dob_swapped match
        greatest(parent_keys.rule_rank, adult_keys.rule_rank) as rule_rank
    from parent_keys
    inner join adult_keys
        on
            parent_keys.match_space = adult_keys.match_space
            and parent_keys.key_value = adult_keys.key_value
    where parent_keys.key_value is not null

),

strictest as (

    select
        contact_id,
        min(rule_rank) as rule_rank
    from candidates
    group by contact_id

),

resolved as (

    select
        candidates.contact_id,
        candidates.rule_rank,
        min(candidates.parent_person_id) as parent_person_id,
        count(distinct candidates.parent_person_id) as candidate_people
    from candidates
    inner join strictest
        on
            candidates.contact_id = strictest.contact_id
            and candidates.rule_rank = strictest.rule_rank
    group by candidates.contact_id, candidates.rule_rank

)

select
    episodes.contact_id,
    episodes.event_date,
    episodes.child_person_id,
    resolved.parent_person_id,
    case resolved.rule_rank
        when 2 then 'nhs'
        when 3 then 'name_dob'
        when 4 then 'name_dob_swapped'
        when 5 then 'initial_dob'
        when 6 then 'forename_dob'
        when 7 then 'initials_dob'
    end as link_rule,
    resolved.rule_rank as link_rule_rank
from episodes
inner join resolved
    on episodes.contact_id = resolved.contact_id
where resolved.candidate_people = 1
