{#- The financial year (April to March) a date falls in, labelled as dim_date labels it: '2023-24'. -#}
{% macro financial_year_label(date_expression) -%}
    (
        cast(year({{ date_expression }}) - cast(month({{ date_expression }}) < 4 as integer) as varchar) || '-'
        || right(cast(year({{ date_expression }}) - cast(month({{ date_expression }}) < 4 as integer) + 1 as varchar), 2)
    )
{%- endmacro %}
