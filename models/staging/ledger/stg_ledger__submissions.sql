{#- Ingest's file ledger, one row per file whatever its status (the agency staging models keep only
    the current ones). Typed already; text trimmed. -#}
with

source as (

    select * from {{ source('ledger', 'submissions') }}

),

renamed as (

    select
        submission_id,
        {{ clean_text('agency') }} as agency,
        {{ clean_text('file_name') }} as file_name,
        {{ clean_text('content_sha256') }} as content_sha256,
        file_bytes,
        received_at,
        processed_at,
        period_start,
        period_end,
        {{ clean_text('period_label') }} as period_label,
        {{ clean_text('schema_version') }} as schema_version,
        {{ clean_text('encoding') }} as file_encoding,
        rows_in,
        rows_loaded,
        rows_rejected,
        {{ clean_text('status') }} as status,
        coalesce(status in ({{ current_submission_status_list() }}), false) as is_current,
        {{ clean_text('message') }} as message,
        {{ clean_text('warnings') }} as warnings,
        {{ clean_text('columns_unexpected') }} as columns_unexpected,
        {{ clean_text('columns_missing') }} as columns_missing,
        superseded_by

    from source

)

select * from renamed
