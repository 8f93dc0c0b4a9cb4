// photoreel's page: the same HTTP API any seed client uses, from the browser. No framework, no build step.

const APP = "nemo_agent";
const store = window.localStorage;
const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// --- talking to the server ------------------------------------------------------------------------------

function clientId() {
  let id = store.getItem("photoreel.clientId");
  if (!id) {
    // The id is the secret that renews this browser's token: 128 random bits. crypto.randomUUID exists only on
    // secure origins (https, localhost); getRandomValues works on plain-HTTP self-hosting too.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // a version-4 UUID, as the server expects
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    store.setItem("photoreel.clientId", id);
  }
  return id;
}

async function newToken() {
  const response = await fetch("/api/auth/anonymous-token", { method: "POST", headers: { "X-Client-Id": clientId() } });
  const body = await envelope(response);
  store.setItem("photoreel.token", body.token);
  return body.token;
}

async function token() {
  return store.getItem("photoreel.token") || newToken();
}

async function envelope(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, `The server answered ${response.status} without a readable reply.`);
  }
  if (body.code !== 0) throw new ApiError(body.code, body.message || `Error ${body.code}`);
  return body.data;
}

// One request with the seed's recovery: 1001 -> a new token, 1002 -> a new session, 429 -> wait, each once.
async function api(method, path, { json, headers = {}, session = false } = {}) {
  let renewed = false;
  let reopened = false;
  let waited = false;
  for (;;) {
    const sessionId = session ? await currentSession() : null;
    const url = typeof path === "function" ? path(sessionId) : path;
    const init = { method, headers: { ...headers, Authorization: `Bearer ${await token()}` } };
    if (json !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(typeof json === "function" ? json(sessionId) : json);
    }
    const response = await fetch(url, init);
    try {
      return await envelope(response);
    } catch (error) {
      if (error.code === 1001 && !renewed) { renewed = true; await newToken(); continue; }
      if (error.code === 1002 && session && !reopened) { reopened = true; await openSession(); continue; }
      if (error.code === 429 && !waited) {
        waited = true;
        await sleep(1000 * Number(response.headers.get("Retry-After") || 30));
        continue;
      }
      throw error;
    }
  }
}

async function openSession() {
  const data = await api("POST", `/api/tasks/me/with-session/${APP}`, { json: { task_name: "project", language: navigator.language?.startsWith("zh") ? "zh" : "en" } });
  store.setItem("photoreel.session", data.session_id);
  return data.session_id;
}

async function currentSession() {
  return store.getItem("photoreel.session") || openSession();
}

const humanSize = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- what the person sees ---------------------------------------------------------------------------------

function notify(message) {
  const notice = $("notice");
  notice.textContent = message;
  notice.hidden = !message;
}

function readable(error) {
  if (error instanceof ApiError) return error.message;
  return `Something went wrong: ${error.message || error}`;
}

async function refreshCredits() {
  try {
    const balance = await api("GET", "/api/credits/balance/simple");
    $("credits").textContent = `${balance.available}`;
  } catch (error) {
    notify(readable(error));
  }
}

let thumbnails = new Map();

async function refreshState() {
  const data = await api("GET", (sid) => `/api/state/${APP}/me/${sid}`, { session: true });
  thumbnails = new Map(data.state.video_infos.map((m) => [m.id, m]));
  renderTimeline(data);
  return data;
}

function renderTimeline(data) {
  const draft = data.state.draft;
  $("summary").textContent = data.summary;
  const slides = $("slides");
  slides.replaceChildren();
  const video = draft.t.find((track) => track.tt === 0);
  const segments = video ? video.sg : [];
  segments.forEach((segment, index) => {
    const info = thumbnails.get(segment.src) || {};
    const isClip = (segment.m || {}).kind === "clip";
    const noun = isClip ? "Clip" : "Photo";
    const item = document.createElement("li");
    item.draggable = true;
    item.dataset.index = String(index);
    item.dataset.kind = isClip ? "clip" : "photo";
    const img = document.createElement("img");
    img.alt = `${noun} ${index + 1}: ${info.name || segment.src}`;
    if (info.thumbnail) img.src = info.thumbnail;
    const meta = document.createElement("div");
    meta.className = "meta";
    const label = document.createElement("span");
    const seconds = `${(segment.d / 1000).toFixed(1)} s`;
    label.textContent = isClip ? `${index + 1} · ▶ ${clipSpan(segment)}` : `${index + 1} · ${seconds}`;
    const left = moveButton("←", `Move ${noun.toLowerCase()} ${index + 1} earlier`, index, index - 1, index === 0);
    const last = index === segments.length - 1;
    const right = moveButton("→", `Move ${noun.toLowerCase()} ${index + 1} later`, index, index + 1, last);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "✕";
    remove.setAttribute("aria-label", `Remove ${noun.toLowerCase()} ${index + 1}`);
    remove.addEventListener("click", () => say(`remove position ${index + 1}`));
    meta.append(label, left, right, remove);
    if (isClip) item.classList.add("clip");
    item.append(img, meta);
    item.addEventListener("dragstart", (event) => {
      item.classList.add("dragging");
      event.dataTransfer.setData("text/plain", String(index));
    });
    item.addEventListener("dragend", () => item.classList.remove("dragging"));
    item.addEventListener("dragover", (event) => event.preventDefault());
    item.addEventListener("drop", (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer.getData("text/plain"));
      if (from !== index) say(`move position ${from + 1} to position ${index + 1}`);
    });
    slides.append(item);
  });
  const tracks = $("tracks");
  tracks.replaceChildren();
  for (const line of data.summary.split(/\s{2}(?=\d+\. )/).slice(1)) {
    const item = document.createElement("li");
    item.textContent = line.replace(/^\d+\.\s*/, "");
    tracks.append(item);
  }
}

function moveButton(text, label, from, to, disabled) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "remove";
  button.textContent = text;
  button.disabled = disabled;
  button.setAttribute("aria-label", label);
  button.addEventListener("click", () => say(`move position ${from + 1} to position ${to + 1}`));
  return button;
}

// A clip's trim as the person reads it: "0:04–0:09 (5.0 s)".
function clipSpan(segment) {
  const clock = (ms) => {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const start = (segment.m || {}).in || 0;
  return `${clock(start)}–${clock(start + segment.d)} (${(segment.d / 1000).toFixed(1)} s)`;
}

// --- uploads: one request per file, so each has its own progress bar and its own error --------------------

function uploadOne(file) {
  const row = document.createElement("li");
  const preview = document.createElement("div");
  preview.className = "placeholder";
  const body = document.createElement("div");
  const name = document.createElement("div");
  name.textContent = file.name;
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute("aria-label", `Uploading ${file.name}`);
  const status = document.createElement("div");
  body.append(name, bar, status);
  row.append(preview, body);
  $("uploads").append(row);

  const send = async (retried) => {
    const sessionId = await currentSession();
    const form = new FormData();
    form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/upload-video/${APP}/me/${sessionId}`);
    xhr.setRequestHeader("Authorization", `Bearer ${await token()}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = (100 * event.loaded) / event.total;
    });
    const reply = await new Promise((resolve) => {
      xhr.addEventListener("load", () => {
        try { resolve(JSON.parse(xhr.responseText)); } catch { resolve({ code: xhr.status, message: `The server answered ${xhr.status}.` }); }
      });
      xhr.addEventListener("error", () => resolve({ code: 0, message: "The upload was interrupted; check the connection." }));
      xhr.send(form);
    });
    if (!retried && reply.code === 1001) { await newToken(); return send(true); }
    if (!retried && reply.code === 1002) { await openSession(); return send(true); }
    return reply;
  };

  return send(false).then((reply) => {
    bar.value = 100;
    const result = reply.data && reply.data.files ? reply.data.files[0] : null;
    if (result && result.ok) {
      status.textContent = `${result.media.kind} · ${result.media.format}${result.media.width ? ` · ${result.media.width}×${result.media.height}` : ""}`;
      status.className = "ok";
      row.dataset.mediaId = result.media.id;
      return result.media;
    }
    status.textContent = (result && result.message) || reply.message || "The upload failed.";
    status.className = "error";
    return null;
  });
}

async function uploadFiles(files) {
  if (!files.length) return;
  notify("");
  // Three at a time: the server takes at most four uploads of one token at once (429 beyond), and three keep
  // the connection full while each file still shows its own progress.
  const queue = [...files];
  const results = [];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) results.push(await uploadOne(file));
  };
  await Promise.all([worker(), worker(), worker()]);
  const accepted = results.filter(Boolean);
  await refreshState();
  for (const row of $("uploads").children) {
    const info = thumbnails.get(row.dataset.mediaId);
    if (info && info.thumbnail && row.firstChild.tagName !== "IMG") {
      const img = document.createElement("img");
      img.src = info.thumbnail;
      img.alt = `Thumbnail of ${info.name}`;
      row.firstChild.replaceWith(img);
    }
  }
  return accepted;
}

// --- chat: /run_sse, read as a stream -----------------------------------------------------------------

function addMessage(kind, text) {
  const item = document.createElement("li");
  item.className = kind;
  item.textContent = text;
  $("messages").append(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

async function streamTurn(text) {
  const sessionId = await currentSession();
  const response = await fetch("/run_sse", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream", Authorization: `Bearer ${await token()}` },
    body: JSON.stringify({ app_name: APP, user_id: "me", session_id: sessionId, new_message: { role: "user", parts: [{ text }] } }),
  });
  if (!(response.headers.get("content-type") || "").startsWith("text/event-stream")) {
    await envelope(response); // throws the API's error
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block.split("\n").filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trim()).join("\n");
      if (data) events.push(JSON.parse(data));
    }
  }
  return events;
}

async function say(text) {
  text = text.trim();
  if (!text) return;
  addMessage("user", text);
  $("send").disabled = true;
  try {
    let events;
    try {
      events = await streamTurn(text);
    } catch (error) {
      if (error.code === 1001) { await newToken(); events = await streamTurn(text); }
      else if (error.code === 1002) { await openSession(); events = await streamTurn(text); }
      else throw error;
    }
    for (const event of events) {
      if (event.errorCode) addMessage("error", event.errorMessage);
      for (const part of (event.content && event.content.parts) || []) {
        if (part.text) addMessage("agent", part.text);
      }
    }
    await Promise.all([refreshState(), refreshCredits()]);
  } catch (error) {
    addMessage("error", readable(error));
  } finally {
    $("send").disabled = false;
  }
}

// --- watching an export while it renders ---------------------------------------------------------------

// The export's leading finished chunks, appended to a Media Source as they come, each at its start time; the
// finished file is downloaded as before. Where the browser lacks MSE or the codec, the page simply waits.
class Watcher {
  constructor(video) {
    this.video = video;
    this.source = null;
    this.buffer = null;
    this.appended = 0;
    this.ended = false;
  }

  get started() {
    return this.appended > 0;
  }

  async update(previewUrl) {
    if (this.ended || !window.MediaSource) return;
    const preview = await api("GET", previewUrl);
    if (!preview.mime || !MediaSource.isTypeSupported(preview.mime)) return;
    if (!this.buffer) await this.open(preview.mime, preview.duration);
    for (const segment of preview.segments.slice(this.appended)) {
      const response = await fetch(segment.url);
      if (!response.ok) return; // the join may have tidied it away; the download is there soon
      await this.append(await response.arrayBuffer(), segment.start);
      this.appended += 1;
      if (this.appended === 1) {
        $("result").hidden = false;
        this.video.play().catch(() => {}); // autoplay may be refused: the controls are there
      }
    }
    if (preview.complete && this.source.readyState === "open" && !this.buffer.updating) {
      this.source.endOfStream();
      this.ended = true;
    }
  }

  open(mime, duration) {
    return new Promise((resolve) => {
      this.source = new MediaSource();
      this.source.addEventListener("sourceopen", () => {
        this.source.duration = duration;
        this.buffer = this.source.addSourceBuffer(mime);
        this.buffer.mode = "segments";
        resolve();
      }, { once: true });
      this.video.src = URL.createObjectURL(this.source);
    });
  }

  append(bytes, start) {
    return new Promise((resolve, reject) => {
      this.buffer.timestampOffset = start; // each chunk starts at 0: place it where it plays
      this.buffer.addEventListener("updateend", resolve, { once: true });
      this.buffer.addEventListener("error", () => reject(new Error("the preview could not be played")), { once: true });
      this.buffer.appendBuffer(bytes);
    });
  }
}

function switchTo(video, url, resume) {
  const at = resume ? video.currentTime : 0;
  const playing = resume && !video.paused && !video.ended;
  video.src = url;
  if (!resume) return;
  video.addEventListener("loadedmetadata", () => {
    video.currentTime = at;
    if (playing) video.play().catch(() => {});
  }, { once: true });
}

// --- export ---------------------------------------------------------------------------------------------

async function exportVideo() {
  const output = {};
  for (const field of ["aspect", "fps", "format"]) {
    const value = $(field).value;
    if (value) output[field] = field === "fps" ? Number(value) : value;
  }
  if ($("draft").checked) Object.assign(output, { quality: "draft", resolution: 480 }); // this export only
  const id = `render_${Date.now()}_${Math.random().toString(16).slice(2, 8)}`;
  $("export-button").disabled = true;
  $("result").hidden = true;
  $("download").hidden = true;
  $("render").hidden = false;
  $("render-status").textContent = "queued";
  const watcher = new Watcher($("player"));
  try {
    await api("POST", "/api/render/proxy/lambda", { json: (sid) => ({ id, sessionId: sid, output }), session: true });
    for (;;) {
      const job = await api("GET", `/api/render/proxy/lambda/${id}`);
      $("render-progress").value = job.progress;
      $("render-status").textContent = `${job.status} ${job.progress}%` + (watcher.started ? " (playing what is ready)" : "");
      if (job.previewUrl) await watcher.update(job.previewUrl).catch(() => {}); // a preview is a bonus, never a failure
      if (job.status === "completed") {
        // The preview has no sound: go over to the file where the preview has got to (the same frames).
        switchTo($("player"), job.output.url, watcher.started);
        $("download").href = job.output.url;
        $("download").hidden = false;
        $("download").textContent = `Download ${job.output.format.toUpperCase()} (${humanSize(job.output.size)})`;
        $("result").hidden = false;
        break;
      }
      if (job.status === "failed") throw new ApiError(500, `The render failed: ${job.error || "no reason given"}`);
      await sleep(watcher.started ? 1000 : 500);
    }
  } catch (error) {
    notify(readable(error));
  } finally {
    $("export-button").disabled = false;
    $("render").hidden = true;
    refreshState().catch(() => {});
  }
}

// --- wiring ---------------------------------------------------------------------------------------------

function wire() {
  const drop = $("drop");
  $("files").addEventListener("change", (event) => uploadFiles(event.target.files).finally(() => { event.target.value = ""; }));
  drop.tabIndex = 0;
  drop.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); $("files").click(); }
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => { event.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => { event.preventDefault(); uploadFiles(event.dataTransfer.files); });
  $("chat").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("say");
    const text = input.value;
    input.value = "";
    say(text);
  });
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => say(chip.textContent));
  }
  $("export").addEventListener("submit", (event) => { event.preventDefault(); exportVideo(); });
}

async function start() {
  wire();
  try {
    await token();
    await Promise.all([refreshCredits(), refreshState()]);
  } catch (error) {
    notify(readable(error));
  }
}

start();
