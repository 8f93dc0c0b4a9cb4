// Every string the page shows, in English and Simplified Chinese. The language is the browser's (zh* -> zh) until
// the person picks another with the switch; the choice is kept in this browser.

const STRINGS = {
  en: {
    pageTitle: "photoreel — photos to video",
    language: "Language",
    credits: "Credits:",
    uploadTitle: "1. Add photos, clips and music",
    dropText: "Drop photos, video clips, music or a folder here, or",
    chooseFiles: "choose files",
    dropFormats: "JPG, PNG, WEBP, HEIC, GIF · MP4, MOV, WEBM, MKV, AVI · MP3, WAV, M4A · up to 200 MB each",
    chatTitle: "2. Say what you want",
    examples: "Example instructions",
    instruction: "Instruction",
    placeholder: "e.g. make it 30 seconds with slide transitions",
    send: "Send",
    chips: ["9:16 for TikTok, 2 seconds per photo", "add the title 'Summer' for 3 seconds", "crossfade, music at 30%"],
    editTitle: "3. Edit",
    undo: "Undo",
    redo: "Redo",
    undoHint: "Undo (Ctrl+Z)",
    redoHint: "Redo (Ctrl+Shift+Z)",
    handEditsFree: "Changes made with these controls are free; typed instructions cost 1 credit.",
    noPhotos: "No photos yet.",
    summary: (s) => s.server,
    preview: "Preview",
    frameAlt: (time) => `The video at ${time}`,
    frameEmpty: "The preview appears here once there is a photo or clip.",
    playhead: "Playhead",
    tracks: "Tracks",
    trackVideo: "Video",
    trackMusic: "Music",
    trackText: "Text",
    noMusic: "No music",
    noText: "No titles or captions",
    photo: "Photo",
    clip: "Clip",
    title: "Title",
    caption: "Caption",
    music: "Music",
    segmentLabel: (noun, n, name, secs) => `${noun} ${n}: ${name}, ${secs} s`,
    musicLabel: (name, volume) => `Music: ${name}, volume ${volume}%`,
    textLabel: (role, n, text, from, to) => `${role} ${n}: “${text}”, ${from}–${to}`,
    reorderHint: "Drag, or select and press Alt+← / Alt+→ to reorder, Delete to remove.",
    inspector: "Settings",
    close: "Close",
    duration: "Duration (s)",
    fit: "Fit",
    motion: "Motion",
    transition: "Transition to the next",
    transitionLength: "Transition length (s)",
    clipStart: "Starts at, in the clip (s)",
    clipVolume: "Clip sound volume (%)",
    volume: "Volume (%)",
    fadeIn: "Fade in (s)",
    fadeOut: "Fade out (s)",
    duck: "Lower the music while a clip’s own sound plays",
    text: "Text",
    startsAt: "Starts at (s)",
    untilEnd: "Until the end",
    position: "Position",
    size: "Size",
    colour: "Colour",
    moveEarlier: "Move earlier",
    moveLater: "Move later",
    remove: "Remove",
    moveEarlierOf: (noun, n) => `Move ${noun.toLowerCase()} ${n} earlier`,
    moveLaterOf: (noun, n) => `Move ${noun.toLowerCase()} ${n} later`,
    removeOf: (noun, n) => `Remove ${noun.toLowerCase()} ${n}`,
    removeMusic: "Remove the music",
    applyToAll: "Apply to all",
    addText: "Add text",
    newText: "New text",
    role: "Kind",
    add: "Add",
    addMusic: "Add music",
    pickSong: "Song",
    noSongs: "Upload a song (MP3, WAV, M4A) to add it here.",
    exportTitle: "4. Export",
    aspect: "Aspect",
    fps: "Frames per second",
    format: "Format",
    asSet: "as set",
    draft: "Quick draft (480p, fastest)",
    exportButton: "Export video",
    rendering: "Rendering",
    status: { queued: "queued", rendering: "rendering", completed: "completed", failed: "failed" },
    playingReady: " (playing what is ready)",
    download: (format, size) => `Download ${format} (${size})`,
    uploading: (name) => `Uploading ${name}`,
    thumbnailOf: (name) => `Thumbnail of ${name}`,
    uploadFailed: "The upload failed.",
    interrupted: "The upload was interrupted; check the connection.",
    renderFailed: (why) => `The render failed: ${why || "no reason given"}`,
    somethingWrong: (what) => `Something went wrong: ${what}`,
    unreadable: (status) => `The server answered ${status} without a readable reply.`,
    changedMeanwhile: "The timeline changed meanwhile (another tab or an instruction); it is shown as it is now.",
    seconds: "s",
    values: {
      fit: { cover: "Fill the frame (crop)", contain: "Whole picture (bars)", blur: "Whole picture on a blur" },
      motion: {
        "zoom-in": "Zoom in", "zoom-out": "Zoom out", "pan-left": "Pan left", "pan-right": "Pan right",
        "pan-up": "Pan up", "pan-down": "Pan down", none: "Still",
      },
      transition: {
        none: "Cut", fade: "Crossfade", fadeblack: "Fade through black", slideleft: "Slide left",
        slideright: "Slide right", slideup: "Slide up", slidedown: "Slide down", wipeleft: "Wipe left",
        wiperight: "Wipe right", zoom: "Zoom",
      },
      position: {
        "top-left": "Top left", top: "Top", "top-right": "Top right", left: "Left", center: "Centre",
        right: "Right", "bottom-left": "Bottom left", bottom: "Bottom", "bottom-right": "Bottom right",
      },
      role: { title: "Title", caption: "Caption" },
      kind: { image: "image", video: "video", audio: "audio" },
    },
    // By the API's code; where a code has no sentence of its own, the server's message is shown (it is English).
    errors: {},
  },
  zh: {
    pageTitle: "photoreel — 照片变视频",
    language: "语言",
    credits: "积分：",
    uploadTitle: "1. 添加照片、视频片段和音乐",
    dropText: "把照片、视频片段、音乐或文件夹拖到这里，或",
    chooseFiles: "选择文件",
    dropFormats: "JPG、PNG、WEBP、HEIC、GIF · MP4、MOV、WEBM、MKV、AVI · MP3、WAV、M4A · 每个最大 200 MB",
    chatTitle: "2. 说出你想要的效果",
    examples: "指令示例",
    instruction: "指令",
    placeholder: "例如：做成 30 秒，用滑动转场",
    send: "发送",
    chips: ["竖屏，每张2秒，加字幕「夏天」", "加标题「夏天」3秒", "交叉淡化，音乐音量30%"],
    editTitle: "3. 编辑",
    undo: "撤销",
    redo: "重做",
    undoHint: "撤销（Ctrl+Z）",
    redoHint: "重做（Ctrl+Shift+Z）",
    handEditsFree: "用这些控件所做的修改免费；输入的指令每条消耗 1 积分。",
    noPhotos: "还没有照片。",
    summary: (s) => {
      const parts = [];
      if (s.photos) parts.push(`${s.photos} 张照片`);
      if (s.clips) parts.push(`${s.clips} 段视频`);
      if (s.music) parts.push("背景音乐");
      if (s.texts) parts.push(`${s.texts} 条文字`);
      return parts.length ? `${parts.join("、")}，共 ${s.seconds} 秒` : "还没有照片。";
    },
    preview: "预览",
    frameAlt: (time) => `视频在 ${time} 的画面`,
    frameEmpty: "添加照片或视频片段后，这里会显示预览。",
    playhead: "播放位置",
    tracks: "轨道",
    trackVideo: "画面",
    trackMusic: "音乐",
    trackText: "文字",
    noMusic: "没有音乐",
    noText: "没有标题或字幕",
    photo: "照片",
    clip: "视频片段",
    title: "标题",
    caption: "字幕",
    music: "音乐",
    segmentLabel: (noun, n, name, secs) => `第 ${n} 个${noun}：${name}，${secs} 秒`,
    musicLabel: (name, volume) => `音乐：${name}，音量 ${volume}%`,
    textLabel: (role, n, text, from, to) => `${role} ${n}：「${text}」，${from}–${to}`,
    reorderHint: "拖动排序；或选中后按 Alt+← / Alt+→ 移动，按 Delete 删除。",
    inspector: "设置",
    close: "关闭",
    duration: "时长（秒）",
    fit: "画面适配",
    motion: "动效",
    transition: "到下一个的转场",
    transitionLength: "转场时长（秒）",
    clipStart: "从片段的第几秒开始",
    clipVolume: "片段原声音量（%）",
    volume: "音量（%）",
    fadeIn: "淡入（秒）",
    fadeOut: "淡出（秒）",
    duck: "片段有原声时降低音乐",
    text: "文字",
    startsAt: "开始于（秒）",
    untilEnd: "一直到结尾",
    position: "位置",
    size: "大小",
    colour: "颜色",
    moveEarlier: "前移",
    moveLater: "后移",
    remove: "删除",
    moveEarlierOf: (noun, n) => `把第 ${n} 个${noun}前移`,
    moveLaterOf: (noun, n) => `把第 ${n} 个${noun}后移`,
    removeOf: (noun, n) => `删除第 ${n} 个${noun}`,
    removeMusic: "删除音乐",
    applyToAll: "应用到全部",
    addText: "添加文字",
    newText: "新文字",
    role: "类型",
    add: "添加",
    addMusic: "添加音乐",
    pickSong: "歌曲",
    noSongs: "上传一首歌（MP3、WAV、M4A）后可在这里添加。",
    exportTitle: "4. 导出",
    aspect: "画面比例",
    fps: "帧率",
    format: "格式",
    asSet: "按当前设置",
    draft: "快速草稿（480p，最快）",
    exportButton: "导出视频",
    rendering: "渲染中",
    status: { queued: "排队中", rendering: "渲染中", completed: "已完成", failed: "失败" },
    playingReady: "（正在播放已完成的部分）",
    download: (format, size) => `下载 ${format}（${size}）`,
    uploading: (name) => `正在上传 ${name}`,
    thumbnailOf: (name) => `${name} 的缩略图`,
    uploadFailed: "上传失败。",
    interrupted: "上传中断了，请检查网络连接。",
    renderFailed: () => "渲染失败，请稍后再试。",
    somethingWrong: () => "出了点问题，请稍后再试。",
    unreadable: (status) => `服务器返回了 ${status}，但无法读取回复。`,
    changedMeanwhile: "时间线在此期间被修改了（其他标签页或一条指令），现在显示的是最新状态。",
    seconds: "秒",
    values: {
      fit: { cover: "填满画面（裁切）", contain: "完整显示（留边）", blur: "完整显示（模糊背景）" },
      motion: {
        "zoom-in": "推近", "zoom-out": "拉远", "pan-left": "向左平移", "pan-right": "向右平移",
        "pan-up": "向上平移", "pan-down": "向下平移", none: "静止",
      },
      transition: {
        none: "直接切换", fade: "交叉淡化", fadeblack: "黑场过渡", slideleft: "向左滑动", slideright: "向右滑动",
        slideup: "向上滑动", slidedown: "向下滑动", wipeleft: "向左擦除", wiperight: "向右擦除", zoom: "缩放",
      },
      position: {
        "top-left": "左上", top: "顶部", "top-right": "右上", left: "左侧", center: "居中", right: "右侧",
        "bottom-left": "左下", bottom: "底部", "bottom-right": "右下",
      },
      role: { title: "标题", caption: "字幕" },
      kind: { image: "照片", video: "视频", audio: "音频" },
    },
    errors: {
      400: "无法完成这个修改，请换个数值再试。",
      402: "已达到套餐上限。",
      409: "时间线在此期间被修改了，请重试。",
      429: "请求太频繁，请稍等片刻。",
      500: "服务器出错了，请稍后再试。",
      507: "服务器存储空间已满。",
      1001: "登录已过期，请刷新页面。",
      1002: "找不到这个项目，请刷新页面。",
      2001: "积分不足。",
      4001: "不支持这种文件，或文件已损坏。",
      4002: "文件太大了（每个最大 200 MB）。",
    },
  },
};

const KEY = "photoreel.language";

export const LANGUAGES = { en: "English", zh: "简体中文" };

export function initialLanguage(store, navigatorLanguage) {
  const chosen = store.getItem(KEY);
  if (chosen && STRINGS[chosen]) return chosen;
  return (navigatorLanguage || "").toLowerCase().startsWith("zh") ? "zh" : "en";
}

let language = "en";

export function setLanguage(store, lang) {
  language = STRINGS[lang] ? lang : "en";
  store.setItem(KEY, language);
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
  document.title = t("pageTitle");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of document.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
}

export function currentLanguage() {
  return language;
}

// A string, or a function of the arguments given, in the current language (English where one is missing).
export function t(key, ...args) {
  const value = STRINGS[language][key] ?? STRINGS.en[key];
  return typeof value === "function" ? value(...args) : value;
}

// How a value of a control reads ("cover" -> "Fill the frame (crop)"); the value itself when it has no label.
export function valueLabel(kind, value) {
  return (STRINGS[language].values[kind] || {})[value] ?? (STRINGS.en.values[kind] || {})[value] ?? String(value);
}

// An API error in the page's language: its own sentence by code in Chinese, the server's sentence in English.
export function errorText(code, serverMessage) {
  const own = STRINGS[language].errors[code];
  return own || serverMessage;
}
