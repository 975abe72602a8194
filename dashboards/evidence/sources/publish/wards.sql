-- publish_wards: the 18 wards, their Census 2021 residents and IMD 2025 decile (public reference data).
select * from read_parquet('publish_parquet/publish_wards.parquet')
