// polarscan review UI: plain JS, no build step, nothing from the internet (the server sends a
// Content-Security-Policy of 'self'). Text from posts is only ever set with textContent.
"use strict";

const state = {
  key: sessionStorage.getItem("polarscan-key"), me: null, labels: [], defs: {}, items: [], index: -1, total: 0, held: 0,
  lease: null, // {id, timer}: the one post this tab holds
  picked: new Set(), // post ids selected for a bulk action
  loads: 0, // queue loads started (only the latest one is shown)
};
const $ = (id) => document.getElementById(id);
const CLAIM_STATUSES = ["queued", "escalated"]; // posts worked on are held; other statuses are only browsed

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "short", timeStyle: "short" }) : "?");
const fmtClock = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: options.method || "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), keepalive: !!options.keepalive });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (data.error && data.error.message) || `${response.status} ${response.statusText}`;
    if (response.status === 401) signOut(message);
    const err = new Error(message);
    err.status = response.status;
    throw err;
  }
  return data;
}

// Asks before an action that cannot be taken back by a keystroke; resolves true on "yes".
function ask(question, yes) {
  const dialog = $("confirm-dialog");
  $("confirm-text").textContent = question;
  $("confirm-yes").textContent = yes;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    $("confirm-yes").focus();
  });
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
  releaseLease();
  sessionStorage.removeItem("polarscan-key");
  state.key = null;
  state.me = null;
  state.items = [];
  state.index = -1;
  state.picked.clear();
  $("whoami").textContent = "";
  $("queue").replaceChildren();
  $("post").replaceChildren();
  $("nav").hidden = true;
  for (const view of ["queue", "dashboard", "watch"]) $(`${view}-view`).hidden = true;
  $("signin-view").hidden = false;
  $("key").value = "";
  say(message || "Signed out.");
}

async function loadLabels() {
  try {
    const info = await (await fetch("/v1/model")).json();
    state.labels = info.labels.map((l) => l.name);
    state.defs = Object.fromEntries(info.labels.map((l) => [l.name, l.description || ""]));
  } catch {
    state.labels = ["hateful", "offensive", "polarising", "violent"];
  }
  for (const select of [$("f-label"), $("w-label")]) {
    select.replaceChildren(select.options[0]);
    for (const name of state.labels) select.append(el("option", { value: name, title: state.defs[name] || null }, name));
  }
}

// A label name with its taxonomy definition on hover (and for screen readers).
const labelName = (name) => (state.defs[name] ? el("abbr", { class: "def", title: `${name}: ${state.defs[name]}` }, name) : el("span", {}, name));

function show(view) {
  for (const name of ["queue", "dashboard", "watch"]) {
    $(`${name}-view`).hidden = view !== name;
    $(`tab-${name}`).classList.toggle("active", view === name);
    $(`tab-${name}`).setAttribute("aria-pressed", String(view === name));
  }
  if (view !== "queue") releaseLease();
  if (view === "watch") loadWatchTerms();
  if (view === "dashboard") loadDashboard();
  if (view === "queue" && state.items[state.index]) select(state.index);
}

// --- leases: this tab holds only the post it shows ---------------------------------------------------

function releaseLease(onUnload = false) {
  const lease = state.lease;
  if (!lease) return;
  state.lease = null;
  letGo(lease, onUnload);
}

// Stops renewing a lease and gives the post back.
function letGo(lease, onUnload = false) {
  clearInterval(lease.timer);
  api(`/v1/review/${lease.id}/claim`, { method: "DELETE", keepalive: onUnload }).catch(() => {});
}

// Decisions on these posts released their holds on the server: stop renewing ours.
function forgetLease(ids) {
  if (!state.lease || !ids.includes(state.lease.id)) return;
  clearInterval(state.lease.timer);
  state.lease = null;
}

async function holdPost(item) {
  // Claims (or renews) the post; renewed every third of the lease while it stays open.
  const result = await api(`/v1/review/${item.id}/claim`, { method: "POST" });
  item.claim = { reviewer: result.reviewer, expires_at: result.expires_at };
  const every = Math.max(5, Math.floor((result.lease_seconds || 300) / 3)) * 1000;
  const timer = setInterval(async () => {
    try {
      const renewed = await api(`/v1/review/${item.id}/claim`, { method: "POST" });
      item.claim.expires_at = renewed.expires_at;
    } catch (err) {
      say(`Post #${item.id}: the hold could not be renewed: ${err.message}`, true);
    }
  }, every);
  return { id: item.id, timer };
}

const heldByOther = (item) => item.claim && state.me && item.claim.reviewer !== state.me.name && new Date(item.claim.expires_at) > new Date();

// --- queue -----------------------------------------------------------------------------------------

function queueParams() {
  const params = new URLSearchParams({ status: $("f-status").value, limit: "25", claim: "false", held: "true" });
  for (const [name, id] of [["lang", "f-lang"], ["label", "f-label"], ["platform", "f-platform"], ["q", "f-q"]]) {
    if ($(id).value.trim()) params.set(name, $(id).value.trim());
  }
  return params;
}

async function loadQueue(prefix = "") {
  const seq = ++state.loads;
  releaseLease();
  try {
    const data = await api(`/v1/review/queue?${queueParams()}`);
    if (seq !== state.loads) return; // filters changed meanwhile: a newer load wins
    state.items = data.items;
    state.total = data.total;
    state.held = data.held;
    state.picked = new Set([...state.picked].filter((id) => data.items.some((i) => i.id === id)));
    renderQueue();
    const first = state.items.findIndex((item) => !heldByOther(item));
    await select(first >= 0 ? first : state.items.length ? 0 : -1, { auto: true });
    say(prefix + (state.items.length ? `Loaded ${state.items.length} posts.` : "The queue is empty."));
  } catch (err) {
    say(`Could not load the queue: ${err.message}`, true);
  }
}

function updateCount() {
  const held = state.held ? ` · ${state.held} held by others` : "";
  $("queue-count").textContent = `${state.items.length} shown of ${state.total}${held}`;
  $("bulk").hidden = state.picked.size === 0;
  $("bulk-count").textContent = `${state.picked.size} selected`;
}

function reasonText(r) {
  if (r.kind === "model") return r.label;
  if (r.kind === "audit") return `audit sample (${r.stratum})`;
  return `watch: ${r.term}`;
}

function renderQueue() {
  const list = $("queue");
  list.replaceChildren();
  state.items.forEach((item, i) => {
    const other = heldByOther(item);
    const pick = el("input", { type: "checkbox", id: `pick-${item.id}`, "aria-label": `select post #${item.id} for a bulk action` });
    pick.checked = state.picked.has(item.id);
    pick.addEventListener("change", () => {
      if (pick.checked) state.picked.add(item.id);
      else state.picked.delete(item.id);
      updateCount();
    });
    const summary = el(
      "div",
      { class: "item", role: "button", tabindex: "0", "aria-current": i === state.index ? "true" : "false", "aria-label": `post #${item.id}, severity ${item.severity}, ${item.lang || "unknown language"}${other ? `, held by ${item.claim.reviewer}` : ""}` },
      el("div", { class: "meta" }, el("span", { class: `sev sev-${item.severity}`, title: "severity" }, item.severity), `${item.lang || "?"} · ${item.platform} · ${item.score.toFixed(2)}`,
        item.decision ? el("span", { class: "decided" }, item.decision.action) : null),
      el("div", { class: "snippet", dir: "auto", lang: item.lang || null }, item.text === null ? "(text purged)" : item.text),
      el("div", { class: "meta" }, el("span", { class: item.reasons.some((r) => r.kind === "audit") ? "reason-audit" : "" }, item.reasons.map(reasonText).join(", "))),
      other ? el("div", { class: "held-by" }, `held by ${item.claim.reviewer} until ${fmtClock(item.claim.expires_at)}`) : null,
    );
    summary.addEventListener("click", () => select(i));
    summary.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        select(i);
      }
    });
    list.append(el("li", { dataset: { index: String(i), id: String(item.id) }, id: `q-${item.id}`, class: other ? "held" : "" }, pick, summary));
  });
  updateCount();
}

function markSelected() {
  for (const li of $("queue").children) {
    const on = Number(li.dataset.index) === state.index;
    li.classList.toggle("selected", on);
    li.querySelector(".item").setAttribute("aria-current", on ? "true" : "false");
  }
}

async function select(i, { auto = false } = {}) {
  if (state.lease && (!state.items[i] || state.items[i].id !== state.lease.id)) releaseLease();
  state.index = i;
  markSelected();
  const item = state.items[i];
  if (!item) {
    $("post").replaceChildren(el("p", { class: "muted" }, "No post selected."));
    return;
  }
  $(`q-${item.id}`).scrollIntoView({ block: "nearest" });
  renderPost(item); // at once: the reviewer can read (and type a note) while the hold is taken
  if (CLAIM_STATUSES.includes($("f-status").value) && !(state.lease && state.lease.id === item.id)) {
    try {
      const lease = await holdPost(item);
      if (state.index === i && state.items[i] === item && !state.lease) state.lease = lease;
      else if (!(state.lease && state.lease.id === item.id)) letGo(lease); // the reviewer moved on meanwhile
      else clearInterval(lease.timer);
    } catch (err) {
      if (err.status !== 409) {
        say(`Post #${item.id}: could not hold it: ${err.message}`, true);
        return;
      }
      // someone else took it: show who, and (when the queue picked it for us) move on to a free post
      const match = /claimed by '([^']+)' until (\S+);/.exec(err.message);
      if (match) item.claim = { reviewer: match[1], expires_at: match[2] };
      renderQueue();
      markSelected();
      if (auto) {
        const next = state.items.findIndex((other, j) => j > i && !heldByOther(other));
        if (next >= 0) return select(next, { auto: true });
      }
      if (state.index === i) renderPost(item);
    }
  }
}

// A word whose weight rounds to 0.000 changed nothing: neither highlighted nor listed.
const counts = (w) => Math.abs(w.weight) >= 0.0005;
const ratePct = (rate) => `${Math.round(rate * 1000) / 10} %`;

function highlighted(text, explanation) {
  // Spans from the occlusion explanation (offsets into the text), strongest weight per word;
  // a word whose weight rounds to 0.000 changed nothing and is not highlighted.
  const spans = new Map();
  for (const [label, words] of Object.entries((explanation && explanation.labels) || {})) {
    for (const w of words) {
      if (!counts(w)) continue;
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

function decisionLine(d, undone) {
  const set = d.labels_set && d.labels_set.length ? ` · ${d.labels_set.map((n) => `${n}: ${d.labels[n] ? "yes" : "no"}`).join(", ")}` : "";
  const what = d.action === "undo" ? `undo of decision ${d.undoes}` : `${d.action}${set}`;
  return el("li", { class: undone ? "undone" : "" }, `${fmtTime(d.created_at)} · ${d.reviewer} · ${what}`, d.note ? ` · note: “${d.note}”` : "");
}

function renderPost(item) {
  const s = item.suggestion || { scores: {}, thresholds: {}, flagged: [], explanation: null, reading: null };
  const other = heldByOther(item);
  const textBox = item.text === null ? el("div", { class: "text", id: "post-text" }, "(text purged by retention or erasure)") : highlighted(item.text, s.explanation);
  textBox.setAttribute("dir", item.lang === "ar" ? "rtl" : "auto");
  if (item.lang) textBox.setAttribute("lang", item.lang);

  const notices = [];
  if (other) notices.push(el("p", { class: "notice", id: "post-held" }, `Held by ${item.claim.reviewer} until ${fmtClock(item.claim.expires_at)}: you can read it, but decisions wait until they let go.`));
  const audit = item.reasons.find((r) => r.kind === "audit");
  if (audit) {
    notices.push(el("p", { class: "notice audit", id: "post-audit" },
      `Audit sample: the model did not flag this post (${audit.stratum === "near" ? "a score close to a threshold" : "an ordinary unflagged post"}, drawn at ${ratePct(audit.rate)}). Mark each label yes or no, or reject if none applies.`));
  }
  const reading = s.reading;
  if (reading && reading.truncated) {
    notices.push(el("p", { class: "notice", id: "post-windows" }, `Long post: the model read ${reading.windows} of ${reading.windows_total} windows; the end of the post was not scored.`));
  } else if (reading && reading.windows > 1) {
    notices.push(el("p", { class: "muted", id: "post-windows" }, `Read as ${reading.windows} overlapping windows (the score is the highest window's).`));
  }

  const reasons = el("ul", { class: "reasons", id: "post-reasons", "aria-label": "why this post is in the queue" });
  for (const r of item.reasons) {
    if (r.kind === "model") reasons.append(el("li", {}, labelName(r.label), ` ${r.score.toFixed(2)} ≥ ${r.threshold.toFixed(2)}`));
    else if (r.kind === "audit") reasons.append(el("li", { class: "audit" }, `audit sample (${r.stratum}, ${ratePct(r.rate)})`));
    else reasons.append(el("li", { class: "watch" }, `watch term “${r.term}” (${r.lang}${r.label ? ", " + r.label : ""})`));
  }

  const scores = el("table", { class: "scores", id: "post-scores" },
    el("caption", { class: "sr-only" }, "scores and your labels"),
    el("tr", {}, el("th", { scope: "col" }, "label"), el("th", { scope: "col" }, "score"), el("th", { scope: "col" }, el("span", { class: "sr-only" }, "score bar")), el("th", { scope: "col" }, "threshold"),
      el("th", { scope: "col" }, "your label"), el("th", { scope: "col" }, "top words (drop without the word)")));
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
    const words = ((s.explanation && s.explanation.labels[name]) || []).filter(counts);
    const wordCell = el("td", { class: "words", dir: "auto" });
    words.forEach((w, j) => wordCell.append(j ? ", " : "", w.word, " ", el("span", { class: "weight" }, `−${w.weight.toFixed(3)}`)));
    scores.append(el("tr", { class: s.flagged.includes(name) ? "flagged" : "" },
      el("th", { scope: "row" }, labelName(name)), el("td", {}, score.toFixed(3)), el("td", {}, el("meter", { min: "0", max: "1", value: String(score), "aria-label": `${name} score` })),
      el("td", {}, (s.thresholds[name] ?? 0).toFixed(2)), el("td", {}, group), wordCell));
  }

  const button = (id, text, action, disabled = false) => {
    const b = el("button", { type: "button", id, disabled }, text);
    b.addEventListener("click", action);
    return b;
  };
  const actions = el("div", { class: "actions" },
    button("btn-confirm", "Confirm (c)", () => decide("confirm"), other),
    button("btn-reject", "Reject (r)", () => decide("reject"), other),
    button("btn-escalate", "Escalate (e)", () => decide("escalate"), other),
    button("btn-relabel", "Save these labels (l)", () => decide("relabel"), other),
    item.decision ? button("btn-undo", "Undo decision (u)", () => undo(), other) : null,
    el("label", { for: "note" }, "Note (optional, goes with the decision)"),
    el("textarea", { id: "note", maxlength: "2000" }));

  const meta = el("p", { class: "muted" },
    `#${item.id} · ${item.platform} ${item.external_id} · author ${item.author_pseudonym.slice(0, 12)}… · `,
    `posted ${item.posted_at ? fmtTime(item.posted_at) : "?"} · model ${s.model_id || "?"} v${s.model_version || "?"} · status ${item.status}`,
    item.url ? el("span", {}, " · ", el("a", { href: item.url, rel: "noopener noreferrer", target: "_blank" }, "original")) : null);
  const last = item.decision
    ? el("p", { class: "decided", id: "post-decision" }, `Decision: ${item.decision.action} by ${item.decision.reviewer}, ${fmtTime(item.decision.created_at)}${item.decision.note ? ` · note: “${item.decision.note}”` : ""}`)
    : null;
  const history = el("section", { id: "post-history-box", "aria-label": "decision history" });
  fillHistory(history, item.decisions || (item.decision ? [item.decision] : []));
  $("post").replaceChildren(...[meta, ...notices, textBox, reasons, scores, last, actions, history].filter(Boolean));
  if (!item.decisions) loadHistory(item);
}

function fillHistory(section, decisions) {
  const undone = new Set(decisions.filter((d) => d.action === "undo").map((d) => d.undoes));
  section.replaceChildren(...(decisions.length
    ? [el("h3", {}, "History"), el("ol", { class: "history", id: "post-history" }, ...decisions.map((d) => decisionLine(d, undone.has(d.id))))]
    : []));
}

async function loadHistory(item) {
  // the queue lists the effective decision only; the full history comes with GET /v1/posts/{id}.
  // Only the history box is refreshed, so a note being typed is not lost.
  if (!item.decision) return;
  try {
    const full = await api(`/v1/posts/${item.id}`);
    item.decisions = full.decisions;
    if (state.items[state.index] === item && $("post-history-box")) fillHistory($("post-history-box"), item.decisions);
  } catch (err) {
    say(`Post #${item.id}: could not load its history: ${err.message}`, true);
  }
}

function decisionBody(item, action) {
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
  const note = $("note") ? $("note").value.trim() : "";
  if (note) body.note = note;
  return body;
}

function dropFromQueue(ids) {
  const current = state.items[state.index];
  const before = state.items.length;
  state.items = state.items.filter((item) => !ids.includes(item.id));
  state.total = Math.max(0, state.total - (before - state.items.length));
  for (const id of ids) state.picked.delete(id);
  renderQueue();
  const keep = current ? state.items.indexOf(current) : -1;
  return keep >= 0 ? keep : Math.min(state.index, state.items.length - 1);
}

async function decide(action) {
  const item = state.items[state.index];
  if (!item || heldByOther(item)) return;
  if (action === "reject" && !(await ask(`Reject post #${item.id}? Every label is stored as "no".`, "Yes, reject"))) {
    say(`Post #${item.id}: not rejected.`);
    return;
  }
  try {
    const result = await api(`/v1/review/${item.id}/decision`, { method: "POST", body: decisionBody(item, action) });
    const saved = `Post #${item.id}: ${result.decision.action} saved.`;
    forgetLease([item.id]); // the decision released the hold
    say(saved);
    const next = dropFromQueue([item.id]);
    if (state.items.length) await select(next);
    else await loadQueue(`${saved} `);
  } catch (err) {
    say(`Post #${item.id}: ${err.message}`, true);
  }
}

async function undo() {
  const item = state.items[state.index];
  if (!item || !item.decision || heldByOther(item)) return;
  try {
    const result = await api(`/v1/review/${item.id}/undo`, { method: "POST", body: {} });
    const full = await api(`/v1/posts/${item.id}`);
    Object.assign(item, full);
    say(`Post #${item.id}: ${result.undo.reviewer} undid decision ${result.undo.undoes}; status ${result.status}.`);
    renderQueue();
    markSelected();
    renderPost(item);
  } catch (err) {
    say(`Post #${item.id}: ${err.message}`, true);
  }
}

async function bulk(action) {
  const ids = [...state.picked];
  if (!ids.length) return;
  const verb = action === "reject" ? "Reject" : "Escalate";
  if (!(await ask(`${verb} ${ids.length} selected post${ids.length > 1 ? "s" : ""}?${action === "reject" ? ' Every label is stored as "no".' : ""}`, `Yes, ${verb.toLowerCase()}`))) return;
  const done = [];
  const failed = [];
  for (const id of ids) {
    try {
      await api(`/v1/review/${id}/decision`, { method: "POST", body: { action, seen: state.labels } });
      done.push(id);
    } catch (err) {
      failed.push(`#${id}: ${err.message}`);
    }
  }
  forgetLease(done);
  const next = dropFromQueue(done);
  say(`${verb}: ${done.length} saved${failed.length ? `; not saved: ${failed.join("; ")}` : ""}.`, failed.length > 0);
  if (state.items.length) await select(Math.max(0, next));
  else await loadQueue();
}

// --- dashboard -------------------------------------------------------------------------------------

const pct = (x) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)} %`);
const ci = (c) => (c ? `${pct(c[0])} – ${pct(c[1])}` : "–");

async function loadDashboard() {
  try {
    const d = await api("/v1/review/dashboard");
    $("dash-generated").textContent = `As of ${fmtTime(d.generated_at)}.`;
    $("dash-recall-ci").textContent = `Recall interval: ${d.recall_ci}.`;
    const rows = (id, items, cells) => $(id).querySelector("tbody").replaceChildren(...items.map((x) => el("tr", {}, ...cells(x).map((c, j) => (j === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c))))));
    rows("dash-estimates", d.estimates, (e) => {
      const audit = e.recall.strata.filter((s) => s.name.startsWith("audit"));
      return [e.lang, labelName(e.label), pct(e.precision.estimate), ci(e.precision.ci95), `${e.precision.labelled} / ${e.precision.flagged_posts}`,
        pct(e.recall.estimate), ci(e.recall.ci95), `${audit.reduce((n, s) => n + s.labelled, 0)} of ${audit.reduce((n, s) => n + s.posts, 0)}`,
        e.recall.reason || (e.recall.uncovered.length ? `not covered: ${e.recall.uncovered.join(", ")} (an upper bound)` : "")];
    });
    rows("dash-queue", d.queue, (q) => [q.status, q.lang, q.label || "(no model flag)", q.posts]);
    rows("dash-days", d.decisions_per_day, (r) => [r.day, r.reviewer, r.decisions, Object.entries(r.actions).map(([a, n]) => `${a} ${n}`).join(", ")]);
    const a = d.agreement;
    $("dash-agreement").textContent = a.pairs
      ? `${a.posts} posts decided by two or more reviewers (${a.pairs} pairs); same action in ${pct(a.action_agreement)}.`
      : "No post has been decided by two reviewers yet.";
    rows("dash-agreement-labels", Object.entries(a.labels), ([name, v]) => [labelName(name), v.pairs, v.agree, pct(v.rate)]);
    say("Dashboard loaded.");
  } catch (err) {
    say(`Could not load the dashboard: ${err.message}`, true);
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
  if (event.ctrlKey || event.metaKey || event.altKey || $("queue-view").hidden || $("confirm-dialog").open) return;
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
    u: () => undo(),
    n: () => $("note") && $("note").focus(),
    x: () => {
      const item = state.items[state.index];
      if (!item) return;
      if (state.picked.has(item.id)) state.picked.delete(item.id);
      else state.picked.add(item.id);
      renderQueue();
      markSelected();
    },
  };
  const handler = handlers[event.key];
  if (handler) {
    event.preventDefault();
    handler();
  }
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
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
  // filters apply at once: selects on change, text fields shortly after typing stops
  for (const id of ["f-status", "f-lang", "f-label"]) $(id).addEventListener("change", () => loadQueue());
  const typed = debounce(() => loadQueue(), 350);
  for (const id of ["f-platform", "f-q"]) $(id).addEventListener("input", typed);
  $("bulk-reject").addEventListener("click", () => bulk("reject"));
  $("bulk-escalate").addEventListener("click", () => bulk("escalate"));
  $("bulk-clear").addEventListener("click", () => {
    state.picked.clear();
    renderQueue();
    markSelected();
  });
  $("watch-form").addEventListener("submit", addWatchTerm);
  for (const tab of document.querySelectorAll("button.tab")) tab.addEventListener("click", () => show(tab.dataset.view));
  document.addEventListener("keydown", onKey);
  window.addEventListener("pagehide", () => releaseLease(true)); // leaving the page lets go of the post
  if (state.key) signIn(state.key);
});
