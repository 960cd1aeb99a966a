"""The network's drawing: deterministic, inside its square, readable at 50 people."""

import itertools

from statements.search.network_layout import (
    MARGIN,
    SIZE,
    force_layout,
    label_box,
    overlapping_labels,
    placed_nodes,
)


def fifty_people():
    keys = list(range(1, 51))
    edges = [
        (a, b, (a * b) % 7 + 1) for a, b in itertools.combinations(keys, 2) if (a + b) % 9 == 0
    ]
    labels = {key: f"Participant number {key}" for key in keys}
    return keys, edges, labels


def test_it_draws_the_same_network_the_same_way():
    keys, edges, _ = fifty_people()
    assert force_layout(keys, edges) == force_layout(keys, edges)


def test_fifty_people_fit_the_square_with_few_overlapping_labels():
    keys, edges, labels = fifty_people()
    placed = placed_nodes(force_layout(keys, edges), {key: 6.0 for key in keys}, labels)
    assert all(
        MARGIN <= node.x <= SIZE - MARGIN and MARGIN <= node.y <= SIZE - MARGIN for node in placed
    )
    assert all(0 < node.label_y <= SIZE for node in placed)
    pairs = len(placed) * (len(placed) - 1) // 2
    assert overlapping_labels(placed, labels) <= pairs // 100  # at most 1% of label pairs


def test_every_label_stays_inside_the_drawing():
    keys, edges, _ = fifty_people()
    labels = {key: f"Aleksandar Vulin-Brnabić the {key}th" for key in keys}
    placed = placed_nodes(force_layout(keys, edges), {key: 6.0 for key in keys}, labels)
    boxes = [label_box(node, labels[node.key]) for node in placed]
    assert all(left >= 0 and right <= SIZE for left, _, right, _ in boxes)
