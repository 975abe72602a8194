{#- Record-level data-quality issues for feedback packs: one row per file, row, rule and field, pointing staff at
    the file and row to fix (source_row_number is the line in the file as received; null for an issue with the
    whole file). Includes the rows ingest rejected. `detail` never carries an identifier value. -#}
with

issues as (

    select * from {{ ref('int_dq_record_issues') }}

),

final as (

    select
        issue_id,
        agency,
        submission_id,
        file_name,
        period_start,
        period_end,
        submission_status,
        source_row_number,
        record_id,
        case
            when
                rule_name in (
                    'date_format', 'invalid_postcode', 'invalid_nhs_number', 'impossible_value',
                    'unmapped_code', 'fuzzy_code', 'ward_name_variant'
                )
                then 'validity'
            when rule_name in ('duplicate_rows', 'duplicate_file') then 'duplicates'
            when rule_name in ('schema_drift', 'quarantined_file', 'set_aside_file', 'held_file') then 'structure'
            when rule_name = 'rejected_rows' then 'completeness'
            else 'scope'
        end as dimension,
        rule_name,
        field_name,
        detail
    from issues

)

select * from final
