{#- The columns ingest derives for each person or place in a record (see warehouse/registry.py),
    typed and trimmed, so a staging model names its people instead of listing fourteen columns each. -#}

{#- A person's keyed pseudonyms, date-of-birth and NHS number status, age at the event, and geography. -#}
{% macro person_derived_columns(person) -%}
    {%- for kind in ['ref', 'nhs', 'name_dob', 'name_dob_swapped', 'initial_dob', 'initials_dob', 'forename_dob'] %}
        {{ clean_text(person ~ '_key_' ~ kind) }} as {{ person }}_key_{{ kind }},
    {%- endfor %}
        {{ clean_text(person ~ '_dob_status') }} as {{ person }}_dob_status,
        {{ to_integer(person ~ '_age_at_event') }} as {{ person }}_age_at_event,
        {{ clean_text(person ~ '_nhs_status') }} as {{ person }}_nhs_status,
        {{ place_derived_columns(person) }}
{%- endmacro %}


{#- The postcode's status, district, ward and LSOA (the postcode itself never reaches the warehouse). -#}
{% macro place_derived_columns(place) -%}
    {%- for column in ['postcode_status', 'postcode_district', 'ward_code', 'lsoa_code'] %}
        {{ clean_text(place ~ '_' ~ column) }} as {{ place }}_{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
