{#- One row per referral to the perpetrator (people who harm) programme. -#}
with

referrals as (

    select * from {{ ref('stg_perpetrator__referrals') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

joined as (

    select
        referrals.client_ref,
        referrals.submission_id,
        referrals.source_row_number,
        referrals.referral_date,
        referrals.referral_source,
        upper(referrals.full_assessment) in ('YES', 'Y') as is_fully_assessed,
        referrals.assessment_date,
        referrals.modules_completed,
        referrals.exit_date,
        referrals.exit_reason,
        coalesce(upper(referrals.exit_reason) like 'COMPLETED%', false) as is_completed,
        case upper(
            referrals.known_to_marac)
            when 'YES' then true when 'Y' then true when 'NO' then false
            when 'N' then false
        end as is_known_to_marac,
        coalesce(referrals.perpetrator_ward_code, 'not_known') as perpetrator_ward_code,
        perpetrator_contacts.contact_id as perpetrator_contact_id,
        perpetrator_contacts.person_key as perpetrator_person_key,
        person_ids.person_id as perpetrator_person_id
    from referrals
    left join contacts as perpetrator_contacts
        on
            perpetrator_contacts.agency = 'perpetrator'
            and referrals.client_ref = perpetrator_contacts.record_id
    left join person_ids
        on perpetrator_contacts.contact_id = person_ids.contact_id

)

select
    *,
    {{ financial_year_label('referral_date') }} as financial_year
from joined
