{#- The metric definitions shown one click from every figure, with the date the data runs to. -#}
with

definitions as (

    select * from {{ ref('dim_metric') }}

),

metrics as (

    select * from {{ ref('fct_board_metrics') }}

),

coverage as (

    select
        measure,
        max(period_end) filter (where numerator is not null) as data_as_at
    from metrics
    group by measure

)

select
    definitions.*,
    coverage.data_as_at
from definitions
left join coverage
    on definitions.measure = coverage.measure
