{#- Every agency's contact rows: one row per person in every current file row (a record the agency sent more than
    once appears once per row), generated from the registry (agencies/*.yml, through registry_agencies()) by the
    contact_rows macro: no agency is named here, and a new agency's people appear with no change to this model.
    A person named only as a child's parent rides along as the child's parent keys and has no row of their own.
    Data quality and standardisation read every row; int_agency_contacts_unioned keeps the newest row of each
    record. -#}
{%- set selects = [] -%}
{%- for agency in registry_agencies() -%}
    {%- for person in agency.people if not person.is_parent -%}
        {%- do selects.append(contact_rows(agency, person)) -%}
    {%- endfor -%}
{%- endfor -%}
{{ selects | join('\nunion all\n') }}
