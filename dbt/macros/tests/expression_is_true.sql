{#- Fails for every row where `expression` is not true (false or null counts as a failure).
    Attach it to a model; when attached to a column the expression still names the column itself
    (`column_name` is accepted only so that both placements work). -#}
{% test expression_is_true(model, expression, column_name=none) %}

    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)

{% endtest %}
