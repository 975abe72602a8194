{#- Candidate links between contacts, one per contact and rule: each contact holding a key value is linked
    to the anchor of that value (the first contact, by contact_id, among those holding it under the
    strictest rule present). A star per key value gives the same connected components as every pair,
    without the quadratic number of pairs a common key (a police reference seen fifty times) would make.
    Strict rules (ref, nhs, name_dob, name_dob_swapped, initial_dob) are applied as they are; the loose rules
    (forename_dob, initials_dob) are candidates that int_person_ids_assigned accepts only under guards. -#}
with

match_keys as (

    select * from {{ ref('int_person_match_keys_unpivoted') }}

),

anchored as (

    select
        contact_id,
        link_rule,
        rule_rank,
        is_loose_rule,
        match_space,
        key_value,
        first(contact_id order by rule_rank, contact_id) over (
            partition by match_space, key_value
        ) as anchor_contact_id,
        count(*) over (partition by match_space, key_value) as contacts_holding_key
    from match_keys

)

select
    contact_id || '|' || link_rule as edge_id,
    contact_id,
    anchor_contact_id,
    link_rule,
    rule_rank,
    is_loose_rule,
    match_space,
    key_value,
    contacts_holding_key
from anchored
where contact_id <> anchor_contact_id
