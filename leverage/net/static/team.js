// Leverage team page: shows what the host sends and sends the team's choices back.
// It holds no game state: every view comes from the host, which checks every action.
// Text from the game or from students is only ever set with textContent.
"use strict";

const TOKEN_KEY = "leverage-token";
const state = { ws: null, view: null, status: null, nextId: 1, shown: {}, drafts: {},
                targets: {}, deadline: null, retry: 0, open: {} };

function $(id) { return document.getElementById(id); }

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "text") node.textContent = value;
    else if (key === "cls") node.className = value;
    else if (key === "width") node.style.width = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function fmt(value, unit) {
  if (value === null || value === undefined) return "n/a";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  let text = value.toLocaleString("en-US", { maximumFractionDigits: digits });
  if (unit === "$bn") return (value < 0 ? "-$" + text.slice(1) : "$" + text) + "bn";
  if (unit === "%") return text + "%";
  if (unit === "" || unit === "0-100") return text;
  return text + " " + unit;
}

function signed(value) {
  if (value === null || value === undefined) return "";
  const text = Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: 2 });
  return (value >= 0 ? "+" : "-") + text;
}

function points(value, sign) {
  if (value === null || value === undefined) return "n/a";
  const text = Math.abs(value).toLocaleString("en-US", { maximumFractionDigits: 1 });
  return (value < 0 ? "-" : sign ? "+" : "") + text;
}

function showAlert(text) {
  const box = $("alert");
  box.textContent = text || "";
  box.hidden = !text;
}

function setLink(text) { $("link").textContent = text; }

// -- joining --------------------------------------------------------------------------------
async function joinWith(code) {
  showAlert("");
  let answer;
  try {
    const response = await fetch("/join", { method: "POST", headers: { "Content-Type": "application/json" },
                                             body: JSON.stringify({ code: code }) });
    answer = await response.json();
    if (!response.ok) { showAlert(answer.error || "That code did not work."); return; }
  } catch (error) {
    showAlert("The host cannot be reached: check the Wi-Fi and the address.");
    return;
  }
  localStorage.setItem(TOKEN_KEY, answer.token);
  history.replaceState(null, "", "/");
  connect();
}

function showJoin() {
  $("join-view").hidden = false;
  $("game-view").hidden = true;
  setLink("Not connected");
  $("code").focus();
}

// -- the live connection --------------------------------------------------------------------
function connect() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) { showJoin(); return; }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(scheme + "//" + location.host + "/ws");
  state.ws = ws;
  setLink("Connecting...");
  ws.addEventListener("open", () => { ws.send(JSON.stringify({ op: "hello", token: token })); });
  ws.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  ws.addEventListener("close", (event) => {
    if (state.ws !== ws) return;
    state.ws = null;
    if (event.code === 4001) { localStorage.removeItem(TOKEN_KEY); showAlert("Your team code is no longer valid: type it again."); showJoin(); return; }
    if (event.code === 4002) { showAlert("Too many devices are connected for this team."); }
    state.retry = Math.min(state.retry + 1, 8);
    const wait = Math.min(1000 * state.retry, 8000);
    setLink("Connection lost: trying again in " + Math.round(wait / 1000) + " s. Your plan is kept by the host.");
    setTimeout(connect, wait);
  });
}

function send(message) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) {
    showAlert("Not connected to the host: wait a moment and try again.");
    return;
  }
  message.id = state.nextId++;
  state.ws.send(JSON.stringify(message));
}

function receive(message) {
  if (message.type === "welcome") {
    state.retry = 0;
    $("join-view").hidden = true;
    $("game-view").hidden = false;
    setLink("Connected as " + message.role);
  } else if (message.type === "view") {
    state.view = message;
    render(message);
  } else if (message.type === "status") {
    state.status = message;
    renderStatus(message);
  } else if (message.type === "reply") {
    showAlert(message.ok ? "" : message.error);
  } else if (message.type === "error") {
    showAlert(message.error);
  }
}

// -- rendering: each part is rebuilt only when its data changed -----------------------------
function changed(part, data) {
  const text = JSON.stringify(data);
  if (state.shown[part] === text) return false;
  state.shown[part] = text;
  return true;
}

function render(view) {
  if (changed("head", [view.country, view.briefing.title, view.turn, view.turns, view.date, view.over])) {
    $("country").textContent = view.country + " (" + view.role + ")";
    $("role-title").textContent = view.briefing.title;
    $("turn").textContent = view.over ? "- game over" : "- turn " + view.turn + " of " + view.turns + ", " + view.date;
    document.title = "Leverage: " + view.country;
  }
  if (changed("briefing", view.briefing)) renderBriefing(view.briefing);
  if (changed("indicators", view.indicators)) renderIndicators(view.indicators);
  if (changed("plan", [view.planned, view.left, view.budget, view.ready, view.resolving, view.over])) renderPlan(view);
  if (changed("cards", [view.cards, view.ask_reasons, view.over, view.resolving, view.ready, view.forecast])) renderCards(view);
  if (changed("inbox", view.inbox)) renderInbox(view.inbox);
  if (changed("outbox", view.outbox)) renderOutbox(view.outbox || []);
  if (changed("votes", view.votes)) renderVotes(view.votes);
  if (changed("results", view.results)) renderResults(view.results);
}

function renderBriefing(briefing) {
  const box = $("briefing");
  box.replaceChildren(...(briefing.text || "This role has no written briefing.").split(/\n\s*\n/).map((p) => el("p", { text: p.trim() })));
  $("objectives").replaceChildren(...briefing.objectives.map((o) =>
    el("li", { text: o.text + ": now " + fmt(o.value, "") + " (goal " + o.goal + ", nothing at " + o.fail + ")" })));
}

function renderIndicators(rows) {
  $("indicators").replaceChildren(...rows.map((row) => {
    const change = row.previous === null ? null : row.value - row.previous;
    const arrow = change === null || Math.abs(change) < 1e-9 ? "" : change > 0 ? " \u25B2" : " \u25BC";
    const meaning = el("p", { cls: "meaning", id: "meaning-" + row.name, text: row.meaning + " Moved by: " + row.moved_by });
    meaning.hidden = !state.open[row.name];
    const button = el("button", { type: "button", cls: "ind", title: row.meaning, "aria-expanded": String(!meaning.hidden),
                                  "aria-controls": "meaning-" + row.name,
                                  onclick: () => { state.open[row.name] = meaning.hidden; meaning.hidden = !meaning.hidden; button.setAttribute("aria-expanded", String(!meaning.hidden)); } },
      el("span", { text: row.label }), el("span", { cls: "val", text: fmt(row.value, row.unit) + arrow }));
    return el("li", {}, button, meaning);
  }));
}

function renderPlan(view) {
  $("budget").textContent = view.over ? "" : "(" + fmt(view.left, "") + " of " + fmt(view.budget, "") + " political capital left)";
  $("plan").replaceChildren(...view.planned.map((move) => el("li", {},
    el("div", { cls: "row" }, el("span", { text: move.name + " \u2192 " + move.target_name + " (" + move.cost + ")" }),
      el("button", { type: "button", "data-unplan": move.move, disabled: view.ready || view.resolving,
                     onclick: () => send({ op: "unplan", move: move.move }) }, "Remove")),
    move.reason ? el("p", { cls: "reason", text: "\u201C" + move.reason + "\u201D" }) : null)));
  $("plan-empty").hidden = view.planned.length > 0;
  const ready = $("ready");
  ready.disabled = view.over || view.resolving;
  ready.textContent = view.ready ? "Ready: press to change the plan" : "I am ready";
  ready.classList.toggle("on", view.ready);
  ready.setAttribute("aria-pressed", String(view.ready));
  $("ready-note").textContent = view.resolving ? "The turn is being played..." :
    view.ready ? "Waiting for the other teams (or the timer)." : "Press when your team has planned this turn.";
}

function renderCards(view) {
  const active = document.activeElement && document.activeElement.id;
  const frozen = view.ready || view.resolving || view.over;
  $("cards").replaceChildren(...view.cards.map((card) => cardNode(card, view, frozen)));
  if (active && $(active)) $(active).focus();
}

function cardNode(card, view, frozen) {
  const node = el("article", { cls: "card" + (card.planned ? " planned" : card.available ? "" : " off"), id: "card-" + card.id,
                               "aria-label": card.name },
    el("div", { cls: "head" }, el("span", { cls: "name", text: card.name }), el("span", { cls: "cost", text: "cost " + card.cost })),
    el("p", { text: card.summary }));
  if (card.effects.length) node.append(el("ul", {}, ...card.effects.map((e) => el("li", { text: e }))));
  if (card.planned) { node.append(el("p", { cls: "dim", text: "Planned this turn (see your plan)." })); return node; }
  if (!card.available) { node.append(el("p", { cls: "why", text: "Not available: " + (card.why_not || "not now.") })); return node; }
  let select = null;
  if (card.targets.length > 1) {
    select = el("select", { id: "target-" + card.id, "aria-label": "Target of " + card.name,
                            onchange: (e) => { state.targets[card.id] = e.target.value; } },
      ...card.targets.map((t) => el("option", { value: t.code, text: t.name })));
    if (state.targets[card.id]) select.value = state.targets[card.id];
    node.append(el("label", { for: select.id, text: "On" }), select);
  } else if (card.targets.length === 1) {
    node.append(el("p", { cls: "dim", text: "On " + card.targets[0].name }));
  }
  const reasonId = "reason-" + card.id;
  const reason = el("textarea", { id: reasonId, maxlength: "2000", required: view.ask_reasons,
                                  placeholder: view.ask_reasons ? "Why? (required)" : "Why? (optional)",
                                  oninput: (e) => { state.drafts[card.id] = e.target.value; } });
  reason.value = state.drafts[card.id] || "";
  node.append(el("label", { for: reasonId, text: view.ask_reasons ? "Your reason (required)" : "Your reason" }), reason);
  const forecast = view.forecast && view.forecast.move === card.id ? view.forecast : null;
  node.append(el("button", { type: "button", "data-forecast": card.id, disabled: view.resolving || view.over,
    onclick: () => {
      const target = select ? select.value : (card.targets[0] ? card.targets[0].code : view.role);
      send({ op: "forecast", move: card.id, target: target });
    } }, forecast && forecast.pending ? "Forecast: working it out..." : "Forecast with and without this move"));
  if (forecast) node.append(forecastNode(forecast));
  node.append(el("button", { type: "button", cls: "primary", disabled: frozen, "data-plan": card.id,
    onclick: () => {
      const text = (state.drafts[card.id] || "").trim();
      if (view.ask_reasons && !text) { showAlert("Your teacher asks for a reason with every move: write one first."); reason.focus(); return; }
      const target = select ? select.value : (card.targets[0] ? card.targets[0].code : view.role);
      delete state.drafts[card.id];
      send({ op: "plan", move: card.id, target: target, reason: text });
    } }, "Plan this move"));
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

// The futures with the move (P10-P90 band and median) against those without it (median).
function forecastNode(forecast) {
  const box = el("div", { cls: "forecast", id: "forecast-" + forecast.move, role: "group",
                          "aria-label": "Forecast for " + (forecast.name || forecast.move) });
  if (forecast.pending) { box.append(el("p", { cls: "dim", text: "Working out 400 futures..." })); return box; }
  if (forecast.error) { box.append(el("p", { cls: "why", text: forecast.error })); return box; }
  box.append(el("p", { cls: "dim small", text: "Median of " + forecast.futures + " futures, " + forecast.turns +
    " turns ahead, on " + forecast.target_name + ": with the move (band: 8 in 10 futures) and without it." }));
  for (const chart of forecast.charts.slice(0, 4)) {
    const W = 300, H = 90, P = 4;
    const values = [];
    for (const row of chart.with.concat(chart.without)) for (const v of row) if (v !== null) values.push(v);
    if (!values.length) continue;
    let lo = Math.min(...values), hi = Math.max(...values);
    if (hi - lo < 1e-9) { hi += 1; lo -= 1; }
    const n = chart.with.length;
    const x = (t) => P + (W - 2 * P) * t / Math.max(1, n - 1);
    const y = (v) => H - P - (H - 2 * P) * (v - lo) / (hi - lo);
    const line = (rows, k) => rows.map((r, t) => x(t).toFixed(1) + "," + y(r[k] === null ? lo : r[k]).toFixed(1)).join(" ");
    const band = line(chart.with, 2) + " " + chart.with.map((r, t) => [t, r]).reverse()
      .map(([t, r]) => x(t).toFixed(1) + "," + y(r[0] === null ? lo : r[0]).toFixed(1)).join(" ");
    const drawing = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", role: "img",
      "aria-label": chart.label + ": with the move " + fmt(chart.with[n - 1][1], chart.unit) + ", without " + fmt(chart.without[n - 1][1], chart.unit) + " in " + (n - 1) + " turns" });
    drawing.append(svg("polygon", { points: band, class: "band" }),
                   svg("polyline", { points: line(chart.without, 1), class: "without" }),
                   svg("polyline", { points: line(chart.with, 1), class: "with" }));
    const last = chart.with[n - 1][1], base = chart.without[n - 1][1];
    box.append(el("div", { cls: "chart-head" }, el("span", { text: chart.label }),
      el("span", { cls: "dim", text: fmt(last, chart.unit) + " vs " + fmt(base, chart.unit) })), drawing);
  }
  return box;
}

function renderInbox(items) {
  $("inbox-panel").hidden = items.length === 0;
  $("inbox").replaceChildren(...items.map((p) => el("li", {},
    el("p", {}, el("strong", { text: p.proposer_name + " proposes: " + p.name })),
    el("p", { cls: "dim", text: p.summary }),
    p.effects.length ? el("ul", {}, ...p.effects.map((e) => el("li", { text: e }))) : null,
    el("div", { cls: "row" },
      el("button", { type: "button", cls: p.answer === true ? "on" : "", "aria-pressed": String(p.answer === true), "data-accept": p.move,
                     onclick: () => send({ op: "respond", proposer: p.proposer, move: p.move, accept: true }) }, "Accept"),
      el("button", { type: "button", cls: p.answer === false ? "on" : "", "aria-pressed": String(p.answer === false), "data-decline": p.move,
                     onclick: () => send({ op: "respond", proposer: p.proposer, move: p.move, accept: false }) }, "Decline")))));
}

function renderOutbox(items) {
  $("outbox-box").hidden = items.length === 0;
  $("outbox").replaceChildren(...items.map((p) => el("li", { text: p.name + " \u2192 " + p.partner_name + ": " +
    (p.status === "planned" ? "sent when this turn is played" : "waiting for their answer") })));
}

function renderVotes(items) {
  $("votes-panel").hidden = items.length === 0;
  $("votes").replaceChildren(...items.map((a) => el("li", {},
    el("p", { text: a.applicant_name + " asks to join " + a.bloc_name + (a.consensus ? " (every member must agree)" : "") }),
    el("div", { cls: "row" },
      el("button", { type: "button", cls: a.vote === true ? "on" : "", "aria-pressed": String(a.vote === true),
                     onclick: () => send({ op: "vote", applicant: a.applicant, bloc: a.bloc, yes: true }) }, "Yes"),
      el("button", { type: "button", cls: a.vote === false ? "on" : "", "aria-pressed": String(a.vote === false),
                     onclick: () => send({ op: "vote", applicant: a.applicant, bloc: a.bloc, yes: false }) }, "No")))));
}

function renderResults(results) {
  $("results").hidden = !results;
  if (!results) return;
  $("results-title").textContent = "Results of turn " + results.turn + " (" + results.date + ")";
  $("results-score").textContent = "Your score: " + points(results.score, false) + " (" +
    points(results.score_change, true) + " this turn)";
  const item = (n) => el("li", {}, el("strong", { text: n.title }), el("br"), el("span", { text: n.text }));
  $("news").replaceChildren(...results.news.slice(0, 3).map(item));
  $("more-news").replaceChildren(...results.news.slice(3).map(item));
  $("more-news-box").hidden = results.news.length <= 3;
  $("more-news-box").querySelector("summary").textContent = "More news (" + (results.news.length - 3) + ")";
  $("why").replaceChildren(...results.why.map((w) => {
    const biggest = Math.max(...w.parts.map((p) => Math.abs(p.value || 0)), 1e-9);
    return el("div", {}, el("h3", { text: "Why " + w.indicator + " changed" }),
      ...w.parts.map((p) => el("div", {},
        el("div", { cls: "why-row" }, el("span", { text: p.cause }), el("span", { cls: p.value >= 0 ? "up" : "down", text: signed(p.value) })),
        el("div", { cls: "bar " + (p.value >= 0 ? "pos" : "neg"), width: Math.max(2, Math.round(100 * Math.abs(p.value || 0) / biggest)) + "%" }))));
  }));
  $("moves-made").replaceChildren(...results.moves.map((m) => el("li", {},
    el("span", { text: m.country + ": " + m.name + " \u2192 " + m.target }),
    m.reason ? el("p", { cls: "reason", text: "\u201C" + m.reason + "\u201D" }) : null)));
}

function renderStatus(status) {
  $("paused-note").hidden = !status.paused;
  state.paused = status.paused;
  state.deadline = status.seconds_left === null ? null : performance.now() + status.seconds_left * 1000;
  tick();
  if (!changed("teams", status.teams)) return;
  $("teams").replaceChildren(...status.teams.map((t) => {
    const word = !t.joined ? "computer" : t.ready ? "ready" : t.planned ? t.planned + " planned" : "planning";
    return el("li", {}, el("span", { text: t.name }), el("span", { cls: t.ready ? "state-ready" : t.joined ? "" : "state-away", text: word }));
  }));
}

function tick() {
  const clock = $("clock");
  $("clock-box").hidden = state.deadline === null;
  if (state.deadline === null) { clock.textContent = ""; return; }
  if (state.paused) return;  // the timer stands still while the game is paused
  const left = Math.max(0, Math.ceil((state.deadline - performance.now()) / 1000));
  clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
  clock.classList.toggle("low", left <= 15);
}

// -- start ----------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  $("join-form").addEventListener("submit", (event) => { event.preventDefault(); joinWith($("code").value); });
  $("ready").addEventListener("click", () => { if (state.view) send({ op: "ready", ready: !state.view.ready, turn: state.view.turn }); });
  setInterval(tick, 250);
  const code = new URLSearchParams(location.search).get("code");
  if (code) { $("code").value = code; joinWith(code); } else connect();
});
