{#- A fact's rows whose event date falls within the periods its agency's current submissions cover, so a metric
    never counts a stray date (a year typed wrongly) outside what the agency actually sent. The agency is the one
    each row's submission came from, so no agency is named here. -#}
{% macro within_submitted_periods(fact, date_column) -%}
    with

    window_bounds as (

        select
            agency,
            min(period_start) as window_start,
            max(period_end) as window_end
        from {{ ref('stg_ledger__submissions') }}
        where is_current
        group by agency

    )

    select {{ fact }}.*
    from {{ ref(fact) }} as {{ fact }}
    inner join {{ ref('stg_ledger__submissions') }} as fact_submissions
        on {{ fact }}.submission_id = fact_submissions.submission_id
    inner join window_bounds
        on
            fact_submissions.agency = window_bounds.agency
            and {{ fact }}.{{ date_column }} between window_bounds.window_start and window_bounds.window_end
{%- endmacro %}
