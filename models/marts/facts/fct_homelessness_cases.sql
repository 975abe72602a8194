{#- One row per homelessness approach with domestic abuse (council H-CLIC style case). -#}
with

cases as (

    select * from {{ ref('stg_housing__cases') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

flagged as (

    select
        cases.case_ref,
        cases.submission_id,
        cases.source_row_number,
        cases.approach_date,
        lower(cases.duty_owed) as duty_owed,
        cases.duty_owed is not null as is_duty_owed,
        cases.reason_loss_settled_home,
        coalesce(upper(cases.reason_loss_settled_home) like 'DOMESTIC ABUSE%', false) as is_reason_domestic_abuse,
        upper(cases.support_need_domestic_abuse) = 'Y' as is_support_need_domestic_abuse,
        cases.temporary_accommodation,
        coalesce(upper(cases.temporary_accommodation) not in ('NONE', ''), false) as is_ta_placement,
        coalesce(upper(cases.temporary_accommodation) in ('B&B', 'B & B', 'BED AND BREAKFAST'), false)
            as is_bed_and_breakfast,
        cases.children_count,
        coalesce(cases.victim_ward_code, 'not_known') as victim_ward_code,
        'housing:' || cases.case_ref || ':victim' as victim_contact_id,
        victim_contacts.person_key as victim_person_key,
        person_ids.person_id as victim_person_id
    from cases
    left join contacts as victim_contacts
        on victim_contacts.contact_id = 'housing:' || cases.case_ref || ':victim'
    left join person_ids
        on person_ids.contact_id = 'housing:' || cases.case_ref || ':victim'

)

select
    *,
    {{ financial_year_label('approach_date') }} as financial_year,
    {{ financial_year_label('approach_date') }}
    || ' Q' || cast(((month(approach_date) + 8) % 12) // 3 + 1 as varchar) as financial_quarter
from flagged
