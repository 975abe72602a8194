{#- Board metric #9 (safe accommodation) from fct_refuge_referrals, by financial year and month:
    referrals, acceptance rate, reasons not accepted, move-ins, length of stay, out of area, move-on. -#}
{%- set periods = [('financial_year', 'financial_year'), ('month', "strftime(referral_date, '%Y-%m')")] -%}
{%- set ended = 'Stays of referrals in the period that have ended (moved in and out)' -%}
{%- set headline_measures = [
    ('m09_refuge_referrals', 'referrals', 'null', 'referrals', 'count', 'Referrals to safe accommodation (refuge)', 'null', 'true'),
    ('m09_refuge_acceptance_rate', 'accepted', 'referrals', '100.0 * accepted / referrals', 'percent', 'Referrals to safe accommodation (refuge)', 'null', 'true'),
    ('m09_refuge_move_ins', 'moved_in', 'null', 'moved_in', 'count', 'Referrals in the period that moved in', 'null', 'true'),
    ('m09_refuge_out_of_area', 'out_of_area', 'area_known', '100.0 * out_of_area / nullif(area_known, 0)', 'percent', 'Referrals with a known previous area (Coventry ward or out of area)', '1.0 * area_known / referrals', 'true'),
    ('m09_refuge_length_of_stay_median', 'los_median', 'stays_ended', 'los_median', 'days', ended, 'null', 'stays_ended > 0'),
    ('m09_refuge_length_of_stay_q1', 'los_q1', 'stays_ended', 'los_q1', 'days', ended, 'null', 'stays_ended > 0'),
    ('m09_refuge_length_of_stay_q3', 'los_q3', 'stays_ended', 'los_q3', 'days', ended, 'null', 'stays_ended > 0'),
] -%}
with

referrals as (

    {{ within_submitted_periods('fct_refuge_referrals', 'referral_date') }}

),

by_period as (

    {% for period_type, period_column in periods %}
        select
            '{{ period_type }}' as period_type,
            {{ period_column }} as period_label,
            *
        from referrals
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

totals as (

    select
        period_type,
        period_label,
        count(*) as referrals,
        count(*) filter (where is_accepted) as accepted,
        count(*) filter (where has_moved_in) as moved_in,
        count(*) filter (where is_out_of_area) as out_of_area,
        count(is_out_of_area) as area_known,
        count(length_of_stay_days) as stays_ended,
        median(length_of_stay_days) as los_median,
        quantile_cont(length_of_stay_days, 0.25) as los_q1,
        quantile_cont(length_of_stay_days, 0.75) as los_q3
    from by_period
    group by all

),

headline as (

    {% for measure, numerator, denominator, value, unit, base, completeness, condition in headline_measures %}
        select
            9 as metric_id,
            '{{ measure }}' as measure,
            period_type,
            period_label,
            'all' as breakdown,
            'all' as breakdown_value,
            cast({{ numerator }} as double) as numerator,
            cast({{ denominator }} as double) as denominator,
            cast({{ value }} as double) as metric_value,
            '{{ unit }}' as unit,
            '{{ base }}' as population_base,
            cast({{ completeness }} as double) as completeness
        from totals
        where {{ condition }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

not_accepted as (

    select
        9 as metric_id,
        'm09_refuge_not_accepted_reason' as measure,
        by_period.period_type,
        by_period.period_label,
        'outcome' as breakdown,
        coalesce(by_period.outcome, 'Not recorded') as breakdown_value,
        cast(count(*) as double) as numerator,
        cast(any_value(totals.referrals - totals.accepted) as double) as denominator,
        100.0 * count(*) / any_value(totals.referrals - totals.accepted) as metric_value,
        'percent' as unit,
        'Referrals not accepted' as population_base,
        cast(null as double) as completeness
    from by_period
    inner join totals
        on by_period.period_type = totals.period_type and by_period.period_label = totals.period_label
    where not by_period.is_accepted and by_period.period_type = 'financial_year'
    group by all

),

move_on as (

    select
        9 as metric_id,
        'm09_refuge_move_on_outcome' as measure,
        by_period.period_type,
        by_period.period_label,
        'move_on_outcome' as breakdown,
        coalesce(by_period.move_on_outcome, 'Not recorded') as breakdown_value,
        cast(count(*) as double) as numerator,
        cast(any_value(totals.stays_ended) as double) as denominator,
        100.0 * count(*) / any_value(totals.stays_ended) as metric_value,
        'percent' as unit,
        'Referrals in the period whose stay has ended' as population_base,
        cast(null as double) as completeness
    from by_period
    inner join totals
        on by_period.period_type = totals.period_type and by_period.period_label = totals.period_label
    where by_period.length_of_stay_days is not null and by_period.period_type = 'financial_year'
    group by all

)

select * from headline
union all
select * from not_accepted
union all
select * from move_on
