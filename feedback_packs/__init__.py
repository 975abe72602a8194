"""Data-quality feedback packs: one self-contained HTML report (and a CSV of its record-level issues) per
partner agency and period, built only from the publish schema of the published warehouse.

An agency's pack holds only that agency's data: `published.load_published` splits every table by agency
once, and everything after it sees one agency's slice plus the partnership-wide aggregates (the
partnership average and the rule guidance).
"""
