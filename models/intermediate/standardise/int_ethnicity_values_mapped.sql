{#- Every distinct raw ethnicity value per agency and scheme, mapped to the conformed ethnicity member with
    map_to_crosswalk: exact on the normalised match_key; then, for free text (refuge_free_text), a match on the
    value's wording (match_by_wording: word order, separators, filler words and qualifiers ignored); then fuzzy,
    for free text only (refuge_free_text word by word and whole; hclic whole). Free text is looked up, in this
    order, in refuge_free_text, the hclic 'Group: Detail' labels, the free-text states and abbreviations, the
    Census 2021 write-in terms and the nationality and country terms (seeds/crosswalks/README.md, Free text).
    Blank -> not_known; a person with no ethnicity field in the registry (scheme 'none') -> not_collected; a value that
    does not map, or maps to a term deliberately left unplaced (ethnicity_key null in the vocabulary, for example
    'South African'), keeps match_method 'unmapped' and the conformed member not_known (surfaced in
    fct_unmapped_values, never silently).
    Values are taken from every current file row (int_agency_contact_rows_unioned), so data quality can rate
    the rows of a record's earlier versions too; a value's mapping never depends on the other values. -#}
with

contacts as (

    select * from {{ ref('int_agency_contact_rows_unioned') }}

),

crosswalk as (

    select * from {{ ref('ethnicity_crosswalk') }}

),

categories as (

    select * from {{ ref('ethnicity_categories') }}

),

free_text_words as (

    select * from {{ ref('ethnicity_free_text_words') }}

),

raw_values as (

    select
        agency,
        ethnicity_scheme as scheme,
        ethnicity_raw as raw_value,
        count(*) as row_count,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from contacts
    group by all

),

lookup as (

    select
        scheme,
        match_key,
        1 as match_priority,
        ethnicity_key,
        mapping_quality
    from crosswalk
    union all
    -- Free text also tries the full 'Group: Detail' labels after its own list, then the free-text vocabulary.
    select
        'refuge_free_text' as scheme,
        match_key,
        2 as match_priority,
        ethnicity_key,
        mapping_quality
    from crosswalk
    where scheme = 'hclic'
    {%- for vocabulary in ['ethnicity_free_text_states', 'ethnicity_census_terms', 'ethnicity_nationality_terms'] %}
        union all
        select
            'refuge_free_text' as scheme,
            match_key,
            {{ loop.index + 2 }} as match_priority,
            ethnicity_key,
            mapping_quality
        from {{ ref(vocabulary) }}
    {%- endfor %}

),

filler_words as (

    select word from free_text_words
    where word_role = 'filler'

),

member_hierarchy as (

    -- every member with each broader member containing it: a broad-group-only member contains the rest of its
    -- group, and "White, not White British" the White categories other than White British
    select
        member.ethnicity_key as member,
        broader.ethnicity_key as broader_member
    from categories as member
    inner join categories as broader
        on member.broad_group = broader.broad_group and member.ethnicity_key <> broader.ethnicity_key
    where
        (not broader.is_detail_known and broader.ethnicity_key <> 'white_non_british')
        or (broader.ethnicity_key = 'white_non_british' and member.is_detail_known and not member.is_white_british)

),

ignorable_words as (

    -- 'British', 'English', 'Welsh', 'Scottish' may stand beside a group other than White ('Black British',
    -- 'British Pakistani') and beside Gypsy or Irish Traveller and Roma ('English Romany'); beside White British,
    -- Irish or Other White they would be a second, different category, and beside a bare 'Other' they may mean
    -- Other White British.
    select
        categories.ethnicity_key as member,
        free_text_words.word,
        false as in_terms
    from categories
    inner join free_text_words
        on
            free_text_words.word_role = 'uk_identity'
            and (categories.broad_group <> 'White' or categories.ethnicity_key in ('ons19_15', 'ons19_16'))
            and categories.ethnicity_key <> 'broad_other'
    union all
    -- 'And' joins the two groups of a Mixed member ('White and Asian'; its own terms ignore it too); beside
    -- anything else it joins two answers.
    select
        categories.ethnicity_key as member,
        free_text_words.word,
        true as in_terms
    from categories
    inner join free_text_words
        on free_text_words.word_role = 'mixed_joiner' and categories.broad_group = 'Mixed'
    union all
    -- 'Other' names the box ticked beside the term that says which group ('Other - Indian', 'Any other Black
    -- background: Somali'); not beside White British or White alone, since 'Other British' may be a British person
    -- of any group answering Other.
    select
        categories.ethnicity_key as member,
        free_text_words.word,
        false as in_terms
    from categories
    inner join free_text_words
        on
            free_text_words.word_role = 'other_modifier'
            and categories.is_known
            and categories.ethnicity_key not in ('ons19_13', 'broad_white')
    union all
    -- Roma are Roma whatever their nationality ('Slovak Roma'): the Other White nationalities stand beside Roma.
    select distinct
        'ons19_16' as member,
        unnest(string_split(match_key, ' ')) as word,
        false as in_terms
    from {{ ref('ethnicity_nationality_terms') }}
    where ethnicity_key = 'ons19_17'

),

state_members as (

    -- not known, not stated: a state, not a group
    select ethnicity_key as member from categories
    where not is_known

),

-- A whole value shorter than 6 characters is not matched fuzzily: short values have many near neighbours among
-- the nationality terms ('Malai': Malawi, Mali, Malay). Inside a longer value, words of 4 letters or more are
-- corrected one by one ('Whte British').
mapped as (

    {{ map_to_crosswalk(
        'raw_values', 'lookup', ['ethnicity_key', 'mapping_quality'],
        fuzzy_schemes=['refuge_free_text', 'hclic'], threshold=0.92, margin=0.03, min_length=6,
        wording={
            'schemes': ['refuge_free_text'],
            'filler_words': 'filler_words',
            'member_hierarchy': 'member_hierarchy',
            'ignorable_words': 'ignorable_words',
            'state_members': 'state_members',
            'min_word_length': 4,
        }
    ) }}

),

final as (

    select
        agency || '|' || scheme || '|' || coalesce(raw_value, '<null>') as value_id,
        agency,
        'ethnicity' as field,
        scheme,
        raw_value,
        match_key,
        matched_key,
        -- no member: blank, unmapped, or a term of the vocabulary deliberately left unplaced (unmapped too)
        case
            when scheme = 'none' then 'not_collected'
            when match_method = 'blank' then 'blank'
            when ethnicity_key is null then 'unmapped'
            else match_method
        end as match_method,
        match_confidence,
        case
            when scheme = 'none' then 'not_collected'
            when ethnicity_key is null then 'not_known'
            else ethnicity_key
        end as ethnicity_key,
        case
            when scheme = 'none' or ethnicity_key is null then null
            -- several detailed members named in one value, read as their broad group ('Indian Pakistani')
            when match_method = 'normalised' then coalesce(mapping_quality, 'ambiguous')
            else mapping_quality
        end as mapping_quality,
        row_count,
        first_event_date,
        last_event_date
    from mapped

)

select * from final
