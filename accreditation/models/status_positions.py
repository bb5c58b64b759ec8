"""Where a certificate's bits sit in the published status lists (W3C Bitstring Status List): a position drawn at
random when the certificate is written, once, never its id (consecutive ids would tell how many certificates exist
and which were issued together).

A list has at least ``MINIMUM_BITS`` entries (131,072 bits, 16 KB uncompressed: the specification's minimum), in
whole multiples of it. A position is drawn uniformly among the free positions of a list kept at most ``FILL_SHARE``
full: when one more certificate would fill it past that share, the draw is over a longer list (the next multiple),
and the published list grows with it. The positions are unique (a constraint); a draw that meets a taken position
draws again, so each free position is as likely as any other.
"""

from __future__ import annotations

import math
import secrets

from sqlalchemy import Connection, column, func, select, table

MINIMUM_BITS = 131_072
FILL_SHARE = 0.5  # a list is grown before more than half its positions are taken

_CERTIFICATES = table("certificates", column("status_position"))
_POSITION = _CERTIFICATES.c.status_position


def _multiple(bits: int) -> int:
    """The least whole number of minimum lists holding ``bits`` bits (at least one)."""
    return max(MINIMUM_BITS, -(-bits // MINIMUM_BITS) * MINIMUM_BITS)


def list_bits(highest_position: int | None) -> int:
    """Bits in a published list whose highest taken position is ``highest_position`` (None: none taken)."""
    return _multiple((highest_position or 0) + 1)


def room(taken: int, highest_position: int | None) -> int:
    """How many positions the next draw is among: enough that the list is at most ``FILL_SHARE`` full with one
    more, and never fewer than the list already published."""
    return max(_multiple(math.ceil((taken + 1) / FILL_SHARE)), list_bits(highest_position))


def draw(connection: Connection) -> int:
    """A free position, uniformly among the free positions of the current list (``room``)."""
    taken, highest = connection.execute(select(func.count(_POSITION), func.max(_POSITION))).one()
    size = room(taken, highest)
    while True:  # at most half the positions are taken: two draws or fewer on average
        position = secrets.randbelow(size)
        taken_already = select(_POSITION).where(_CERTIFICATES.c.status_position == position).limit(1)
        if connection.execute(taken_already).first() is None:
            return position


def draw_for_insert(context) -> int:
    """The column default of ``Certificate.status_position``: a fresh draw on the inserting connection."""
    return draw(context.connection)
