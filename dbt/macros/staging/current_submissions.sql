{#- Which agency rows are "current": those whose file the ledger marks as loaded. Superseded files, files held
    for review or set aside by their structural checks, dropped files, whole-file duplicates and quarantined files
    are kept in raw (or the ledger) for data quality but never reach staging (see warehouse/ingest/ledger.py). -#}

{% macro current_submission_statuses() -%}
    {{- return(['loaded', 'loaded_with_rejections']) -}}
{%- endmacro %}


{#- The current statuses as a SQL list for `in (...)`: 'loaded', 'loaded_with_rejections'. -#}
{% macro current_submission_status_list() -%}
    {%- for status in current_submission_statuses() %}'{{ status }}'{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}


{#- The ledger's current submissions, with what staging needs to order an agency's repeated records
    (the period a file covers, then when it was received). -#}
{% macro current_submissions() -%}
    select
        submission_id,
        period_end as submission_period_end,
        received_at as submission_received_at
    from {{ source('ledger', 'submissions') }}
    where status in ({{ current_submission_status_list() }})
{%- endmacro %}


{#- Every raw row of `relation` (a CTE or relation over raw.<agency>) that belongs to a current
    submission, with the submission's period end and received time for deduplication. -#}
{% macro select_current_rows(relation) -%}
    select
        {{ relation }}.*,
        current_submissions.submission_period_end,
        current_submissions.submission_received_at
    from {{ relation }}
    inner join ({{ current_submissions() }}) as current_submissions
        on {{ relation }}._submission_id = current_submissions.submission_id
{%- endmacro %}


{#- Every row of `relation` (the renamed current rows of one agency), flagged rather than filtered, so data quality
    can check every row an agency sent while the deduplicated staging model keeps one row per record id.
    `is_newest_row` marks the row from the newest current submission (latest period covered, then latest
    received, then highest submission id), then the highest source row within that file.
    `current_rows_for_record` keeps how many current rows carried the id, so tests can tell when an agency that
    should send each record once sent it more than once. The ordering columns are dropped. -#}
{% macro flag_newest_row_per(relation, record_id) -%}
    select
        * exclude (submission_period_end, submission_received_at),
        count(*) over (partition by {{ record_id }}) as current_rows_for_record,
        row_number() over (
            partition by {{ record_id }}
            order by
                submission_period_end desc nulls last,
                submission_received_at desc nulls last,
                submission_id desc,
                source_row_number desc
        ) = 1 as is_newest_row
    from {{ relation }}
{%- endmacro %}


{#- One row per record id from an agency's model of all current rows (flag_newest_row_per): the newest row, with
    the flag dropped, so the deduplicated model keeps exactly the columns it had. -#}
{% macro keep_newest_row(relation) -%}
    select * exclude (is_newest_row)
    from {{ relation }}
    where is_newest_row
{%- endmacro %}
