"""Minimum, maximum and mean of the values analyzed (a Python analysis with the standard library)."""

from typing import Any


def get_capabilities() -> list[str]:
    """List the capabilities of the module."""
    return ["help", "metadata", "analyze"]


def get_help() -> str:
    """Return the help text for the module."""
    return "The smallest, largest and mean value of the series; missing values are ignored."


def get_metadata() -> dict[str, Any]:
    """Return the metadata of the module."""
    return {"signature": "univariate"}


def run_analysis(_: dict[str, Any], data: Any) -> dict[str, Any]:
    """Works on a pyarrow Table or on the JSON copy (both offer column("value"))."""
    column = data.column("value")
    values = [v for v in (column.to_pylist() if hasattr(column, "to_pylist") else column) if v is not None]
    if not values:
        return dict(statistics=[])
    return dict(
        statistics=[
            dict(name="Minimum", dataType="float", result=min(values)),
            dict(name="Maximum", dataType="float", result=max(values)),
            dict(name="Mean", dataType="float", result=sum(values) / len(values)),
        ]
    )
