-- publish_metric_definitions: each measure's definition, benchmark, caveats and data-as-at date.
select * from read_parquet('publish_parquet/publish_metric_definitions.parquet')
