{#- Casting helpers for staging. Raw agency columns are text; these never raise on bad input:
    a value that does not cast becomes null here, and data quality reads the raw text instead. -#}

{#- Trimmed text, with an empty string as null. -#}
{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}


{#- A date from ISO text (`YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` truncated to its date). -#}
{% macro to_date(column) -%}
    try_cast({{ clean_text(column) }} as date)
{%- endmacro %}


{#- A timestamp from ISO text (a bare date becomes midnight). -#}
{% macro to_timestamp(column) -%}
    try_cast({{ clean_text(column) }} as timestamp)
{%- endmacro %}


{#- A whole number. `3` and `3.0` (as spreadsheets send them) cast; `3.5`, `three` and out-of-range
    values become null rather than being rounded. -#}
{% macro to_integer(column) -%}
    case
        when try_cast({{ clean_text(column) }} as double) = floor(try_cast({{ clean_text(column) }} as double))
            then try_cast(try_cast({{ clean_text(column) }} as double) as integer)
    end
{%- endmacro %}
