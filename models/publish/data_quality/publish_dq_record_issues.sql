{#- Record-level data-quality issues as they go back to the agency that sent the rows: the file, the row number in
    the file as received, the agency's own record reference, the rule and field, the problem in words and how to
    fix it (dq_rule_guidance). No personal identifier: fct_dq_record_issues never carries one.

    Only issues in a file the pipeline could date to one of the agency's periods are published. A file it could
    not date (one found in the wrong agency's inbox folder, say) holds another agency's data and its name and
    description identify that agency; it is the data lead's to move (see data/quarantine), not the agency's to fix.
    A rule with no guidance yet keeps the mart's detail and an empty how_to_fix (a warning test flags it). -#}
with

issues as (

    select * from {{ ref('fct_dq_record_issues') }}

),

guidance as (

    select * from {{ ref('dq_rule_guidance') }}

),

final as (

    select
        issues.issue_id,
        issues.agency,
        issues.submission_id,
        issues.file_name,
        issues.period_start,
        issues.period_end,
        issues.submission_status,
        issues.source_row_number,
        issues.record_id,
        issues.dimension,
        issues.rule_name,
        coalesce(guidance.title, replace(issues.rule_name, '_', ' ')) as rule_title,
        issues.field_name,
        coalesce(issues.detail, guidance.what_it_means) as problem,
        guidance.how_to_fix
    from issues
    left join guidance
        on issues.rule_name = guidance.rule_name
    where issues.period_start is not null

)

select * from final
