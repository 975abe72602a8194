{#- The agency registry as configured: one row per agency. -#}
with

source as (

    select * from {{ source('ledger', 'agencies') }}

),

renamed as (

    select
        {{ clean_text('agency') }} as agency,
        {{ clean_text('agency_name') }} as agency_name,
        {{ clean_text('agency_label') }} as agency_label,
        {{ clean_text('service') }} as service,
        {{ clean_text('extract_description') }} as extract_description,
        {{ clean_text('entity') }} as entity,
        first_period_start,
        client_roles,
        {{ clean_text('cadence') }} as cadence,
        {{ clean_text('period_type') }} as period_type,
        due_days_after_period_end,
        {{ clean_text('file_format') }} as file_format,
        file_pattern,
        {{ clean_text('registry_file') }} as registry_file

    from source

)

select * from renamed
