{#- Coventry Children's Services. Children's services episodes with domestic abuse factors (one row per child episode).
    The newest row of each record from stg_childrens__episode_rows (every current row, typed and trimmed),
    one row per episode_id (already unique per file set; the newest is kept if not, and a test warns). -#}
{{ keep_newest_row(ref('stg_childrens__episode_rows')) }}
