{#- Use the configured schema name as it is (staging, marts, ...) rather than dbt's default
    "<target schema>_<custom schema>", so analysts query marts.fct_... not main_marts.fct_... -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
