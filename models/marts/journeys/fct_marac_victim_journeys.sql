{#- Each MARAC victim case with what the linked person's journey shows around the meeting (METRICS #14):
    police incidents as victim in the 12 months before the meeting, and IDVA, safe accommodation or homelessness
    contacts within 12 months either side of it. Agencies count by the kind of service the registry says they are,
    so a second IDVA provider or refuge counts with no change here. -#}
with

journeys as (

    select * from {{ ref('fct_person_journeys') }}

),

marac_victims as (

    select
        contact_id,
        person_id,
        event_date as meeting_date
    from journeys
    where service = 'risk_assessment_conference' and role = 'victim'

),

around_meeting as (

    select
        marac_victims.contact_id,
        count(*) filter (
            where
            journeys.service = 'police_force'
            and journeys.role = 'victim'
            and journeys.event_date between marac_victims.meeting_date - interval 365 day
            and marac_victims.meeting_date
        ) as police_incidents_prior_12_months,
        count(*) filter (
            where
            journeys.service = 'idva_service'
            and journeys.event_date between marac_victims.meeting_date - interval 365 day
            and marac_victims.meeting_date + interval 365 day
        ) as idva_cases_within_12_months,
        count(*) filter (
            where
            journeys.service in ('safe_accommodation', 'homelessness_service')
            and journeys.event_date between marac_victims.meeting_date - interval 365 day
            and marac_victims.meeting_date + interval 365 day
        ) as refuge_or_housing_contacts_within_12_months
    from marac_victims
    inner join journeys
        on marac_victims.person_id = journeys.person_id
    group by marac_victims.contact_id

)

select
    marac_victims.contact_id,
    marac_victims.person_id,
    marac_victims.meeting_date,
    cast(around_meeting.police_incidents_prior_12_months as integer) as police_incidents_prior_12_months,
    around_meeting.police_incidents_prior_12_months > 0 as had_police_incident_prior_12_months,
    around_meeting.idva_cases_within_12_months > 0 as supported_by_idva,
    around_meeting.refuge_or_housing_contacts_within_12_months > 0 as had_refuge_or_housing_contact
from marac_victims
inner join around_meeting
    on marac_victims.contact_id = around_meeting.contact_id
