"""Each agency's view of the sample: how it records people and events, in its own codes and formats.

One module per agency, each with `render(ctx) -> list[Submission]`: one submission per reporting
period, rows in the agency's canonical fields (named in the registry), formatted as it writes them.
"""

from sample_generator.agencies import (
    childrens,
    health,
    housing,
    idva,
    marac,
    perpetrator,
    police,
    refuge,
)

VIEWS = {
    "police": police.render,
    "marac": marac.render,
    "idva": idva.render,
    "housing": housing.render,
    "refuge": refuge.render,
    "health": health.render,
    "childrens": childrens.render,
    "perpetrator": perpetrator.render,
}
