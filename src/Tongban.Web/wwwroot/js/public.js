// Resident pages: small helpers that work without it too (the server checks everything again). Listeners sit on the
// document, so they keep working when the report form is shown again in place with its errors.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var counter = function () {
    var text = document.querySelector("textarea[data-counter]");
    if (text) { $(text.getAttribute("data-counter")).textContent = "已输入" + text.value.length + "字，最多4000字"; }
  };
  document.addEventListener("input", function (e) { if (e.target.matches("textarea[data-counter]")) { counter(); } });
  counter();

  // The report form: photos are checked and shrunk on the phone; the form is sent in the background with upload
  // progress, so on a slow network the resident sees it moving, a second tap sends nothing, and a failed or timed-out
  // send keeps the text and the photos on screen for another try (same idempotency key: never filed twice).
  var sending = false;
  // What the last filed send from this form said, kept in this tab. Coming back to the form (the back button reloads it
  // with a fresh idempotency key, or the page cache shows it with the old one) and sending it unchanged is the same
  // report: it gets the first key back and is answered as already received. Changed, it is a new report with a new key.
  var said = function (r) {
    return Array.prototype.map.call(r.form.querySelectorAll("input:not([type=hidden]):not([type=file]), select, textarea"), function (e) {
      return e.type === "radio" || e.type === "checkbox" ? e.checked : e.value;
    }).join("\u0001");
  };
  var filed = function () {
    try { return JSON.parse(sessionStorage.getItem("tb-filed") || "null"); } catch (ignored) { return null; }
  };
  var sameReport = function (r) {
    var key = r.form.querySelector("input[name='Input.IdempotencyKey']");
    var last = filed();
    if (!key || !last || last.at !== location.pathname + location.search) { return; }
    if (last.said === said(r)) { key.value = last.key; }
    else if (last.key === key.value && window.crypto && crypto.getRandomValues) {
      key.value = Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(16)), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    }
  };
  var remember = function (r) {
    var key = r.form.querySelector("input[name='Input.IdempotencyKey']");
    try { sessionStorage.setItem("tb-filed", JSON.stringify({ at: location.pathname + location.search, said: said(r), key: key && key.value })); } catch (ignored) { }
  };
  var report = function () {
    var form = document.querySelector("form[data-max-photos]");
    return form && {
      form: form, photos: $("Photos"), problem: $("photo-problem"), button: form.querySelector("button[type=submit]"),
      status: $("send-status"), bar: $("send-progress"), say: $("send-text"),
      maxCount: parseInt(form.getAttribute("data-max-photos"), 10), maxBytes: parseInt(form.getAttribute("data-max-bytes"), 10),
    };
  };
  var check = function (r) {
    var msg = "";
    if (r.photos.files.length > r.maxCount) { msg = "最多上传" + r.maxCount + "张照片，请重新选择"; }
    for (var i = 0; i < r.photos.files.length && !msg; i++) {
      var f = r.photos.files[i];
      if (f.size > r.maxBytes) { msg = "第" + (i + 1) + "张照片超过" + Math.round(r.maxBytes / 1048576) + "MB，请换一张"; }
      else if (!/^image\/(jpeg|png|webp)$/.test(f.type)) { msg = "第" + (i + 1) + "张不是JPG、PNG或WebP图片，请换一张"; }
    }
    r.problem.textContent = msg;
    return !msg;
  };
  // Phone photos over 400 KB are shrunk to 1600 px JPEG before upload, so a slow network sends a few hundred KB, not megabytes.
  var shrink = function (file) {
    if (file.size < 400 * 1024 || !/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (done) {
        canvas.toBlob(function (blob) {
          done(blob && blob.size < file.size ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.82);
      });
    }).catch(function () { return file; });
  };
  var photosChosen = function (r) {
    var lost = document.querySelector("[data-photos-lost]");
    if (lost) { lost.hidden = r.photos.files.length > 0; }
  };
  document.addEventListener("change", function (e) {
    var r = report();
    if (!r || e.target !== r.photos) { return; }
    photosChosen(r);
    if (!window.DataTransfer || r.photos.files.length === 0 || r.photos.files.length > r.maxCount) { check(r); return; }
    r.button.disabled = true;
    r.problem.textContent = "正在压缩照片…";
    Promise.all(Array.prototype.map.call(r.photos.files, shrink)).then(function (files) {
      var list = new DataTransfer();
      files.forEach(function (f) { list.items.add(f); });
      r.photos.files = list.files;
      r.button.disabled = false;
      check(r);
    });
  });
  var show = function (r, text, percent) {
    r.status.hidden = false;
    r.status.classList.toggle("failed", percent === false);
    r.say.textContent = text;
    r.bar.hidden = percent === false;
    if (percent === null) { r.bar.removeAttribute("value"); } else { r.bar.value = percent || 0; }
  };
  var failed = function (r, text) {
    sending = false;
    r.button.disabled = false;
    r.button.textContent = "重新提交";
    show(r, text + "您填写的内容" + (r.photos.files.length ? "和照片" : "") + "都还在，请检查网络后点“重新提交”，不会重复登记。", false);
  };
  var kb = function (n) { return Math.round(n / 1024) + "KB"; };
  var send = function (r) {
    var xhr = new XMLHttpRequest();
    var withPhotos = r.photos.files.length > 0;
    xhr.open("POST", r.form.getAttribute("action") || location.href);
    xhr.responseType = "document";
    // No overall time limit (a slow but moving upload is let finish); a minute without any progress is given up.
    var last = Date.now();
    var watch = setInterval(function () { if (Date.now() - last > 60000) { xhr.abort(); } }, 5000);
    xhr.onloadend = function () { clearInterval(watch); };
    show(r, withPhotos ? "正在上传照片…" : "正在提交…", withPhotos ? 0 : null);
    if (r.status.scrollIntoView) { r.status.scrollIntoView({ block: "center" }); }
    xhr.upload.addEventListener("progress", function (p) {
      last = Date.now();
      if (p.lengthComputable && withPhotos) { show(r, "正在上传：" + kb(p.loaded) + " / " + kb(p.total), Math.floor(p.loaded * 100 / p.total)); }
    });
    xhr.upload.addEventListener("load", function () { last = Date.now(); show(r, "已发送，正在登记…", null); });
    xhr.onload = function () {
      var main = xhr.response && xhr.response.querySelector("main");
      if (xhr.status === 200 && /\/track\//.test(xhr.responseURL)) {
        remember(r);
        try { sessionStorage.removeItem(stored(r.form)); } catch (ignored) { }
        location.href = xhr.responseURL;
        return;
      }
      if (main && main.querySelector("form[data-max-photos]")) {
        // The form again with the reasons, shown in place; the photos chosen stay chosen.
        sending = false;
        var kept = r.photos;
        document.querySelector("main").replaceWith(main);
        if (kept.files.length) { $("Photos").replaceWith(kept); }
        var again = report();
        photosChosen(again);
        counter();
        var errors = main.querySelector(".errors, [role=alert]");
        if (errors) { errors.setAttribute("tabindex", "-1"); errors.focus(); }
        return;
      }
      if (xhr.status === 400 && !r.form.getAttribute("data-renewed")) { renew(r); return; }
      var reason = main && main.querySelector("p");
      failed(r, xhr.status === 429 && reason ? reason.textContent + " " : "没有提交成功（服务器返回" + xhr.status + "）。");
    };
    xhr.onerror = function () { failed(r, "网络不通，没有提交成功。"); };
    xhr.onabort = function () { failed(r, "网络太慢，一分钟没有进展，没有提交成功。"); };
    xhr.send(new FormData(r.form));
  };
  // The form's safety token was refused: the browser dropped its cookie (WeChat closed while the camera was open, say).
  // A fresh token is fetched and the form sent again, once; what was typed and chosen is sent as it is.
  var renew = function (r) {
    r.form.setAttribute("data-renewed", "1");
    var fresh = new XMLHttpRequest();
    fresh.open("GET", location.href);
    fresh.responseType = "document";
    fresh.onload = function () {
      var token = fresh.response && fresh.response.querySelector("input[name=__RequestVerificationToken]");
      if (fresh.status !== 200 || !token) { failed(r, "没有提交成功（页面已过期）。"); return; }
      r.form.querySelector("input[name=__RequestVerificationToken]").value = token.value;
      send(r);
    };
    fresh.onerror = function () { failed(r, "网络不通，没有提交成功。"); };
    fresh.send();
  };
  document.addEventListener("submit", function (e) {
    var r = report();
    if (r && e.target === r.form) {
      if (sending || !check(r)) { e.preventDefault(); if (!sending) { r.photos.focus(); } return; }
      sending = true;
      sameReport(r);
      r.button.disabled = true;
      r.button.textContent = "正在提交…";
      if (!window.FormData || !window.XMLHttpRequest || !("responseType" in XMLHttpRequest.prototype)) { return; } // posted by the browser itself
      e.preventDefault();
      send(r);
      return;
    }
    // One-tap forms ("我也遇到了", ratings): a second tap while the first is on its way sends nothing.
    var once = e.target.closest("form[data-once]");
    if (once) {
      if (once.getAttribute("data-sent")) { e.preventDefault(); return; }
      once.setAttribute("data-sent", "1");
      var b = once.querySelector("button[type=submit]");
      if (b) { b.textContent = "正在提交…"; }
    }
  });
  // Back to this page from the next one (the browser's page cache): the buttons work again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) { return; }
    sending = false;
    var r = report();
    if (r) { r.button.disabled = false; r.button.textContent = "提交"; r.status.hidden = true; }
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sent]"), function (f) { f.removeAttribute("data-sent"); });
  });

  // Fields marked data-keep survive a reload of their page in this tab (sessionStorage, never the address) and are
  // forgotten once what they were for is done ([data-forget] on the page that says so). The booking page keeps name
  // and phone while the resident moves between days (the day links reload it). The report form (data-keep="report…",
  // one store per place) keeps what was typed when the resident changes the problem type (更换 reloads the page) or
  // the phone reloads the page behind the camera; a field shown filled by the server keeps the server's value.
  var stored = function (form) {
    var name = form.getAttribute("data-keep");
    return name ? "tb-draft:" + name : "tb-keep";
  };
  var forget = function (prefix) {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        if (sessionStorage.key(i).indexOf(prefix) === 0) { sessionStorage.removeItem(sessionStorage.key(i)); }
      }
    } catch (ignored) { }
  };
  var kept = function (form) {
    try { return JSON.parse(sessionStorage.getItem(stored(form)) || "{}") || {}; } catch (ignored) { return {}; }
  };
  var keepField = function (e) {
    var field = e.target, form = field.closest && field.closest("form[data-keep]");
    if (!form || !field.hasAttribute("data-keep")) { return; }
    var saved = kept(form);
    saved[field.name] = field.value;
    try { sessionStorage.setItem(stored(form), JSON.stringify(saved)); } catch (ignored) { }
  };
  if (window.sessionStorage) {
    var done = document.querySelector("[data-forget]");
    if (done) { forget(done.getAttribute("data-forget") ? "tb-draft:" + done.getAttribute("data-forget") : "tb-keep"); }
    var keep = document.querySelector("form[data-keep]");
    if (keep) {
      var saved = kept(keep);
      Array.prototype.forEach.call(keep.querySelectorAll("[data-keep]"), function (field) {
        if (field.value || !saved[field.name]) { return; }
        if (field.tagName === "SELECT" && !field.querySelector("option[value='" + saved[field.name].replace(/\D/g, "") + "']")) { return; }
        field.value = saved[field.name];
        var box = field.closest("details");
        if (box) { box.open = true; }
      });
      counter();
    }
    document.addEventListener("input", keepField);
    document.addEventListener("change", keepField);
  }
})();
