{#- Every contact's keyed match keys in long form: one row per contact, rule and key value.
    match_space is the key kind a value is compared within: name_dob_swapped values are compared with
    other contacts' name_dob values (the same hash prefix), so a day/month swap finds its partner. -#}
with

contacts as (

    select
        contact_id,
        agency,
        role,
        key_ref,
        key_nhs,
        key_name_dob,
        key_name_dob_swapped,
        key_initial_dob,
        key_initials_dob,
        key_forename_dob,
        case
            when upper(trim(sex_raw)) in ('F', 'FEMALE', 'FEMALES') then 'F'
            when upper(trim(sex_raw)) in ('M', 'MALE', 'MALES') then 'M'
        end as sex
    from {{ ref('int_agency_contacts_unioned') }}

),

rules as (

    -- rule, the key kind its value is compared within, and rank (strictest first)
    select
        unnest([
            'ref', 'nhs', 'name_dob', 'name_dob_swapped', 'initial_dob', 'forename_dob', 'initials_dob'
        ]) as link_rule,
        unnest([
            'ref', 'nhs', 'name_dob', 'name_dob', 'initial_dob', 'forename_dob', 'initials_dob'
        ]) as match_space,
        unnest([1, 2, 3, 4, 5, 6, 7]) as rule_rank

),

unpivoted as (

    select
        contacts.contact_id || '|' || rules.link_rule as match_key_id,
        contacts.contact_id,
        contacts.agency,
        contacts.role,
        contacts.sex,
        rules.link_rule,
        rules.match_space,
        case rules.link_rule
            when 'ref' then contacts.key_ref
            when 'nhs' then contacts.key_nhs
            when 'name_dob' then contacts.key_name_dob
            when 'name_dob_swapped' then contacts.key_name_dob_swapped
            when 'initial_dob' then contacts.key_initial_dob
            when 'forename_dob' then contacts.key_forename_dob
            when 'initials_dob' then contacts.key_initials_dob
        end as key_value,
        rules.rule_rank,
        rules.link_rule in ('forename_dob', 'initials_dob') as is_loose_rule
    from contacts
    cross join rules

)

select * from unpivoted
where key_value is not null
