-- publish_dq_scorecard_trend: per agency, financial year and rule, the share of periods rated red, amber, green.
select * from read_parquet('publish_parquet/publish_dq_scorecard_trend.parquet')
