"""Board dashboards: the same Plotly figures as a static, offline HTML board pack and as a Dash app.

Figures come only from the warehouse's suppressed publish layer (`publish.*`), read-only.
"""
