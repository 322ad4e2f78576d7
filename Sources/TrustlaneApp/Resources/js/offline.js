// The dock's pages on a phone that loses the network (issue 16). Without JavaScript every form
// posts as usual. With it, a form marked data-offline="queue" (an inspection, a shipment, a seal
// affixed, its VVTT check or photo, a lock, a seal logged void, damaged or lost) goes into an
// outbox on the phone (IndexedDB), with its photos, when it cannot be sent, and is sent when the
// network returns, oldest first. Each carries the client key of its form, so the server records
// it once however often it arrives. A form marked data-offline="online" (a release through the
// gate, seals drawn at random) needs the server at once: without a network the page says so.
(function () {
  "use strict";
  // The store's name is from when only inspections waited here: what that version kept is sent too.
  const DB = "trustlane-outbox", STORE = "inspections";
  const words = () => (document.getElementById("outbox-words") || { dataset: {} }).dataset;
  const t = (key) => words()[key] || key;
  // What one person kept is theirs: sent under their own session, never a colleague's on the same phone.
  const user = () => words().user || "";

  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function store(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const result = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(result && result.result);
      tx.onerror = () => reject(tx.error);
    });
  }
  // The signed-in person's, oldest first: a seal is affixed before its check is sent.
  const all = async () => ((await store("readonly", (s) => s.getAll())) || [])
    .filter((item) => !item.user || item.user === user())
    .sort((a, b) => (a.savedAt - b.savedAt) || ((a.seq || 0) - (b.seq || 0)));
  const put = (item) => store("readwrite", (s) => s.put(item));
  let syncing = false;
  // Whether someone typed on the page in view (then a sync does not replace it with the server's).
  let typed = false;
  const remove = (key) => store("readwrite", (s) => s.delete(key));

  function freshKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  // A seal's number as the server keeps it: upper case, without spaces and hyphens.
  function sealNumber(text) {
    const seal = String(text || "").replace(/[\s-]/g, "").toUpperCase();
    return /^[A-Z0-9]{1,15}$/.test(seal) ? seal : "";
  }

  async function render() {
    const items = await all();
    const box = document.getElementById("outbox");
    if (box) {
      box.hidden = items.length === 0;
      const list = box.querySelector("ul");
      list.textContent = "";
      for (const item of items) {
        const li = document.createElement("li");
        li.dataset.state = item.state;
        li.textContent = item.label + " · " + new Date(item.savedAt).toLocaleString(document.documentElement.lang || undefined) + " · " + t(item.state);
        if (item.problems && item.problems.length) {
          const p = document.createElement("p");
          p.className = "field-error";
          p.textContent = item.problems.join(" ");
          li.appendChild(p);
        }
        if (item.state === "refused") {
          // The server said no: send it again (after signing in, say), or take it off the phone.
          const actions = document.createElement("p");
          actions.className = "actions";
          const retry = document.createElement("button");
          retry.type = "button";
          retry.dataset.retry = item.key;
          retry.textContent = t("retry");
          retry.addEventListener("click", async () => { item.state = "waiting"; item.problems = []; await put(item); sync(); });
          const discard = document.createElement("button");
          discard.type = "button";
          discard.dataset.discard = item.key;
          discard.textContent = t("discard");
          discard.addEventListener("click", async () => { await remove(item.key); render(); });
          actions.append(retry, " ", discard);
          li.appendChild(actions);
        }
        list.appendChild(li);
      }
      box.querySelector("[data-count]").textContent = String(items.length);
    }
    pendingSeals(items);
  }

  // A seal affixed while there was no network is not on the shipment's page the phone kept: it
  // is shown from the page's template, with its VVTT and photo forms, kept and sent after it.
  function pendingSeals(items) {
    const template = document.getElementById("pending-seal-template");
    if (!template) return;
    const section = document.getElementById("shipment-seals");
    const waiting = new Set(items.filter((i) => i.pendingSeal && i.page === location.pathname && i.state !== "refused").map((i) => i.pendingSeal));
    document.querySelectorAll("li[data-pending]").forEach((li) => { if (!waiting.has(li.dataset.seal)) li.remove(); });
    for (const seal of waiting) {
      if (document.querySelector('[data-seal="' + seal + '"]')) continue;
      let list = document.getElementById("shipment-seal-list");
      if (!list) {
        list = document.createElement("ul");
        list.className = "record-list";
        list.id = "shipment-seal-list";
        const none = document.getElementById("shipment-no-seals");
        if (none) none.replaceWith(list); else section.insertBefore(list, section.querySelector("form"));
      }
      const holder = document.createElement("ul");
      holder.innerHTML = template.innerHTML.split(template.dataset.number).join(seal);
      const card = holder.firstElementChild;
      list.appendChild(card);
      card.querySelectorAll("form[data-offline]").forEach(attach);
    }
  }

  // The CSRF token of the page in view: a kept form's may be from an older page.
  function token(fallback) {
    const input = document.querySelector("input[name=_csrf]");
    return (input && input.value) || fallback;
  }
  function body(item) {
    const pairs = item.fields.map(([name, value]) => [name, name === "_csrf" ? token(value) : value]);
    if (item.enctype !== "multipart/form-data") return new URLSearchParams(pairs);
    const data = new FormData();
    for (const [name, value] of pairs) data.append(name, value);
    for (const file of item.files || []) data.append(file.name, file.blob, file.filename);
    return data;
  }

  function problems(html) {
    const found = new DOMParser().parseFromString(html, "text/html")
      .querySelectorAll("main .error-list li, main .field-error, #release-blocks li, main p.flash-error[role=alert]");
    return Array.from(found, (el) => el.textContent.trim()).filter((s, i, a) => s && a.indexOf(s) === i).slice(0, 5);
  }

  // Sends one kept form, then an inspection's photos: "done" (with the page the server answered),
  // "refused" (the server said why: kept with its problems, or shown), or "offline" (kept, sent
  // later; also when the server is in trouble or the session ended).
  async function send(item) {
    let response;
    try {
      response = await fetch(item.action, { method: "POST", credentials: "same-origin", body: body(item) });
    } catch (error) { return { status: "offline" }; }
    const path = new URL(response.url).pathname;
    if ((response.redirected && path === "/sign-in") || response.status === 401) { item.state = "sign_in"; await put(item); return { status: "offline" }; }
    if (response.status >= 500) return { status: "offline" };
    let html = await response.text();
    if (!(response.ok && response.redirected)) {
      item.state = "refused";
      item.problems = problems(html);
      await put(item);
      return { status: "refused", html, url: response.url, redirected: response.redirected };
    }
    for (const photo of (item.photos || []).filter((p) => !p.sent)) {
      const data = new FormData();
      data.append("_csrf", token((item.fields.find((pair) => pair[0] === "_csrf") || [null, ""])[1]));
      data.append("client_key", photo.key);
      if (photo.point) data.append("point", photo.point);
      data.append("photo", photo.blob, photo.name);
      try {
        const sent = await fetch(path + "/photos", { method: "POST", credentials: "same-origin", body: data });
        html = await sent.text();
        if (!sent.ok) { item.state = "refused"; item.problems = [t("photo_refused") + " " + photo.name]; await put(item); return { status: "refused", html, url: sent.url }; }
      } catch (error) { item.state = "waiting"; await put(item); return { status: "offline" }; }
      photo.sent = true;
      await put(item);
    }
    await remove(item.key);
    return { status: "done", html, url: response.url, redirected: true };
  }

  // Shows a page the server answered in place of this one, as if the browser had posted the form.
  function show(html, url, redirected) {
    const next = new DOMParser().parseFromString(html, "text/html");
    if (redirected) history.replaceState(null, "", url);
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    window.scrollTo(0, 0);
    typed = false;
    attachAll();
    render();
  }

  async function sync() {
    if (syncing) return;
    syncing = true;
    let sent = false;
    try {
      for (const item of await all()) {
        if (item.state === "refused") continue;
        const result = await send(item);
        if (result.status === "offline") break;
        if (result.status === "done" && item.page === location.pathname) sent = true;
      }
    } finally {
      syncing = false;
      await render();
    }
    // What was sent from this page shows on it once the server has it, unless someone is typing.
    if (sent && !typed) {
      try {
        const response = await fetch(location.href, { credentials: "same-origin" });
        if (response.ok && !typed) show(await response.text(), response.url, false);
      } catch (error) { /* still the kept page */ }
    }
  }

  // One note at a time: kept on the phone, or needs the network.
  function note(id) {
    for (const other of ["offline-saved", "offline-needs-network"]) {
      const shown = document.getElementById(other);
      if (shown) shown.hidden = true;
    }
    const element = document.getElementById(id);
    if (element) { element.hidden = false; element.focus(); }
    window.scrollTo(0, 0);
  }

  // ISO 8601 with the phone's offset: 2026-12-06T10:42:05+07:00.
  function doneAt(date) {
    const pad = (n) => String(Math.abs(n)).padStart(2, "0");
    const offset = -date.getTimezoneOffset();
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" + pad(date.getHours()) + ":" +
      pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + (offset >= 0 ? "+" : "-") + pad(Math.trunc(offset / 60)) + ":" + pad(offset % 60);
  }

  // What a form's submission is when kept: its fields and files, its key, a label for the list.
  let seq = 0;
  function keep(form) {
    const fields = [], files = [];
    for (const [name, value] of new FormData(form).entries()) {
      if (typeof value === "string") fields.push([name, value]);
      else if (value && value.size > 0) files.push({ name, blob: value, filename: value.name || "photo.jpg" });
    }
    // When the work was done, by the phone's clock with its offset: the server records this
    // time (within its bounds) and keeps the time it received the form beside it.
    const stamp = fields.find((pair) => pair[0] === "done_at");
    if (stamp) stamp[1] = doneAt(new Date());
    const field = (name) => ((fields.find((pair) => pair[0] === name) || [null, ""])[1] || "").trim();
    const key = field("client_key") || freshKey();
    // A seal's number as the server will keep it (`tl-000 123` is TL000123).
    const shown = (name) => (name === "seal_number" && sealNumber(field(name))) || field(name);
    let label = (form.dataset.outboxLabel || "").replace(/\[\[([a-z_.]+)\]\]/g, (_, name) => shown(name));
    const parts = (form.dataset.outboxFields || "").split(" ").filter(Boolean).map(field).filter(Boolean);
    if (parts.length) label = (label ? label + " " : "") + parts.join(" / ");
    const item = { key, action: form.action, enctype: form.enctype, fields, files, state: "waiting", savedAt: Date.now(), seq: seq++,
                   label: label.trim() || key, page: location.pathname, user: user(), photos: [] };
    // An inspection's photos are picked beside its form and sent to it once it is recorded.
    const picker = form.dataset.photos && document.getElementById(form.dataset.photos);
    if (picker) {
      const point = picker.querySelector("select") ? picker.querySelector("select").value : "";
      item.photos = Array.from(picker.querySelector("input[type=file]").files || [], (file, i) =>
        ({ key: key + "-photo-" + i, name: file.name || "photo.jpg", point, blob: file, sent: false }));
    }
    if (form.dataset.pendingSeal) {
      const seal = sealNumber(field(form.dataset.pendingSeal));
      if (seal) item.pendingSeal = seal;
    }
    return item;
  }

  function attach(form) {
    if (!form || form.dataset.attached) return;
    form.dataset.attached = "1";
    if (form.dataset.offline === "online") {
      form.addEventListener("submit", (event) => {
        if (navigator.onLine !== false) return; // posts as usual
        event.preventDefault();
        note("offline-needs-network");
      });
      return;
    }
    // Each page a phone opens gets keys of its own: two forms answered from one kept page never share one.
    if (form.elements.client_key) form.elements.client_key.value = freshKey();
    const picker = form.dataset.photos && document.getElementById(form.dataset.photos);
    if (picker) picker.hidden = false;
    let busy = false;
    form.addEventListener("submit", async (event) => {
      if (!window.indexedDB || !window.fetch) return; // the form posts as usual
      event.preventDefault();
      if (busy) return;
      busy = true;
      try {
        const item = keep(form);
        await put(item);
        const sent = await send(item);
        if (sent.status === "done") { show(sent.html, sent.url, true); return; }
        if (sent.status === "refused") { await remove(item.key); show(sent.html, sent.url, sent.redirected); return; }
        // No network: kept on the phone. A fresh key for the next one.
        form.reset();
        if (form.elements.client_key) form.elements.client_key.value = freshKey();
        const details = form.closest("details");
        if (details) details.open = false;
        typed = false;
        note("offline-saved");
        await render();
      } finally { busy = false; }
    });
  }

  function attachAll() {
    document.querySelectorAll("form[data-offline]").forEach(attach);
    document.querySelectorAll("main input, main textarea, main select").forEach((field) => field.addEventListener("input", () => { typed = true; }, { once: true }));
  }

  // Pages the dock opens from this one, kept by the service worker while the network is there.
  function keepLinked() {
    if (!navigator.serviceWorker || !navigator.serviceWorker.controller || navigator.onLine === false) return;
    document.querySelectorAll("a[data-keep]").forEach((link) => { fetch(link.href, { credentials: "same-origin" }).catch(() => {}); });
  }

  function start() {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
    attachAll();
    window.addEventListener("online", sync);
    render().then(() => { if (navigator.onLine) sync(); });
    setTimeout(keepLinked, 1000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
