{#- Every agency's contact rows stacked by column name: one row per person in every current file row (a record
    the agency sent more than once appears once per row). Data quality and standardisation read every row;
    int_agency_contacts_unioned keeps the newest row of each record. -#}
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
