// Watching an export while it renders: its leading finished chunks played from a Media Source as they come.

import { api } from "./api.js";

// The export's leading finished chunks, appended to a Media Source as they come, each at its start time; the
// finished file is downloaded as before. Where the browser lacks MSE or the codec, the page simply waits.
export class Watcher {
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
        document.getElementById("result").hidden = false;
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

export function switchTo(video, url, resume) {
  const at = resume ? video.currentTime : 0;
  const playing = resume && !video.paused && !video.ended;
  video.src = url;
  if (!resume) return;
  video.addEventListener("loadedmetadata", () => {
    video.currentTime = at;
    if (playing) video.play().catch(() => {});
  }, { once: true });
}
