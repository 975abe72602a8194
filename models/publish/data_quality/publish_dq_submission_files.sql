{#- Every file an agency sent that the pipeline could date to one of its periods, for the header and submission
    history of the agency's feedback pack: when it arrived, what ingest did with it and how many rows it had
    (counts of records, not of people). A file the pipeline could not date (one in the wrong agency's inbox
    folder) is left out for the reason given in publish_dq_record_issues. Ingest's free-text message is left out
    too: for a misplaced file it names the agency the file belongs to. -#}
with

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

final as (

    select
        submission_id,
        agency,
        file_name,
        period_start,
        period_end,
        received_at,
        status,
        is_current,
        schema_version,
        rows_in,
        rows_loaded,
        rows_rejected
    from submissions
    where period_start is not null

)

select * from final
