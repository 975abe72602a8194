{#- The metric definitions shown one click from every figure, with the date the data runs to. -#}
with

definitions as (

    select * from {{ ref('dim_metric') }}

),

metrics as (

    select * from {{ ref('fct_board_metrics') }}

),

submissions as (

    select * from {{ ref('stg_ledger__submissions') }}

),

data_window as (

    select max(period_end) as window_end
    from submissions
    where is_current

),

coverage as (

    -- a part-year's period ends after the data does (a MARAC year to June, data to March): cap at the data
    select
        metrics.measure,
        least(max(metrics.period_end), any_value(data_window.window_end)) as data_as_at
    from metrics
    cross join data_window
    where metrics.numerator is not null
    group by metrics.measure

)

select
    definitions.*,
    coverage.data_as_at
from definitions
left join coverage
    on definitions.measure = coverage.measure
