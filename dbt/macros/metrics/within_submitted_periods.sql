{#- A fact's rows whose event date falls within the periods the agency's current submissions cover, so a
    metric never counts a stray date (a year typed wrongly) outside what the agency actually sent. -#}
{% macro within_submitted_periods(agency, fact, date_column) -%}
    with

    window_bounds as (

        select
            min(period_start) as window_start,
            max(period_end) as window_end
        from {{ ref('stg_ledger__submissions') }}
        where agency = '{{ agency }}' and is_current

    )

    select {{ fact }}.*
    from {{ ref(fact) }} as {{ fact }}
    inner join window_bounds
        on {{ fact }}.{{ date_column }} between window_bounds.window_start and window_bounds.window_end
{%- endmacro %}
