// The print button of the QR poster page (inline handlers are not allowed by the content security policy).
document.querySelectorAll("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
