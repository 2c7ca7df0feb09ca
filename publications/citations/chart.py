"""A small bar chart of citations per year, drawn on the server as SVG.

No script and no inline style (the CSP forbids both): shapes carry classes that
static/css/site.css colours, in light, dark and print alike. Each bar has a <title>
(a tooltip and its accessible name); the page puts the same numbers in a table.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 120
TOP, BOTTOM = 14, 18  # room for the highest bar's number and the year labels
MAX_YEARS = 12


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label: str  # the year under the bar; every other one when many years are shown


@dataclass(frozen=True)
class Chart:
    bars: list
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    peak: int = 0


def year_chart(by_year):
    """Geometry of the chart for ``[(year, citations)]``; the last MAX_YEARS years, gaps
    filled with zero; None when there is nothing to draw."""
    if not by_year:
        return None
    counts = dict(by_year)
    last = max(counts)
    years = list(range(max(min(counts), last - MAX_YEARS + 1), last + 1))
    peak = max(counts.get(year, 0) for year in years)
    if not peak:
        return None
    slot = WIDTH / len(years)
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = round(usable * count / peak, 1)
        x = round(index * slot + slot * 0.15, 1)
        bars.append(
            Bar(
                year=year,
                count=count,
                x=x,
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label_x=round(index * slot + slot / 2, 1),
                label=str(year) if len(years) <= 8 or (len(years) - 1 - index) % 2 == 0 else "",
            )
        )
    return Chart(bars=bars, peak=peak)
