{#- One row per agency and expected period: a spine from the agency's first expected period (the registry's
    first_period) to the later of the run's as-at date and the latest period any file covers, keeping every period
    that is due by the as-at date and every period a file covers (a quarterly return sent before its due date is a
    period too, with its pack), left joined to the submissions covering it. The as-at date is the run date, or
    AS_AT_DATE when set (to look at the data as it stood on a day; the tests pin it to the sample's last receipt).
    Quarters (financial or calendar) start in January, April, July and October either way. Timeliness is measured on the first file
    received for the period (a later resubmission does not make an on-time period late); volume on the current
    file(s), a file covering several periods spreading its rows evenly over them. -#}
with

agencies as (

    select * from {{ ref('stg_ledger__agencies') }}

),

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

as_at as (

    select
        {%- set as_at_date = env_var("AS_AT_DATE", "") %}
        coalesce(try_cast('{{ as_at_date }}' as date), current_date) as as_at_date,
        max(period_end) as latest_period_covered
    from submissions

),

spine as (

    select
        agencies.agency,
        agencies.cadence,
        agencies.due_days_after_period_end,
        cast(months.period_start_ts as date) as period_start,
        cast(
            months.period_start_ts
            + case when agencies.cadence = 'monthly' then interval 1 month else interval 3 month end
            - interval 1 day as date
        ) as period_end
    from agencies
    cross join
        generate_series(
            (select cast(min(registry.first_period_start) as timestamp) from agencies as registry),
            (select cast(greatest(as_at.as_at_date, as_at.latest_period_covered) as timestamp) from as_at),
            interval 1 month
        ) as months (period_start_ts)
    where
        months.period_start_ts >= agencies.first_period_start
        and (agencies.cadence = 'monthly' or month(months.period_start_ts) in (1, 4, 7, 10))

),

due as (

    select
        spine.*,
        cast(spine.period_end + spine.due_days_after_period_end as date) as due_date
    from spine
    where
        cast(spine.period_end + spine.due_days_after_period_end as date) <= (select as_at.as_at_date from as_at)
        or exists (
            select 1 from submissions
            where
                submissions.agency = spine.agency
                and spine.period_start >= submissions.period_start
                and spine.period_end <= submissions.period_end
        )

),

covering as (

    select
        due.agency,
        due.period_start,
        submissions.submission_id,
        submissions.status,
        submissions.is_current,
        submissions.received_at,
        submissions.rows_loaded,
        -- How many expected periods the file covers (2 for a combined two-month file).
        greatest(
            1,
            case
                when due.cadence = 'monthly'
                    then date_diff('month', submissions.period_start, submissions.period_end) + 1
                else (date_diff('month', submissions.period_start, submissions.period_end) + 1) // 3
            end
        ) as periods_covered
    from due
    inner join submissions
        on
            due.agency = submissions.agency
            and due.period_start >= submissions.period_start
            and due.period_end <= submissions.period_end

),

per_period as (

    select
        agency,
        period_start,
        min(received_at) filter (
            where status in ('loaded', 'loaded_with_rejections', 'superseded')
        ) as first_received_at,
        max(received_at) filter (where is_current) as current_received_at,
        count(*) filter (where is_current) as current_files,
        count(*) filter (where status = 'superseded') as superseded_files,
        count(*) filter (where status = 'duplicate_file') as duplicate_files,
        count(*) filter (where status = 'quarantined') as quarantined_files,
        max(periods_covered) filter (where is_current) as periods_covered,
        sum(rows_loaded / periods_covered) filter (where is_current) as rows_loaded
    from covering
    group by agency, period_start

),

joined as (

    select
        due.agency,
        due.cadence,
        due.period_start,
        due.period_end,
        due.due_date,
        per_period.first_received_at,
        per_period.current_received_at,
        coalesce(per_period.current_files, 0) as current_files,
        coalesce(per_period.superseded_files, 0) as superseded_files,
        coalesce(per_period.duplicate_files, 0) as duplicate_files,
        coalesce(per_period.quarantined_files, 0) as quarantined_files,
        coalesce(per_period.periods_covered, 1) as periods_covered,
        cast(per_period.rows_loaded as double) as rows_loaded
    from due
    left join per_period
        on
            due.agency = per_period.agency
            and due.period_start = per_period.period_start

),

timeliness as (

    select
        *,
        case
            when current_files = 0 or first_received_at is null then 'missing'
            when cast(first_received_at as date) <= due_date then 'on_time'
            else 'late'
        end as timeliness_status,
        case
            when first_received_at is not null
                then greatest(0, date_diff('day', due_date, cast(first_received_at as date)))
        end as days_late
    from joined

),

baselines as (

    select
        *,
        -- Robust baseline: the median of the agency's own periods in the previous twelve months (missing periods
        -- do not enter it), needing at least six months or three quarters; failing that, the median of the same calendar month in
        -- earlier years. A one-off partial or spike period barely moves a median.
        median(rows_loaded) over twelve_months as rolling_twelve_month_median,
        count(rows_loaded) over twelve_months as rolling_twelve_month_periods,
        median(rows_loaded) over (
            partition by agency, month(period_start)
            order by period_start
            rows between unbounded preceding and 1 preceding
        ) as same_months_median
    from timeliness
    window twelve_months as (
        partition by agency
        order by period_start
        range between interval 12 month preceding and interval 1 day preceding
    )

),

chosen as (

    select
        *,
        case
            when rolling_twelve_month_periods >= minimum_baseline_periods then rolling_twelve_month_median
            else same_months_median
        end as baseline_rows,
        case
            when rolling_twelve_month_periods >= minimum_baseline_periods then 'rolling_twelve_month_median'
            when same_months_median is not null then 'same_months_median'
        end as baseline_method
    from (
        select
            *,
            case when cadence = 'monthly' then 6 else 3 end as minimum_baseline_periods
        from baselines
    ) as with_minimum

),

final as (

    select
        agency || '|' || cast(period_start as varchar) as agency_period_id,
        agency,
        cadence,
        period_start,
        period_end,
        due_date,
        first_received_at,
        current_received_at,
        timeliness_status,
        days_late,
        current_files,
        superseded_files,
        duplicate_files,
        quarantined_files,
        periods_covered,
        rows_loaded,
        baseline_rows,
        baseline_method,
        rows_loaded / nullif(baseline_rows, 0) as volume_ratio,
        -- Small-count guard: a difference within four Poisson standard deviations of the baseline is noise
        -- (a service with twenty referrals a month swings by a third from chance alone; counts are overdispersed).
        coalesce(abs(rows_loaded - baseline_rows) > 4 * sqrt(baseline_rows), false) as volume_change_is_notable
    from chosen

)

select * from final
