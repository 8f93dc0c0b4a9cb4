// The editor: every track on one time axis (the video run, music, titles and captions), the frame under the
// playhead, and a settings panel for what is selected. Every change is an edit operation sent to
// /api/edits (the same ops the agent makes of words, on the same undo history), free of charge.

import { api, ApiError, APP, readable } from "./api.js";
import { currentLanguage, t, valueLabel } from "./i18n.js";

const $ = (id) => document.getElementById(id);
const FRAME_SIDE = 360;

let current = null; // the last state: {state: {draft, video_infos}, summary, revision, undo_steps, redo_steps, frame_url}
let choices = null; // GET /api/edits/choices
let selected = null; // {kind: "segment" | "music" | "text", index}
let playheadMs = 0;
let notify = () => {};

export function setNotifier(fn) {
  notify = fn;
}

export async function loadChoices() {
  choices = await api("GET", "/api/edits/choices");
  return choices;
}

export function outputChoices() {
  return choices ? choices.output : [];
}

// --- reading the draft ------------------------------------------------------------------------------------

function tracks(draft) {
  const video = draft.t.find((track) => track.tt === 0);
  return {
    segments: video ? video.sg : [],
    music: draft.t.filter((track) => track.tt === 1).map((track) => track.sg[0]),
    texts: draft.t.filter((track) => track.tt === 7).map((track) => track.sg[0]),
    total: draft.d || 0,
  };
}

function mediaName(id) {
  const known = (current.state.draft.m.media || []).find((m) => m.id === id);
  if (known) return known.name;
  const info = current.state.video_infos.find((m) => m.id === id);
  return info ? info.name : String(id).replace(/^library:/, "");
}

function infoOf(id) {
  return current.state.video_infos.find((m) => m.id === id) || {};
}

const isClip = (segment) => (segment.m || {}).kind === "clip";
const secs = (ms) => (ms / 1000).toFixed(1).replace(/\.0$/, "");
const clock = (ms) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

// A clip's trim as the person reads it: "0:04–0:09 (5.0 s)".
function clipSpan(segment) {
  const start = (segment.m || {}).in || 0;
  return `${clock(start)}–${clock(start + segment.d)} (${(segment.d / 1000).toFixed(1)} ${t("seconds")})`;
}

function summaryText() {
  const { segments, music, texts, total } = tracks(current.state.draft);
  if (!segments.length) return t("noPhotos");
  const clips = segments.filter(isClip).length;
  return t("summary", {
    server: current.summary,
    photos: segments.length - clips,
    clips,
    music: music.length > 0,
    texts: texts.length,
    seconds: secs(total),
  });
}

// --- edits ----------------------------------------------------------------------------------------------

// One edit at a time, in the order made. Each carries the revision of the view it was made on: an edit made
// before the one ahead of it landed names positions in a timeline that no longer exists, and is refused (409)
// rather than applied to another photo. Resolves true when the edit was applied.
let queue = Promise.resolve(true);
function send(path, body, positional = true) {
  const revision = positional ? current.revision : null; // undo and redo name no position: any view will do
  queue = queue.then(() => sendNow(path, body, revision), () => sendNow(path, body, revision));
  return queue;
}

async function sendNow(path, body, revision) {
  try {
    const data = await api("POST", (sid) => `/api/edits/${APP}/me/${sid}${path}`, { json: { ...body, revision }, session: true });
    current = { ...current, summary: data.summary, revision: data.revision, undo_steps: data.undo_steps, redo_steps: data.redo_steps };
    current.state = { ...current.state, draft: data.draft };
    render();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 409) {
      notify(t("changedMeanwhile"));
      await reload();
      return false;
    }
    notify(readable(error));
    render(); // the controls go back to what the timeline holds
    return false;
  }
}

export const edit = (...ops) => send("", { ops: ops.map(([op, args]) => ({ op, args })) });
export const undo = () => send("/undo", {}, false);
export const redo = () => send("/redo", {}, false);

let reload = async () => {};
export function setReloader(fn) {
  reload = fn;
}

// --- drawing --------------------------------------------------------------------------------------------

export function show(data) {
  // A state read before an edit landed may arrive after that edit's reply: the newer timeline stays.
  if (current && data && data.session_id === current.session_id && data.revision < current.revision) return;
  current = data;
  render();
}

export function redraw() {
  render();
}

export function mediaInfos() {
  return current ? current.state.video_infos : [];
}

function render() {
  if (!current) return;
  // The lanes and the panel are drawn anew: the control or bar that had the focus gets it back.
  const focused = document.activeElement;
  const focusKey = focused && focused.dataset ? focused.dataset.key : undefined;
  const { segments, total } = tracks(current.state.draft);
  $("summary").textContent = currentLanguage() === "en" ? current.summary : summaryText();
  if (!segments.length) $("summary").textContent = t("noPhotos");
  $("undo").disabled = !current.undo_steps;
  $("redo").disabled = !current.redo_steps;
  $("timeline-inner").style.minWidth = `${Math.max(0, segments.length * 56)}px`;
  if (selected && !exists(selected)) selected = null;
  renderVideoLane();
  renderMusicLane();
  renderTextLane();
  renderAdders();
  const playhead = $("playhead");
  playhead.max = String(Math.max(0, total - 1));
  playhead.disabled = !total;
  playheadMs = Math.min(playheadMs, Math.max(0, total - 1));
  playhead.value = String(playheadMs);
  renderInspector();
  movePlayhead(playheadMs);
  if (focusKey && (!document.activeElement || document.activeElement === document.body)) {
    document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }
}

function exists(sel) {
  const { segments, music, texts } = tracks(current.state.draft);
  if (sel.kind === "segment") return sel.index < segments.length;
  if (sel.kind === "music") return music.length > 0;
  return sel.index < texts.length;
}

const percent = (ms, total) => `${total ? (100 * ms) / total : 0}%`;

function select(kind, index, focusInspector = false) {
  selected = { kind, index };
  const { segments, texts } = tracks(current.state.draft);
  if (kind === "segment") movePlayhead(segments[index].s + segments[index].d / 2);
  if (kind === "text") movePlayhead(Math.min(texts[index].s + 500, texts[index].s + texts[index].d / 2));
  render();
  if (focusInspector) $("inspector").querySelector("input, select, button")?.focus();
}

function renderVideoLane() {
  const { segments, total } = tracks(current.state.draft);
  const lane = $("slides");
  const focused = document.activeElement && lane.contains(document.activeElement) ? Number(document.activeElement.dataset.index) : null;
  lane.replaceChildren();
  segments.forEach((segment, index) => {
    const clip = isClip(segment);
    const noun = t(clip ? "clip" : "photo");
    const name = mediaName(segment.src);
    const item = document.createElement("li");
    item.dataset.index = String(index);
    item.dataset.kind = clip ? "clip" : "photo";
    item.style.left = percent(segment.s, total);
    item.style.width = percent(segment.d, total);
    if (clip) item.classList.add("clip");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "segment";
    button.dataset.index = String(index);
    button.setAttribute("aria-label", t("segmentLabel", noun, index + 1, name, secs(segment.d)));
    button.setAttribute("aria-pressed", String(selected?.kind === "segment" && selected.index === index));
    const img = document.createElement("img");
    img.alt = "";
    const info = infoOf(segment.src);
    if (info.thumbnail) img.src = info.thumbnail;
    const label = document.createElement("span");
    label.className = "meta";
    label.textContent = clip ? `${index + 1} · ▶ ${clipSpan(segment)}` : `${index + 1} · ${(segment.d / 1000).toFixed(1)} ${t("seconds")}`;
    button.append(img, label);
    button.addEventListener("click", () => select("segment", index));
    button.addEventListener("keydown", (event) => segmentKeys(event, index, segments.length));
    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      item.classList.add("dragging");
      event.dataTransfer.setData("text/plain", String(index));
    });
    item.addEventListener("dragend", () => item.classList.remove("dragging"));
    item.addEventListener("dragover", (event) => event.preventDefault());
    item.addEventListener("drop", (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer.getData("text/plain"));
      if (from !== index) moveSegment(from, index);
    });
    item.append(button);
    lane.append(item);
  });
  if (focused !== null) lane.querySelector(`button[data-index="${Math.min(focused, segments.length - 1)}"]`)?.focus();
}

async function moveSegment(from, to) {
  const moved = await edit(["MoveSegment", { source: from, target: to }]);
  if (moved && selected?.kind === "segment" && selected.index === from) {
    selected = { kind: "segment", index: to }; // the settings follow the photo, once it has moved
    render();
  }
  return moved;
}

function removeSegment(index) {
  selected = null;
  return edit(["RemoveSegment", { index }]);
}

function segmentKeys(event, index, count) {
  const lane = $("slides");
  const focusAt = (i) => lane.querySelector(`button[data-index="${i}"]`)?.focus();
  if (event.altKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
    event.preventDefault(); // Alt+← is the browser's Back: never leave the page, even at either end
    const to = index + (event.key === "ArrowLeft" ? -1 : 1);
    if (to >= 0 && to < count) moveSegment(index, to).then((moved) => focusAt(moved ? to : index));
  } else if (event.key === "ArrowLeft" && index > 0) {
    event.preventDefault();
    focusAt(index - 1);
  } else if (event.key === "ArrowRight" && index < count - 1) {
    event.preventDefault();
    focusAt(index + 1);
  } else if (event.key === "Escape" && selected) {
    event.preventDefault();
    closeInspector();
  } else if (event.key === "Delete" || event.key === "Backspace") {
    event.preventDefault();
    removeSegment(index).then(() => focusAt(Math.min(index, count - 2)));
  }
}

function laneButton(kind, index, text, label, from, to, total) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `track-bar ${kind}`;
  button.style.left = percent(from, total);
  button.style.width = percent(Math.max(0, to - from), total);
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-pressed", String(selected?.kind === kind && (kind === "music" || selected.index === index)));
  button.dataset.key = `${kind}-${index}`;
  button.addEventListener("click", () => select(kind, index));
  return button;
}

function renderMusicLane() {
  const { music, total } = tracks(current.state.draft);
  const lane = $("music-lane");
  lane.replaceChildren();
  if (!music.length) {
    const none = document.createElement("span");
    none.className = "empty";
    none.textContent = t("noMusic");
    lane.append(none);
    return;
  }
  const song = music[0];
  const volume = Math.round(100 * song.m.volume);
  const name = mediaName(song.src);
  lane.append(laneButton("music", 0, `♪ ${name} · ${volume}%`, t("musicLabel", name, volume), song.s, song.s + song.d, total));
}

function renderTextLane() {
  const { texts, total } = tracks(current.state.draft);
  const lane = $("text-lane");
  lane.replaceChildren();
  lane.style.height = `${Math.max(1, texts.length) * 2}rem`;
  if (!texts.length) {
    const none = document.createElement("span");
    none.className = "empty";
    none.textContent = t("noText");
    lane.append(none);
    return;
  }
  texts.forEach((text, index) => {
    const role = valueLabel("role", text.m.role);
    const label = t("textLabel", role, index + 1, text.m.text, clock(text.s), clock(text.s + text.d));
    const bar = laneButton("text", index, `${role}: ${text.m.text}`, label, text.s, text.s + text.d, total);
    bar.style.top = `${index * 2}rem`;
    lane.append(bar);
  });
}

function renderAdders() {
  const songs = current.state.video_infos.filter((m) => m.kind === "audio");
  const pick = $("music-pick");
  const before = pick.value;
  pick.replaceChildren(...songs.map((m) => option(m.id, m.name)));
  if (songs.some((m) => m.id === before)) pick.value = before;
  $("add-music").disabled = !songs.length;
  pick.hidden = !songs.length;
  $("no-songs").hidden = songs.length > 0;
  const role = $("new-role");
  if (!role.options.length || role.dataset.lang !== currentLanguage()) {
    const was = role.value || "title";
    role.replaceChildren(...(choices ? choices.roles : ["title", "caption"]).map((r) => option(r, valueLabel("role", r))));
    role.value = was;
    role.dataset.lang = currentLanguage();
  }
  $("add-text").disabled = !tracks(current.state.draft).segments.length;
}

export function addText() {
  const input = $("new-text");
  const text = input.value.trim();
  if (!text) {
    input.focus();
    return;
  }
  input.value = "";
  const role = $("new-role").value || "title";
  const { texts, total } = tracks(current.state.draft);
  const start = Math.max(0, Math.min(Math.round(playheadMs), total - 1000));
  const added = texts.length;
  const args = { text, role, position: role === "caption" ? "bottom" : "center", start_ms: start, duration_ms: Math.min(3000, total - start) };
  // Selected once it is there, with the playhead inside it, so the frame shows it at once.
  edit(["AddText", args]).then(() => {
    if (tracks(current.state.draft).texts.length > added) select("text", added);
  });
}

export function addMusic() {
  const id = $("music-pick").value;
  if (!id) return;
  selected = { kind: "music", index: 0 };
  edit(["SetMusic", { media_id: id }]);
}

// --- the settings of what is selected ---------------------------------------------------------------

function option(value, label) {
  const node = document.createElement("option");
  node.value = String(value);
  node.textContent = label;
  return node;
}

let fieldCount = 0;
function field(labelKey, control, wide = false) {
  control.dataset.key = labelKey; // focus comes back to it after the panel is drawn again
  const label = document.createElement("label");
  label.className = wide ? "field wide" : "field";
  const id = `inspector-${++fieldCount}`;
  control.id = id;
  label.htmlFor = id;
  const text = document.createElement("span");
  text.textContent = t(labelKey);
  label.append(text, control);
  return label;
}

function numberInput(value, { min = 0, max = 3600, step = 0.1 } = {}, onChange) {
  const input = document.createElement("input");
  input.type = "number";
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.value = String(value);
  input.addEventListener("change", () => {
    const number = Number(input.value);
    if (input.value === "" || !Number.isFinite(number) || number < min || number > max) {
      input.value = String(value); // out of range: back to what it was, nothing sent
      return;
    }
    onChange(number);
  });
  return input;
}

function selectInput(values, kind, value, onChange) {
  const select = document.createElement("select");
  select.append(...values.map((v) => option(v, valueLabel(kind, v))));
  select.value = value;
  select.addEventListener("change", () => onChange(select.value));
  return select;
}

function rangeInput(value, min, max, onChange) {
  const input = document.createElement("input");
  input.type = "range";
  input.min = String(min);
  input.max = String(max);
  input.step = "5";
  input.value = String(value);
  const shown = document.createElement("output");
  shown.textContent = `${value}%`;
  input.addEventListener("input", () => { shown.textContent = `${input.value}%`; });
  input.addEventListener("change", () => onChange(Number(input.value)));
  return [input, shown];
}

function actionButton(labelKey, aria, onClick, danger = false) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = t(labelKey);
  button.dataset.key = labelKey;
  if (aria) button.setAttribute("aria-label", aria);
  if (danger) button.className = "danger";
  button.addEventListener("click", onClick);
  return button;
}

function renderInspector() {
  const panel = $("inspector");
  const body = $("inspector-body");
  const heading = $("inspector-title");
  body.replaceChildren();
  if (!selected) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  if (selected.kind === "segment") segmentSettings(body, heading, selected.index);
  else if (selected.kind === "music") musicSettings(body, heading);
  else textSettings(body, heading, selected.index);
}

function segmentSettings(body, heading, index) {
  const { segments } = tracks(current.state.draft);
  const segment = segments[index];
  const clip = isClip(segment);
  const noun = t(clip ? "clip" : "photo");
  heading.textContent = `${noun} ${index + 1} · ${mediaName(segment.src)}`;
  const m = segment.m || {};
  const all = document.createElement("input");
  all.type = "checkbox";
  const scope = () => (all.checked ? {} : { index });
  if (clip) {
    const info = infoOf(segment.src);
    const length = info.duration ? info.duration * 1000 : 3600_000;
    body.append(field("clipStart", numberInput(secs(m.in || 0), { max: length / 1000 }, (v) => edit(["TrimClip", { index, in_ms: Math.round(v * 1000), duration_ms: Math.min(segment.d, Math.round(length - v * 1000)) }]))));
    body.append(field("duration", numberInput(secs(segment.d), { min: 0.1, max: length / 1000 }, (v) => edit(["TrimClip", { index, duration_ms: Math.round(v * 1000) }]))));
    const [volume, shown] = rangeInput(Math.round(100 * (m.volume ?? 1)), 0, 200, (v) => edit(["SetClipVolume", { index, volume: v / 100 }]));
    const row = field("clipVolume", volume);
    row.append(shown);
    body.append(row);
  } else {
    const toggle = document.createElement("label");
    toggle.className = "field toggle wide";
    const text = document.createElement("span");
    text.textContent = t("applyToAll");
    toggle.append(all, text);
    body.append(toggle);
    body.append(field("duration", numberInput(secs(segment.d), { min: 0.1, max: 600 }, (v) => edit(["SetPhotoDuration", { duration_ms: Math.round(v * 1000), ...scope() }]))));
    body.append(field("motion", selectInput(choices.motions, "motion", m.motion, (v) => edit(["SetMotion", { motion: v, ...scope() }]))));
  }
  body.append(field("fit", selectInput(choices.fits, "fit", m.fit, (v) => edit(["SetFit", { fit: v, ...scope() }]))));
  if (index < segments.length - 1) {
    const tr = m.tr || { n: "none", d: 500 };
    body.append(field("transition", selectInput(choices.transitions, "transition", tr.n, (v) => edit(["SetTransition", { name: v, duration_ms: tr.d || 500, ...scope() }]))));
    body.append(field("transitionLength", numberInput(secs(tr.d), { min: 0, max: 5 }, (v) => edit(["SetTransition", { name: tr.n, duration_ms: Math.round(v * 1000), ...scope() }]))));
  }
  const actions = document.createElement("div");
  actions.className = "actions wide";
  const earlier = actionButton("moveEarlier", t("moveEarlierOf", noun, index + 1), () => moveSegment(index, index - 1));
  earlier.disabled = index === 0;
  const later = actionButton("moveLater", t("moveLaterOf", noun, index + 1), () => moveSegment(index, index + 1));
  later.disabled = index === segments.length - 1;
  const remove = actionButton("remove", t("removeOf", noun, index + 1), () => removeSegment(index), true);
  actions.append(earlier, later, remove);
  body.append(actions);
}

function musicSettings(body, heading) {
  const song = tracks(current.state.draft).music[0];
  heading.textContent = `${t("music")} · ${mediaName(song.src)}`;
  const m = song.m;
  const again = (changes) => edit(["SetMusic", {
    media_id: song.src, start_ms: song.s, duration_ms: m.to_end ? null : song.d, volume: m.volume,
    fade_in_ms: m.fade_in, fade_out_ms: m.fade_out, loop: m.loop, duck: m.duck, ...changes,
  }]);
  const [volume, shown] = rangeInput(Math.round(100 * m.volume), 0, 200, (v) => edit(["SetMusicVolume", { volume: v / 100 }]));
  const row = field("volume", volume);
  row.append(shown);
  body.append(row);
  body.append(field("fadeIn", numberInput(secs(m.fade_in), { max: 30 }, (v) => again({ fade_in_ms: Math.round(v * 1000) }))));
  body.append(field("fadeOut", numberInput(secs(m.fade_out), { max: 30 }, (v) => again({ fade_out_ms: Math.round(v * 1000) }))));
  const duck = document.createElement("input");
  duck.type = "checkbox";
  duck.checked = Boolean(m.duck);
  duck.addEventListener("change", () => edit(["SetMusicDucking", { duck: duck.checked }]));
  const toggle = field("duck", duck, true);
  toggle.classList.add("toggle");
  body.append(toggle);
  const actions = document.createElement("div");
  actions.className = "actions wide";
  actions.append(actionButton("remove", t("removeMusic"), () => { selected = null; edit(["RemoveMusic", {}]); }, true));
  body.append(actions);
}

function textSettings(body, heading, index) {
  const text = tracks(current.state.draft).texts[index];
  const m = text.m;
  const role = valueLabel("role", m.role);
  heading.textContent = `${role} ${index + 1}`;
  const change = (changes) => edit(["UpdateText", { index, ...changes }]);
  const words = document.createElement("input");
  words.type = "text";
  words.value = m.text;
  words.maxLength = 500;
  words.addEventListener("change", () => (words.value.trim() ? change({ text: words.value.trim() }) : (words.value = m.text)));
  body.append(field("text", words, true));
  body.append(field("startsAt", numberInput(secs(text.s), { max: 3600 }, (v) => change({ start_ms: Math.round(v * 1000) }))));
  body.append(field("duration", numberInput(secs(text.d), { min: 0.1, max: 3600 }, (v) => change({ duration_ms: Math.round(v * 1000) }))));
  body.append(field("position", selectInput(choices.positions, "position", m.position, (v) => change({ position: v }))));
  const size = document.createElement("input");
  size.type = "range";
  size.min = "0.03";
  size.max = "0.3";
  size.step = "0.01";
  size.value = String(m.size);
  size.addEventListener("change", () => change({ size: Number(size.value) }));
  body.append(field("size", size));
  const colour = document.createElement("input");
  colour.type = "color";
  colour.value = /^#[0-9a-f]{6}$/i.test(m.color) ? m.color : "#ffffff";
  colour.addEventListener("change", () => change({ color: colour.value }));
  body.append(field("colour", colour));
  const actions = document.createElement("div");
  actions.className = "actions wide";
  actions.append(actionButton("remove", t("removeOf", role, index + 1), () => { selected = null; edit(["RemoveText", { index }]); }, true));
  body.append(actions);
}

export function closeInspector() {
  const was = selected;
  selected = null;
  render();
  if (was?.kind === "segment") $("slides").querySelector(`button[data-index="${was.index}"]`)?.focus();
}

// --- the playhead and the frame under it --------------------------------------------------------------

export function movePlayhead(ms) {
  if (!current) return;
  const { total } = tracks(current.state.draft);
  playheadMs = Math.max(0, Math.min(Math.round(ms), Math.max(0, total - 1)));
  $("playhead").value = String(playheadMs);
  $("playhead-line").style.left = percent(playheadMs, total);
  $("playhead-time").textContent = `${clock(playheadMs)} / ${clock(total)}`;
  showFrame();
}

let wanted = null;
let loading = false;

function showFrame() {
  const { segments } = tracks(current.state.draft);
  const frame = $("frame");
  $("frame-empty").hidden = segments.length > 0;
  frame.hidden = !segments.length;
  if (!segments.length) return;
  wanted = { url: `${current.frame_url}&t=${playheadMs}&rev=${current.revision}&size=${FRAME_SIDE}`, at: playheadMs };
  if (!loading) loadFrame();
}

// One frame at a time: while the playhead is dragged, only the newest position is fetched next.
function loadFrame() {
  if (!wanted) return;
  const { url, at } = wanted;
  wanted = null;
  loading = true;
  const next = new Image();
  const done = () => {
    loading = false;
    loadFrame();
  };
  next.addEventListener("load", () => {
    // The picture just loaded goes on screen itself: fetching its URL again could bring another (no-store).
    const frame = $("frame");
    next.id = "frame";
    next.alt = t("frameAlt", clock(at));
    next.dataset.revision = String(current.revision);
    next.dataset.at = String(at);
    next.hidden = frame.hidden;
    frame.replaceWith(next);
    done();
  });
  next.addEventListener("error", done);
  next.src = url;
}
