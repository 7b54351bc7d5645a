/* wirecoder page: map, timeline, table, event card with evidence, review queue, coding form.
   Every view reads the same filters, held in the URL (shareable links); the server filters, clusters and
   pages (the page never downloads the whole table). No network use beyond this server. */
"use strict";

const TYPE_COLOURS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#CC79A7",
  "Violence against civilians": "#E69F00",
  "Protests": "#0072B2",
  "Riots": "#009E73",
  "Strategic developments": "#7F7F7F",
};
const FIELD_LABELS = {
  evidence: "event mention", actor1: "actor 1", actor2: "actor 2", place: "place", date: "date",
  fatalities: "fatalities", attribution: "attribution",
};
const PRECISION = { 1: "the town itself", 2: "near a town / part of a region", 3: "only a region" };
const RING_KM = { 2: 15, 3: 60 };
const FILTER_NAMES = ["date_from", "date_to", "country", "admin1", "event_type", "sub_event_type", "actor", "modality", "min_sources"];
const TABLE_COLUMNS = [
  ["event_date", "Date"], ["event_type", "Type"], ["sub_event_type", "Sub-type"], ["actor1", "Actor 1"],
  ["actor2", "Actor 2"], ["country", "Country"], ["admin1", "Admin1"], ["location", "Location"],
  ["fatalities", "Deaths", "num"], ["confidence", "Conf.", "num"], ["n_sources", "Sources", "num"], ["reviewed", "Review"],
];
const PAGE = 50;

const $ = (sel) => document.querySelector(sel);
const state = {
  filters: {}, sort: "event_date", order: "desc", offset: 0, options: null,
  selected: null, detail: null, queue: false, skipped: new Set(), picking: false, picked: null,
};
let map, clusterLayer, pickMarker;
const inflight = {};

function colour(type) { return TYPE_COLOURS[type] || "#555"; }
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/* ---------------------------------------------------------------- server */
function headers(extra = {}) {
  const token = sessionStorage.getItem("wirecoder-token");
  return token ? { ...extra, Authorization: `Bearer ${token}` } : extra;
}
function askToken() {
  const token = prompt("This server needs its access token (wirecoder serve --token). Token:");
  if (token) sessionStorage.setItem("wirecoder-token", token.trim());
  return Boolean(token);
}
async function getJSON(path, params = {}, key = null) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) url.searchParams.set(k, v);
  let signal;
  if (key) {
    if (inflight[key]) inflight[key].abort();
    inflight[key] = new AbortController();
    signal = inflight[key].signal;
  }
  const r = await fetch(url, { signal, headers: headers() });
  if (r.status === 401 && askToken()) return getJSON(path, params, key);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}
async function postJSON(path, data) {
  const r = await fetch(path, { method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(data) });
  const body = await r.json();
  if (r.status === 401 && askToken()) return postJSON(path, data);
  if (!r.ok) throw new Error(body.error ? body.error.message : r.statusText);
  return body;
}

/* ---------------------------------------------------------------- URL state */
function readURL() {
  const q = new URLSearchParams(location.search);
  state.filters = {};
  for (const name of FILTER_NAMES) if (q.get(name)) state.filters[name] = q.get(name);
  state.sort = q.get("sort") || "event_date";
  state.order = q.get("order") || "desc";
  state.offset = parseInt(q.get("offset") || "0", 10) || 0;
  state.view = q.get("view") ? q.get("view").split(",").map(Number) : null;
  const ev = q.get("event");
  state.selected = ev ? { article_id: ev.slice(0, ev.lastIndexOf("/")), event_id: ev.slice(ev.lastIndexOf("/") + 1) } : null;
}
function writeURL() {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
  if (state.sort !== "event_date") q.set("sort", state.sort);
  if (state.order !== "desc") q.set("order", state.order);
  if (state.offset) q.set("offset", state.offset);
  if (map) { const c = map.getCenter(); q.set("view", [map.getZoom(), c.lat.toFixed(3), c.lng.toFixed(3)].join(",")); }
  if (state.selected) q.set("event", `${state.selected.article_id}/${state.selected.event_id}`);
  history.replaceState(null, "", `${location.pathname}?${q.toString()}`);
}
function filtersToForm() {
  for (const name of FILTER_NAMES) { const input = $(`#f-${name}`); if (input) input.value = state.filters[name] || ""; }
  fillSubtypes($("#f-sub_event_type"), state.filters.event_type, state.filters.sub_event_type || "", true);
}
function formToFilters() {
  const f = {};
  for (const name of FILTER_NAMES) { const v = $(`#f-${name}`).value.trim(); if (v) f[name] = v; }
  return f;
}

/* ---------------------------------------------------------------- menus */
function fillSubtypes(select, type, value, anyOption) {
  const opts = state.options;
  select.replaceChildren();
  if (anyOption) select.append(el("option", { value: "", text: "any" }));
  const types = type ? [type] : opts.event_types;
  for (const t of types) {
    const group = el("optgroup", { label: t });
    for (const s of opts.subtypes[t] || []) group.append(el("option", { value: s, text: s }));
    select.append(group);
  }
  select.value = value;
}
function buildMenus() {
  const o = state.options;
  const country = $("#f-country");
  for (const c of o.countries) country.append(el("option", { value: c.iso, text: `${c.name || c.iso} (${c.n})` }));
  const admin1 = $("#admin1-list");
  for (const a of o.admin1) admin1.append(el("option", { value: a.admin1, label: `${a.admin1}, ${a.iso}` }));
  const type = $("#f-event_type");
  for (const t of o.event_types) type.append(el("option", { value: t, text: t }));
  const etype = $("#e-event_type");
  for (const t of o.event_types) etype.append(el("option", { value: t, text: t }));
  const legend = $("#legend");
  for (const t of o.event_types) {
    legend.append(el("li", {}, el("span", { class: "swatch", style: `background:${colour(t)}`, "aria-hidden": "true" }), t));
  }
  type.addEventListener("change", () => fillSubtypes($("#f-sub_event_type"), type.value, "", true));
  etype.addEventListener("change", () => fillSubtypes($("#e-sub_event_type"), etype.value, "", false));
}

/* ---------------------------------------------------------------- map */
async function initMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 1, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth (public domain)");
  const v = state.view;
  if (v && v.length === 3 && v.every(Number.isFinite)) map.setView([v[1], v[2]], v[0]);
  else map.setView([20, 20], 2);
  const topo = await getJSON("/static/vendor/world-atlas/countries-50m.json");
  const countries = topojson.feature(topo, topo.objects.countries);
  // Antarctica's ring runs along the map's edge in Web Mercator: leave it out (no events are coded there)
  countries.features = countries.features.filter((f) => f.properties.name !== "Antarctica");
  for (const f of countries.features) unwrapAntimeridian(f.geometry);
  L.geoJSON(countries, {
    renderer: L.canvas({ padding: 0.5 }), interactive: false,
    style: { color: "#8d8d8d", weight: 0.7, fillColor: "#f6f3ec", fillOpacity: 1 },
  }).addTo(map);
  clusterLayer = L.layerGroup().addTo(map);
  map.on("moveend", () => { drawClusters(); writeURL(); });
  map.on("click", (e) => { if (state.picking) pickAt(e.latlng); });
}
function unwrapAntimeridian(geometry) {
  // a ring with points on both sides of longitude 180 (Fiji, Chukotka) would be drawn across the whole map:
  // shift its western points by 360 degrees so that it stays in one piece
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (ring.some((p) => p[0] > 170) && ring.some((p) => p[0] < -170)) for (const p of ring) if (p[0] < 0) p[0] += 360;
    }
  }
}
function keyboardClick(marker) {
  // Leaflet makes markers focusable (Tab) but fires no click on Enter: do so, and on Space
  marker.getElement().addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); marker.fire("click"); }
  });
}
function markerSize(cell) {
  if (cell.count > 1) return Math.min(64, 24 + 6 * Math.log2(cell.count));
  return Math.min(40, 14 + 4 * Math.sqrt(cell.fatalities || 0));
}
function pie(types, total) {
  let at = 0;
  const stops = [];
  for (const [t, n] of Object.entries(types).sort((a, b) => b[1] - a[1])) {
    const next = at + (n / total) * 360;
    stops.push(`${colour(t)} ${at}deg ${next}deg`);
    at = next;
  }
  return `conic-gradient(${stops.join(", ")})`;
}
async function drawClusters() {
  if (!map) return;
  const b = map.getBounds();
  const bbox = [b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())].map((x) => x.toFixed(4)).join(",");
  let data;
  try {
    data = await getJSON("/v1/ui/clusters", { ...state.filters, zoom: map.getZoom(), bbox }, "clusters");
  } catch (err) { if (err.name !== "AbortError") showError(err); return; }
  clusterLayer.clearLayers();
  for (const cell of data.cells) {
    const size = markerSize(cell);
    const latlng = [cell.lat, cell.lon];
    if (cell.count > 1) {
      const summary = Object.entries(cell.types).map(([t, n]) => `${n} ${t}`).join(", ");
      const icon = L.divIcon({
        className: "", iconSize: [size, size],
        html: `<div class="mk mk-cluster" style="width:${size}px;height:${size}px;background:${pie(cell.types, cell.count)}"><span>${cell.count}</span></div>`,
      });
      const m = L.marker(latlng, { icon, title: `${cell.count} events: ${summary}`, alt: `${cell.count} events`, riseOnHover: true, keyboard: true });
      m.on("click", () => {
        // a few events, or a place zooming cannot pull apart (one spot): list them; else zoom in
        if (cell.count <= 25 && (map.getZoom() >= 8 || map.getZoom() >= map.getMaxZoom() - 1)) listCell(cell, latlng);
        else map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
      });
      m.on("add", () => { const n = m.getElement(); n.dataset.count = cell.count; n.classList.add("cluster-marker"); n.setAttribute("aria-label", `${cell.count} events: ${summary}. Select to zoom in.`); keyboardClick(m); });
      clusterLayer.addLayer(m);
      continue;
    }
    const ev = cell.event;
    const precision = ev.geo_precision || 1;
    const ring = precision > 1;
    if (ring) {
      L.circle(latlng, { radius: RING_KM[precision] * 1000, color: colour(ev.event_type), weight: 2, dashArray: "5 5", fill: true, fillOpacity: 0.08, interactive: false }).addTo(clusterLayer);
    }
    const label = `${ev.event_type}: ${ev.sub_event_type}, ${ev.location || ev.admin1 || ev.iso || ""}, ${ev.event_date || "no date"}` +
      (ev.fatalities ? `, ${ev.fatalities} deaths` : "") + (ring ? ` (location: ${PRECISION[precision]})` : "");
    const icon = L.divIcon({
      className: "", iconSize: [size, size],
      html: `<div class="mk mk-point${ring ? " mk-ring" : ""}" style="width:${size}px;height:${size}px;background:${colour(ev.event_type)};border-color:${ring ? colour(ev.event_type) : "#111"}"></div>`,
    });
    const m = L.marker(latlng, { icon, title: label, alt: label, keyboard: true, riseOnHover: true });
    m.on("click", () => openEvent(ev.article_id, ev.event_id));
    m.on("add", () => {
      const n = m.getElement();
      n.classList.add("event-marker");
      n.dataset.article = ev.article_id; n.dataset.event = ev.event_id; n.dataset.precision = precision;
      n.setAttribute("aria-label", label);
      keyboardClick(m);
    });
    clusterLayer.addLayer(m);
  }
  $("#map").dataset.total = data.total;
  $("#map").dataset.cells = data.cells.length;
}

async function listCell(cell, latlng) {
  let data;
  try { data = await getJSON("/v1/ui/events", { ...state.filters, bbox: cell.bbox.join(","), limit: 25 }); } catch (err) { showError(err); return; }
  const box = el("div", { class: "cell-list" }, el("strong", { text: `${data.total} events here` }));
  const list = el("ul");
  for (const row of data.rows) {
    list.append(el("li", {}, el("button", {
      type: "button", class: "linkish", "data-article": row.article_id, "data-event": row.id,
      onclick: () => { map.closePopup(); openEvent(row.article_id, row.id); },
    }, el("span", { class: "type-dot", style: `background:${colour(row.event_type)}`, "aria-hidden": "true" }),
    `${row.event_date || "no date"}: ${row.sub_event_type}, ${row.location || row.admin1 || ""}${row.fatalities ? `, ${row.fatalities} dead` : ""} (${row.article_id})`)));
  }
  box.append(list);
  L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(box).openOn(map);
  const first = box.querySelector("button");
  if (first) first.focus();
}

/* ---------------------------------------------------------------- timeline */
const DAY = 86400000;
function parseDay(s) { return Date.parse(`${s}T00:00:00Z`); }
function fmtDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
let timelineScale = null, lastTimeline = null;
async function drawTimeline() {
  let data;
  try { data = await getJSON("/v1/ui/timeline", state.filters, "timeline"); } catch (err) { if (err.name !== "AbortError") showError(err); return; }
  lastTimeline = data;
  renderTimeline(data);
}
function renderTimeline(data) {
  const svg = $("#timeline");
  const width = svg.clientWidth || 800, height = 96, bottom = 14;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  const days = data.days;
  svg.dataset.days = days.length;
  if (!days.length) { timelineScale = null; return; }
  const first = parseDay(days[0].date);
  const last = Math.max(parseDay(days[days.length - 1].date) + DAY, first + 30 * DAY);  // at least a month wide
  const span = last - first;
  const binDays = Math.max(1, Math.ceil((span / DAY) / (width / 3)));
  const bins = new Map();
  for (const d of days) {
    const i = Math.floor((parseDay(d.date) - first) / DAY / binDays);
    const bin = bins.get(i) || {};
    for (const [t, n] of Object.entries(d.types)) bin[t] = (bin[t] || 0) + n;
    bins.set(i, bin);
  }
  const nbins = Math.ceil(span / DAY / binDays);
  const bw = width / nbins;
  const max = Math.max(...[...bins.values()].map((b) => Object.values(b).reduce((a, c) => a + c, 0)));
  const order = state.options.event_types;
  for (const [i, bin] of bins) {
    let y = height - bottom;
    for (const t of order) {
      const n = bin[t];
      if (!n) continue;
      const h = ((height - bottom - 4) * n) / max;
      const r = document.createElementNS(ns, "rect");
      r.setAttribute("x", i * bw); r.setAttribute("width", Math.max(1, bw - (bw > 3 ? 1 : 0)));
      r.setAttribute("y", y - h); r.setAttribute("height", h); r.setAttribute("fill", colour(t));
      const title = document.createElementNS(ns, "title");
      title.textContent = `${fmtDay(first + i * binDays * DAY)}${binDays > 1 ? ` (+${binDays - 1} days)` : ""}: ${n} ${t}`;
      r.append(title);
      svg.append(r);
      y -= h;
    }
  }
  for (const [x, anchor, text] of [[2, "start", fmtDay(first)], [width - 2, "end", fmtDay(last - DAY)]]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", x); label.setAttribute("y", height - 2); label.setAttribute("text-anchor", anchor);
    label.setAttribute("class", "axis"); label.textContent = text;
    svg.append(label);
  }
  timelineScale = { first, span, width };
  drawBrush();
}
function drawBrush(from = state.filters.date_from, to = state.filters.date_to) {
  const svg = $("#timeline");
  svg.querySelectorAll(".brush").forEach((n) => n.remove());
  $("#brush-clear").hidden = !(state.filters.date_from || state.filters.date_to);
  if (!timelineScale || !(from || to)) return;
  const { first, span, width } = timelineScale;
  const x0 = from ? ((parseDay(from) - first) / span) * width : 0;
  const x1 = to ? ((parseDay(to) + DAY - first) / span) * width : width;
  const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  r.setAttribute("class", "brush"); r.setAttribute("x", Math.max(0, x0)); r.setAttribute("y", 0);
  r.setAttribute("width", Math.max(2, Math.min(width, x1) - Math.max(0, x0))); r.setAttribute("height", 82);
  svg.append(r);
}
function initBrush() {
  const svg = $("#timeline");
  let start = null;
  const dayAt = (evt) => {
    const box = svg.getBoundingClientRect();
    const x = Math.min(Math.max(evt.clientX - box.left, 0), box.width);
    const { first, span } = timelineScale;
    return fmtDay(first + Math.floor(((x / box.width) * span) / DAY) * DAY);
  };
  svg.addEventListener("pointerdown", (evt) => { if (!timelineScale) return; start = dayAt(evt); svg.setPointerCapture(evt.pointerId); });
  svg.addEventListener("pointermove", (evt) => { if (start) { const d = dayAt(evt); drawBrush(d < start ? d : start, d < start ? start : d); } });
  svg.addEventListener("pointerup", (evt) => {
    if (!start) return;
    const d = dayAt(evt);
    const [from, to] = d < start ? [d, start] : [start, d];
    start = null;
    setFilters({ ...state.filters, date_from: from, date_to: to });
  });
  $("#brush-clear").addEventListener("click", () => {
    const f = { ...state.filters }; delete f.date_from; delete f.date_to; setFilters(f);
  });
}

/* ---------------------------------------------------------------- table */
function initTable() {
  const tr = $("#events-table thead tr");
  for (const [key, label, cls] of TABLE_COLUMNS) {
    const th = el("th", { scope: "col", class: cls || null, "data-key": key });
    th.append(el("button", { type: "button", text: label, onclick: () => sortBy(key) }));
    tr.append(th);
  }
  $("#page-prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); drawTable(); writeURL(); });
  $("#page-next").addEventListener("click", () => { state.offset += PAGE; drawTable(); writeURL(); });
}
function sortBy(key) {
  if (state.sort === key) state.order = state.order === "desc" ? "asc" : "desc";
  else { state.sort = key; state.order = key === "event_date" || key === "fatalities" ? "desc" : "asc"; }
  state.offset = 0;
  drawTable(); writeURL();
}
async function drawTable() {
  let data;
  try {
    data = await getJSON("/v1/ui/events", { ...state.filters, sort: state.sort, order: state.order, limit: PAGE, offset: state.offset }, "table");
  } catch (err) { if (err.name !== "AbortError") showError(err); return; }
  for (const th of document.querySelectorAll("#events-table th")) {
    th.setAttribute("aria-sort", th.dataset.key === state.sort ? (state.order === "desc" ? "descending" : "ascending") : "none");
  }
  const body = $("#events-table tbody");
  body.replaceChildren();
  for (const row of data.rows) {
    const tr = el("tr", { tabindex: "0", "data-article": row.article_id, "data-event": row.id });
    if (state.selected && state.selected.article_id === row.article_id && state.selected.event_id === row.id) tr.classList.add("selected");
    for (const [key, , cls] of TABLE_COLUMNS) {
      let value = row[key];
      if (key === "confidence" && value !== null) value = Number(value).toFixed(2);
      const td = el("td", { class: cls || null, title: value === null ? "" : String(value) });
      if (key === "event_type") td.append(el("span", { class: "type-dot", style: `background:${colour(value)}`, "aria-hidden": "true" }));
      if (key === "reviewed" && value) td.append(el("span", { class: `badge ${value}`, text: value }));
      else td.append(value === null || value === undefined ? "" : String(value));
      tr.append(td);
    }
    const open = () => openEvent(row.article_id, row.id, true);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    body.append(tr);
  }
  const end = Math.min(state.offset + data.rows.length, data.total);
  $("#table-count").textContent = data.total ? `${state.offset + 1}–${end} of ${data.total}` : "no events";
  $("#events-table").dataset.total = data.total;
  $("#page-prev").disabled = state.offset === 0;
  $("#page-next").disabled = end >= data.total;
  $("#summary").textContent = `${data.total} event${data.total === 1 ? "" : "s"} match the filters`;
}

/* ---------------------------------------------------------------- event card, evidence */
function describeActor(a) { return a ? (a.canonical && a.canonical !== a.name ? `${a.canonical} (“${a.name}”)` : a.name) : "—"; }
function renderEvidence(text, spans) {
  const box = el("div", { class: "article", tabindex: "0", "aria-label": "Article text with the event's evidence highlighted" });
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    const active = spans.filter((s) => s.start <= a && b <= s.end);
    const piece = text.slice(a, b);
    if (!active.length) { box.append(piece); continue; }
    const fields = active.filter((s) => s.field !== "evidence").sort((x, y) => (x.end - x.start) - (y.end - y.start));
    const mark = el("mark", { class: active.some((s) => s.field === "evidence") ? "ev" : null });
    if (fields.length) { mark.dataset.field = fields[0].field; mark.title = fields.map((f) => FIELD_LABELS[f.field]).join(", "); }
    mark.textContent = piece;
    box.append(mark);
  }
  return box;
}
async function openEvent(article_id, event_id, fly = false) {
  state.selected = { article_id, event_id };
  writeURL();
  let d;
  try { d = await getJSON("/v1/ui/event", { article_id, event_id }, "event"); } catch (err) { if (err.name !== "AbortError") showError(err); return; }
  state.detail = d;
  const ev = d.event;
  const wasHidden = $("#panel").hidden;
  $("#panel").hidden = false;
  $("#panel").scrollTop = 0;
  if (wasHidden) resized();
  $("#edit").hidden = true;
  const card = $("#card");
  card.replaceChildren();
  const review = ev.review;
  const status = d.rejected ? "rejected" : review ? review.status : null;
  $("#panel-title").textContent = `${ev.event_type}: ${ev.sub_event_type}`;
  const loc = ev.location;
  const fat = ev.fatalities;
  const rows = [
    ["Date", ev.date ? `${ev.date.start}${ev.date.end && ev.date.end !== ev.date.start ? ` to ${ev.date.end}` : ""}` : "—"],
    ["Actor 1", describeActor(ev.actor1)],
    ["Actor 2", describeActor(ev.actor2)],
    ["Location", loc ? `${loc.name}${loc.admin1 && loc.admin1 !== loc.name ? `, ${loc.admin1}` : ""} (${loc.country_code || "?"}); ${PRECISION[loc.precision] || ""}` : "not located"],
    ["Fatalities", fat ? (fat.low !== fat.high ? `${fat.best} (${fat.low}–${fat.high})` : `${fat.best}`) : "not stated"],
    ["Attribution", ev.attribution && ev.attribution.source ? ev.attribution.source : "—"],
    ["Modality", `${ev.modality}, ${ev.status}`],
    ["Confidence", ev.confidence === null || ev.confidence === undefined ? "—" : Number(ev.confidence).toFixed(2)],
    ["Article", `${d.article.title || d.article.id}${d.article.published ? `, ${d.article.published}` : ""}${d.article.source ? `, ${d.article.source}` : ""}`],
  ];
  const dl = el("dl");
  for (const [k, v] of rows) dl.append(el("dt", { text: k }), el("dd", { text: v }));
  if (status) dl.append(el("dt", { text: "Review" }), el("dd", {}, el("span", { class: `badge ${status}`, text: status }), review ? ` by ${review.reviewer}, ${review.at}` : ""));
  card.append(dl);
  if (ev.summary) card.append(el("p", { class: "hint", text: ev.summary }));
  card.append(el("h3", { text: "Evidence" }));
  const present = new Set(d.spans.map((s) => s.field));
  const legend = el("ul", { class: "fields-legend", "aria-label": "Highlight colours" });
  for (const [field, label] of Object.entries(FIELD_LABELS)) if (present.has(field)) legend.append(el("li", { class: `f-${field}`, text: label }));
  card.append(legend);
  const article = renderEvidence(d.article.text, d.spans);
  card.append(article);
  const firstMark = article.querySelector("mark");
  if (firstMark) article.scrollTop = Math.max(0, firstMark.offsetTop - article.offsetTop - 40);
  if (d.cluster_id) card.append(await clusterSources(d));
  if (d.reviews.length) {
    card.append(el("h3", { text: "Review history" }));
    const list = el("ul", { class: "history" });
    for (const r of d.reviews) list.append(el("li", { text: `${r.at}: ${r.action} by ${r.reviewer}${Object.keys(r.fields).length ? ` (${Object.keys(r.fields).filter((k) => k !== "review").join(", ")})` : ""}${r.note ? `: ${r.note}` : ""}` }));
    card.append(list);
  }
  $("#rv-restore").hidden = !d.rejected;
  $("#rv-accept").hidden = $("#rv-reject").hidden = $("#rv-edit").hidden = d.rejected;
  $("#rv-next").hidden = !state.queue;
  document.querySelectorAll("#events-table tbody tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.article === article_id && tr.dataset.event === event_id));
  if (fly && loc && loc.lat !== null) map.setView([loc.lat, loc.lon], Math.max(map.getZoom(), 6));
  $("#panel").dataset.event = event_id;
}
async function clusterSources(d) {
  // every article that reported this event (the store's cross-article cluster), with the toll each gave
  const box = el("section", { class: "sources", "aria-label": "Reports of this event" });
  let cluster;
  try { cluster = await getJSON(`/v1/clusters/${encodeURIComponent(d.cluster_id)}`); } catch (err) { return box; }
  box.append(el("h3", { text: `Reports of this event (${cluster.sources.length})` }));
  const list = el("ul", { class: "source-list" });
  for (const src of cluster.sources) {
    const eventId = src.event_id_cnty.slice(src.article_id.length + 1);
    const here = src.article_id === d.article.id && eventId === d.event.id;
    const deaths = src.fatalities === null ? "no toll" : `${src.fatalities} dead${src.fatalities_high && src.fatalities_high !== src.fatalities ? ` (up to ${src.fatalities_high})` : ""}`;
    const item = el("li", {}, el("strong", { text: src.title || src.article_id }),
      ` ${[src.source, src.published].filter(Boolean).join(", ")}: ${deaths}${src.duplicate_of ? ` (copy of ${src.duplicate_of})` : ""}`);
    if (!here) item.append(" ", el("button", { type: "button", text: "Open", onclick: () => openEvent(src.article_id, eventId) }));
    if (cluster.sources.length > 1) {
      item.append(" ", el("button", {
        type: "button", text: "Split off", title: "This report is not the same event: take it out of the cluster",
        onclick: async () => {
          try { await postJSON(`/v1/clusters/${encodeURIComponent(d.cluster_id)}/split`, { events: [src.event_id_cnty] }); } catch (err) { showError(err); return; }
          refreshAll(); openEvent(d.article.id, d.event.id);
        },
      }));
    }
    list.append(item);
  }
  box.append(list);
  return box;
}
function closePanel() {
  $("#panel").hidden = true; state.selected = null; state.queue = false; state.picking = false; writeURL();
  resized();
}
function resized() {
  // the panel takes room from the map and the timeline: let Leaflet measure again, draw the bars anew
  if (map) map.invalidateSize();
  if (lastTimeline) renderTimeline(lastTimeline);
}

/* ---------------------------------------------------------------- review */
function reviewer() {
  let name = $("#reviewer").value.trim();
  if (!name) {
    name = (prompt("Reviewer name or initials:") || "").trim();
    $("#reviewer").value = name;
  }
  if (name) localStorage.setItem("wirecoder-reviewer", name);
  return name;
}
async function sendReview(action, correction = null) {
  const d = state.detail;
  if (!d) return false;
  const name = reviewer();
  if (!name) return false;
  const body = { article_id: d.article.id, event_id: (d.event || d.coded).id, action, reviewer: name };
  if (correction) body.correction = correction;
  const note = $("#e-note").value.trim();
  if (action === "correct" && note) body.note = note;
  try { await postJSON("/v1/review", body); } catch (err) { $("#edit-error").textContent = err.message; showError(err); return false; }
  refreshAll();
  if (state.queue && (action === "accept" || action === "reject")) await nextInQueue();
  else await openEvent(body.article_id, body.event_id);
  return true;
}
function openEdit() {
  const d = state.detail;
  if (!d || d.rejected) return;
  const ev = d.event;
  $("#edit").hidden = false;
  $("#edit-error").textContent = "";
  $("#e-event_type").value = ev.event_type;
  fillSubtypes($("#e-sub_event_type"), ev.event_type, ev.sub_event_type, false);
  $("#e-actor1").value = ev.actor1 ? ev.actor1.canonical || ev.actor1.name : "";
  $("#e-actor2").value = ev.actor2 ? ev.actor2.canonical || ev.actor2.name : "";
  $("#e-date").value = ev.date ? ev.date.start : "";
  $("#e-date_end").value = ev.date ? ev.date.end || "" : "";
  $("#e-fat_best").value = ev.fatalities ? ev.fatalities.best : "";
  $("#e-fat_low").value = ev.fatalities ? ev.fatalities.low : "";
  $("#e-fat_high").value = ev.fatalities ? ev.fatalities.high : "";
  $("#e-place").replaceChildren(el("option", { value: "", text: ev.location ? `keep: ${ev.location.name}` : "keep: not located" }));
  $("#e-place-q").value = "";
  $("#e-note").value = "";
  $("#e-picked").textContent = "";
  state.picked = null;
  $("#e-event_type").focus();
}
function collectCorrection() {
  const ev = state.detail.event;
  const c = {};
  const type = $("#e-event_type").value, sub = $("#e-sub_event_type").value;
  if (type !== ev.event_type || sub !== ev.sub_event_type) { c.event_type = type; c.sub_event_type = sub; }
  const a1 = $("#e-actor1").value.trim(), a2 = $("#e-actor2").value.trim();
  const old1 = ev.actor1 ? ev.actor1.canonical || ev.actor1.name : "", old2 = ev.actor2 ? ev.actor2.canonical || ev.actor2.name : "";
  if (a1 !== old1) c.actor1 = a1;
  if (a2 !== old2) c.actor2 = a2;
  const place = $("#e-place").value;
  if (place) c.location = { geonames_id: Number(place) };
  else if (state.picked) c.location = state.picked;
  const start = $("#e-date").value, end = $("#e-date_end").value || start;
  if (start && (!ev.date || start !== ev.date.start || end !== (ev.date.end || ev.date.start))) c.date = { start, end, precision: 1 };
  const best = $("#e-fat_best").value;
  const fat = ev.fatalities;
  if (best === "" && fat) c.fatalities = {};
  else if (best !== "") {
    const low = $("#e-fat_low").value === "" ? Number(best) : Number($("#e-fat_low").value);
    const high = $("#e-fat_high").value === "" ? Number(best) : Number($("#e-fat_high").value);
    if (!fat || Number(best) !== fat.best || low !== fat.low || high !== fat.high) c.fatalities = { best: Number(best), low, high };
  }
  return c;
}
async function searchPlaces() {
  const q = $("#e-place-q").value.trim();
  if (q.length < 2) return;
  const select = $("#e-place");
  const keep = select.options[0];
  select.replaceChildren(keep);
  try {
    const data = await getJSON("/v1/ui/places", { q });
    for (const p of data.places) select.append(el("option", { value: p.geonames_id, text: `${p.name}${p.admin1 ? `, ${p.admin1}` : ""} (${p.country_code || "?"}, ${p.feature})` }));
    if (data.places.length) select.selectedIndex = 1;
    $("#e-picked").textContent = `${data.places.length} place(s) found`;
  } catch (err) { showError(err); }
}
function pickAt(latlng) {
  state.picking = false;
  $("#map").style.cursor = "";
  const name = (prompt("Name of the place picked on the map:") || "").trim();
  const cc = (prompt("Its country (ISO code, e.g. SY):", state.detail.event.location ? state.detail.event.location.country_code || "" : "") || "").trim();
  if (!name || !cc) return;
  state.picked = { name, country_code: cc, lat: Number(latlng.lat.toFixed(5)), lon: Number(latlng.lng.toFixed(5)), precision: 1 };
  $("#e-place").value = "";
  if (pickMarker) pickMarker.remove();
  pickMarker = L.circleMarker(latlng, { radius: 8, color: "#111" }).addTo(map);
  $("#e-picked").textContent = `picked ${name} at ${state.picked.lat}, ${state.picked.lon}`;
}
async function nextInQueue() {
  state.queue = true;
  let data;
  try { data = await getJSON("/v1/review/queue", { ...state.filters, limit: 200 }); } catch (err) { showError(err); return; }
  const next = data.events.find((e) => !state.skipped.has(`${e.article_id}/${e.event_id}`));
  $("#queue-info").textContent = `${data.remaining} unreviewed under these filters`;
  if (!next) { $("#queue-info").textContent = "Queue done: no unreviewed event under these filters."; state.queue = false; return; }
  await openEvent(next.article_id, next.event_id, true);
}
function skipInQueue() {
  const d = state.detail;
  if (d) state.skipped.add(`${d.article.id}/${d.event.id}`);
  nextInQueue();
}

/* ---------------------------------------------------------------- coding */
function htmlText(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("script, style, nav, footer, header, aside, noscript").forEach((n) => n.remove());
  const title = doc.querySelector("title") ? doc.querySelector("title").textContent.trim() : "";
  const text = (doc.body ? doc.body.innerText || doc.body.textContent : "").replace(/\n{3,}/g, "\n\n").trim();
  return { title, text };
}
async function codeArticles() {
  const route = state.options.code_route;
  const status = $("#c-status"), progress = $("#c-progress");
  if (!route) { status.textContent = "This server has no coding route."; return; }
  const file = $("#c-file").files[0];
  let items = [];
  if (file) {
    const raw = await file.text();
    if (/\.(jsonl|ndjson)$/i.test(file.name)) {
      for (const line of raw.split(/\r?\n/)) {
        if (!line.trim()) continue;
        try { const o = JSON.parse(line); items.push({ text: o.text, id: o.id, title: o.title, published: o.published }); } catch (err) { status.textContent = `Line ${items.length + 1} is not JSON: ${err.message}`; return; }
      }
    } else if (/\.html?$/i.test(file.name) || /^\s*</.test(raw)) {
      const { title, text } = htmlText(raw);
      items.push({ text, title: $("#c-title").value.trim() || title || undefined });
    } else items.push({ text: raw });
  } else items.push({ text: $("#c-text").value });
  const published = $("#c-published").value, title = $("#c-title").value.trim();
  items = items.filter((i) => i.text && i.text.trim()).map((i) => {
    const body = { text: i.text };
    if (i.id) body.id = String(i.id);
    if (i.title || (!file && title)) body.title = i.title || title;
    if (i.published || published) body.published = String(i.published || published).slice(0, 10);
    return body;
  });
  if (!items.length) { status.textContent = "Nothing to code: paste a text or choose a file."; return; }
  progress.hidden = false; progress.max = items.length; progress.value = 0;
  let events = 0, failed = 0;
  $("#c-submit").disabled = true;
  for (const [i, body] of items.entries()) {
    status.textContent = `Coding ${i + 1} of ${items.length}…`;
    try { const rec = await postJSON(route, body); events += rec.events.length; } catch (err) { failed += 1; status.textContent = err.message; }
    progress.value = i + 1;
  }
  $("#c-submit").disabled = false;
  status.textContent = `Coded ${items.length - failed} of ${items.length} article(s): ${events} event(s)${failed ? `, ${failed} failed` : ""}.`;
  await reloadOptions();
  refreshAll();
}

/* ---------------------------------------------------------------- glue */
function showError(err) { $("#summary").textContent = `Error: ${err.message}`; }
function refreshAll() { drawClusters(); drawTimeline(); drawTable(); }
function setFilters(f) {
  state.filters = f; state.offset = 0;
  filtersToForm(); writeURL(); refreshAll();
}
async function reloadOptions() {
  state.options = await getJSON("/v1/ui/options");
}
function keyHandler(e) {
  if (e.target.closest("input, textarea, select, dialog") || e.ctrlKey || e.metaKey || e.altKey) {
    if (e.key === "Escape" && !$("#edit").hidden) { $("#edit").hidden = true; }
    return;
  }
  // keys act on the event shown, once it is loaded (not on the one before it)
  const open = !$("#panel").hidden && state.detail && state.selected && state.detail.event.id === state.selected.event_id;
  if (e.key === "q") nextInQueue();
  else if (e.key === "n" && state.queue) skipInQueue();
  else if (e.key === "a" && open && !state.detail.rejected) sendReview("accept");
  else if (e.key === "r" && open && !state.detail.rejected) sendReview("reject");
  else if (e.key === "e" && open) { e.preventDefault(); openEdit(); }
  else if (e.key === "?") $("#help-dialog").showModal();
  else if (e.key === "Escape" && open) closePanel();
}
async function main() {
  readURL();
  $("#reviewer").value = localStorage.getItem("wirecoder-reviewer") || "";
  await reloadOptions();
  buildMenus();
  filtersToForm();
  initTable();
  initBrush();
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); setFilters(formToFilters()); });
  $("#filters").addEventListener("change", (e) => { if (e.target.tagName === "SELECT" || e.target.type === "date") setFilters(formToFilters()); });
  $("#filters-clear").addEventListener("click", () => setFilters({}));
  $("#panel-close").addEventListener("click", closePanel);
  $("#rv-accept").addEventListener("click", () => sendReview("accept"));
  $("#rv-reject").addEventListener("click", () => sendReview("reject"));
  $("#rv-restore").addEventListener("click", () => sendReview("restore"));
  $("#rv-edit").addEventListener("click", openEdit);
  $("#rv-next").addEventListener("click", skipInQueue);
  $("#queue-start").addEventListener("click", nextInQueue);
  $("#edit-cancel").addEventListener("click", () => { $("#edit").hidden = true; });
  $("#edit").addEventListener("submit", (e) => {
    e.preventDefault();
    const c = collectCorrection();
    if (!Object.keys(c).length) { $("#edit-error").textContent = "Nothing changed."; return; }
    sendReview("correct", c);
  });
  $("#e-place-search").addEventListener("click", searchPlaces);
  $("#e-place-q").addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); searchPlaces(); } });
  $("#e-pick").addEventListener("click", () => { state.picking = true; $("#map").style.cursor = "crosshair"; $("#e-picked").textContent = "Click the place on the map."; });
  $("#reviewer").addEventListener("change", () => localStorage.setItem("wirecoder-reviewer", $("#reviewer").value.trim()));
  $("#code-open").addEventListener("click", () => { $("#c-status").textContent = ""; $("#c-progress").hidden = true; $("#code-dialog").showModal(); });
  $("#c-close").addEventListener("click", () => $("#code-dialog").close());
  $("#c-submit").addEventListener("click", codeArticles);
  $("#help-open").addEventListener("click", () => $("#help-dialog").showModal());
  document.addEventListener("keydown", keyHandler);
  let resizing = null;
  window.addEventListener("resize", () => { clearTimeout(resizing); resizing = setTimeout(resized, 150); });
  await initMap();
  refreshAll();
  if (state.selected) openEvent(state.selected.article_id, state.selected.event_id);
  document.body.dataset.ready = "1";
}
main().catch(showError);
