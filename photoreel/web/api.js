// Talking to the server: the same HTTP API any seed client uses, with the seed's recovery (a new token on 1001,
// a new session on 1002, one wait on 429).

import { currentLanguage, errorText, t } from "./i18n.js";

export const APP = "nemo_agent";
const store = window.localStorage;

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

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

export async function newToken() {
  const response = await fetch("/api/auth/anonymous-token", { method: "POST", headers: { "X-Client-Id": clientId() } });
  const body = await envelope(response);
  store.setItem("photoreel.token", body.token);
  return body.token;
}

export async function token() {
  return store.getItem("photoreel.token") || newToken();
}

export async function envelope(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status, t("unreadable", response.status), response.status);
  }
  if (body.code !== 0) throw new ApiError(body.code, body.message || `Error ${body.code}`, response.status);
  return body.data;
}

// One request with the seed's recovery: 1001 -> a new token, 1002 -> a new session, 429 -> wait, each once.
export async function api(method, path, { json, headers = {}, session = false } = {}) {
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

export async function openSession() {
  const data = await api("POST", `/api/tasks/me/with-session/${APP}`, { json: { task_name: "project", language: currentLanguage() } });
  store.setItem("photoreel.session", data.session_id);
  return data.session_id;
}

export async function currentSession() {
  return store.getItem("photoreel.session") || openSession();
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const humanSize = (bytes) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

// What a person reads of a failure, in the page's language.
export function readable(error) {
  if (error instanceof ApiError) return errorText(error.code, error.message);
  return t("somethingWrong", error.message || error);
}
