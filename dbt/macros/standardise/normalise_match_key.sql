{#- The crosswalk join rule (seeds/crosswalks/README.md): upper case, accents stripped, every run of characters
    other than A-Z and 0-9 replaced by one space, trimmed. Must stay identical to how the seeds' match_key
    was built (the seeds' own tests check the rule against the stored values). -#}
{% macro normalise_match_key(expr) -%}
trim(regexp_replace(upper(strip_accents({{ expr }})), '[^A-Z0-9]+', ' ', 'g'))
{%- endmacro %}
