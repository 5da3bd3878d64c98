#!/usr/bin/env python3
"""Reads an archive written by qikai-map-tiles with other people's code: the
PMTiles reference reader (PyPI `pmtiles`, by Protomaps) and an independent MVT
decoder (PyPI `mapbox-vector-tile`). Our writer and reader are tested against
each other and against the spec's tile-id table; this checks that the bytes
are what the rest of the ecosystem reads, too.

    python3 -m venv /tmp/pmcheck && /tmp/pmcheck/bin/pip install pmtiles mapbox-vector-tile
    /tmp/pmcheck/bin/python tools/pmtiles_crosscheck.py out.pmtiles

Prints the header, the layers, and per zoom the points the tiles stand for
(lone point features plus cluster counts): every zoom must give the same
total, the number of points built. Exit 1 when they differ.
"""
import gzip
import sys

import mapbox_vector_tile as mvt
from pmtiles.reader import MmapSource, Reader, all_tiles


def main(path):
    with open(path, "rb") as f:
        reader = Reader(MmapSource(f))
        header = reader.header()
        keys = ["min_zoom", "max_zoom", "tile_type", "tile_compression",
                "internal_compression", "addressed_tiles_count", "clustered"]
        print({k: str(header[k]) for k in keys})
        meta = reader.metadata()
        print("layers:", [layer["id"] for layer in meta["vector_layers"]])
        per_zoom = {}
        tiles = 0
        for (z, _x, _y), data in all_tiles(MmapSource(f)):
            tiles += 1
            layers = mvt.decode(gzip.decompress(data), default_options={"y_coord_down": True})
            points = sum(1 for ft in layers.get("features", {}).get("features", [])
                         if ft["geometry"]["type"] == "Point")
            points += sum(int(c["properties"]["point_count"])
                          for c in layers.get("clusters", {}).get("features", []))
            per_zoom[z] = per_zoom.get(z, 0) + points
        print("tiles:", tiles)
        print("points per zoom:", per_zoom)
        want = meta.get("qikai_map", {}).get("points")
        bad = [z for z, n in per_zoom.items() if n != want]
        if bad:
            print(f"zooms {bad} do not account for {want} points")
            return 1
        print(f"every zoom accounts for all {want} points")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
