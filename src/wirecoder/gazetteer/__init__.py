"""Offline gazetteer: an SQLite index compiled from PyPI-shipped GeoNames data.

DOCS: docs/places.md
"""

from .index import Gazetteer, Place, get_gazetteer, haversine_km
from .normalise import name_key

__all__ = ["Gazetteer", "Place", "get_gazetteer", "haversine_km", "name_key"]
