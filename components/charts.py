"""Chart builders: DataFrame in, plotly Figure out. Pure functions, so tests can inspect them."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.palette import organization_color
from missions.summary import missions_per_organization


def organization_bar(missions: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Missions per organization (horizontal bars), with the active ones called out in hover."""
    counts = missions_per_organization(missions).sort_values("missions")
    figure = go.Figure(
        go.Bar(
            x=counts["missions"],
            y=counts["organization"],
            orientation="h",
            marker_color=[organization_color(code) for code in counts["organization"]],
            customdata=list(
                zip(
                    [labels.get(code, code) for code in counts["organization"]],
                    counts["active"],
                    strict=True,
                )
            ),
            hovertemplate="%{customdata[0]}<br>%{x} missions, %{customdata[1]} active"
            "<extra></extra>",
            name="Missions",
        )
    )
    figure.update_layout(
        height=max(220, 34 * len(counts) + 90),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis_title="Number of missions",
        yaxis_title="Organization",
        showlegend=False,
    )
    return figure
