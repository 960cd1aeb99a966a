"""Drawing a network on the server: where its nodes and their labels go in a square, by a
force-directed layout (Fruchterman and Reingold, 1991) that starts from a circle and uses
no randomness, so the same network is always drawn the same way. Pure arithmetic, no
Django: the page's template draws the SVG from what this returns."""

import math
from dataclasses import dataclass

SIZE = 640.0  # the drawing's width and height (SVG user units)
MARGIN = 70.0  # room for the labels of the outermost nodes
ITERATIONS = 120
LABEL_HEIGHT = 13.0
CHARACTER_WIDTH = 6.2  # of a 11px label, about
LABEL_PASSES = 40


@dataclass
class Placed:
    """A node where it is drawn: its centre, radius, and its label's anchor and side."""

    key: int
    x: float
    y: float
    radius: float
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"


def force_layout(
    keys: list[int], edges: list[tuple[int, int, int]], iterations: int = ITERATIONS
) -> dict[int, tuple[float, float]]:
    """Positions in the unit square for the nodes `keys` (in the order given, which places
    them on the starting circle) joined by weighted `edges` (a, b, weight): linked nodes
    pull together, the stronger the link the more, and every two nodes push apart."""
    count = len(keys)
    if count == 0:
        return {}
    if count == 1:
        return {keys[0]: (0.5, 0.5)}
    position = {
        key: [
            0.5 + 0.4 * math.cos(2 * math.pi * index / count),
            0.5 + 0.4 * math.sin(2 * math.pi * index / count),
        ]
        for index, key in enumerate(keys)
    }
    ideal = math.sqrt(1.0 / count)
    heaviest = max((weight for _, _, weight in edges), default=1)
    links = [
        (a, b, 1 + math.log(weight) / max(1.0, math.log(heaviest) if heaviest > 1 else 1.0))
        for a, b, weight in edges
        if a in position and b in position
    ]
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        shift = {key: [0.0, 0.0] for key in keys}
        for i in range(count):
            a = keys[i]
            ax, ay = position[a]
            for j in range(i + 1, count):
                b = keys[j]
                dx, dy = ax - position[b][0], ay - position[b][1]
                distance = math.hypot(dx, dy) or 1e-6
                push = ideal * ideal / distance
                shift[a][0] += dx / distance * push
                shift[a][1] += dy / distance * push
                shift[b][0] -= dx / distance * push
                shift[b][1] -= dy / distance * push
        for a, b, strength in links:
            dx = position[a][0] - position[b][0]
            dy = position[a][1] - position[b][1]
            distance = math.hypot(dx, dy) or 1e-6
            pull = distance * distance / ideal * strength
            shift[a][0] -= dx / distance * pull
            shift[a][1] -= dy / distance * pull
            shift[b][0] += dx / distance * pull
            shift[b][1] += dy / distance * pull
        for key in keys:
            dx, dy = shift[key]
            length = math.hypot(dx, dy) or 1e-6
            step = min(length, temperature)
            # A gentle pull to the centre keeps parts that share no link on the page.
            position[key][0] += dx / length * step + (0.5 - position[key][0]) * 0.01
            position[key][1] += dy / length * step + (0.5 - position[key][1]) * 0.01
        temperature -= cooling
    return fitted({key: (x, y) for key, (x, y) in position.items()})


def fitted(positions: dict[int, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """The positions stretched to fill the unit square (each axis on its own)."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    left, top = min(xs), min(ys)
    width, height = (max(xs) - left) or 1.0, (max(ys) - top) or 1.0
    return {key: ((x - left) / width, (y - top) / height) for key, (x, y) in positions.items()}


def placed_nodes(
    positions: dict[int, tuple[float, float]],
    radii: dict[int, float],
    labels: dict[int, str],
) -> list[Placed]:
    """The nodes in drawing units, each label beside its node on the side away from the
    centre, then moved up or down until labels seldom overlap."""
    inner = SIZE - 2 * MARGIN
    placed = []
    for key, (x, y) in positions.items():
        node = Placed(key, MARGIN + x * inner, MARGIN + y * inner, radii[key])
        width = len(labels[key]) * CHARACTER_WIDTH + node.radius + 3
        # Away from the centre, unless the label would leave the drawing that way.
        right = node.x + width <= SIZE if node.x >= SIZE / 2 else node.x - width < 0
        node.anchor = "start" if right else "end"
        node.label_x = node.x + (node.radius + 3) * (1 if right else -1)
        node.label_y = node.y + 4
        placed.append(node)
    spread_labels(placed, labels)
    return placed


def label_box(node: Placed, label: str) -> tuple[float, float, float, float]:
    width = len(label) * CHARACTER_WIDTH
    left = node.label_x if node.anchor == "start" else node.label_x - width
    return left, node.label_y - LABEL_HEIGHT + 3, left + width, node.label_y + 3


def spread_labels(nodes: list[Placed], labels: dict[int, str]) -> None:
    """Labels whose boxes overlap pushed apart vertically, a few passes."""
    for _ in range(LABEL_PASSES):
        moved = False
        for i, first in enumerate(nodes):
            box = label_box(first, labels[first.key])
            for second in nodes[i + 1 :]:
                other = label_box(second, labels[second.key])
                overlap_x = min(box[2], other[2]) - max(box[0], other[0])
                overlap_y = min(box[3], other[3]) - max(box[1], other[1])
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                nudge = overlap_y / 2 + 0.5
                upper, lower = (
                    (first, second) if first.label_y <= second.label_y else (second, first)
                )
                upper.label_y = max(LABEL_HEIGHT, upper.label_y - nudge)
                lower.label_y = min(SIZE - 2, lower.label_y + nudge)
                box = label_box(first, labels[first.key])
                moved = True
        if not moved:
            return


def overlapping_labels(nodes: list[Placed], labels: dict[int, str]) -> int:
    """How many pairs of labels overlap (what a test of readability counts)."""
    boxes = [label_box(node, labels[node.key]) for node in nodes]
    return sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
    )
