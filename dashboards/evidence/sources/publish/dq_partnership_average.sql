-- publish_dq_partnership_average: completeness pooled across at least three agencies.
select * from read_parquet('publish_parquet/publish_dq_partnership_average.parquet')
