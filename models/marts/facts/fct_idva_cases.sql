{#- One row per IDVA case (the newest row of each client case in current submissions). -#}
with

cases as (

    select * from {{ ref('stg_idva__cases') }}

),

referral_sources as (

    select * from {{ ref('referral_source_crosswalk') }}
    where agency = 'idva'

),

risk_levels as (

    select * from {{ ref('risk_level_crosswalk') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

joined as (

    select
        cases.client_id,
        cases.submission_id,
        cases.source_row_number,
        cases.referral_date,
        cases.referral_source,
        coalesce(referral_sources.referral_source_group, 'not_known') as referral_source_group,
        referral_sources.is_partner_agency,
        coalesce(risk_levels.risk_level, 'not_known') as risk_level,
        cases.dash_score,
        cases.children_count,
        cases.closed_date,
        cases.closed_date is not null as is_closed,
        case upper(cases.outcome_physical_abuse_stopped) when 'Y' then true when 'N' then false end
            as outcome_physical_abuse_stopped,
        case upper(cases.outcome_feels_safer) when 'Y' then true when 'N' then false end as outcome_feels_safer,
        coalesce(cases.victim_ward_code, 'not_known') as victim_ward_code,
        'idva:' || cases.client_id || ':victim' as victim_contact_id,
        victim_contacts.person_key as victim_person_key,
        person_ids.person_id as victim_person_id
    from cases
    left join referral_sources
        on
            {{ normalise_match_key('cases.referral_source') }}
            = referral_sources.match_key
    left join risk_levels
        on
            {{ normalise_match_key('cases.risk_level') }}
            = risk_levels.match_key
    left join contacts as victim_contacts
        on victim_contacts.contact_id = 'idva:' || cases.client_id || ':victim'
    left join person_ids
        on person_ids.contact_id = 'idva:' || cases.client_id || ':victim'

)

select
    *,
    {{ financial_year_label('referral_date') }} as financial_year
from joined
