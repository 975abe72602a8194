{#- One person of one agency's records at the contact grain, from the agency's staging model of every current row:
    a select in the shape int_agency_contact_rows_unioned stacks, built from the registry's declarations for that
    person (registry_agencies()). Every field the person has no column for is null, with its scheme 'none'. -#}
{% macro contact_rows(agency, person) -%}
    {%- set p = person.person -%}
    select
        '{{ agency.agency }}:' || {{ agency.record_id }} || ':{{ p }}' as contact_id,
        '{{ agency.agency }}' as agency,
        '{{ agency.record_type }}' as record_type,
        {{ agency.record_id }} as record_id,
        submission_id,
        source_row_number,
        is_newest_row,
        cast({{ agency.event_date }} as date) as event_date,
        {{ contact_role(person) }} as role,
        {{ match_key_columns(p) }},
        {%- if person.sex_inferred %}
            cast(null as varchar) as sex_raw,
            'inferred_{{ person.sex_inferred }}' as sex_scheme,
        {%- else %}
            {{ coded_columns('sex', person.sex) }},
        {%- endif %}
        {{ ethnicity_columns(person.ethnicity) }},
        {{ coded_columns('disability', person.disability) }},
        {{ coded_columns('mental_health', person.mental_health) }},
        {{ coded_columns('lgbt', person.lgbt) }},
        {{ coded_columns('age_band', person.age_band) }},
        {%- if person.age %}
            coalesce({{ p }}_age_at_event, {{ person.age }}) as age_at_event,
        {%- else %}
            {{ p }}_age_at_event as age_at_event,
        {%- endif %}
        {{ p }}_dob_status as dob_status,
        {{ contact_geography_columns(person) }},
        {%- if person.parent %}
            {{ match_key_columns(person.parent, 'parent_') }}
        {%- else %}
            {{ null_match_key_columns('parent_') }}
        {%- endif %}
    from {{ ref(agency.rows_model) }}
    {%- if person.contact == 'when_identified' %}
        where
            coalesce(
                {%- for kind in person_key_kinds() %}
                    {{ p }}_key_{{ kind }}{{ ',' if not loop.last }}
                {%- endfor %}
            ) is not null
            or {{ p }}_dob_status in ('recorded', 'invalid')
            {%- for column in contact_declared_columns(person) %}
                or {{ column }} is not null
            {%- endfor %}
    {%- endif %}
{%- endmacro %}


{#- The role: fixed, or from the registry's rules (the first rule whose column holds one of its values). -#}
{% macro contact_role(person) -%}
    {%- if person.role -%}
        '{{ person.role }}'
    {%- else -%}
        case
            {%- for rule in person.role_rules %}
                {%- for value, role in rule['values'].items() %}
                    when {{ normalise_match_key(rule.column) }} = '{{ value }}' then '{{ role }}'
                {%- endfor %}
            {%- endfor %}
            else '{{ person.role_otherwise }}'
        end
    {%- endif -%}
{%- endmacro %}


{#- `<field>_raw` and `<field>_scheme` for one coded field: the column as sent and the code scheme it follows. -#}
{% macro coded_columns(field, coded) -%}
    {%- if coded -%}
        {{ coded.column }} as {{ field }}_raw,
        '{{ coded.scheme }}' as {{ field }}_scheme
    {%- else -%}
        cast(null as varchar) as {{ field }}_raw,
        'none' as {{ field }}_scheme
    {%- endif -%}
{%- endmacro %}


{#- Ethnicity from the first of the person's ethnicity columns that holds a value, with that column's scheme (the
    first scheme when all are blank). -#}
{% macro ethnicity_columns(columns) -%}
    {%- if columns | length < 2 -%}
        {{ coded_columns('ethnicity', columns[0] if columns else none) }}
    {%- else -%}
        coalesce({% for c in columns %}{{ c.column }}{{ ', ' if not loop.last }}{% endfor %}) as ethnicity_raw,
        case
            {%- for c in columns %}
                when {{ c.column }} is not null then '{{ c.scheme }}'
            {%- endfor %}
            else '{{ columns[0].scheme }}'
        end as ethnicity_scheme
    {%- endif -%}
{%- endmacro %}


{#- Where the person is, as sent: the full postcode's status, district, ward and LSOA (derived at ingest from the
    postcode's owner), a ward code, a ward name (with its scheme, for the ward-name mapping), a postcode sector or
    district. postcode_district is the best district any of them gives. geography_precision says how precise the
    person's geography can be: ward (a full postcode, ward code or ward name), area (only a postcode sector or
    district) or none. -#}
{% macro contact_geography_columns(person) -%}
    {%- set owner = person.postcode_owner -%}
    {%- set geo = person.geography -%}
    {%- set districts = [] -%}
    {%- if owner %}{% do districts.append(owner ~ '_postcode_district') %}{% endif -%}
    {%- if geo.get('postcode_district') %}{% do districts.append(postcode_district_key(geo.postcode_district)) %}{% endif -%}
    {%- if geo.get('postcode_sector') -%}
        {%- do districts.append('split_part(' ~ postcode_sector_key(geo.postcode_sector) ~ ", ' ', 1)") -%}
    {%- endif -%}
        {{ owner ~ '_postcode_status' if owner else "'not_collected'" }} as postcode_status,
    {%- for column in ['ward_code', 'lsoa_code'] %}
        {{ owner ~ '_' ~ column if owner else 'cast(null as varchar)' }} as {{ column }},
    {%- endfor %}
    {%- if districts | length > 1 %}
        coalesce({{ districts | join(', ') }}) as postcode_district,
    {%- else %}
        {{ districts[0] if districts else 'cast(null as varchar)' }} as postcode_district,
    {%- endif %}
    {%- for kind in ['ward_code', 'ward_name', 'postcode_sector', 'postcode_district'] %}
        {{ geo.get(kind) or 'cast(null as varchar)' }} as {{ kind }}_raw,
    {%- endfor %}
        '{{ 'ward_name' if geo.get('ward_name') else 'none' }}' as ward_name_scheme,
        '{{ 'ward' if owner or geo.get('ward_code') or geo.get('ward_name') else ('area' if geo else 'none') }}'
        as geography_precision
{%- endmacro %}


{#- The columns that, when any holds a value, show a `when_identified` person is named in the record. -#}
{% macro contact_declared_columns(person) -%}
    {%- set columns = [] -%}
    {%- for field in ['sex', 'disability', 'mental_health', 'lgbt', 'age_band'] if person[field] -%}
        {%- do columns.append(person[field].column) -%}
    {%- endfor -%}
    {%- for c in person.ethnicity -%}
        {%- do columns.append(c.column) -%}
    {%- endfor -%}
    {%- if person.age -%}
        {%- do columns.append(person.age) -%}
    {%- endif -%}
    {{ return(columns) }}
{%- endmacro %}
