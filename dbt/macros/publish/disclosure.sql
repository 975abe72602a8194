{#- Disclosure control for everything that leaves the warehouse (docs/DESIGN.md, privacy): counts of 1 to
    `small_count_max` are suppressed, other counts are rounded to the nearest `count_rounding_base`.
    Zero is shown: "none" is not disclosive and the board needs to see it (B&B placements should be zero). -#}

{% macro is_small_count(expression) -%}
    ({{ expression }} between 1 and {{ var('small_count_max') }})
{%- endmacro %}

{% macro rounded_count(expression) -%}
    (round({{ expression }} / {{ var('count_rounding_base') }}) * {{ var('count_rounding_base') }})
{%- endmacro %}

{% macro published_count(expression) -%}
    case when not {{ is_small_count(expression) }} then {{ rounded_count(expression) }} end
{%- endmacro %}
