{#- Every data-quality issue found in a file or a row, one row per file, row, rule and field. Row-level issues come
    from every row of every current submission (the agency models of all current rows and the contact rows built
    from them), not only the newest version of each record: a fault the agency corrected by re-sending the record
    in a later file is still attributed to the file and row where it was sent. Rows ingest rejected and file-level
    issues (source_row_number null) from the ledger complete it. `detail` says what is wrong and never carries an
    identifier value (codes and ward names as received are not identifiers). -#}
with

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

rejected_rows as (

    select * from {{ ref('stg_ledger__rejected_rows') }}

),

contacts as (

    -- every contact row (earlier versions of a record included) with its codes' match methods
    select
        contact_rows.*,
        standardised.sex_match_method,
        standardised.ethnicity_match_method,
        standardised.disability_match_method,
        standardised.age_band_match_method,
        standardised.ward_name_match_method
    from {{ ref('int_agency_contact_rows_unioned') }} as contact_rows
    inner join {{ ref('int_agency_contact_rows_standardised') }} as standardised
        on
            contact_rows.contact_id = standardised.contact_id
            and contact_rows.submission_id = standardised.submission_id
            and contact_rows.source_row_number = standardised.source_row_number

),

ward_names as (

    select * from {{ ref('int_ward_names_mapped') }}

),

staging_issues as (

    {#- For every agency in the registry, its staging model of every current row: the postcode rules for each person
        and place, the NHS number and date-of-birth rules for each person, the stated-age rule for each stated age
        column, and duplicate record ids. -#}
    {%- set rules = [] %}
    {%- for agency in registry_agencies() %}
        {%- set rows = ref(agency.rows_model) %}
        {%- set owners = agency.people | map(attribute='person') | list + agency.places %}
        {%- for owner in owners %}
            {%- do rules.append(issue_rows(
                agency.agency, rows, agency.record_id, rule='invalid_postcode', field=owner ~ '_postcode',
                detail="case when " ~ owner ~ "_postcode_status = 'not_found'"
                    ~ " then 'postcode not found in the postcode lookup for ' || " ~ owner ~ "_postcode_district"
                    ~ " || ' (a typing error?)' else 'postcode is malformed or not a real postcode' end",
                condition=owner ~ "_postcode_status in ('invalid', 'not_found')"
            )) %}
            {%- do rules.append(issue_rows(
                agency.agency, rows, agency.record_id, rule='out_of_area_postcode', field=owner ~ '_postcode',
                detail="'postcode outside Coventry'",
                condition=owner ~ "_postcode_status = 'out_of_area'"
            )) %}
        {%- endfor %}
        {%- for person in agency.people %}
            {%- set p = person.person %}
            {%- do rules.append(issue_rows(
                agency.agency, rows, agency.record_id, rule='invalid_nhs_number', field=p ~ '_nhs_number',
                detail="case when " ~ p ~ "_nhs_status = 'invalid_check_digit'"
                    ~ " then 'NHS number fails the modulus-11 check digit'"
                    ~ " else 'NHS number is not ten digits' end",
                condition=p ~ "_nhs_status in ('invalid_check_digit', 'invalid_format')"
            )) %}
            {#- An unborn child (age -1 at a pre-birth referral) is legitimate for a child. #}
            {%- do rules.append(issue_rows(
                agency.agency, rows, agency.record_id, rule='impossible_value', field=p ~ '_dob',
                detail="case when " ~ p ~ "_age_at_event < 0 then 'date of birth after the event'"
                    ~ " else 'date of birth gives an age over 110' end",
                condition=p ~ "_age_at_event < " ~ (-1 if person.role == 'child' else 0)
                    ~ " or " ~ p ~ "_age_at_event > 110"
            )) %}
            {%- if person.age %}
                {%- do rules.append(issue_rows(
                    agency.agency, rows, agency.record_id, rule='impossible_value', field=person.age,
                    detail="'age under 0 or over 110'",
                    condition=person.age ~ " < 0 or " ~ person.age ~ " > 110"
                )) %}
            {%- endif %}
        {%- endfor %}
        {#- A record id on two rows of one file (across files is how some agencies send updates). #}
        {%- do rules.append(issue_rows(
            agency.agency, rows, agency.record_id, rule='duplicate_rows', field='record_id',
            detail="'record id appears on more than one row of the file'",
            condition="exists (select 1 from " ~ rows ~ " as other_rows"
                ~ " where other_rows.submission_id = checked_rows.submission_id"
                ~ " and other_rows." ~ agency.record_id ~ " = checked_rows." ~ agency.record_id
                ~ " and other_rows.source_row_number <> checked_rows.source_row_number)"
        )) %}
    {%- endfor %}
    {{ rules | join('\n\n    union all\n\n    ') }}

),

contact_issues as (

    {%- for contact_field in ['sex', 'ethnicity', 'disability', 'age_band', 'ward_name'] %}
        {%- set raw = 'age_band_raw' if contact_field == 'age_band' else contact_field ~ '_raw' %}

        select distinct
            agency,
            submission_id,
            source_row_number,
            record_id,
            case
                when {{ contact_field }}_match_method = 'unmapped' then 'unmapped_code'
                else 'fuzzy_code'
            end as rule_name,
            role || '_{{ contact_field }}' as field_name,
            case
                when {{ contact_field }}_match_method = 'unmapped' then '{{ contact_field }} value not in the crosswalk'
                else '{{ contact_field }} value matched only approximately'
            end
            {%- if contact_field != 'age_band' %} || ': ' || coalesce({{ raw }}, '') {%- endif %} as detail
        from contacts
        where
            -- exact and normalised matches (free text read on its wording, not misspelt) are not findings
            {{ contact_field }}_match_method in ('unmapped', 'fuzzy')
            {%- if contact_field == 'age_band' %}
                -- an unborn child (age -1 at a pre-birth referral) has no age band but is not an error
                and not (role = 'child' and age_at_event = -1)
            {%- endif %}

        union all
    {%- endfor %}

    select distinct
        contacts.agency,
        contacts.submission_id,
        contacts.source_row_number,
        contacts.record_id,
        case when ward_names.variant_type = 'misspelling' then 'fuzzy_code' else 'ward_name_variant' end as rule_name,
        contacts.role || '_ward_name' as field_name,
        case
            when ward_names.variant_type = 'misspelling' then 'known misspelling of a ward name: '
            else 'non-standard spelling of a ward name: '
        end || contacts.ward_name_raw as detail
    from contacts
    inner join ward_names
        on
            contacts.agency = ward_names.agency
            and contacts.ward_name_raw = ward_names.raw_value
    where
        ward_names.variant_type in ('misspelling', 'format_variant', 'abbreviation')
        and contacts.ward_name_match_method = 'exact'

    union all

    select distinct
        contacts.agency,
        contacts.submission_id,
        contacts.source_row_number,
        contacts.record_id,
        'impossible_value' as rule_name,
        'event_date' as field_name,
        'event date after the file was received' as detail
    from contacts
    inner join submissions
        on contacts.submission_id = submissions.submission_id
    where contacts.event_date > cast(submissions.received_at as date)

),

rejected_issues as (

    select
        agency,
        submission_id,
        source_row_number,
        cast(null as varchar) as record_id,
        case when reason_code = 'duplicate_row' then 'duplicate_rows' else 'rejected_rows' end as rule_name,
        coalesce(field_name, 'row') as field_name,
        'row rejected at ingest: ' || reason_code as detail
    from rejected_rows
    where reason_code <> 'duplicate_file'

),

file_issues as (

    select
        agency,
        submission_id,
        cast(null as integer) as source_row_number,
        cast(null as varchar) as record_id,
        'date_format' as rule_name,
        'dates' as field_name,
        'dates read only under a fallback format or in mixed formats: check the export settings' as detail
    from submissions
    where
        warnings ilike '%not an expected format%'
        or warnings ilike '%mixed date formats%'
        or warnings ilike '%day and month order is ambiguous%'

    union all

    select
        agency,
        submission_id,
        cast(null as integer) as source_row_number,
        cast(null as varchar) as record_id,
        case status
            when 'duplicate_file' then 'duplicate_file'
            when 'set_aside' then 'set_aside_file'
            when 'held_for_review' then 'held_file'
            else 'quarantined_file'
        end as rule_name,
        'file' as field_name,
        -- a held file's message ends with the data lead's commands, which are not for the agency
        coalesce(split_part(message, ' To use it', 1), status) as detail
    from submissions
    where status in ('duplicate_file', 'quarantined', 'set_aside', 'held_for_review')

    union all

    select
        agency,
        submission_id,
        cast(null as integer) as source_row_number,
        cast(null as varchar) as record_id,
        'schema_drift' as rule_name,
        'header' as field_name,
        concat_ws(
            '; ',
            case when columns_unexpected is not null then 'unexpected columns: ' || columns_unexpected end,
            case when columns_missing is not null then 'missing columns: ' || columns_missing end,
            case
                when schema_version <> previous_schema_version
                    then 'schema version changed from ' || previous_schema_version || ' to ' || schema_version
            end
        ) as detail
    from (
        select
            *,
            lag(schema_version) over (
                partition by agency order by period_start, received_at
            ) as previous_schema_version
        from submissions
        where schema_version is not null
    ) as versioned
    where
        columns_unexpected is not null
        or columns_missing is not null
        or schema_version <> previous_schema_version

),

unioned as (

    select * from staging_issues
    union all
    select * from contact_issues
    union all
    select * from rejected_issues
    union all
    select * from file_issues

),

final as (

    select
        md5(concat_ws(
            '|', unioned.submission_id, coalesce(unioned.source_row_number, -1), unioned.rule_name, unioned.field_name,
            unioned.detail
        )) as issue_id,
        unioned.agency,
        unioned.submission_id,
        submissions.file_name,
        submissions.period_start,
        submissions.period_end,
        submissions.status as submission_status,
        unioned.source_row_number,
        unioned.record_id,
        unioned.rule_name,
        unioned.field_name,
        unioned.detail
    from unioned
    left join submissions
        on unioned.submission_id = submissions.submission_id

)

select distinct * from final
