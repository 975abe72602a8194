{#- One row per day from 2015-01-01 to 2030-12-31 with the partnership's periods: calendar year and quarter,
    financial year (April to March, label '2020-21') and its quarter (Q1 = April to June), and MARAC year
    (July to June, label '2020-21' for July 2020 to June 2021). -#}
with

days as (

    select cast(range as date) as date_day
    from range(date '2015-01-01', date '2031-01-01', interval 1 day)

),

periods as (

    select
        date_day,
        cast(date_trunc('month', date_day) as date) as month_start,
        year(date_day) as calendar_year,
        'Q' || quarter(date_day) as calendar_quarter,
        case when month(date_day) >= 4 then year(date_day) else year(date_day) - 1 end as financial_year_start_year,
        case when month(date_day) >= 7 then year(date_day) else year(date_day) - 1 end as marac_year_start_year
    from days

),

final as (

    select
        date_day,
        month_start,
        calendar_year,
        calendar_quarter,
        financial_year_start_year || '-' || right(cast(financial_year_start_year + 1 as varchar), 2) as financial_year,
        make_date(financial_year_start_year, 4, 1) as financial_year_start,
        'Q' || (cast(floor(((month(date_day) + 8) % 12) / 3) as integer) + 1) as financial_quarter,
        marac_year_start_year || '-' || right(cast(marac_year_start_year + 1 as varchar), 2) as marac_year,
        make_date(marac_year_start_year, 7, 1) as marac_year_start
    from periods

)

select * from final
