{#- Rows ingest rejected, one row per row and reason. -#}
with

source as (

    select * from {{ source('ledger', 'rejected_rows') }}

),

renamed as (

    select
        submission_id,
        {{ clean_text('agency') }} as agency,
        {{ clean_text('file_name') }} as file_name,
        source_row_number,
        {{ clean_text('reason_code') }} as reason_code,
        {{ clean_text('reason') }} as reason,
        {{ clean_text('field') }} as field_name,
        {{ clean_text('value') }} as value_as_received

    from source

)

select * from renamed
