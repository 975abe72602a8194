{#- Fails for every combination of `combination_of_columns` that occurs on more than one row
    (a hand-written equivalent of dbt_utils' test: no dbt packages can be installed here).
    Nulls count as a value, so two rows with the same columns null are duplicates. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set columns_csv = combination_of_columns | join(', ') %}

    select
        {{ columns_csv }},
        count(*) as n_rows
    from {{ model }}
    group by {{ columns_csv }}
    having count(*) > 1

{% endtest %}
