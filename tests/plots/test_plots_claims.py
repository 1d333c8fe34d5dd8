"""analysis.plots.claims: the fact-check chart."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import ArgumentError, plots


def test_claims_chart_colours_by_verdict(sources):
    from analysis.claims import check_claims

    results = check_claims()
    fig = plots.claims_chart(results, sources, data_source_ids=["imf-dots-chn"])
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "article-trade-multiple" in labels
    assert "article-students" not in labels  # not checkable: not drawn
    assert plots.footer_text(fig).startswith("Source: IMF, Direction of Trade Statistics")


def test_claims_chart_needs_a_checkable_claim(sources):
    results = pd.DataFrame({"verdict": ["not checkable"], "computed": [float("nan")], "value": [1.0]})
    with pytest.raises(ArgumentError, match="no claim could be checked"):
        plots.claims_chart(results, sources)
