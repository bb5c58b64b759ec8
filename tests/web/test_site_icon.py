"""The site's icon: every page names it, so a browser never asks for a /favicon.ico that does not exist (a 404 in
the server's log and an error in the browser's console on every first visit)."""

from __future__ import annotations

import re


def test_every_page_names_the_icon_and_it_is_served(client):
    page = client.get("/sign-in").get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link, "the layout names no icon"
    icon = client.get(link.group(1))
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
