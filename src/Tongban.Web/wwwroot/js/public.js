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
    photos.addEventListener("change", function () {
      var msg = "";
      if (photos.files.length > maxCount) { msg = "最多上传" + maxCount + "张照片"; }
      for (var i = 0; i < photos.files.length && !msg; i++) {
        var f = photos.files[i];
        if (f.size > maxBytes) { msg = "第" + (i + 1) + "张照片超过" + Math.round(maxBytes / 1048576) + "MB，请换一张"; }
        else if (!/^image\/(jpeg|png|webp)$/.test(f.type)) { msg = "第" + (i + 1) + "张不是JPG、PNG或WebP图片"; }
      }
      problem.textContent = msg;
    });
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "正在提交…"; }
    });
  }
})();
