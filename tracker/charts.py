"""Server-rendered SVG charts for the public dashboard: no script, so the CSP stays
`script-src 'self'` and the page works without JavaScript. Every mark can carry a link and a
<title> (the browser shows it as a tooltip)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe palette (Okabe-Ito), then greys.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
    "#666666",
]


@dataclass
class Series:
    label: str
    values: dict[int, float]
    link: str = ""
    point_links: dict[int, str] = field(default_factory=dict)


@dataclass
class Bar:
    label: str
    value: float
    link: str = ""
    title: str = ""


def _a(link: str, inner: str) -> str:
    return f'<a href="{escape(link)}">{inner}</a>' if link else inner


def _nice_top(value: float) -> float:
    """A round axis maximum at or above `value`."""
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    for multiple in (1, 2, 2.5, 5, 10):
        if value <= multiple * step:
            return multiple * step
    return 10 * step


def line_chart(series: list[Series], *, label: str, width: int = 680, height: int = 280) -> str:
    """Counts per year, one line per series; each point links to its own list."""
    years = sorted({year for s in series for year in s.values})
    if not years:
        return ""
    left, right, top, bottom = 44, 150, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_top(max(v for s in series for v in s.values.values()))

    def x(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(5):
        value = top_value * tick / 4
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}"/><text class="tick" x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value:g}</text>'
        )
    step = max(1, len(years) // 8)
    for year in years[::step]:
        parts.append(
            f'<text class="tick" x="{x(year):.1f}" y="{height - 8}" '
            f'text-anchor="middle">{year}</text>'
        )
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{x(year):.1f},{y(item.values.get(year, 0)):.1f}" for year in years)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
        )
        for year in years:
            value = item.values.get(year, 0)
            dot = (
                f'<circle cx="{x(year):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(item.label)} {year}: {value:g}</title></circle>"
            )
            parts.append(_a(item.point_links.get(year, ""), dot))
        legend_y = top + 14 + index * 18
        parts.append(
            _a(
                item.link,
                f'<rect x="{width - right + 12}" y="{legend_y - 9}" width="10" height="10" '
                f'fill="{colour}"/><text class="legend" x="{width - right + 28}" '
                f'y="{legend_y}">{escape(item.label)}</text>',
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(
    bars: list[Bar],
    *,
    label: str,
    low: float = 0.0,
    high: float | None = None,
    fmt: str = "{:+.2f}",
    width: int = 680,
) -> SafeString | str:
    """Horizontal bars from `low` to `high`, with a zero line when the range crosses it;
    `fmt` formats each bar's value (`{:.0%}` for shares, `{:d}` for counts)."""
    if not bars:
        return ""
    row, right, top = 22, 52, 8
    left = 14 + 7 * max(len(bar.label) for bar in bars)
    height = top * 2 + row * len(bars)
    high = high if high is not None else _nice_top(max(b.value for b in bars))
    plot_w = width - left - right

    def x(value: float) -> float:
        return left + plot_w * (value - low) / (high - low)

    zero = x(max(low, 0.0))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, bar in enumerate(bars):
        y = top + index * row
        start, end = sorted((zero, x(bar.value)))
        shown = fmt.format(bar.value)
        colour = PALETTE[0] if bar.value >= 0 else PALETTE[3]
        parts.append(
            _a(
                bar.link,
                f'<text class="legend" x="{left - 8}" y="{y + 15}" text-anchor="end">'
                f"{escape(bar.label)}</text>"
                f'<rect x="{start:.1f}" y="{y + 4}" width="{max(end - start, 1):.1f}" '
                f'height="{row - 8}" fill="{colour}"><title>{escape(bar.title or bar.label)}: '
                f"{shown}</title></rect>"
                f'<text class="tick" x="{max(end, zero) + 6:.1f}" y="{y + 15}">{shown}</text>',
            )
        )
    parts.append(
        f'<line class="axis" x1="{zero:.1f}" x2="{zero:.1f}" y1="{top}" y2="{height - top}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_columns(
    columns: dict[int, dict[str, int]],
    *,
    keys: list[tuple[str, str]],
    links: dict[tuple[int, str], str],
    label: str,
    width: int = 680,
    height: int = 260,
) -> SafeString | str:
    """One column per year, stacked by key (`keys` gives each key's label, in order); each
    segment links to its own list."""
    if not columns:
        return ""
    years = sorted(columns)
    left, right, top, bottom = 44, 230, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_top(max(sum(column.values()) for column in columns.values()))
    slot = plot_w / len(years)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in range(5):
        value = top_value * tick / 4
        y = top + plot_h * (1 - value / top_value)
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>'
        )
    step = max(1, len(years) // 10)
    for index, year in enumerate(years):
        base = top + plot_h
        x = left + index * slot + slot * 0.15
        for key_index, (key, key_label) in enumerate(keys):
            count = columns[year].get(key, 0)
            if not count:
                continue
            h = plot_h * count / top_value
            base -= h
            parts.append(
                _a(
                    links.get((year, key), ""),
                    f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{PALETTE[key_index % len(PALETTE)]}"><title>{year}, '
                    f"{escape(key_label)}: {count}</title></rect>",
                )
            )
        if index % step == 0:
            parts.append(
                f'<text class="tick" x="{x + slot * 0.35:.1f}" y="{height - 8}" '
                f'text-anchor="middle">{year}</text>'
            )
    for key_index, (_key, key_label) in enumerate(keys):
        legend_y = top + 14 + key_index * 18
        parts.append(
            f'<rect x="{width - right + 12}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{PALETTE[key_index % len(PALETTE)]}"/><text class="legend" '
            f'x="{width - right + 28}" y="{legend_y}">{escape(key_label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
