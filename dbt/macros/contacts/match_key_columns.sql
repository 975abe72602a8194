{#- The person keys (the registry's PERSON_KEY_KINDS) in the order every contact model lists them. -#}
{% macro person_key_kinds() -%}
    {{ return(['ref', 'nhs', 'name_dob', 'name_dob_swapped', 'initial_dob', 'initials_dob', 'forename_dob']) }}
{%- endmacro %}


{#- A person's keyed match keys under a contact's column names: `<person>_key_<kind> as <prefix>key_<kind>`.
    `prefix` is '' for the contact's own keys and 'parent_' for the parent keys children's records carry. -#}
{% macro match_key_columns(person, prefix='') -%}
    {%- for kind in person_key_kinds() %}
        {{ person }}_key_{{ kind }} as {{ prefix }}key_{{ kind }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- Empty key columns for contacts that have no such person (the parent keys outside children's services). -#}
{% macro null_match_key_columns(prefix) -%}
    {%- for kind in person_key_kinds() %}
        cast(null as varchar) as {{ prefix }}key_{{ kind }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
