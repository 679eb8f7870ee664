/* docextract try-it page. Plain script, no dependencies, no build step.
 *
 * It talks only to this server's JSON API (GET schemas, POST extract; relative URLs, so it also works
 * behind a path prefix). Everything that comes from the server or the user (values, raw text, file
 * names, schema titles, error messages) goes into the page as text: textContent, text nodes and
 * SVG geometry attributes, never as HTML. The API token, when the server asks for one, lives in a
 * variable of this script only (no storage, no cookie): reloading the tab forgets it.
 */
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const YAML_CHOICE = "#yaml";  // not a schema name: names are letters, digits, '_' and '-'
  const MAX_YAML_BYTES = 256 * 1024;

  const state = {
    token: null,        // the API token, in this tab's memory only
    schemas: new Map(), // name -> schema info from GET schemas
    docs: [],           // the chosen files: {file, url (blob:), image ({width, height} if the browser shows it)}
    result: null,
    entries: [],
    page: 0,
    retryUntil: 0,
    retryTimer: null,
    running: false,
  };

  const $ = (id) => document.getElementById(id);

  /* ------------------------------------------------------------------ building the DOM from text */

  function h(tag, attrs, ...children) {
    return fill(document.createElement(tag), attrs, children);
  }

  function svg(tag, attrs, ...children) {
    return fill(document.createElementNS(SVG_NS, tag), attrs, children);
  }

  function fill(node, attrs, children) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));  // strings become text nodes
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  /* ------------------------------------------------------------------------------ the JSON API */

  class ApiError extends Error {
    constructor(status, code, message, extra) {
      super(message);
      this.status = status;
      this.code = code;
      Object.assign(this, extra || {});
    }
  }

  async function api(path, init) {
    const options = Object.assign({ method: "GET", cache: "no-store", credentials: "same-origin" }, init || {});
    const headers = new Headers(options.headers || {});
    headers.set("Accept", "application/json");
    if (state.token) headers.set("Authorization", "Bearer " + state.token);
    options.headers = headers;
    let resp;
    try {
      resp = await fetch(path, options);
    } catch (err) {
      throw new ApiError(0, "network", "The server could not be reached (" + err.message + ").");
    }
    const body = await resp.text();
    let data = null;
    try {
      data = body ? JSON.parse(body) : null;
    } catch (err) {
      data = null;
    }
    if (!resp.ok) {
      const error = data && typeof data.error === "object" && data.error ? data.error : {};
      throw new ApiError(resp.status, text(error.code) || "http_" + resp.status,
        text(error.message) || body.slice(0, 300) || resp.statusText, {
          field: error.field ? text(error.field) : null,
          retryAfter: parseInt(resp.headers.get("Retry-After") || "", 10) || null,
          requestId: resp.headers.get("x-request-id"),
        });
    }
    if (!data || typeof data !== "object") {
      throw new ApiError(resp.status, "bad_response", "The server's answer is not JSON.");
    }
    return data;
  }

  /* ------------------------------------------------------------------------- messages to the user */

  function explain(err) {
    const name = state.docs.length === 1 ? "“" + state.docs[0].file.name + "”"
      : state.docs.length ? "One of the files" : "The file";
    const status = err.status;
    if (status === 0) return ["Cannot reach the server", err.message + " Is docextract serve still running?"];
    if (status === 401) {
      return ["API token needed", state.token ? "The server did not accept this token; enter it again."
        : "This server requires an API token: enter it above."];
    }
    if (status === 403) return ["Not allowed", err.message];
    if (status === 413 || err.code === "too_large") return ["The file is too large", err.message];
    if (status === 415 || (status === 400 && err.code === "bad_input" && (!err.field || err.field === "image"))) {
      return [name + " is not an image or PDF this server can read", err.message];
    }
    if (status === 400) return ["The request was refused", err.message];
    if (status === 404 && err.code === "schema_not_found") {
      return ["Unknown schema", err.message + " (the list below has been refreshed)"];
    }
    if (err.code === "schema_error") return ["The schema is not valid", err.message];
    if (status === 422) return ["The request was refused", err.message];
    if (status === 503 && (err.code === "busy" || err.code === "shutting_down" || err.retryAfter)) {
      const wait = err.retryAfter || 1;
      return ["The server is busy", err.message + " — retry after " + wait + " s."];
    }
    if (status === 503) return ["The engine is not available", err.message];
    if (status === 504) return ["The engine did not answer in time", err.message];
    if (status === 502) return ["The engine failed", err.message];
    return ["Something went wrong (HTTP " + status + ")", err.message];
  }

  function showError(err) {
    const [title, detail] = explain(err);
    const box = $("message");
    box.className = "message error";
    box.dataset.status = String(err.status);
    box.dataset.code = err.code;
    $("message-title").textContent = title;
    $("message-text").textContent = detail + (err.requestId ? " (request " + err.requestId + ")" : "");
    box.hidden = false;
  }

  function hideMessage() {
    $("message").hidden = true;
    delete $("message").dataset.status;
    delete $("message").dataset.code;
  }

  function setStatus(message) {
    $("status").textContent = message;
  }

  /* ------------------------------------------------------------------------------------ schemas */

  async function loadSchemas() {
    let data;
    try {
      data = await api("schemas");
    } catch (err) {
      if (err.status === 401) askToken();
      showError(err);
      return false;
    }
    $("token-box").hidden = true;
    const select = $("schema");
    const previous = select.value;
    clear(select);
    state.schemas.clear();
    for (const info of Array.isArray(data.schemas) ? data.schemas : []) {
      if (!info || typeof info.name !== "string") continue;
      state.schemas.set(info.name, info);
      const label = info.title ? info.title + " (" + info.name + ")" : info.name;
      const option = h("option", { value: info.name }, info.error ? label + " — cannot load" : label);
      if (info.error) option.disabled = true;
      select.append(option);
    }
    select.append(h("option", { value: YAML_CHOICE }, "Your own schema (YAML file)…"));
    if (previous && state.schemas.has(previous) && !state.schemas.get(previous).error) select.value = previous;
    schemaChanged();
    updateRun();
    return true;
  }

  function schemaChanged() {
    const choice = $("schema").value;
    const info = state.schemas.get(choice);
    $("yaml-row").hidden = choice !== YAML_CHOICE;
    const about = $("schema-about");
    if (choice === YAML_CHOICE) {
      about.textContent = "Upload a schema file in docextract's YAML format (see docs/schemas.md).";
    } else if (info) {
      const fields = (info.fields || []).map((f) => f.name).join(", ");
      about.textContent = [info.description, fields ? "Fields: " + fields : ""].filter(Boolean).join(" ");
    } else {
      about.textContent = "";
    }
    const language = $("opt-language");
    const keep = language.value;
    clear(language);
    language.append(h("option", { value: "" }, "schema default"));
    for (const lang of (info && info.languages) || ["zh", "en"]) language.append(h("option", { value: lang }, lang));
    if ([...language.options].some((o) => o.value === keep)) language.value = keep;
    updateRun();
  }

  /* ------------------------------------------------------------------------------------ the token */

  function askToken() {
    $("token-box").hidden = false;
    $("token").focus();
  }

  async function tokenSubmitted(event) {
    event.preventDefault();
    const input = $("token");
    state.token = input.value.trim() || null;
    input.value = "";  // the only copy is state.token
    hideMessage();
    await loadSchemas();
  }

  /* ------------------------------------------------------------------------------------- the file */

  function describeSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB"
      : bytes >= 1024 ? Math.round(bytes / 1024) + " kB" : bytes + " B";
  }

  /* Several files are the pages (or sides) of one document, in order. */
  function chooseFiles(files) {
    if (!files || !files.length) return;
    for (const doc of state.docs) URL.revokeObjectURL(doc.url);
    state.docs = Array.from(files).map((file) => {
      const doc = { file: file, url: URL.createObjectURL(file), image: null };
      doc.ready = new Promise((resolve) => {
        const probe = new Image();
        probe.onload = () => {
          doc.image = { width: probe.naturalWidth, height: probe.naturalHeight };
          resolve();
        };
        probe.onerror = () => resolve();  // a PDF or a format the browser does not show
        probe.src = doc.url;
      });
      return doc;
    });
    $("file-name").textContent = state.docs.map((d) => d.file.name + " · " + describeSize(d.file.size)).join("; ");
    hideMessage();
    updateRun();
  }

  function fileNames() {
    return state.docs.map((d) => d.file.name).join(", ");
  }

  function updateRun() {
    const choice = $("schema").value;
    const ready = state.docs.length && choice && (choice !== YAML_CHOICE || $("schema-file").files.length > 0);
    $("run").disabled = !ready || state.running || Date.now() < state.retryUntil;
  }

  /* ------------------------------------------------------------------------------------ extraction */

  async function buildForm() {
    const form = new FormData();
    for (const doc of state.docs) form.append("image", doc.file, doc.file.name);
    const choice = $("schema").value;
    if (choice === YAML_CHOICE) {
      const yaml = $("schema-file").files[0];
      if (yaml.size > MAX_YAML_BYTES) throw new ApiError(400, "schema_error", "The schema file is larger than 256 kB.");
      form.append("schema_yaml", await yaml.text());
    } else {
      form.append("schema", choice);
    }
    const options = {
      language: $("opt-language").value,
      day_first: $("opt-day-first").value,
      locale: $("opt-locale").value.trim(),
      default_currency: $("opt-currency").value.trim().toUpperCase(),
      today: $("opt-today").value,
    };
    for (const [name, value] of Object.entries(options)) if (value) form.append(name, value);
    return form;
  }

  async function run(event) {
    event.preventDefault();
    if (!state.docs.length || state.running) return;
    hideMessage();
    $("result").hidden = true;  // never an earlier document's result under this one's error
    state.running = true;
    $("form").setAttribute("aria-busy", "true");
    updateRun();
    const started = performance.now();
    const ticker = setInterval(() => {
      setStatus("Reading the document… " + ((performance.now() - started) / 1000).toFixed(0) + " s");
    }, 500);
    setStatus("Reading the document…");
    try {
      const result = await api("extract", { method: "POST", body: await buildForm() });
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(state.docs.map((d) => d.ready));
      setStatus("");
      render(result, seconds);
    } catch (err) {
      setStatus("");
      showError(err);
      if (err.status === 401) askToken();
      if (err.status === 404 && err.code === "schema_not_found") await loadSchemas();
      if (err.status === 503 && err.retryAfter) holdFor(err.retryAfter);
    } finally {
      clearInterval(ticker);
      state.running = false;
      $("form").setAttribute("aria-busy", "false");
      updateRun();
    }
  }

  function holdFor(seconds) {
    state.retryUntil = Date.now() + seconds * 1000;
    clearInterval(state.retryTimer);
    const tick = () => {
      const left = Math.ceil((state.retryUntil - Date.now()) / 1000);
      if (left > 0) {
        setStatus("Retry possible in " + left + " s");
      } else {
        clearInterval(state.retryTimer);
        setStatus("You can retry now.");
      }
      updateRun();
    };
    state.retryTimer = setInterval(tick, 250);
    tick();
  }

  /* --------------------------------------------------------------------------------- the result */

  function flatten(result) {
    const out = [];
    for (const [name, field] of Object.entries(result.fields || {})) {
      if (!field || typeof field !== "object") continue;
      out.push({ key: name, label: name, short: name, field: field, depth: 0, top: name });
      if (!Array.isArray(field.items)) continue;
      field.items.forEach((item, i) => {
        for (const [column, sub] of Object.entries(item || {})) {
          if (!sub || typeof sub !== "object") continue;
          out.push({ key: name + "." + i + "." + column, label: name + "[" + (i + 1) + "]." + column,
            short: "#" + (i + 1) + " " + column, field: sub, depth: 1, top: name });
        }
      });
    }
    return out;
  }

  function checksByField(checks) {
    const map = new Map();
    for (const check of checks) {
      if (check.status !== "fail" && check.status !== "warn") continue;
      for (const name of check.fields || []) {
        const top = String(name).split(".")[0];
        if (!map.has(top)) map.set(top, []);
        if (!map.get(top).includes(check)) map.get(top).push(check);
      }
    }
    return map;
  }

  function render(result, seconds) {
    state.result = result;
    state.entries = flatten(result);
    state.page = 0;
    const checks = Array.isArray(result.checks) ? result.checks : [];
    renderSummary(result, checks, seconds);
    renderTable(checks);
    renderChecks(checks);
    $("json").textContent = JSON.stringify(result, null, 2);
    $("copy-status").textContent = "";
    $("result").hidden = false;  // before drawing: the labels are sized for the width shown
    renderPageTabs(result);
    renderPage();
    $("summary").scrollIntoView({ block: "start" });
  }

  function renderSummary(result, checks, seconds) {
    const failed = checks.filter((c) => c.status === "fail").length;
    const warned = checks.filter((c) => c.status === "warn").length;
    const verdict = $("verdict");
    verdict.className = "badge " + (failed ? "fail" : warned ? "warn" : "pass");
    verdict.textContent = failed ? failed + " check" + (failed > 1 ? "s" : "") + " failed"
      : warned ? "passed with " + warned + " warning" + (warned > 1 ? "s" : "") : "all checks passed";
    const timings = result.timings || {};
    const facts = [
      ["Schema", result.schema ? text(result.schema.name) + (result.schema.version ? " " + text(result.schema.version) : "") : ""],
      [state.docs.length > 1 ? "Files" : "File", fileNames()],
      ["Engine", text(result.engine)],
      ["Model", text(result.model) || "—"],
      ["Revision", text(result.revision) || "—"],
      ["Time", (typeof timings.total === "number" ? timings.total.toFixed(2) + " s on the server, " : "")
        + seconds.toFixed(2) + " s in all"],
    ];
    if (result.classification) facts.push(["Recognised as", describeClassification(result.classification)]);
    const dl = $("facts");
    clear(dl);
    for (const [term, value] of facts) {
      dl.append(h("div", { class: "fact", "data-fact": term.toLowerCase() }, h("dt", null, term), h("dd", null, value)));
    }
  }

  /* schema="auto": which schema the server recognised, and how sure it was */
  function describeClassification(c) {
    if (c && typeof c === "object" && typeof c.schema_name === "string") {
      return c.schema_name + (typeof c.score === "number" ? " (score " + c.score.toFixed(2) + ")" : "");
    }
    return text(c);
  }

  function formatValue(entry) {
    const value = entry.field.value;
    if (Array.isArray(entry.field.items)) return entry.field.items.length + " line item" + (entry.field.items.length === 1 ? "" : "s");
    return text(value);
  }

  function renderTable(checks) {
    const byField = checksByField(checks);
    const body = $("fields").tBodies[0];
    clear(body);
    for (const entry of state.entries) {
      const field = entry.field;
      const conf = typeof field.confidence === "number" ? Math.round(field.confidence * 100) + " %" : "";
      const status = h("td", { class: "status" }, h("span", { class: "pill " + text(field.status) }, text(field.status)));
      if (field.error) status.append(h("div", { class: "check-msg" }, text(field.error)));
      const row = h("tr", { class: "field depth-" + entry.depth + " st-" + text(field.status) },
        h("td", { class: "name", title: entry.label }, entry.short),
        h("td", { class: "value" }, formatValue(entry)),
        h("td", { class: "raw" }, text(field.raw)),
        h("td", { class: "conf" }, conf),
        status);
      row.dataset.key = entry.key;
      if (entry.depth === 0) {
        const related = byField.get(entry.key) || [];
        const worst = related.some((c) => c.status === "fail") ? "fail" : related.length ? "warn" : null;
        if (worst) {
          row.classList.add("check-" + worst);
          for (const check of related) {
            status.append(h("div", { class: "check-msg " + check.status }, text(check.message)));
          }
        }
      }
      if (field.box) row.classList.add("has-box");
      body.append(row);
    }
  }

  function renderChecks(checks) {
    const list = $("checks");
    clear(list);
    const order = { fail: 0, warn: 1, pass: 2 };
    const sorted = [...checks].sort((a, b) => (order[a.status] ?? 3) - (order[b.status] ?? 3));
    if (!sorted.length) list.append(h("li", { class: "none" }, "This schema has no checks."));
    for (const check of sorted) {
      const item = h("li", { class: "check " + text(check.status) },
        h("span", { class: "pill " + text(check.status) }, text(check.status)),
        h("code", null, text(check.code)), " ", text(check.message));
      list.append(item);
    }
  }

  function pageCount(result) {
    return Math.max(1, Array.isArray(result.pages) ? result.pages.length : 0);
  }

  function renderPageTabs(result) {
    const tabs = $("page-tabs");
    clear(tabs);
    const count = pageCount(result);
    if (count < 2) return;
    for (let i = 0; i < count; i++) {
      const button = h("button", { type: "button", class: i === state.page ? "tab current" : "tab" }, "Page " + (i + 1));
      button.addEventListener("click", () => {
        state.page = i;
        renderPageTabs(result);
        renderPage();
      });
      tabs.append(button);
    }
  }

  function pageSize(result, page) {
    const size = Array.isArray(result.pages) ? result.pages[page] : null;
    if (Array.isArray(size) && size[0] > 0 && size[1] > 0) return { width: size[0], height: size[1] };
    const doc = state.docs[page];
    return doc && doc.image;
  }

  function renderPage() {
    const result = state.result;
    const holder = $("page-holder");
    clear(holder);
    const size = pageSize(result, state.page);
    const note = $("viewer-note");
    note.hidden = true;
    if (!size) {
      note.textContent = "The engine returned no page size and the browser cannot show this file.";
      note.hidden = false;
      return;
    }
    const root = svg("svg", { id: "page", viewBox: "0 0 " + size.width + " " + size.height,
      role: "img", "aria-label": "page " + (state.page + 1) + " with the fields' boxes" });
    // file i is page i when each file is one page the browser can show
    const doc = state.docs.length === pageCount(result) ? state.docs[state.page] : null;
    if (doc && doc.image) {
      const image = svg("image", { x: 0, y: 0, width: size.width, height: size.height, preserveAspectRatio: "none" });
      image.setAttribute("href", doc.url);  // our own blob: URL, never a value from the server
      root.append(image);
    } else {
      root.append(svg("rect", { class: "blank", x: 0, y: 0, width: size.width, height: size.height }));
      drawLines(root, result, size);
      note.textContent = "The browser cannot show this file, so the page is drawn from the lines the engine read.";
      note.hidden = false;
    }
    // labels about 13 px high on screen, whatever the page's size in pixels
    const shown = Math.min((holder.clientWidth || 600) / size.width, (window.innerHeight * 0.85) / size.height);
    const font = Math.round(13 / Math.min(Math.max(shown, 0.05), 2));
    const boxes = svg("g", { class: "boxes" + ($("show-items").checked ? "" : " hide-items") });
    const area = (e) => (e.field.box[2] - e.field.box[0]) * (e.field.box[3] - e.field.box[1]);
    const onPage = state.entries.filter((e) => Array.isArray(e.field.box) && e.field.box.length === 4
      && (e.field.page || 0) === state.page);
    const same = new Map();  // fields read from one box (total and currency) get their labels stacked
    // large boxes first, so that a small box inside one (a line item's cell) stays on top, reachable
    for (const entry of onPage.sort((a, b) => area(b) - area(a))) {
      const [x1, y1, x2, y2] = entry.field.box.map(Number);
      const group = svg("g", { class: "box depth-" + entry.depth + " st-" + text(entry.field.status) },
        svg("title", null, entry.label + ": " + formatValue(entry)),
        svg("rect", { x: x1, y: y1, width: Math.max(1, x2 - x1), height: Math.max(1, y2 - y1) }));
      const size1 = entry.depth ? Math.round(font * 0.7) : font;
      const where = entry.field.box.join(",");
      const stacked = same.get(where) || 0;
      same.set(where, stacked + 1);
      const y = stacked ? y2 + size1 * stacked : Math.max(size1, y1 - 4);
      group.append(svg("text", { x: x1, y: y, "font-size": size1 }, entry.depth ? entry.short : entry.label));
      group.dataset.key = entry.key;
      boxes.append(group);
    }
    root.append(boxes);
    holder.append(root);
  }

  function drawLines(root, result, size) {
    const group = svg("g", { class: "lines" });
    for (const line of Array.isArray(result.lines) ? result.lines : []) {
      if (!line || !Array.isArray(line.box) || (line.page || 0) !== state.page) continue;
      const [x1, y1, x2, y2] = line.box.map(Number);
      const height = Math.max(6, y2 - y1);
      group.append(svg("text", { x: x1, y: y2 - height * 0.2, "font-size": Math.round(height * 0.75),
        textLength: Math.max(1, x2 - x1), lengthAdjust: "spacingAndGlyphs" }, text(line.text)));
    }
    root.append(group);
    return size;
  }

  /* ----------------------------------------------------------------- linking boxes and table rows */

  function linked(key) {
    return Array.from(document.querySelectorAll("[data-key]")).filter((node) => node.dataset.key === key);
  }

  function highlight(key, on) {
    for (const node of linked(key)) node.classList.toggle("hl", on);
  }

  function hoverHandlers(container) {
    container.addEventListener("mouseover", (event) => {
      const node = event.target.closest("[data-key]");
      if (node) highlight(node.dataset.key, true);
    });
    container.addEventListener("mouseout", (event) => {
      const node = event.target.closest("[data-key]");
      if (node) highlight(node.dataset.key, false);
    });
  }

  function select(key, from) {
    for (const node of document.querySelectorAll(".selected")) node.classList.remove("selected");
    for (const node of linked(key)) {
      node.classList.add("selected");
      if (node !== from && typeof node.scrollIntoView === "function") node.scrollIntoView({ block: "nearest" });
    }
  }

  function clickHandler(event) {
    const node = event.target.closest("[data-key]");
    if (node) select(node.dataset.key, node);
  }

  /* ----------------------------------------------------------------------------- copy, download */

  async function copyJson() {
    const json = $("json").textContent;
    try {
      await navigator.clipboard.writeText(json);
      $("copy-status").textContent = "Copied.";
    } catch (err) {
      const range = document.createRange();
      range.selectNodeContents($("json"));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      $("copy-status").textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
    }
  }

  function downloadName() {
    const base = state.docs.length ? state.docs[0].file.name.replace(/\.[^.]*$/, "") : "result";
    return (base.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^[._]+/, "").slice(0, 80) || "result") + ".json";
  }

  function downloadJson() {
    const blob = new Blob([$("json").textContent], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: downloadName() });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* ---------------------------------------------------------------------------------------- wiring */

  function init() {
    $("file").addEventListener("change", () => chooseFiles($("file").files));
    const drop = $("drop");
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("over");
      if (event.dataTransfer) chooseFiles(event.dataTransfer.files);
    });
    drop.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        $("file").click();
      }
    });
    $("schema").addEventListener("change", schemaChanged);
    $("schema-file").addEventListener("change", updateRun);
    $("form").addEventListener("submit", run);
    $("token-form").addEventListener("submit", tokenSubmitted);
    $("show-items").addEventListener("change", () => {
      const boxes = document.querySelector("#page .boxes");
      if (boxes) boxes.classList.toggle("hide-items", !$("show-items").checked);
    });
    $("copy").addEventListener("click", copyJson);
    $("download").addEventListener("click", downloadJson);
    for (const container of [$("page-holder"), $("fields")]) {
      hoverHandlers(container);
      container.addEventListener("click", clickHandler);
    }
    loadSchemas();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
