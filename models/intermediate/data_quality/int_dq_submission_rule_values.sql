{#- One row per submission, rule and field: the rule's value for the file (numerator over denominator). Field
    completeness (not stated, not known, not collected and approximate kept apart) is measured on the file's
    current contacts;
    record-level validity rules as the share of the file's rows with an issue; file-level rules (date format,
    schema drift, duplicate, quarantined, set-aside or held file) as a count of files (0 or 1). Every applicable rule gets a row,
    zero included, so a clean file scores green rather than nothing. -#}
{%- set share_rules = [
    'unmapped_code', 'fuzzy_code', 'invalid_postcode', 'invalid_nhs_number', 'impossible_value',
    'duplicate_rows', 'rejected_rows', 'out_of_area_postcode'
] -%}
{%- set file_rules = [
    'date_format', 'schema_drift', 'duplicate_file', 'quarantined_file', 'set_aside_file', 'held_file'
] -%}
with

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

issues as (

    select * from {{ ref('int_dq_record_issues') }}

),

contacts as (

    select * from {{ ref('fct_agency_contacts') }}

),

contact_states as (

    select
        submission_id,
        'ethnicity' as field_name,
        ethnicity_key as state
    from contacts
    union all
    select
        submission_id,
        'disability' as field_name,
        disability_status as state
    from contacts
    union all
    select
        submission_id,
        'sex' as field_name,
        case when sex_match_method = 'not_collected' then 'not_collected' else sex end as state
    from contacts
    union all
    select
        submission_id,
        'age' as field_name,
        age_band as state
    from contacts
    union all
    select
        submission_id,
        'ward' as field_name,
        case
            -- a ward placed from a postcode sector or district is approximate: never counted as complete
            when ward_is_approximate then 'approximate'
            -- no geography, or only a sector or district that spans wards: the agency collects no ward
            when ward_code = 'not_known' and geography_precision <> 'ward' then 'not_collected'
            else ward_code
        end as state
    from contacts
    {%- for agency in registry_agencies() if agency.risk_level %}
        union all
        -- Risk level (agencies whose registry names a risk_level column): blank or 'Not Known' is not known;
        -- 'N/A' (not applicable, no DASH assessment for the referral route) is an answer.
        select
            submission_id,
            'risk_level' as field_name,
            case when lower(coalesce({{ agency.risk_level }}, 'not known')) = 'not known' then 'not_known' end as state
        from {{ ref(agency.rows_model) }}
        where is_newest_row
    {%- endfor %}

),

completeness as (

    select
        contact_states.submission_id,
        'completeness_' || unknown_states.state as rule_name,
        contact_states.field_name,
        count(*) filter (where contact_states.state = unknown_states.state) as numerator,
        count(*) as denominator
    from contact_states
    cross join (values ('not_stated'), ('not_known'), ('not_collected'), ('approximate')) as unknown_states (state)
    -- only a ward can be approximate
    where unknown_states.state <> 'approximate' or contact_states.field_name = 'ward'
    group by all

),

share_rule_names as (

    select unnest({{ share_rules }}) as rule_name

),

file_rule_names as (

    select unnest({{ file_rules }}) as rule_name

),

current_submissions as (

    select * from submissions
    where is_current

),

share_rules as (

    select
        current_submissions.submission_id,
        rules.rule_name,
        'all' as field_name,
        count(distinct issues.source_row_number) as numerator,
        max(current_submissions.rows_in) as denominator
    from current_submissions
    cross join share_rule_names as rules
    left join issues
        on
            current_submissions.submission_id = issues.submission_id
            and rules.rule_name = issues.rule_name
            and issues.source_row_number is not null
    group by all

),

file_rules as (

    select
        submissions.submission_id,
        rules.rule_name,
        'file' as field_name,
        count(distinct issues.issue_id) as numerator,
        1 as denominator
    from submissions
    cross join file_rule_names as rules
    left join issues
        on
            submissions.submission_id = issues.submission_id
            and rules.rule_name = issues.rule_name
    group by all

),

unioned as (

    select * from completeness
    union all
    select * from share_rules
    union all
    select * from file_rules

),

final as (

    select
        unioned.submission_id,
        submissions.agency,
        submissions.status,
        submissions.is_current,
        submissions.period_start,
        submissions.period_end,
        unioned.rule_name,
        unioned.field_name,
        unioned.numerator,
        unioned.denominator,
        case
            when unioned.denominator > 0 and unioned.field_name = 'file' then cast(unioned.numerator as double)
            when unioned.denominator > 0 then unioned.numerator / unioned.denominator
        end as rule_value
    from unioned
    inner join submissions
        on unioned.submission_id = submissions.submission_id

)

select * from final
