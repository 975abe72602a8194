{#- The partnership average to compare each agency's completeness against: per financial quarter and financial
    year, completeness rule (not stated, not known) and field, the records with the condition over the records
    assessed, pooled across every agency whose extract has the field (an agency that does not collect a field at
    all would only dilute the average). An aggregate, so it may appear in every agency's pack; published only when
    at least `min_agencies` agencies contribute, so no pack can read one other agency's figure from it. -#}
{%- set min_agencies = 3 -%}
with

scorecard as (

    select * from {{ ref('fct_dq_scorecard') }}

),

not_collected as (

    select
        agency,
        period_start,
        field_name,
        rule_value as not_collected_share
    from scorecard
    where rule_name = 'completeness_not_collected'

),

collected_fields as (

    select
        scorecard.agency,
        scorecard.period_start,
        scorecard.financial_year,
        scorecard.rule_name,
        scorecard.field_name,
        scorecard.numerator,
        scorecard.denominator,
        -- financial quarters start in April, so calendar quarter starts are also financial quarter starts
        date_trunc('quarter', scorecard.period_start) as quarter_start
    from scorecard
    inner join not_collected
        on
            scorecard.agency = not_collected.agency
            and scorecard.period_start = not_collected.period_start
            and scorecard.field_name = not_collected.field_name
    where
        scorecard.rule_name in ('completeness_not_stated', 'completeness_not_known')
        and not_collected.not_collected_share < 1
        and scorecard.denominator > 0

),

by_period as (

    select
        'quarter' as period_type,
        cast(quarter_start as date) as period_start,
        cast(quarter_start + interval 3 month - interval 1 day as date) as period_end,
        {{ financial_year_label('quarter_start') }} || ' Q' || cast((month(quarter_start) + 8) % 12 // 3 + 1 as varchar)
            as period_label,
        rule_name,
        field_name,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(distinct agency) as agencies_contributing
    from collected_fields
    group by quarter_start, rule_name, field_name

    union all

    select
        'financial_year' as period_type,
        make_date(cast(left(financial_year, 4) as integer), 4, 1) as period_start,
        make_date(cast(left(financial_year, 4) as integer) + 1, 3, 31) as period_end,
        financial_year as period_label,
        rule_name,
        field_name,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(distinct agency) as agencies_contributing
    from collected_fields
    group by financial_year, rule_name, field_name

),

final as (

    select
        concat_ws('|', period_type, period_label, rule_name, field_name) as partnership_average_id,
        period_type,
        period_start,
        period_end,
        period_label,
        rule_name,
        field_name,
        numerator / denominator as partnership_share,
        cast(agencies_contributing as integer) as agencies_contributing,
        cast({{ rounded_count('denominator') }} as bigint) as records_assessed_rounded
    from by_period
    where agencies_contributing >= {{ min_agencies }}

)

select * from final
