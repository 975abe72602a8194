{#- The 18 wards the board metrics use (the 2004-2025 set, whose boundaries the dashboards' map draws), with
    their Census 2021 population: public reference data, for labels, the ward filter and the map. -#}
select
    ward_code,
    ward_name,
    census2021_usual_residents
from {{ ref('dim_ward') }}
where ward_set = '2004-2025'
