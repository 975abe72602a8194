{#- One row per MARAC case discussed (current submissions), with the referring agency group, the
    SafeLives victim flags and the MARAC year (July to June). -#}
with

cases as (

    select * from {{ ref('stg_marac__cases') }}

),

referral_sources as (

    select * from {{ ref('referral_source_crosswalk') }}
    where agency = 'marac'

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

flagged as (

    select
        cases.case_no,
        cases.submission_id,
        cases.source_row_number,
        cases.meeting_date,
        cases.referral_date,
        cases.referring_agency,
        coalesce(referral_sources.referral_source_group, 'not_known') as referring_agency_group,
        referral_sources.is_partner_agency,
        upper(cases.repeat_case) = 'Y' as is_repeat,
        cases.dash_score,
        cases.dash_score >= 14 as is_dash_high_risk,
        cases.children_count,
        case upper(cases.bame_victim_or_perpetrator) when 'Y' then true when 'N' then false end
            as is_bame_victim_or_perpetrator,
        case upper(cases.victim_lgbt) when 'Y' then true when 'N' then false end as is_victim_lgbt,
        case upper(cases.victim_disability) when 'Y' then true when 'N' then false end as is_victim_disabled,
        case upper(cases.victim_sex) when 'M' then true when 'F' then false end as is_victim_male,
        cases.victim_age_at_event,
        case
            when cases.victim_age_at_event is null then null
            else cases.victim_age_at_event between 16 and 17
        end as is_victim_aged_16_17,
        coalesce(cases.victim_ward_code, 'not_known') as victim_ward_code,
        'marac:' || cases.case_no || ':victim' as victim_contact_id,
        victim_contacts.person_key as victim_person_key,
        person_ids.person_id as victim_person_id,
        cast(year(cases.meeting_date) - case when month(cases.meeting_date) < 7 then 1 else 0 end as integer)
            as marac_year_start
    from cases
    left join referral_sources
        on
            {{ normalise_match_key('cases.referring_agency') }}
            = referral_sources.match_key
    left join contacts as victim_contacts
        on victim_contacts.contact_id = 'marac:' || cases.case_no || ':victim'
    left join person_ids
        on person_ids.contact_id = 'marac:' || cases.case_no || ':victim'

)

select
    * exclude (marac_year_start),
    cast(marac_year_start as varchar) || '-' || right(cast(marac_year_start + 1 as varchar), 2) as marac_year,
    {{ financial_year_label('meeting_date') }} as financial_year
from flagged
