// photoreel's page: uploads, the conversation, the editor and the export, over the same HTTP API any seed client
// uses. No framework, no build step: ES modules served as they are.

import { api, APP, ApiError, currentSession, envelope, humanSize, newToken, openSession, readable, sleep, token } from "./api.js";
import * as editor from "./editor.js";
import { currentLanguage, initialLanguage, LANGUAGES, setLanguage, t, valueLabel } from "./i18n.js";
import { switchTo, Watcher } from "./watch.js";

const $ = (id) => document.getElementById(id);
const store = window.localStorage;

function notify(message) {
  const notice = $("notice");
  notice.textContent = message;
  notice.hidden = !message;
}

async function refreshCredits() {
  try {
    const balance = await api("GET", "/api/credits/balance/simple");
    $("credits").textContent = `${balance.available}`;
  } catch (error) {
    notify(readable(error));
  }
}

async function refreshState() {
  const data = await api("GET", (sid) => `/api/state/${APP}/me/${sid}`, { session: true });
  editor.show(data);
  return data;
}

// --- uploads: one request per file, so each has its own progress bar and its own error --------------------

function uploadOne(file, batch, seq) {
  const row = document.createElement("li");
  const preview = document.createElement("div");
  preview.className = "placeholder";
  const body = document.createElement("div");
  const name = document.createElement("div");
  name.textContent = file.name;
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute("aria-label", t("uploading", file.name));
  const status = document.createElement("div");
  body.append(name, bar, status);
  row.append(preview, body);
  $("uploads").append(row);

  const send = async (retried) => {
    const sessionId = await currentSession();
    const form = new FormData();
    form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    // batch and seq: the server puts each file where it was chosen, whichever upload finishes first.
    xhr.open("POST", `/api/upload-video/${APP}/me/${sessionId}?batch=${batch}&seq=${seq}`);
    xhr.setRequestHeader("Authorization", `Bearer ${await token()}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) bar.value = (100 * event.loaded) / event.total;
    });
    const reply = await new Promise((resolve) => {
      xhr.addEventListener("load", () => {
        try { resolve(JSON.parse(xhr.responseText)); } catch { resolve({ code: xhr.status, message: t("unreadable", xhr.status) }); }
      });
      xhr.addEventListener("error", () => resolve({ code: 0, message: t("interrupted") }));
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
      const size = result.media.width ? ` · ${result.media.width}×${result.media.height}` : "";
      status.textContent = `${valueLabel("kind", result.media.kind)} · ${result.media.format}${size}`;
      status.className = "ok";
      row.dataset.mediaId = result.media.id;
      // The timeline has moved on: shown at once, so an edit made meanwhile is made on what is there now.
      refreshState().catch(() => {});
      return result.media;
    }
    const code = (result && result.code) || reply.code;
    const message = (result && result.message) || reply.message || t("uploadFailed");
    status.textContent = currentLanguage() === "zh" ? `${file.name}：${readable(new ApiError(code, message))}` : message;
    status.className = "error";
    return null;
  });
}

async function uploadFiles(files) {
  if (!files.length) return [];
  notify("");
  const batch = `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  // Three at a time: the server takes at most four uploads of one token at once (429 beyond), and three keep
  // the connection full while each file still shows its own progress.
  const queue = [...files].map((file, seq) => ({ file, seq }));
  const results = [];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push(await uploadOne(next.file, batch, next.seq));
  };
  await Promise.all([worker(), worker(), worker()]);
  await refreshState();
  const infos = new Map(editor.mediaInfos().map((m) => [m.id, m]));
  for (const row of $("uploads").children) {
    const info = infos.get(row.dataset.mediaId);
    if (info && info.thumbnail && row.firstChild.tagName !== "IMG") {
      const img = document.createElement("img");
      img.src = info.thumbnail;
      img.alt = t("thumbnailOf", info.name);
      row.firstChild.replaceWith(img);
    }
  }
  return results.filter(Boolean);
}

// A dropped folder's files, in name order ("IMG_2", "IMG_10"); dropped files keep the order they came in.
async function droppedFiles(transfer) {
  const entries = [...(transfer.items || [])].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
  if (!entries.some((entry) => entry.isDirectory)) return [...transfer.files];
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      files.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
      return;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  return files.filter((file) => !file.name.startsWith(".")).sort((a, b) => byName.compare(a.name, b.name));
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
      if (event.errorCode) addMessage("error", readable(new ApiError(Number(event.errorCode), event.errorMessage)));
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

// --- export ---------------------------------------------------------------------------------------------

function fillExportChoices() {
  for (const choice of editor.outputChoices()) {
    const select = $(choice.name);
    if (!select) continue;
    const was = select.value;
    const asSet = document.createElement("option");
    asSet.value = "";
    asSet.textContent = t("asSet");
    select.replaceChildren(asSet, ...choice.values.map((value) => {
      const node = document.createElement("option");
      node.value = String(value);
      node.textContent = String(value);
      return node;
    }));
    select.value = was;
  }
}

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
  $("render-status").textContent = t("status").queued;
  const watcher = new Watcher($("player"));
  try {
    await api("POST", "/api/render/proxy/lambda", { json: (sid) => ({ id, sessionId: sid, output }), session: true });
    for (;;) {
      const job = await api("GET", `/api/render/proxy/lambda/${id}`);
      $("render-progress").value = job.progress;
      $("render-status").textContent = `${t("status")[job.status] || job.status} ${job.progress}%` + (watcher.started ? t("playingReady") : "");
      if (job.previewUrl) await watcher.update(job.previewUrl).catch(() => {}); // a preview is a bonus, never a failure
      if (job.status === "completed") {
        // The preview has no sound: go over to the file where the preview has got to (the same frames).
        switchTo($("player"), job.output.url, watcher.started);
        $("download").href = job.output.url;
        $("download").hidden = false;
        $("download").textContent = t("download", job.output.format.toUpperCase(), humanSize(job.output.size));
        $("result").hidden = false;
        break;
      }
      if (job.status === "failed") throw new ApiError(500, t("renderFailed", job.error));
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

// --- language -----------------------------------------------------------------------------------------

function fillChips() {
  const chips = $("chips");
  chips.replaceChildren(...t("chips").map((text) => {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "chip";
    chip.textContent = text;
    chip.addEventListener("click", () => say(text));
    return chip;
  }));
}

function useLanguage(lang) {
  setLanguage(store, lang);
  $("language").value = currentLanguage();
  fillChips();
  fillExportChoices();
  editor.redraw();
}

// --- wiring ---------------------------------------------------------------------------------------------

function typing(target) {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function wire() {
  const drop = $("drop");
  $("files").addEventListener("change", (event) => uploadFiles([...event.target.files]).finally(() => { event.target.value = ""; }));
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
  drop.addEventListener("drop", async (event) => {
    event.preventDefault();
    uploadFiles(await droppedFiles(event.dataTransfer));
  });
  $("chat").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("say");
    const text = input.value;
    input.value = "";
    say(text);
  });
  $("export").addEventListener("submit", (event) => { event.preventDefault(); exportVideo(); });
  $("undo").addEventListener("click", () => editor.undo());
  $("redo").addEventListener("click", () => editor.redo());
  $("playhead").addEventListener("input", (event) => editor.movePlayhead(Number(event.target.value)));
  $("add-text-form").addEventListener("submit", (event) => { event.preventDefault(); editor.addText(); });
  $("add-music").addEventListener("click", () => editor.addMusic());
  $("inspector-close").addEventListener("click", () => editor.closeInspector());
  $("inspector").addEventListener("submit", (event) => event.preventDefault()); // Enter in a field is a change
  $("inspector").addEventListener("keydown", (event) => {
    if (event.key === "Escape") editor.closeInspector();
  });
  const language = $("language");
  language.replaceChildren(...Object.entries(LANGUAGES).map(([value, label]) => {
    const node = document.createElement("option");
    node.value = value;
    node.textContent = label;
    return node;
  }));
  language.addEventListener("change", () => useLanguage(language.value));
  document.addEventListener("keydown", (event) => {
    if (typing(event.target) || !(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    if (key === "z" && !event.shiftKey) { event.preventDefault(); editor.undo(); }
    else if ((key === "z" && event.shiftKey) || key === "y") { event.preventDefault(); editor.redo(); }
  });
  editor.setNotifier(notify);
  editor.setReloader(() => refreshState().catch((error) => notify(readable(error))));
}

async function start() {
  wire();
  setLanguage(store, initialLanguage(store, navigator.language));
  $("language").value = currentLanguage();
  fillChips();
  try {
    await token();
    await editor.loadChoices();
    fillExportChoices();
    await Promise.all([refreshCredits(), refreshState()]);
  } catch (error) {
    notify(readable(error));
  }
}

start();
