{#- Each person's contacts in date order across agencies: one row per contact, with the kind of service that saw
    them (the registry's `service`), where the person was seen before and how long ago. Contacts on the same day are
    ordered by contact_id so the order is stable. -#}
with

contacts as (

    select
        contacts.contact_id,
        assigned.person_id,
        contacts.agency,
        agencies.service,
        contacts.record_type,
        contacts.role,
        cast(contacts.event_date as date) as event_date,
        assigned.link_rule
    from {{ ref('int_agency_contacts_unioned') }} as contacts
    inner join {{ ref('int_person_ids_assigned') }} as assigned
        on contacts.contact_id = assigned.contact_id
    inner join {{ ref('stg_ledger__agencies') }} as agencies
        on contacts.agency = agencies.agency

),

sequenced as (

    select
        contact_id,
        person_id,
        agency,
        service,
        record_type,
        role,
        event_date,
        link_rule,
        row_number() over person_order as contact_sequence,
        lag(agency) over person_order as previous_agency,
        lag(event_date) over person_order as previous_contact_date,
        min(event_date) over (partition by person_id) as first_contact_date,
        count(*) over (partition by person_id) as person_contacts_count,
        row_number() over (
            partition by person_id, agency order by event_date, contact_id
        ) = 1 as is_first_contact_with_agency
    from contacts
    window person_order as (partition by person_id order by event_date, contact_id)

),

agencies_seen as (

    select
        person_id,
        count(distinct agency) as agencies_seen_count
    from contacts
    group by person_id

)

select
    sequenced.contact_id,
    sequenced.person_id,
    cast(sequenced.contact_sequence as integer) as contact_sequence,
    sequenced.agency,
    sequenced.service,
    sequenced.record_type,
    sequenced.role,
    sequenced.event_date,
    sequenced.previous_agency,
    cast(sequenced.event_date - sequenced.previous_contact_date as integer) as days_since_previous_contact,
    sequenced.is_first_contact_with_agency,
    sequenced.first_contact_date,
    cast(sequenced.event_date - sequenced.first_contact_date as integer) as days_since_first_contact,
    cast(sequenced.person_contacts_count as integer) as person_contacts_count,
    cast(agencies_seen.agencies_seen_count as integer) as agencies_seen_count,
    sequenced.link_rule
from sequenced
inner join agencies_seen
    on sequenced.person_id = agencies_seen.person_id
