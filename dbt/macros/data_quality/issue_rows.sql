{#- One data-quality rule over one agency model of every current row: a select of the rows where `condition` holds,
    in the shape int_dq_record_issues stacks (agency, submission_id, source_row_number, record_id, rule_name,
    field_name, detail), so each rule is one call rather than another copy of the same select. The relation is
    aliased `checked_rows` for conditions that look at other rows of the same model. `detail` is a SQL expression
    (a quoted literal or a case on the row's columns) and must never carry an identifier value. -#}
{% macro issue_rows(agency, relation, record_id, rule, field, detail, condition) -%}
    select
        '{{ agency }}' as agency,
        checked_rows.submission_id,
        checked_rows.source_row_number,
        checked_rows.{{ record_id }} as record_id,
        '{{ rule }}' as rule_name,
        '{{ field }}' as field_name,
        {{ detail }} as detail
    from {{ relation }} as checked_rows
    where {{ condition }}
{%- endmacro %}
