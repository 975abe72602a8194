{#- The files the partnership received but does not use, and why, for the board pack's data-quality page: each file
    set aside by its agency's structural checks, and each resubmission held for review because it looked incomplete
    next to the file it would replace. Only the reason is published, never a row: ingest's messages name files,
    rules and counts of rows, not values. A held file's message ends with the data lead's commands, left out here. -#}
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
        split_part(message, ' To use it', 1) as reason
    from submissions
    where status in ('set_aside', 'held_for_review')

)

select * from final
