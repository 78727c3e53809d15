// Resident pages: small helpers that work without it too (the server checks everything again).
(function () {
  var text = document.querySelector("textarea[data-counter]");
  if (text) {
    var out = document.getElementById(text.getAttribute("data-counter"));
    var show = function () { out.textContent = "已输入" + text.value.length + "字，最多4000字"; };
    text.addEventListener("input", show);
    show();
  }
  var form = document.querySelector("form[data-max-photos]");
  var photos = document.getElementById("Photos");
  if (form && photos) {
    var maxCount = parseInt(form.getAttribute("data-max-photos"), 10);
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
    var problem = document.getElementById("photo-problem");
    var button = form.querySelector("button[type=submit]");
    var check = function () {
      var msg = "";
      if (photos.files.length > maxCount) { msg = "最多上传" + maxCount + "张照片"; }
      for (var i = 0; i < photos.files.length && !msg; i++) {
        var f = photos.files[i];
        if (f.size > maxBytes) { msg = "第" + (i + 1) + "张照片超过" + Math.round(maxBytes / 1048576) + "MB，请换一张"; }
        else if (!/^image\/(jpeg|png|webp)$/.test(f.type)) { msg = "第" + (i + 1) + "张不是JPG、PNG或WebP图片"; }
      }
      problem.textContent = msg;
    };
    // Big phone photos are shrunk to 1600 px JPEG before upload, so a slow network sends a few hundred KB, not megabytes.
    var shrink = function (file) {
      if (file.size < 1024 * 1024 || !/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { return Promise.resolve(file); }
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
    photos.addEventListener("change", function () {
      if (!window.DataTransfer || photos.files.length === 0 || photos.files.length > maxCount) { check(); return; }
      if (button) { button.disabled = true; }
      problem.textContent = "正在压缩照片…";
      Promise.all(Array.prototype.map.call(photos.files, shrink)).then(function (files) {
        var list = new DataTransfer();
        files.forEach(function (f) { list.items.add(f); });
        photos.files = list.files;
        if (button) { button.disabled = false; }
        check();
      });
    });
    form.addEventListener("submit", function () {
      if (button) { button.disabled = true; button.textContent = "正在提交…"; }
    });
  }
  // Fields marked data-keep survive moving between days of the booking page (the day links reload it); they stay in
  // this tab only (sessionStorage), never in the address, and are forgotten once the booking is made.
  if (window.sessionStorage) {
    if (document.querySelector("[data-forget]")) { sessionStorage.removeItem("tb-keep"); }
    var keep = document.querySelector("form[data-keep]");
    if (keep) {
      var saved = {};
      try { saved = JSON.parse(sessionStorage.getItem("tb-keep") || "{}"); } catch (ignored) { saved = {}; }
      Array.prototype.forEach.call(keep.querySelectorAll("input[data-keep]"), function (input) {
        if (!input.value && saved[input.name]) { input.value = saved[input.name]; }
        input.addEventListener("input", function () {
          saved[input.name] = input.value;
          sessionStorage.setItem("tb-keep", JSON.stringify(saved));
        });
      });
    }
  }
  // One-tap forms ("我也遇到了", ratings): a second tap while the first is on its way sends nothing.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), function (once) {
    once.addEventListener("submit", function (e) {
      if (once.getAttribute("data-sent")) { e.preventDefault(); return; }
      once.setAttribute("data-sent", "1");
      var b = once.querySelector("button[type=submit]");
      if (b) { b.textContent = "正在提交…"; }
    });
  });
})();
