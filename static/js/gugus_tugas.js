// Meeting pages: print and confirm buttons, kept out of the HTML so no inline script is needed.
document.addEventListener("click", function (event) {
  var target = event.target.closest && event.target.closest("[data-cetak]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});

document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-konfirmasi");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
