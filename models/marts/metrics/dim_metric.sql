{#- The board metric definitions the dashboards show, one row per measure of metrics #1 to #14, with
    the headline benchmark joined from metric_benchmarks. -#}
with

definitions as (

    select * from {{ ref('metric_definitions') }}

),

benchmarks as (

    select * from {{ ref('metric_benchmarks') }}

)

select
    definitions.measure,
    definitions.metric_id,
    definitions.metric_name,
    definitions.measure_name,
    definitions.definition,
    definitions.numerator,
    definitions.denominator,
    definitions.unit,
    definitions.period_types,
    definitions.breakdowns,
    definitions.population_base,
    definitions.disclosure_group,
    definitions.numerator_kind,
    definitions.denominator_kind,
    definitions.benchmark_id,
    benchmarks.benchmark_name,
    benchmarks.value as benchmark_value,
    benchmarks.unit as benchmark_unit,
    benchmarks.period_label as benchmark_period,
    benchmarks.source as benchmark_source,
    definitions.source_facts,
    definitions.source,
    definitions.caveats
from definitions
left join benchmarks
    on definitions.benchmark_id = benchmarks.benchmark_id
