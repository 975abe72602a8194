{#- The board metrics as they may leave the warehouse: fct_board_metrics with disclosure control applied.

    1. A cell is a disclosure group's figures for one period and breakdown value (measures sharing counts share
       a group, dim_metric.disclosure_group).
    2. Primary suppression: cells where any of its measures has a count (numerator or denominator) of 1 to 7.
    3. Complementary suppression: a measure's figures that add up to another of its figures form a relation
       (the breakdown values of a period with its total; the agency's yes/no/not recorded states of a cohort;
       the months or quarters of a financial year with the year). A relation with exactly one suppressed cell would give it away by
       subtraction, so its smallest other cell is suppressed too (the least information lost). Each pass can create a new
       single in another relation, so the passes repeat (var complementary_suppression_passes).
    4. Counts that are published are rounded to the nearest 5 (a count measure's value too); rates and shares
       are computed from the unrounded counts, as official statistics do. A suppressed cell shows no numerator, count denominator or value.
-#}
{%- set passes = var('complementary_suppression_passes') -%}
with

metrics as (

    select * from {{ ref('fct_board_metrics') }}

),

definitions as (

    select * from {{ ref('dim_metric') }}

),

wards as (

    select * from {{ ref('dim_ward') }}

),

measured as (

    select
        metrics.*,
        definitions.measure_name,
        definitions.disclosure_group,
        definitions.numerator_kind,
        definitions.denominator_kind,
        -- a count behind the figure small enough to identify someone (numerator or denominator)
        coalesce(
            definitions.numerator_kind = 'count' and {{ is_small_count('metrics.numerator') }}
            or definitions.denominator_kind = 'count' and {{ is_small_count('metrics.denominator') }},
            false
        ) as has_small_count,
        -- the size of the figure, to pick the complement that loses the least information
        greatest(
            case when definitions.numerator_kind = 'count' then metrics.numerator end,
            case when definitions.denominator_kind = 'count' then metrics.denominator end
        ) as figure_count,
        concat_ws(
            '|', definitions.disclosure_group, metrics.period_type, metrics.period_label,
            metrics.breakdown, metrics.breakdown_value
        ) as cell_id,
        -- financial year of a month or quarter, for the time relation
        case
            when metrics.period_type = 'quarter' then left(metrics.period_label, 7)
            when metrics.period_type = 'month' then {{ financial_year_label('metrics.period_start') }}
        end as financial_year
    from metrics
    inner join definitions
        on metrics.measure = definitions.measure

),

cells as (

    select
        cell_id,
        bool_or(has_small_count) as has_small_count,
        coalesce(max(figure_count), 0) as cell_count
    from measured
    group by cell_id

),

breakdowns_per_period as (

    select distinct
        measure,
        period_type,
        period_label,
        breakdown
    from measured
    where breakdown not in ('all', 'agency_cohort')

),

sub_year_figures as (

    select distinct
        measure,
        period_type,
        financial_year,
        breakdown,
        breakdown_value
    from measured
    where period_type in ('month', 'quarter')

),

-- What a reader can add up is a measure's own figures, so relations are per measure (their cells are shared)
relation_members as (

    -- breakdown values of a period (agency_cohort: the states of one agency's cohort)
    select
        cell_id,
        concat_ws(
            '|', 'breakdown', measure, period_type, period_label, breakdown,
            case when breakdown = 'agency_cohort' then regexp_replace(breakdown_value, '\|[^|]*$', '') end
        ) as relation_id
    from measured
    where breakdown <> 'all'

    union all

    -- ... and the period's total, in every breakdown relation of its measure and period
    select
        totals.cell_id,
        concat_ws('|', 'breakdown', totals.measure, totals.period_type, totals.period_label, parts.breakdown)
            as relation_id
    from measured as totals
    inner join breakdowns_per_period as parts
        on
            totals.measure = parts.measure
            and totals.period_type = parts.period_type
            and totals.period_label = parts.period_label
    where totals.breakdown = 'all'

    union all

    -- months or quarters of a financial year, with the year
    select
        cell_id,
        concat_ws('|', 'time', measure, period_type, financial_year, breakdown, breakdown_value) as relation_id
    from measured
    where period_type in ('month', 'quarter')

    union all

    select
        years.cell_id,
        concat_ws(
            '|', 'time', years.measure, parts.period_type, years.period_label, years.breakdown, years.breakdown_value
        ) as relation_id
    from measured as years
    inner join sub_year_figures as parts
        on
            years.measure = parts.measure
            and years.period_label = parts.financial_year
            and years.breakdown = parts.breakdown
            and years.breakdown_value = parts.breakdown_value
    where years.period_type = 'financial_year'

),

suppression_0 as (

    select
        cell_id,
        cell_count,
        has_small_count as is_suppressed,
        case when has_small_count then 'small_number' end as suppression
    from cells

),

{% for pass in range(1, passes + 1) %}
    ranked_{{ pass }} as (

        select
            members.relation_id,
            members.cell_id,
            count(*) filter (where state.is_suppressed) over relation as suppressed_in_relation,
            row_number() over (
                relation order by state.is_suppressed desc, state.cell_count asc, members.cell_id asc
            ) as rank_in_relation
        from relation_members as members
        inner join suppression_{{ pass - 1 }} as state
            on members.cell_id = state.cell_id
        window relation as (partition by members.relation_id)

    ),

    complement_{{ pass }} as (

        -- the one suppressed cell sorts first, so its smallest unsuppressed partner is second
        select distinct cell_id
        from ranked_{{ pass }}
        where suppressed_in_relation = 1 and rank_in_relation = 2

    ),

    suppression_{{ pass }} as (

        select
            state.cell_id,
            state.cell_count,
            state.is_suppressed or complement.cell_id is not null as is_suppressed,
            coalesce(state.suppression, case when complement.cell_id is not null then 'complementary' end)
                as suppression
        from suppression_{{ pass - 1 }} as state
        left join complement_{{ pass }} as complement
            on state.cell_id = complement.cell_id

    ),
{% endfor %}

final_suppression as (

    select * from suppression_{{ passes }}

)

select
    measured.metric_id,
    measured.measure,
    measured.measure_name,
    measured.period_type,
    measured.period_label,
    measured.period_start,
    measured.period_end,
    measured.period_is_complete,
    measured.breakdown,
    measured.breakdown_value,
    case
        when measured.breakdown = 'all' then 'Coventry'
        when wards.ward_name is not null then wards.ward_name
        -- sentence case, as GOV.UK style writes labels: violence_with_injury -> Violence with injury
        else upper(left(measured.breakdown_value, 1)) || replace(substr(measured.breakdown_value, 2), '_', ' ')
    end as breakdown_label,
    case
        when final_suppression.is_suppressed then null
        when measured.numerator_kind = 'count' then {{ rounded_count('measured.numerator') }}
        else measured.numerator
    end as numerator,
    case
        when measured.denominator_kind = 'count' and final_suppression.is_suppressed then null
        when measured.denominator_kind = 'statistic' and final_suppression.is_suppressed then null
        when measured.denominator_kind = 'count' then {{ rounded_count('measured.denominator') }}
        else measured.denominator
    end as denominator,
    case
        when final_suppression.is_suppressed then null
        -- a count's value is the count, so it is rounded like one
        when measured.unit = 'count' and measured.numerator_kind = 'count' then {{ rounded_count('measured.value') }}
        else measured.value
    end as value,  -- noqa: RF04
    measured.unit,
    measured.population_base,
    measured.benchmark_value,
    measured.benchmark_name,
    measured.completeness,
    measured.data_status,
    measured.data_status_note,
    final_suppression.is_suppressed,
    final_suppression.suppression
from measured
inner join final_suppression
    on measured.cell_id = final_suppression.cell_id
left join wards
    on measured.breakdown = 'ward' and measured.breakdown_value = wards.ward_code
