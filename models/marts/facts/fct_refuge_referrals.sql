{#- One row per safe accommodation (refuge) referral: outcome, move-in and move-out, length of stay
    and whether the referral came from outside Coventry. -#}
with

referrals as (

    select * from {{ ref('stg_refuge__referrals') }}

),

ward_variants as (

    select * from {{ ref('ward_name_variants') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

person_ids as (

    select * from {{ ref('int_person_ids_assigned') }}

),

joined as (

    select
        referrals.ref_no,
        referrals.submission_id,
        referrals.source_row_number,
        referrals.referral_date,
        referrals.referral_source,
        referrals.outcome,
        coalesce(upper(referrals.outcome) = 'ACCEPTED', false) as is_accepted,
        referrals.move_in_date,
        referrals.move_out_date,
        referrals.move_in_date is not null as has_moved_in,
        case
            when referrals.move_out_date is not null and referrals.move_in_date is not null
                then cast(date_diff('day', referrals.move_in_date, referrals.move_out_date) as integer)
        end as length_of_stay_days,
        referrals.move_on_outcome,
        referrals.children_count,
        referrals.previous_ward,
        coalesce(ward_variants.best_fit_ward_code_2004_2025, 'not_known') as previous_ward_code,
        case
            when ward_variants.best_fit_ward_code_2004_2025 = 'out_of_area' then true
            when ward_variants.best_fit_ward_code_2004_2025 like 'E05%' then false
        end as is_out_of_area,
        'refuge:' || referrals.ref_no || ':victim' as victim_contact_id,
        victim_contacts.person_key as victim_person_key,
        person_ids.person_id as victim_person_id
    from referrals
    left join ward_variants
        on
            {{ normalise_match_key('referrals.previous_ward') }}
            = ward_variants.match_key
    left join contacts as victim_contacts
        on victim_contacts.contact_id = 'refuge:' || referrals.ref_no || ':victim'
    left join person_ids
        on person_ids.contact_id = 'refuge:' || referrals.ref_no || ':victim'

)

select
    *,
    {{ financial_year_label('referral_date') }} as financial_year
from joined
