// Printable documents: the "打印" link opens the browser's print dialog (no inline script under the CSP).
document.addEventListener('click', function (e) {
  var link = e.target.closest && e.target.closest('.js-print');
  if (!link) return;
  e.preventDefault();
  window.print();
});
