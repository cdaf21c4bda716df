"""Inline SVG charts drawn from the report's numbers with ``xml.etree`` elements: a
histogram, bars per segment, and a scatter of two systems. Colours come from CSS classes
(``report.css``); every mark has a ``<title>`` tooltip. No library, no network."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.etree.ElementTree import Element, SubElement

WIDTH, HEIGHT = 296, 200
LEFT, RIGHT, TOP, BOTTOM = 38, 10, 38, 34


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _frame(title: str, label: str, width: int = WIDTH) -> Element:
    svg = Element(
        "svg",
        {
            "viewBox": f"0 0 {width} {HEIGHT}",
            "width": str(width),
            "height": str(HEIGHT),
            "role": "img",
            "aria-label": label,
            "class": "chart",
        },
    )
    SubElement(svg, "title").text = label
    heading = SubElement(svg, "text", {"x": "8", "y": "16", "class": "chart-title"})
    heading.text = title
    return svg


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _divisions(top: float) -> int:
    """Grid lines for 0..top: four or five whole steps when possible (counts stay whole)."""
    return next((d for d in (4, 5, 2, 1) if float(top / d).is_integer()), 5)


def _y_axis(svg: Element, top: float, unit: str) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    steps = _divisions(top)
    for i in range(steps + 1):
        value = top * i / steps
        y = HEIGHT - BOTTOM - plot_h * i / steps
        SubElement(
            svg,
            "line",
            {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": _n(y), "y2": _n(y), "class": "grid"},
        )
        tick = SubElement(
            svg, "text", {"x": str(LEFT - 6), "y": _n(y + 4), "class": "tick", "text-anchor": "end"}
        )
        tick.text = _n(value)
    axis = SubElement(
        svg, "text", {"x": "4", "y": str(TOP - 8), "class": "tick", "text-anchor": "start"}
    )
    axis.text = unit


def _x_label(svg: Element, text: str) -> None:
    label = SubElement(
        svg,
        "text",
        {"x": _n((LEFT + WIDTH - RIGHT) / 2), "y": str(HEIGHT - 6), "class": "tick"},
    )
    label.set("text-anchor", "middle")
    label.text = text


def histogram(
    values: Sequence[float], *, title: str, x_label: str, css: str, upper: float = 100.0
) -> Element:
    """Counts of ``values`` in ten bins over 0..``upper`` (values above it in the last bin)."""
    svg = _frame(title, f"{title}: {len(values)} segments")
    width = upper / 10
    counts = [0] * 10
    over = any(value > upper for value in values)
    for value in values:
        counts[min(9, max(0, int(value // width)))] += 1
    top = nice_max(max(counts, default=0))
    _y_axis(svg, top, "segments")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    for i, count in enumerate(counts):
        x = LEFT + plot_w * i / 10
        h = plot_h * count / top
        bar = SubElement(
            svg,
            "rect",
            {
                "x": _n(x + 1),
                "y": _n(HEIGHT - BOTTOM - h),
                "width": _n(plot_w / 10 - 2),
                "height": _n(h),
                "class": css,
            },
        )
        high = _n(width * (i + 1)) + ("+" if i == 9 and over else "")
        SubElement(bar, "title").text = f"{_n(width * i)}–{high}: {count} segments"
        tick = SubElement(
            svg, "text", {"x": _n(x), "y": str(HEIGHT - BOTTOM + 14), "class": "tick"}
        )
        tick.set("text-anchor", "middle")
        tick.text = _n(width * i)
    end = SubElement(
        svg, "text", {"x": str(WIDTH - RIGHT), "y": str(HEIGHT - BOTTOM + 14), "class": "tick"}
    )
    end.set("text-anchor", "middle")
    end.text = _n(upper)
    _x_label(svg, x_label)
    return svg


def bars(
    points: Sequence[tuple[int, float]], *, title: str, unit: str, css: str, tip: str
) -> Element:
    """One bar per (position, value), in the given order; ``tip`` formats a bar's tooltip
    with ``{position}`` and ``{value}``."""
    svg = _frame(title, f"{title}: {len(points)} segments")
    top = nice_max(max((v for _, v in points), default=0))
    _y_axis(svg, top, unit)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(points))
    every = max(1, math.ceil(len(points) / 8))
    for i, (position, value) in enumerate(points):
        h = plot_h * max(0.0, value) / top
        bar = SubElement(
            svg,
            "rect",
            {
                "x": _n(LEFT + i * step + step * 0.1),
                "y": _n(HEIGHT - BOTTOM - h),
                "width": _n(max(0.5, step * 0.8)),
                "height": _n(h),
                "class": css,
            },
        )
        SubElement(bar, "title").text = tip.format(position=position, value=_n(value))
        if i % every == 0:
            tick = SubElement(
                svg,
                "text",
                {"x": _n(LEFT + (i + 0.5) * step), "y": str(HEIGHT - BOTTOM + 14), "class": "tick"},
            )
            tick.set("text-anchor", "middle")
            tick.text = str(position)
    _x_label(svg, "segment position")
    return svg


def scatter(
    points: Sequence[tuple[int, float, float]], *, title: str, name_a: str, name_b: str
) -> Element:
    """(position, a, b) points on 0..100 axes with the diagonal: above it, B scores higher."""
    svg = _frame(title, f"{title}: {len(points)} segments", 420)
    size = HEIGHT - TOP - BOTTOM
    left = LEFT + 8
    _square_axes(svg, left, size)
    for position, a, b in points:
        dot = SubElement(
            svg,
            "circle",
            {
                "cx": _n(left + size * a / 100),
                "cy": _n(HEIGHT - BOTTOM - size * b / 100),
                "r": "3.5",
                "class": "dot",
            },
        )
        SubElement(dot, "title").text = f"#{position}: {name_a} {_n(a)}, {name_b} {_n(b)}"
    legend = SubElement(
        svg, "text", {"x": str(left + size + 18), "y": str(TOP + 20), "class": "tick"}
    )
    legend.text = f"above the line: {name_b} higher"
    legend2 = SubElement(
        svg, "text", {"x": str(left + size + 18), "y": str(TOP + 36), "class": "tick"}
    )
    legend2.text = f"below: {name_a} higher"
    x_label = SubElement(
        svg, "text", {"x": _n(left + size / 2), "y": str(HEIGHT - 6), "class": "tick"}
    )
    x_label.set("text-anchor", "middle")
    x_label.text = f"{name_a} (sentence chrF)"
    y_label = SubElement(svg, "text", {"x": "4", "y": str(TOP - 8), "class": "tick"})
    y_label.text = name_b
    return svg


def _square_axes(svg: Element, left: float, size: float) -> None:
    bottom = HEIGHT - BOTTOM
    for i in range(5):
        offset = size * i / 4
        SubElement(
            svg,
            "line",
            {"x1": _n(left), "x2": _n(left + size), "y1": _n(bottom - offset),
             "y2": _n(bottom - offset), "class": "grid"},
        )  # fmt: skip
        for attrs in (
            {"x": _n(left - 6), "y": _n(bottom - offset + 4), "text-anchor": "end"},
            {"x": _n(left + offset), "y": _n(bottom + 14), "text-anchor": "middle"},
        ):
            tick = SubElement(svg, "text", {**attrs, "class": "tick"})
            tick.text = str(25 * i)
    SubElement(
        svg,
        "line",
        {"x1": _n(left), "y1": _n(bottom), "x2": _n(left + size), "y2": _n(bottom - size),
         "class": "diagonal"},
    )  # fmt: skip
