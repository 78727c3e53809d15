// Keeps outreach forms (home visits, patrols, desk sessions) on the phone until they reach the server, exactly once: an
// IndexedDB outbox keyed by the idempotency key the phone chose, flushed on load, when the network returns and every
// 30 s. The server answers a resend with the first record, so a lost answer or a double send never makes a second one.
(function () {
  "use strict";
  var DB = "tongban-outreach", STORE = "outbox";

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: "key" }); };
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var request = work(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        t.onerror = function () { db.close(); reject(t.error); };
      });
    });
  }

  function put(item) { return withStore("readwrite", function (s) { return s.put(item); }); }
  function remove(key) { return withStore("readwrite", function (s) { return s.delete(key); }); }
  function all() { return withStore("readonly", function (s) { return s.getAll(); }); }

  var form = document.querySelector("form[data-offline-form]");
  var statusBox = document.getElementById("offline-status");
  var keyField = form ? form.querySelector("[data-idempotency-key]") : null;

  function status(text, bad) {
    if (!statusBox) { return; }
    statusBox.hidden = false;
    statusBox.textContent = text;
    statusBox.className = "notice " + (bad ? "bad" : "ok");
  }

  function sent(item, result) {
    if (keyField && keyField.value === item.key) {
      var done = (item.done || "/Outreach/Visits/{id}").replace("{id}", encodeURIComponent(result.id));
      location.href = done + "?" + (result.replayed ? "replayed" : "saved") + "=1";
    }
  }

  function send(item) {
    if (item.error) { return Promise.resolve(); }
    var data = new FormData();
    item.fields.forEach(function (f) { data.append(f[0], f[1]); });
    item.files.forEach(function (f) { data.append(f.name, f.file, f.filename); });
    var token = document.querySelector('input[name="__RequestVerificationToken"]');
    if (token) { data.set("__RequestVerificationToken", token.value); }
    return fetch(item.url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        var json = (r.headers.get("content-type") || "").indexOf("json") >= 0;
        if (r.ok && json) {
          return r.json().then(function (result) { return remove(item.key).then(function () { sent(item, result); }); });
        }
        if (json && (r.status === 403 || r.status === 404 || r.status === 409 || r.status === 422)) {
          // Refused for a reason a person must read; kept (nothing is lost) until they remove it.
          return r.json().then(function (p) {
            item.error = p.detail || p.title || ("服务器拒绝（" + r.status + "）");
            if (keyField && keyField.value === item.key) { status("未能登记：" + item.error, true); }
            return put(item);
          });
        }
        if (!json && r.ok && keyField && keyField.value === item.key) { status("登录已过期：请重新登录，记录仍保存在本机，登录后自动发送。", true); }
        return undefined; // server busy or signed out: try again later
      }, function () { return undefined; });
  }

  var sending = false;
  function flush() {
    if (sending || !navigator.onLine) { render(); return Promise.resolve(); }
    sending = true;
    return all().then(function (items) {
      return items.reduce(function (p, item) { return p.then(function () { return send(item); }); }, Promise.resolve());
    }).catch(function () { return undefined; }).then(function () { sending = false; render(); });
  }

  function render() {
    var box = document.getElementById("offline-outbox");
    if (!box) { return; }
    all().then(function (items) {
      var list = box.querySelector(".outbox-list");
      list.textContent = "";
      box.hidden = items.length === 0;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = (item.title || "记录") + " · 保存于 " + new Date(item.savedAt).toLocaleString("zh-CN") + (item.error ? " · 未能登记：" + item.error : " · 等待联网发送");
        if (item.error) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = "删除";
          button.addEventListener("click", function () { remove(item.key).then(render); });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(button);
        }
        list.appendChild(li);
      });
    });
  }

  if (form && keyField) {
    if (!keyField.value) { keyField.value = uuid(); }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var when = form.querySelector("[data-visited-at]");
      if (when && !when.value) { when.value = new Date().toISOString(); }
      var data = new FormData(form);
      var fields = [], files = [];
      data.forEach(function (value, name) {
        if (value instanceof File) { if (value.size > 0) { files.push({ name: name, file: value, filename: value.name }); } }
        else { fields.push([name, value]); }
      });
      var title = data.get("offlineTitle") || "";
      form.querySelectorAll("select[data-offline-title-part]").forEach(function (select) {
        var option = select.options[select.selectedIndex];
        if (option && option.value) { title += " · " + option.text; }
      });
      var item = {
        key: keyField.value, url: form.action || location.href, done: form.getAttribute("data-offline-done"), title: title,
        fields: fields, files: files, savedAt: Date.now(), error: null
      };
      put(item).then(function () {
        status(navigator.onLine ? "已保存在本机，正在发送…" : "没有网络：记录已保存在本机，联网后自动发送，只登记一次。");
        return flush();
      }).then(function () {
        return all().then(function (items) {
          var still = items.filter(function (i) { return i.key === item.key && !i.error; });
          if (still.length) { status("没有网络：记录已保存在本机，联网后自动发送，只登记一次。"); }
        });
      }).catch(function () { form.submit(); }); // no IndexedDB (private mode): post the ordinary way
    });
  }

  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  flush();
})();
