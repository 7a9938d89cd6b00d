// The sandbox web chat: talks to the local Bot API server's user API (/api/...), no build step.
"use strict";
const $ = (sel) => document.querySelector(sel);
const state = { userId: null, seq: 0, messages: new Map(), generation: 0, blocked: false };

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.description || response.statusText);
  return body;
}

function postJSON(path, data) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
}

function toast(text) {
  const box = $("#toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
}

function keyboard(message) {
  const kb = document.createElement("div");
  kb.className = "kb";
  for (const row of message.keyboard) {
    const line = document.createElement("div");
    line.className = "row";
    for (const b of row) {
      let el;
      if (b.url !== undefined) {
        el = document.createElement("a");
        el.href = b.url; el.target = "_blank"; el.rel = "noopener";
      } else {
        el = document.createElement("button");
        el.type = "button";
        el.dataset.data = b.data;
        el.addEventListener("click", () => press(message.message_id, b.data));
      }
      el.textContent = b.text;
      line.appendChild(el);
    }
    kb.appendChild(line);
  }
  return kb;
}

function render(message) {
  const el = document.createElement("div");
  el.className = "msg " + (message.from_bot ? "bot" : "user") + (message.deleted ? " deleted" : "");
  el.id = "m" + message.message_id;
  el.dataset.messageId = message.message_id;
  if (message.photo) {
    const img = document.createElement("img");
    img.src = message.photo; img.alt = "immagine";
    el.appendChild(img);
  }
  if (message.document) {
    const a = document.createElement("a");
    a.className = "doc"; a.href = message.document.url; a.download = message.document.name;
    a.textContent = "📄 " + message.document.name;
    el.appendChild(a);
  }
  const body = document.createElement("div");
  body.className = "body";
  if (message.html !== null && message.html !== undefined) body.innerHTML = message.html; // escaped by the server
  else body.textContent = message.text;
  el.appendChild(body);
  if (message.keyboard.length && !message.deleted) el.appendChild(keyboard(message));
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.textContent = new Date(message.date * 1000).toLocaleTimeString("it-IT", { hour: "2-digit", minute: "2-digit" })
    + (message.edited ? " · modificato" : "");
  el.appendChild(meta);
  return el;
}

function apply(messages) {
  const chat = $("#chat");
  for (const m of messages) {
    const old = state.messages.get(m.message_id);
    if (old && m.answers.length > old.answers.length) {
      const answer = m.answers[m.answers.length - 1];
      if (answer.text) toast(answer.text);
    }
    state.messages.set(m.message_id, m);
    const fresh = render(m);
    const existing = document.getElementById(fresh.id);
    if (existing) existing.replaceWith(fresh); else chat.appendChild(fresh);
  }
  if (messages.length) chat.scrollTop = chat.scrollHeight;
}

async function poll(generation) {
  while (generation === state.generation) {
    try {
      const data = await api(`/api/chats/${state.userId}/messages?since=${state.seq}&wait=25`);
      if (generation !== state.generation) return;
      state.seq = data.seq;
      apply(data.messages);
    } catch (err) {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function person() {
  return (window.PEOPLE || []).find((p) => String(p.id) === String(state.userId)) || {};
}

async function send(text) {
  const p = person();
  try {
    await postJSON(`/api/chats/${state.userId}/messages`, { text, first_name: p.first_name, last_name: p.last_name });
  } catch (err) { toast(err.message); }
}

async function press(messageId, data) {
  try { await postJSON(`/api/chats/${state.userId}/press`, { message_id: messageId, data }); }
  catch (err) { toast(err.message); }
}

async function sendFile(file) {
  const form = new FormData();
  form.append("document", file, file.name);
  const p = person();
  if (p.first_name) form.append("first_name", p.first_name);
  try { await api(`/api/chats/${state.userId}/documents`, { method: "POST", body: form }); }
  catch (err) { toast(err.message); }
}

function choose(userId) {
  state.userId = userId;
  state.seq = 0;
  state.messages.clear();
  state.generation += 1;
  state.blocked = false;
  $("#block").textContent = "Blocca il bot";
  $("#chat").replaceChildren();
  poll(state.generation);
}

async function init() {
  const info = await api("/api/info");
  window.PEOPLE = info.people;
  $("#bot-name").textContent = "@" + info.bot.username;
  const select = $("#person");
  for (const p of info.people) {
    const option = document.createElement("option");
    option.value = p.id; option.textContent = p.label;
    select.appendChild(option);
  }
  select.addEventListener("change", () => choose(select.value));
  const nav = $("#commands");
  for (const c of info.commands) {
    const b = document.createElement("button");
    b.type = "button"; b.textContent = "/" + c.command; b.title = c.description;
    b.addEventListener("click", () => send("/" + c.command));
    nav.appendChild(b);
  }
  $("#composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("#text").value.trim();
    if (!text) return;
    $("#text").value = "";
    send(text);
  });
  $("#file").addEventListener("change", (event) => {
    if (event.target.files.length) sendFile(event.target.files[0]);
    event.target.value = "";
  });
  $("#block").addEventListener("click", async () => {
    state.blocked = !state.blocked;
    await postJSON(`/api/chats/${state.userId}/block`, { blocked: state.blocked });
    $("#block").textContent = state.blocked ? "Sblocca il bot" : "Blocca il bot";
  });
  choose(select.value);
}

init();
