-- publish_dq_agencies: the partner agencies, what their extract holds, cadence and due days.
select * from read_parquet('publish_parquet/publish_dq_agencies.parquet')
