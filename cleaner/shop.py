"""A shop's page, told by its text: a cart button, or two of a shop's other controls, on lines of
their own.

On a shop's page the densest run of prose is most often its reviews and questions, not the
product's description: there the region reading does not replace the extraction
(``sells_something``), and on a page with a cart button the product's reviews are taken out of
the reading kept (``has_cart_button``, ``reviews``). Apart from the HTML reading, as it reads
only the page's text: what changes here is the controls shop software prints, and in which
languages.
"""

from __future__ import annotations

import functools
import re

# A shop's controls on a line of their own: its cart button, as shop software writes it in the
# languages of most shops, or the English controls that take two to tell a shop.
_SHOP_CONTROL = re.compile(
    r"^[^\S\n]*(?:(?P<cart>add to (?:cart|bag|basket)|ajouter au panier|in den warenkorb(?: legen)?"
    r"|(?:añadir|agregar) al carrito|aggiungi al carrello|(?:in|toevoegen aan) (?:de )?winkelwagen"
    r"|adicionar ao carrinho|lägg i varukorgen|dodaj do koszyka|legg i handlekurven)"
    r"|(?P<other>buy now|in stock|out of stock|sold out))\W*?$", re.I | re.M)


def sells_something(page: str) -> bool:
    """True when a whole page's text has a shop's controls on lines of their own: an "Add to
    cart" button (or "Ajouter au panier", "In den Warenkorb", ...), or two others ("Buy now" and
    "In stock"). One of those alone is as often a
    widget on a page that sells nothing (a "Buy now" box in a review, "Sold out" in a concert
    story). On a shop's page the densest run of prose is most often its reviews and questions,
    not the product's description, so the extractor's reading is the better one."""
    kinds = shop_controls(page)
    return "cart" in kinds or len(kinds) >= 2


def has_cart_button(page: str) -> bool:
    """True when a whole page's text has a cart button on a line of its own: the one shop control
    that an editor's page does not print (its price widgets say "Buy now" and "In stock")."""
    return "cart" in shop_controls(page)


@functools.lru_cache(maxsize=1)  # the page's text is asked twice: whether it sells, whether it has a cart
def shop_controls(page: str) -> frozenset[str]:
    """The kinds of shop control on lines of their own: "cart", "now", "stock", "out"."""
    return frozenset("cart" if match["cart"] else match["other"].lower().split()[-1]
                     for match in _SHOP_CONTROL.finditer(page))
