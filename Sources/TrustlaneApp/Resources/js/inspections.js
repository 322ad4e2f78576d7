// Inspections with a phone that loses the network (issue 16). Without JavaScript the forms post
// as usual. With it, a finished inspection and its photos go into an outbox on the phone
// (IndexedDB) when they cannot be sent, and are sent when the network returns. Each carries the
// client key the page put in the form, so the server records it once however often it is sent.
(function () {
  "use strict";
  const DB = "trustlane-outbox", STORE = "inspections";
  const page = document.documentElement;
  const t = (key) => (document.getElementById("outbox-words") || { dataset: {} }).dataset[key] || key;

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
  const all = () => store("readonly", (s) => s.getAll());
  const put = (item) => store("readwrite", (s) => s.put(item));
  const remove = (key) => store("readwrite", (s) => s.delete(key));

  async function render() {
    const box = document.getElementById("outbox");
    if (!box) return;
    const items = await all();
    box.hidden = items.length === 0;
    const list = box.querySelector("ul");
    list.textContent = "";
    for (const item of items) {
      const li = document.createElement("li");
      li.dataset.state = item.state;
      li.textContent = item.label + " · " + new Date(item.savedAt).toLocaleString() + " · " + t(item.state);
      if (item.problems && item.problems.length) {
        const p = document.createElement("p");
        p.className = "field-error";
        p.textContent = item.problems.join(" ");
        li.appendChild(p);
      }
      list.appendChild(li);
    }
    box.querySelector("[data-count]").textContent = String(items.length);
  }

  // Sends one queued inspection, then its photos: "done" (with the last page the server
  // answered), "refused" (the server said why: kept in the outbox with its problems, or shown),
  // or "offline" (kept, sent later).
  async function send(item) {
    let response;
    try {
      response = await fetch(item.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(item.fields),
                                            headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    } catch (error) { return { status: "offline" }; }
    const path = new URL(response.url).pathname;
    const recorded = response.ok && response.redirected && /\/inspections\/[0-9a-f-]{36}$/.test(path);
    let html = await response.text();
    if (!recorded) {
      if (response.redirected && path === "/sign-in") { item.state = "sign_in"; await put(item); return { status: "offline" }; }
      const found = new DOMParser().parseFromString(html, "text/html").querySelectorAll("#inspection-errors [data-field], .field-error");
      item.state = "refused";
      item.problems = Array.from(found, (el) => el.textContent.trim()).filter((s, i, a) => s && a.indexOf(s) === i).slice(0, 5);
      await put(item);
      return { status: "refused", html, url: response.url };
    }
    const csrf = item.fields.find((pair) => pair[0] === "_csrf");
    for (const photo of item.photos.filter((p) => !p.sent)) {
      const body = new FormData();
      if (csrf) body.append("_csrf", csrf[1]);
      body.append("client_key", photo.key);
      if (photo.point) body.append("point", photo.point);
      body.append("photo", photo.blob, photo.name);
      try {
        const sent = await fetch(path + "/photos", { method: "POST", credentials: "same-origin", body });
        html = await sent.text();
        if (!sent.ok) { item.state = "refused"; item.problems = [t("photo_refused") + " " + photo.name]; await put(item); return { status: "refused", html, url: sent.url }; }
      } catch (error) { item.state = "waiting"; await put(item); return { status: "offline" }; }
      photo.sent = true;
      await put(item);
    }
    await remove(item.key);
    return { status: "done", html, url: response.url };
  }

  // Shows a page the server answered in place of this one, as if the browser had posted the form.
  function show(html, url) {
    const next = new DOMParser().parseFromString(html, "text/html");
    history.replaceState(null, "", url);
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    window.scrollTo(0, 0);
    attach(document.getElementById("inspection-form"));
    render();
  }

  let syncing = false;
  async function sync() {
    if (syncing) return;
    syncing = true;
    try {
      for (const item of await all()) {
        if (item.state === "refused") continue;
        if ((await send(item)).status === "offline") break;
      }
    } finally {
      syncing = false;
      await render();
    }
  }

  function attach(form) {
    if (!form || form.dataset.offline) return;
    form.dataset.offline = "1";
    const picker = document.getElementById("offline-photos");
    if (picker) picker.hidden = false;
    form.addEventListener("submit", async (event) => {
      if (!window.indexedDB) return; // the form posts as usual
      event.preventDefault();
      const data = new FormData(form);
      const files = picker ? Array.from(picker.querySelector("input[type=file]").files || []) : [];
      const point = picker ? picker.querySelector("select").value : "";
      const fields = [];
      for (const [name, value] of data.entries()) if (typeof value === "string") fields.push([name, value]);
      const key = (fields.find((p) => p[0] === "client_key") || [null, String(Date.now())])[1];
      const unit = ["container_number", "tractor_plate", "trailer_plate", "unit_reference"]
        .map((n) => (form.elements[n] && form.elements[n].value) || "").filter(Boolean).join(" / ");
      const item = { key, action: form.action, fields, state: "waiting", savedAt: Date.now(), label: unit || key,
                     photos: files.map((file, i) => ({ key: key + "-photo-" + i, name: file.name || "photo.jpg", point, blob: file, sent: false })) };
      await put(item);
      const sent = await send(item);
      if (sent.status === "done") { show(sent.html, sent.url); return; }
      if (sent.status === "refused") { await remove(key); show(sent.html, sent.url); return; }
      // No network: kept on the phone. A fresh key for the next inspection.
      form.reset();
      if (form.elements.client_key) form.elements.client_key.value = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()));
      const note = document.getElementById("offline-saved");
      if (note) { note.hidden = false; note.focus(); }
      window.scrollTo(0, 0);
      await render();
    });
  }

  function start() {
    if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => {});
    attach(document.getElementById("inspection-form"));
    window.addEventListener("online", sync);
    render().then(() => { if (navigator.onLine) sync(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
