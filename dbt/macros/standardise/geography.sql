{#- Postcode districts and sectors as the reference data writes them: a district `CV2`, a sector `CV2 4` (upper
    case, one space). Anything not shaped like one is null (data quality reports it as not recognised). -#}
{% macro postcode_district_key(expr) -%}
    case
        when regexp_full_match(upper(regexp_replace({{ expr }}, '\s+', '', 'g')), '[A-Z]{1,2}[0-9][0-9A-Z]?')
            then upper(regexp_replace({{ expr }}, '\s+', '', 'g'))
    end
{%- endmacro %}


{% macro postcode_sector_key(expr) -%}
    case
        when regexp_full_match(upper(trim({{ expr }})), '[A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9]')
            then regexp_replace(upper(trim({{ expr }})), '^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9])$', '\1 \2')
    end
{%- endmacro %}
