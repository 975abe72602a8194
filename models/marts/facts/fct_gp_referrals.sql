{#- One row per IRIS referral from a GP practice to the advocate educator. -#}
with

referrals as (

    select * from {{ ref('stg_health__referrals') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

joined as (

    select
        referrals.referral_id,
        referrals.submission_id,
        referrals.source_row_number,
        referrals.referral_date,
        referrals.gp_practice_code,
        coalesce(referrals.gp_postcode_district, 'not_known') as gp_postcode_district,
        coalesce(referrals.patient_reported_district, 'not_known') as patient_district,
        lower(referrals.patient_role) as patient_role,
        patient_contacts.contact_id as patient_contact_id,
        patient_contacts.person_key as patient_person_key,
        person_ids.person_id as patient_person_id
    from referrals
    left join contacts as patient_contacts
        on
            patient_contacts.agency = 'health'
            and referrals.referral_id = patient_contacts.record_id
    left join person_ids
        on patient_contacts.contact_id = person_ids.contact_id

)

select
    *,
    {{ financial_year_label('referral_date') }} as financial_year,
    {{ financial_year_label('referral_date') }}
    || ' Q' || cast(((month(referral_date) + 8) % 12) // 3 + 1 as varchar) as financial_quarter
from joined
