{#- Every agency's contacts stacked by column name: one row per person in every current record.
    Both person linkage and standardisation start here, and fct_agency_contacts brings them together. -#}
select * from {{ ref('int_police_incidents_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_marac_cases_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_idva_cases_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_housing_cases_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_refuge_referrals_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_health_referrals_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_childrens_episodes_reshaped_to_contacts') }}
union all by name
select * from {{ ref('int_perpetrator_referrals_reshaped_to_contacts') }}
