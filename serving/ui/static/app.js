// polarscan review UI: plain JS, no build step, nothing from the internet (the server sends a
// Content-Security-Policy of 'self'). Text from posts is only ever set with textContent.
"use strict";

const state = { key: sessionStorage.getItem("polarscan-key"), me: null, labels: [], items: [], index: -1 };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: options.method || "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (data.error && data.error.message) || `${response.status} ${response.statusText}`;
    if (response.status === 401) signOut(message);
    throw new Error(message);
  }
  return data;
}

// --- sign in ---------------------------------------------------------------------------------------

async function signIn(key) {
  state.key = key;
  try {
    state.me = await api("/v1/me");
  } catch (err) {
    state.key = null;
    say(`Sign-in failed: ${err.message}`, true);
    return;
  }
  if (!["reviewer", "admin"].includes(state.me.role)) {
    state.key = null;
    say(`The key "${state.me.name}" has role ${state.me.role}; the review UI needs reviewer or admin.`, true);
    return;
  }
  sessionStorage.setItem("polarscan-key", key);
  $("whoami").textContent = `${state.me.name} (${state.me.role})`;
  $("signin-view").hidden = true;
  $("nav").hidden = false;
  await loadLabels();
  show("queue");
  await loadQueue();
}

function signOut(message) {
  sessionStorage.removeItem("polarscan-key");
  state.key = null;
  state.items = [];
  state.index = -1;
  $("nav").hidden = true;
  $("queue-view").hidden = true;
  $("watch-view").hidden = true;
  $("signin-view").hidden = false;
  $("key").value = "";
  say(message || "Signed out.");
}

async function loadLabels() {
  try {
    const info = await (await fetch("/v1/model")).json();
    state.labels = info.labels.map((l) => l.name);
  } catch {
    state.labels = ["hateful", "offensive", "polarising", "violent"];
  }
  for (const select of [$("f-label"), $("w-label")]) {
    select.replaceChildren(select.options[0]);
    for (const name of state.labels) select.append(el("option", { value: name }, name));
  }
}

function show(view) {
  $("queue-view").hidden = view !== "queue";
  $("watch-view").hidden = view !== "watch";
  $("tab-queue").classList.toggle("active", view === "queue");
  $("tab-watch").classList.toggle("active", view === "watch");
  if (view === "watch") loadWatchTerms();
}

// --- queue -----------------------------------------------------------------------------------------

async function loadQueue(prefix = "") {
  const params = new URLSearchParams({ status: $("f-status").value, limit: "25" });
  for (const [name, id] of [["lang", "f-lang"], ["label", "f-label"], ["platform", "f-platform"]]) {
    if ($(id).value) params.set(name, $(id).value);
  }
  // Only queued posts are leased to the reviewer; other statuses are browsed without claiming.
  if ($("f-status").value !== "queued") params.set("claim", "false");
  try {
    const data = await api(`/v1/review/queue?${params}`);
    state.items = data.items;
    $("queue-count").textContent = `${data.items.length} shown of ${data.total}`;
    renderQueue();
    select(state.items.length ? 0 : -1);
    say(prefix + (state.items.length ? `Loaded ${state.items.length} posts.` : "The queue is empty."));
  } catch (err) {
    say(`Could not load the queue: ${err.message}`, true);
  }
}

function renderQueue() {
  const list = $("queue");
  list.replaceChildren();
  state.items.forEach((item, i) => {
    const labels = item.reasons.map((r) => (r.kind === "model" ? r.label : `watch: ${r.term}`)).join(", ");
    const li = el(
      "li",
      { dataset: { index: String(i), id: String(item.id) }, id: `q-${item.id}` },
      el("div", { class: "meta" }, el("span", { class: `sev sev-${item.severity}`, title: "severity" }, item.severity), `${item.lang || "?"} · ${item.platform} · ${item.score.toFixed(2)}`, item.decision ? el("span", { class: "decided" }, item.decision.action) : null),
      el("div", { class: "snippet", dir: "auto", lang: item.lang || "" }, item.text === null ? "(text purged)" : item.text),
      el("div", { class: "meta" }, labels),
    );
    li.addEventListener("click", () => select(i));
    list.append(li);
  });
}

function select(i) {
  state.index = i;
  for (const li of $("queue").children) li.classList.toggle("selected", Number(li.dataset.index) === i);
  const item = state.items[i];
  if (!item) {
    $("post").replaceChildren(el("p", { class: "muted" }, "No post selected."));
    return;
  }
  $(`q-${item.id}`).scrollIntoView({ block: "nearest" });
  renderPost(item);
}

function highlighted(text, explanation) {
  // Spans from the occlusion explanation (offsets into the text), strongest weight per word.
  const spans = new Map();
  for (const [label, words] of Object.entries((explanation && explanation.labels) || {})) {
    for (const w of words) {
      const prev = spans.get(w.start);
      if (!prev || prev.weight < w.weight) spans.set(w.start, { ...w, label });
    }
  }
  const container = el("div", { class: "text", id: "post-text" });
  let pos = 0;
  for (const span of [...spans.values()].sort((a, b) => a.start - b.start)) {
    if (span.start < pos) continue;
    container.append(text.slice(pos, span.start));
    const level = span.weight >= 0.3 ? 3 : span.weight >= 0.1 ? 2 : 1;
    container.append(el("mark", { class: `w${level}`, title: `${span.label}: −${span.weight.toFixed(3)} without this word` }, text.slice(span.start, span.end)));
    pos = span.end;
  }
  container.append(text.slice(pos));
  return container;
}

function renderPost(item) {
  const s = item.suggestion || { scores: {}, thresholds: {}, flagged: [], explanation: null };
  const textBox = item.text === null ? el("div", { class: "text", id: "post-text" }, "(text purged by retention or erasure)") : highlighted(item.text, s.explanation);
  textBox.setAttribute("dir", item.lang === "ar" ? "rtl" : "auto");
  if (item.lang) textBox.setAttribute("lang", item.lang);

  const reasons = el("ul", { class: "reasons", id: "post-reasons" });
  for (const r of item.reasons) {
    reasons.append(r.kind === "model"
      ? el("li", {}, `${r.label} ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`)
      : el("li", { class: "watch" }, `watch term “${r.term}” (${r.lang}${r.label ? ", " + r.label : ""})`));
  }

  const scores = el("table", { class: "scores", id: "post-scores" }, el("tr", {}, el("th", {}, "label"), el("th", {}, "score"), el("th", {}, ""), el("th", {}, "threshold"), el("th", {}, "your label"), el("th", {}, "top words")));
  // Each label is yes / no / ? (unknown). The model's flags start at yes (confirm says they are
  // right); every other label starts at ? and is stored as unknown unless the reviewer picks no.
  const decided = item.decision ? item.decision.labels : null;
  for (const name of state.labels) {
    const score = s.scores[name] ?? 0;
    const value = decided ? (decided[name] ?? null) : (s.flagged.includes(name) ? true : null);
    const choice = (v, text, title) => {
      const id = `lab-${name}-${v === true ? "yes" : v === false ? "no" : "unknown"}`;
      const input = el("input", { type: "radio", name: `lab-${name}`, id, value: v === null ? "" : v ? "1" : "0" });
      input.checked = value === v;
      return el("label", { for: id, class: "choice", title }, input, text);
    };
    const group = el("fieldset", { class: "tri", id: `lab-${name}` },
      el("legend", { class: "sr-only" }, `label ${name}`),
      choice(true, "yes", `${name} applies`), choice(false, "no", `explicitly not ${name}`), choice(null, "?", `${name}: not checked (stored as unknown)`));
    const words = ((s.explanation && s.explanation.labels[name]) || []).map((w) => w.word).join(", ");
    scores.append(el("tr", { class: s.flagged.includes(name) ? "flagged" : "" },
      el("th", {}, name), el("td", {}, score.toFixed(3)), el("td", {}, el("meter", { min: "0", max: "1", value: String(score) })),
      el("td", {}, (s.thresholds[name] ?? 0).toFixed(2)), el("td", {}, group), el("td", { class: "words", dir: "auto" }, words)));
  }

  const note = el("textarea", { id: "note", placeholder: "note (optional)", maxlength: "2000" });
  const button = (id, text, action) => {
    const b = el("button", { type: "button", id }, text);
    b.addEventListener("click", action);
    return b;
  };
  const actions = el("div", { class: "actions" },
    button("btn-confirm", "Confirm (c)", () => decide("confirm")),
    button("btn-reject", "Reject (r)", () => decide("reject")),
    button("btn-escalate", "Escalate (e)", () => decide("escalate")),
    button("btn-relabel", "Save these labels (l)", () => decide("relabel")),
    note);

  const meta = el("p", { class: "muted" },
    `#${item.id} · ${item.platform} ${item.external_id} · author ${item.author_pseudonym.slice(0, 12)}… · `,
    `posted ${item.posted_at || "?"} · model ${s.model_id || "?"} v${s.model_version || "?"} · status ${item.status}`,
    item.url ? el("span", {}, " · ", el("a", { href: item.url, rel: "noopener noreferrer", target: "_blank" }, "original")) : null);
  const last = item.decision ? el("p", { class: "decided", id: "post-decision" }, `Decision: ${item.decision.action} by ${item.decision.reviewer}`) : null;
  $("post").replaceChildren(...[meta, textBox, reasons, scores, last, actions].filter(Boolean));
}

async function decide(action) {
  const item = state.items[state.index];
  if (!item) return;
  const body = { action, seen: state.labels };
  const chosen = (name) => {
    const picked = document.querySelector(`input[name="lab-${name}"]:checked`);
    return !picked || picked.value === "" ? null : picked.value === "1";
  };
  if (action === "relabel") {
    // only what the reviewer marked yes or no; ? stays unknown
    body.labels = Object.fromEntries(state.labels.filter((name) => chosen(name) !== null).map((name) => [name, chosen(name)]));
  } else if (action === "confirm") {
    // Confirm the model's flags; send only the labels the reviewer changed (yes, an explicit no,
    // or ? on a flag). Untouched unflagged labels are not sent and stay unknown, never "no".
    const flagged = (item.suggestion && item.suggestion.flagged) || [];
    body.labels = Object.fromEntries(state.labels.filter((name) => chosen(name) !== (flagged.includes(name) ? true : null)).map((name) => [name, chosen(name)]));
  }
  const note = $("note").value.trim();
  if (note) body.note = note;
  try {
    const result = await api(`/v1/review/${item.id}/decision`, { method: "POST", body });
    const saved = `Post #${item.id}: ${result.decision.action} saved.`;
    say(saved);
    state.items.splice(state.index, 1);
    renderQueue();
    if (state.items.length) select(Math.min(state.index, state.items.length - 1));
    else await loadQueue(`${saved} `);
  } catch (err) {
    say(`Post #${item.id}: ${err.message}`, true);
  }
}

// --- watch terms -----------------------------------------------------------------------------------

async function loadWatchTerms() {
  try {
    const data = await api("/v1/watch-terms");
    const body = $("watch-list");
    body.replaceChildren();
    for (const t of data.items) {
      const del = el("button", { type: "button", "aria-label": `delete ${t.term}` }, "Delete");
      del.addEventListener("click", async () => {
        try {
          await api(`/v1/watch-terms/${t.id}`, { method: "DELETE" });
          say(`Removed “${t.term}”.`);
          loadWatchTerms();
        } catch (err) {
          say(err.message, true);
        }
      });
      body.append(el("tr", { id: `term-${t.id}` }, el("td", { dir: "auto" }, t.term), el("td", {}, t.lang), el("td", {}, t.kind), el("td", {}, t.label || ""), el("td", { dir: "auto" }, el("code", {}, t.folded)), el("td", { dir: "auto" }, t.note || ""), el("td", {}, t.created_by), el("td", {}, del)));
    }
  } catch (err) {
    say(`Could not load watch terms: ${err.message}`, true);
  }
}

async function addWatchTerm(event) {
  event.preventDefault();
  const body = { term: $("w-term").value, lang: $("w-lang").value, kind: $("w-kind").value };
  if ($("w-label").value) body.label = $("w-label").value;
  if ($("w-note").value.trim()) body.note = $("w-note").value.trim();
  try {
    const t = await api("/v1/watch-terms", { method: "POST", body });
    say(`Added “${t.term}” (${t.lang}); it matches as “${t.folded}”.`);
    $("w-term").value = "";
    $("w-note").value = "";
    loadWatchTerms();
  } catch (err) {
    say(err.message, true);
  }
}

// --- keyboard --------------------------------------------------------------------------------------

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || $("queue-view").hidden) return;
  const tag = (event.target.tagName || "").toLowerCase();
  const typing = tag === "textarea" || tag === "select" || (tag === "input" && !["checkbox", "radio"].includes(event.target.type));
  if (typing) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  const handlers = {
    j: () => state.index < state.items.length - 1 && select(state.index + 1),
    k: () => state.index > 0 && select(state.index - 1),
    c: () => decide("confirm"),
    r: () => decide("reject"),
    e: () => decide("escalate"),
    l: () => decide("relabel"),
    n: () => $("note") && $("note").focus(),
  };
  const handler = handlers[event.key];
  if (handler) {
    event.preventDefault();
    handler();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("signin-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("key").value.trim());
  });
  $("signout").addEventListener("click", () => signOut());
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    loadQueue();
  });
  $("watch-form").addEventListener("submit", addWatchTerm);
  for (const tab of document.querySelectorAll("button.tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  document.addEventListener("keydown", onKey);
  if (state.key) signIn(state.key);
});
