{#- The 18 wards the board metrics use (the 2004-2025 set, whose boundaries the dashboards' map draws), with
    their Census 2021 population and IMD 2025 decile: public reference data, for labels, the ward filter, the
    map and the Evidence site's ward pages. -#}
select
    ward_code,
    ward_name,
    census2021_usual_residents,
    imd2025_decile_mean,
    lsoa2021_count
from {{ ref('dim_ward') }}
where ward_set = '2004-2025'
