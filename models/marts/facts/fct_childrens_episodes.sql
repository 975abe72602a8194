{#- One row per children's services episode: domestic abuse factors (3A, 3B, 3C), assessment and ward. -#}
with

episodes as (

    select * from {{ ref('stg_childrens__episodes') }}

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
        episodes.episode_id,
        episodes.submission_id,
        episodes.source_row_number,
        episodes.episode_start,
        episodes.referring_agency,
        upper(episodes.assessment_completed) = 'Y' as is_assessment_completed,
        episodes.assessment_factors,
        coalesce(
            regexp_matches(upper(episodes.assessment_factors), '(^|[^0-9])3[ABC]([^A-Z0-9]|$)'), false
        ) as has_da_factor,
        coalesce(regexp_matches(upper(episodes.assessment_factors), '(^|[^0-9])3A([^A-Z0-9]|$)'), false)
            as has_factor_3a,
        coalesce(regexp_matches(upper(episodes.assessment_factors), '(^|[^0-9])3B([^A-Z0-9]|$)'), false)
            as has_factor_3b,
        coalesce(regexp_matches(upper(episodes.assessment_factors), '(^|[^0-9])3C([^A-Z0-9]|$)'), false)
            as has_factor_3c,
        coalesce(episodes.child_ward_code, ward_variants.best_fit_ward_code_2004_2025, 'not_known') as ward_code,
        'childrens:' || episodes.episode_id || ':child' as child_contact_id,
        child_contacts.person_key as child_person_key,
        person_ids.person_id as child_person_id,
        child_contacts.parent_key_name_dob
    from episodes
    left join ward_variants
        on
            {{ normalise_match_key('episodes.ward_name') }}
            = ward_variants.match_key
    left join contacts as child_contacts
        on child_contacts.contact_id = 'childrens:' || episodes.episode_id || ':child'
    left join person_ids
        on person_ids.contact_id = 'childrens:' || episodes.episode_id || ':child'

)

select
    *,
    {{ financial_year_label('episode_start') }} as financial_year
from joined
