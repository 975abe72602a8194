{#- Which scheme (code list) each agency and role uses for a demographic field: the one place that says who
    collects what. 'none' means the agency's extract has no such field for that role (not_collected).
    Sources: docs/AGENCY_EXTRACTS.md and seeds/crosswalks/README.md. -#}
{% macro field_scheme(field, agency='agency', role='role') -%}
{%- if field == 'sex' -%}
case
    when {{ agency }} = 'refuge' then 'refuge_female_only'
    when {{ agency }} = 'police' and {{ role }} = 'person_who_harms' then 'none'
    else 'sex'
end
{%- elif field == 'disability' -%}
case
    when {{ agency }} = 'marac' and {{ role }} = 'victim' then 'marac_disability'
    when {{ agency }} = 'idva' then 'idva_disability'
    when {{ agency }} = 'housing' then 'housing_disabled'
    when {{ agency }} = 'childrens' then 'childrens_disability'
    when {{ agency }} = 'health' then 'health_disability_identified'
    when {{ agency }} = 'perpetrator' then 'perpetrator_disability'
    else 'none'
end
{%- elif field == 'mental_health' -%}
case
    when {{ agency }} = 'idva' then 'idva_mental_health_need'
    when {{ agency }} = 'health' then 'health_mental_health_identified'
    when {{ agency }} = 'perpetrator' then 'perpetrator_disability'
    when {{ agency }} = 'refuge' then 'refuge_support_needs'
    else 'none'
end
{%- elif field == 'ward_name' -%}
case
    when {{ agency }} in ('police', 'childrens', 'refuge') then 'ward_name'
    else 'none'
end
{%- elif field == 'lgbt' -%}
case
    when {{ agency }} = 'marac' and {{ role }} = 'victim' then 'marac_lgbt'
    when {{ agency }} = 'idva' then 'idva_sexual_orientation'
    when {{ agency }} = 'refuge' then 'refuge_sexual_orientation'
    else 'none'
end
{%- else -%}
{{ exceptions.raise_compiler_error("field_scheme: unknown field " ~ field) }}
{%- endif -%}
{%- endmacro %}
