{#- The agency registry (agencies/*.yml) as dbt sees it: a list with, per agency, its staging model of every
    current row, record id, record type, event date, people and places, and per person where each field is
    (warehouse/dbt_registry.py writes it into dbt/generated/ before dbt parses). Models loop over it instead of
    naming agencies. -#}
{% macro registry_agencies() -%}
    {%- if agency_registry_generated is not defined -%}
        {{ exceptions.raise_compiler_error(
            "The agency registry has not been written for dbt: run `make manifest` (or"
            ~ " `python -m warehouse.dbt_registry`) before dbt."
        ) }}
    {%- endif -%}
    {{ return(agency_registry_generated()) }}
{%- endmacro %}
