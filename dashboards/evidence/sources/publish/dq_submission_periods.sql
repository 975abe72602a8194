-- publish_dq_submission_periods: every expected period of every agency (timeliness, files, rows, volume).
select * from read_parquet('publish_parquet/publish_dq_submission_periods.parquet')
